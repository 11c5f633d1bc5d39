package mutablewriter

// The rules of header-after-commit and superfluous-writeheader: a use of
// the writer in a state where the response was committed on every path.

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/effects"
)

// apply reports what the use of a step breaks in the state before it.
func (wk *walk) apply(st effects.Step) {
	o, s := st.Op, &st.State
	switch {
	case !s.Has(effects.EvCommitted):
	case wk.flagged[s.At(effects.EvReplied)] || wk.flagged[s.At(effects.EvStatus)] || wk.flagged[s.At(effects.EvCommitted)]:
		// Reported once, at the reply with the missing return.
	case o.Kind == effects.OpStatus || o.Kind == effects.OpReply:
		wk.add(o, CategorySuperfluousWriteHeader, fmt.Sprintf(
			"%s after the response was committed by %s: the status is ignored and net/http logs \"http: superfluous response.WriteHeader call\"; decide the status before writing the body",
			wk.sendsStatus(o), wk.earlier(st)), wk.commitStep(st))
	case o.Kind == effects.OpHeader || o.Headers:
		wk.add(o, CategoryHeaderAfterCommit, fmt.Sprintf(
			"%s after the response was committed by %s: %s silently dropped because headers go out with the first write; %s before writing",
			wk.setsHeader(o), wk.earlier(st), droppedWhat(o), setWhat(o)), wk.commitStep(st))
	}
}

func (wk *walk) sendsStatus(o effects.Op) string {
	if o.What == "WriteHeader" || strings.HasSuffix(o.What, ".WriteHeader") {
		return o.What
	}
	return o.What + " sends a status"
}

func (wk *walk) setsHeader(o effects.Op) string {
	switch {
	case o.Cookie:
		return "http.SetCookie"
	case o.Helper:
		return o.What + " sets headers"
	}
	return o.What
}

func droppedWhat(o effects.Op) string {
	switch {
	case o.Cookie:
		return "the cookie is"
	case o.Helper:
		return "they are"
	}
	return "the header is"
}

func setWhat(o effects.Op) string {
	switch {
	case o.Cookie:
		return "set it"
	case o.Helper:
		return "call it"
	}
	return "set it"
}

// earlier describes the use that committed the response before a step:
// "w.Write at line 12".
func (wk *walk) earlier(st effects.Step) string {
	pos := st.State.At(effects.EvCommitted)
	what := st.Committer
	if what == "" {
		what = "a write"
	}
	return fmt.Sprintf("%s at line %d", what, wk.c.pass.Fset.Position(pos).Line)
}

// commitStep is the step of the path before a use after the commit: the
// use that committed the response.
func (wk *walk) commitStep(st effects.Step) analysis.RelatedInformation {
	what := st.Committer
	if what == "" {
		what = "a write"
	}
	return analysis.RelatedInformation{Pos: st.State.At(effects.EvCommitted), Message: "the response is committed here by " + what}
}
