package mutablewriter

// The rule of header-after-conditional-commit: a status sent on some
// paths only (in an if without return), after which every path changes a
// header or sends a status. On the paths through the status, that header
// is dropped or that status ignored.

import (
	"fmt"

	"github.com/routevet/routevet/internal/effects"
	"golang.org/x/tools/go/analysis"
)

// conditionalCommits records, for each status not already reported as a
// missing return, the header or status that every path from it reaches
// first, unless the forward rules report that use (the status was then
// sent on every path reaching it).
func (wk *walk) conditionalCommits() {
	for _, st := range wk.sol.BackSteps {
		o, s := st.Op, &st.State
		if o.Kind != effects.OpStatus || o.Tentative || wk.flagged[o.Node.Pos()] || !s.Has(effects.EvHeadUse) {
			continue
		}
		next := wk.sol.UseAt(s.At(effects.EvHeadUse))
		if next.Node == nil || wk.committed[next.Node.Pos()] {
			continue
		}
		line := wk.c.pass.Fset.Position(o.Node.Pos()).Line
		var msg string
		if next.Kind == effects.OpStatus || next.Kind == effects.OpReply {
			msg = fmt.Sprintf(
				"%s after %s at line %d, which sends the status on some paths: on those the status is ignored and net/http logs \"http: superfluous response.WriteHeader call\"; decide the status once, or return after the first",
				wk.sendsStatus(next), o.What, line)
		} else {
			msg = fmt.Sprintf(
				"%s after %s at line %d, which commits the response on some paths: on those %s silently dropped because headers go out with the first write; %s before the status, or return after it",
				wk.setsHeader(next), o.What, line, droppedWhat(next), setWhat(next))
		}
		wk.finding = append(wk.finding, finding{
			pos: next.Node.Pos(), end: next.Node.End(), category: CategoryConditionalCommit, message: msg,
			related: []analysis.RelatedInformation{{
				Pos: o.Node.Pos(), End: o.Node.End(),
				Message: "the response is committed here by " + o.What + ", on some paths",
			}},
		})
	}
}
