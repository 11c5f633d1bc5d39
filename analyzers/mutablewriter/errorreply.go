package mutablewriter

// The rule of write-after-error-reply: an error reply after which every
// path uses the writer again, the missing return.

import (
	"fmt"
	"go/ast"

	"github.com/routevet/routevet/internal/effects"
)

// replyFinding records a reply after which every path uses the writer
// again, with the missing return as fix when it is provably safe.
func (wk *walk) replyFinding(reply effects.Op, next effects.Op) {
	var consequence string
	switch next.Kind {
	case effects.OpHeader:
		consequence = "the header is dropped"
	case effects.OpBody:
		consequence = "the output is appended to the reply"
	default:
		consequence = "the status is ignored and net/http logs \"http: superfluous response.WriteHeader call\""
	}
	msg := fmt.Sprintf("%s replies, but every path after it uses the writer again (%s at line %d: %s); return after the reply",
		reply.What, wk.useName(next), wk.c.pass.Fset.Position(next.Node.Pos()).Line, consequence)
	call, _ := reply.Node.(*ast.CallExpr)
	fix, why := wk.returnFix(call)
	if fix == nil {
		msg += " (no automatic fix: " + why + ")"
	}
	wk.flagged[reply.Node.Pos()] = true
	wk.finding = append(wk.finding, finding{
		pos: reply.Node.Pos(), end: reply.Node.End(), category: CategoryWriteAfterErrorReply,
		message: msg, fix: fix,
	})
}

func (wk *walk) useName(o effects.Op) string {
	if o.Cookie {
		return "http.SetCookie"
	}
	return o.What
}
