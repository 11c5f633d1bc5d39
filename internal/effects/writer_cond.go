package effects

// Conditional writer summaries: what a helper does to its writer on every
// path when one of its error parameters is not nil, or when the status it
// sends from an integer parameter is a constant error status (see
// statusConditionals). A helper that returns
// early when its error is nil (if err == nil { return }) and replies
// otherwise replies on every path of a call given an error that cannot be
// nil (calleeEffects and nonNil in writer_classify.go), which is how
// write-after-error-reply sees such a helper's reply. A helper that, when
// its error is not nil, replies on some paths and hands the writer to a
// handler on the others (caddy's admin handleError serves the request
// again for an internal redirect) gets Serves, which a call given an error
// that cannot be nil turns into a handler's call (opOf). Those of exported
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
			for _, ev := range []flow.Event{EvCommitted, EvDefinite, EvStatus, EvReplied, EvHeader, EvServed} {
				st.Add(ev, m.pos)
			}
			return
		}
		sol.transfer(n, st, final)
	})
	return sol.Exit() | sol.servesOnly()
}

// statusConditionals adds to f, for each integer parameter it sends as
// the status on every path that returns (WriteHeader(code), http.Error's
// code, a helper given it), the effects a call has when that argument is
// a constant error status: the call then sends an error status, as
// w.WriteHeader(http.StatusNotFound) does.
func (e *writerEngine) statusConditionals(f *WriterFunc, g *cfg.CFG) {
	params := f.Sig.Params()
	for j := range params.Len() {
		p := params.At(j)
		if b, ok := p.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 || p.Name() == "" || p.Name() == "_" {
			continue
		}
		if assigns(e.r.pass.TypesInfo, f.Body, p) {
			continue
		}
		for k, i := range f.Writers {
			sol := f.Solutions[k]
			if sol == nil || f.Effects[i]&SendsStatus == 0 {
				continue
			}
			cond := &WriterSolution{
				e: e, Writer: sol.Writer, Fn: f.Node, Body: f.Body, Graph: g, info: e.bodyInfo(f.Body),
				what: map[token.Pos]string{}, opsOf: map[ast.Node][]Op{}, statusParam: p,
			}
			flow.Forward(withFailureEdges(g, cond.info.failures), cond.transfer)
			if eff := cond.Exit(); eff&SendsStatus != 0 {
				f.When = append(f.When, Conditional{Param: i, Arg: j, If: StatusAtLeast, Writer: eff})
			}
		}
	}
}

// sendsParamStatus reports whether o sends the status held by the
// parameter being solved for, or a constant error status.
func (s *WriterSolution) sendsParamStatus(o Op) bool {
	if o.ErrorStatus {
		return true
	}
	id, ok := ast.Unparen(o.StatusArg).(*ast.Ident)
	return ok && s.e.r.pass.TypesInfo.Uses[id] == s.statusParam
}

// assigns reports whether body assigns v or takes its address.
func assigns(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		var targets []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			targets = n.Lhs
		case *ast.IncDecStmt:
			targets = []ast.Expr{n.X}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				targets = []ast.Expr{n.X}
			}
		}
		for _, t := range targets {
			if id, ok := ast.Unparen(t).(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}
