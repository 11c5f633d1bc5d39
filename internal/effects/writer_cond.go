package effects

// Conditional writer summaries: what a helper does to its writer on every
// path when one of its error parameters is not nil. A helper that returns
// early when its error is nil (if err == nil { return }) and replies
// otherwise replies on every path of a call given an error that cannot be
// nil (calleeEffects and nonNil in writer_classify.go), which is how
// write-after-error-reply sees such a helper's reply. Those of exported
// helpers are exported with the summary.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
)

// conditionals adds to f its effects under the condition that an error
// parameter is not nil, where they say more than its effects do.
func (e *writerEngine) conditionals(f *WriterFunc, g *cfg.CFG) {
	params := f.Sig.Params()
	for j := range params.Len() {
		p := params.At(j)
		if p.Name() == "" || p.Name() == "_" || !types.Identical(p.Type(), e.errorType) {
			continue
		}
		for k, i := range f.Writers {
			sol := f.Solutions[k]
			if sol == nil {
				continue
			}
			eff := e.solveAssuming(sol.Writer, f.Node, f.Body, g, p)
			if eff&^f.Effects[i] != 0 {
				f.When = append(f.When, Conditional{Param: i, Arg: j, If: ErrorNotNil, Writer: eff})
			}
		}
	}
}

// impossibleNode marks the start of a branch that cannot run when the
// assumed error is not nil.
type impossibleNode struct{ pos token.Pos }

func (n *impossibleNode) Pos() token.Pos { return n.pos }
func (n *impossibleNode) End() token.Pos { return n.pos }

// solveAssuming solves the forward problem for w over a body as if err
// were not nil: the branches of err == nil and err != nil tests that
// contradict that are cut (their state is everything, the identity of
// the meet), and the effects on every other path that returns are the
// result.
func (e *writerEngine) solveAssuming(w *Writer, fn ast.Node, body *ast.BlockStmt, g *cfg.CFG, err *types.Var) Effect {
	sol := &WriterSolution{
		e: e, Writer: w, Fn: fn, Body: body, Graph: g, info: e.bodyInfo(body),
		what: map[token.Pos]string{}, opsOf: map[ast.Node][]Op{},
	}
	info := e.r.pass.TypesInfo
	failures := sol.info.failures
	cut := false
	marked := flow.WithMarkers(g, nil, func(cond ast.Expr, taken bool) ast.Node {
		if be, ok := ast.Unparen(cond).(*ast.BinaryExpr); ok && (be.Op == token.EQL || be.Op == token.NEQ) {
			x, y := be.X, be.Y
			if code.IsNil(info, x) {
				x, y = y, x
			}
			if id, ok := ast.Unparen(x).(*ast.Ident); ok && info.Uses[id] == err && code.IsNil(info, y) {
				// err == nil taken, or err != nil not taken: impossible.
				if (be.Op == token.EQL) == taken {
					cut = true
					return &impossibleNode{pos: cond.End()}
				}
				return nil
			}
		}
		return failureMarker(failures, cond, taken)
	})
	if !cut {
		return 0 // no test of err: the effects are the unconditional ones
	}
	flow.Forward(marked, func(n ast.Node, st *flow.State, final bool) {
		if m, ok := n.(*impossibleNode); ok {
			for _, ev := range []flow.Event{EvCommitted, EvDefinite, EvStatus, EvReplied, EvHeader} {
				st.Add(ev, m.pos)
			}
			return
		}
		sol.transfer(n, st, final)
	})
	return sol.Exit()
}
