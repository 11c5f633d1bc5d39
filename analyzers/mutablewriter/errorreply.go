package mutablewriter

// The rule of write-after-error-reply: a reply after which every path
// uses the writer again, the missing return. A reply is an error reply
// (http.Error, a helper that always calls it), a status known to be an
// error status (w.WriteHeader(http.StatusNotFound), a helper given one),
// a helper that sends a whole response (a status, then a body), or the
// writer handed to another handler (next.ServeHTTP(w, r)).

import (
	"fmt"
	"go/ast"

	"github.com/routevet/routevet/internal/effects"
	"golang.org/x/tools/go/analysis"
)

// missingReturn returns the use that follows the reply of st on every
// path, when st is a reply that every path from uses the writer again in
// a way that breaks it:
//
//   - after an error reply, any use: a header is dropped, a status
//     ignored, a body appended to the error message, a handler handed a
//     writer that was already replied to;
//   - after a whole response (a helper's status and body), a header, a
//     status or a handler;
//   - after an error status or a handler (ServeHTTP, an
//     http.HandlerFunc: not any function value given the writer), a
//     second status (or a handler, which sends its own): a body after an
//     error status is its message, a header before that body may be
//     meant for it (header-after-conditional-commit reports it), and
//     what a handler leaves unwritten may be intended.
func (wk *walk) missingReturn(st effects.BackStep) (effects.Op, bool) {
	o, s := st.Op, &st.State
	if o.Tentative {
		return effects.Op{}, false
	}
	switch {
	case o.Kind == effects.OpReply:
		if !s.Has(effects.EvUse) {
			return effects.Op{}, false
		}
		next := st.Next
		if next.EmptyOnError != nil && wk.guardedBy(o, next.EmptyOnError) {
			// Its bytes are nil where the reply was sent: look further.
			if !s.Has(effects.EvSolidUse) {
				return effects.Op{}, false
			}
			next = wk.sol.UseAt(s.At(effects.EvSolidUse))
		}
		return next, true
	case o.Kind == effects.OpStatus && (o.ErrorStatus || o.Responds), o.Kind == effects.OpHandOn && o.Serves:
		ev := effects.EvStatusUse
		if o.Responds {
			// A whole response: a header after it is dropped too.
			ev = effects.EvChangeUse
		}
		if !s.Has(ev) {
			return effects.Op{}, false
		}
		next := wk.sol.UseAt(s.At(ev))
		if next.Node == nil || wk.committed[next.Node.Pos()] {
			// Committed on every path reaching it: the forward rule
			// reports the second status itself.
			return effects.Op{}, false
		}
		return next, true
	}
	return effects.Op{}, false
}

// replyFinding records a reply after which every path uses the writer
// again, with the missing return as fix when it is provably safe. The
// writer handed to a handler, then used again, is served-twice's finding:
// no error was replied, the request is served twice.
func (wk *walk) replyFinding(reply effects.Op, next effects.Op) {
	category, after := CategoryWriteAfterErrorReply, "the reply"
	if reply.Kind == effects.OpHandOn && !reply.Helper {
		category, after = CategoryServedTwice, "handing it on"
	}
	var consequence string
	switch {
	case next.Kind == effects.OpHandOn && category == CategoryServedTwice:
		consequence = "the request is served twice"
	case next.Kind == effects.OpHandOn:
		consequence = "the request is served again after the reply"
	case next.Kind == effects.OpHeader:
		consequence = "the header is dropped"
	case next.Kind == effects.OpBody:
		consequence = "the output is appended to the reply"
	default:
		consequence = "the status is ignored and net/http logs \"http: superfluous response.WriteHeader call\""
	}
	var what string
	switch {
	case reply.Kind == effects.OpHandOn && reply.Helper:
		// A helper replying on some paths and handing the writer to a
		// handler on the others (effects.Serves).
		what = reply.What + " replies or hands the writer to a handler"
	case reply.Kind == effects.OpHandOn:
		what = reply.What + " hands the writer to another handler"
	case reply.Kind == effects.OpStatus && !reply.Responds:
		what = wk.sendsStatus(reply) + " with an error status"
		if reply.Helper {
			what = reply.What + " sends an error status"
		}
	default:
		what = reply.What + " replies"
	}
	msg := fmt.Sprintf("%s, but every path after it uses the writer again (%s at line %d: %s); return after %s",
		what, wk.useName(next), wk.c.pass.Fset.Position(next.Node.Pos()).Line, consequence, after)
	call, _ := reply.Node.(*ast.CallExpr)
	fix, why := wk.returnFix(call)
	if fix == nil {
		msg += " (no automatic fix: " + why + ")"
	}
	wk.flagged[reply.Node.Pos()] = true
	wk.finding = append(wk.finding, finding{
		pos: reply.Node.Pos(), end: reply.Node.End(), category: category,
		message: msg, fix: fix,
		// The path starts at the finding's own position, the reply,
		// where the return is missing; its next step is the use after
		// it (report/paths.go, StepsBefore).
		related: []analysis.RelatedInformation{{Pos: next.Node.Pos(), End: next.Node.End(), Message: "the writer is used again here, after " + after}},
	})
}

func (wk *walk) useName(o effects.Op) string {
	if o.Cookie {
		return "http.SetCookie"
	}
	return o.What
}
