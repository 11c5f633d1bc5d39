package effects

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
)

// A bodyInfo holds what a function body's statements say about errors:
// calls whose error result is checked at once ("tentative" writes, which
// may have failed before writing anything) and the conditions whose
// outcome tells that such a call failed.
type bodyInfo struct {
	tentative map[*ast.CallExpr]bool
	failures  map[ast.Expr]failSide
}

// failSide says which successors of a condition may follow a failure.
type failSide uint8

const (
	failTrue failSide = 1 << iota
	failFalse
)

func (e *writerEngine) bodyInfo(body *ast.BlockStmt) *bodyInfo {
	if bi := e.bodies[body]; bi != nil {
		return bi
	}
	bi := &bodyInfo{tentative: map[*ast.CallExpr]bool{}, failures: map[ast.Expr]failSide{}}
	e.bodies[body] = bi
	flow.Preorder(body, func(n ast.Node) bool {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		case *ast.IfStmt:
			if elif, ok := n.Else.(*ast.IfStmt); ok {
				e.noteErrorCheck(bi, elif, nil)
			}
		}
		for i, s := range list {
			if ifs, ok := s.(*ast.IfStmt); ok {
				var prev ast.Stmt
				if i > 0 {
					prev = list[i-1]
				}
				e.noteErrorCheck(bi, ifs, prev)
			}
		}
		return true
	})
	return bi
}

// noteErrorCheck records an if statement that tests the error of a call
// made in its init statement, in the statement just before it, or in its
// condition: the branch taken on failure must not assume the call wrote.
func (e *writerEngine) noteErrorCheck(bi *bodyInfo, ifs *ast.IfStmt, prev ast.Stmt) {
	cond := ast.Unparen(ifs.Cond)
	parts := splitLogical(cond)
	for _, part := range parts {
		be, ok := part.(*ast.BinaryExpr)
		if !ok || (be.Op != token.NEQ && be.Op != token.EQL) {
			continue
		}
		x := be.X
		if code.IsNil(e.r.pass.TypesInfo, x) {
			x = be.Y
		} else if !code.IsNil(e.r.pass.TypesInfo, be.Y) {
			continue
		}
		var call *ast.CallExpr
		switch x := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			call = x
		case *ast.Ident:
			v, _ := e.r.pass.TypesInfo.Uses[x].(*types.Var)
			if v == nil {
				continue
			}
			if call = e.errorSource(ifs.Init, v); call == nil {
				call = e.errorSource(prev, v)
			}
		}
		if call == nil || !e.returnsError(call) {
			continue
		}
		bi.tentative[call] = true
		side := failTrue
		switch {
		case len(parts) > 1:
			side = failTrue | failFalse // either outcome may follow a failure
		case be.Op == token.EQL:
			side = failFalse
		}
		bi.failures[ifs.Cond] |= side
	}
}

// splitLogical returns the operands of a chain of && and ||.
func splitLogical(e ast.Expr) []ast.Expr {
	if be, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && (be.Op == token.LAND || be.Op == token.LOR) {
		return append(splitLogical(be.X), splitLogical(be.Y)...)
	}
	return []ast.Expr{ast.Unparen(e)}
}

// errorSource returns the call whose last result statement s assigns to v.
func (e *writerEngine) errorSource(s ast.Stmt, v *types.Var) *ast.CallExpr {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		lhs, rhs = s.Lhs, s.Rhs
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			return nil
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if !ok {
			return nil
		}
		for _, name := range vs.Names {
			lhs = append(lhs, name)
		}
		rhs = vs.Values
	default:
		return nil
	}
	if len(rhs) != 1 || len(lhs) == 0 {
		return nil
	}
	id, ok := ast.Unparen(lhs[len(lhs)-1]).(*ast.Ident)
	if !ok || e.r.pass.TypesInfo.ObjectOf(id) != v {
		return nil
	}
	call, _ := ast.Unparen(rhs[0]).(*ast.CallExpr)
	return call
}

// returnsError reports whether call's last result is an error.
func (e *writerEngine) returnsError(call *ast.CallExpr) bool {
	t := e.r.pass.TypesInfo.TypeOf(call)
	if tuple, ok := t.(*types.Tuple); ok {
		if tuple.Len() == 0 {
			return false
		}
		t = tuple.At(tuple.Len() - 1).Type()
	}
	return t != nil && types.Identical(t, e.errorType)
}

// failureNode marks the start of a branch that follows a failed call.
type failureNode struct{ pos token.Pos }

func (n *failureNode) Pos() token.Pos { return n.pos }
func (n *failureNode) End() token.Pos { return n.pos }

// withFailureEdges returns g for the forward problem: every edge
// leaving an error check towards a branch that may follow the failure
// passes through a failureNode.
func withFailureEdges(g *cfg.CFG, failures map[ast.Expr]failSide) *cfg.CFG {
	if len(failures) == 0 {
		return g
	}
	return flow.WithMarkers(g, nil, func(cond ast.Expr, taken bool) ast.Node {
		side := failFalse
		if taken {
			side = failTrue
		}
		if failures[cond]&side == 0 {
			return nil
		}
		return &failureNode{pos: cond.End()}
	})
}

// Classify returns what n, a call or an assignment, does to the writer.
func (s *WriterSolution) Classify(n ast.Node) Op {
	switch n := n.(type) {
	case *ast.AssignStmt:
		// w.Header()["X-Id"] = v, h[k] = v
		for _, lhs := range n.Lhs {
			if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && s.Writer.IsHeader(ix.X) {
				return Op{Node: n, Kind: OpHeader, What: types.ExprString(lhs) + " assignment"}
			}
		}
	case *ast.CallExpr:
		o := s.classifyCall(n)
		o.Node = n
		if o.Kind != OpNone && o.Kind != OpHeader {
			o.Tentative = s.info.tentative[n]
		}
		return o
	}
	return Op{}
}

func (s *WriterSolution) classifyCall(call *ast.CallExpr) Op {
	info := s.e.r.pass.TypesInfo
	w := s.Writer
	fun := ast.Unparen(call.Fun)
	name := types.ExprString(call.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		switch obj := info.Uses[id].(type) {
		case *types.Builtin:
			// delete(h, k), clear(h)
			if (obj.Name() == "delete" || obj.Name() == "clear") && len(call.Args) > 0 && w.IsHeader(call.Args[0]) {
				return Op{Kind: OpHeader, What: obj.Name() + " on the header map"}
			}
			return Op{}
		case *types.Var:
			if lit := w.Closure(obj); lit != nil {
				return s.opOf(s.closureEffects(call, lit), name)
			}
		}
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		switch {
		case w.Refers(sel.X):
			// The writer's own methods: w.WriteHeader, w.Write.
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			use, _ := Lookup(fn).On(Recv)
			if use.Must&SendsStatus != 0 && len(call.Args) == 1 && informational(info, call.Args[0]) {
				return Op{} // 1xx: headers may still change
			}
			if o := libraryOp(use.Must, name); o.Kind != OpNone && o.Kind != OpHeader {
				return o
			}
		case w.IsHeader(sel.X):
			use, _ := Lookup(typeutil.StaticCallee(info, call)).On(Recv)
			if use.Must&SetsHeader != 0 {
				return Op{Kind: OpHeader, What: headerCallName(call)}
			}
		case sel.Sel.Name == "Flush":
			// w.(http.Flusher).Flush(), whatever the asserted type.
			if ta, ok := ast.Unparen(sel.X).(*ast.TypeAssertExpr); ok && w.Refers(ta.X) {
				return Op{Kind: OpBody, What: name}
			}
		}
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return Op{}
	}
	if o, ok := s.library(fn, call, name); ok {
		return o
	}
	return s.opOf(s.calleeEffects(fn, call), name)
}

// headerCallName names a header method call with its key when it is a
// literal: w.Header().Set("Location", ...).
func headerCallName(call *ast.CallExpr) string {
	name := types.ExprString(call.Fun)
	if len(call.Args) > 0 {
		if lit, ok := ast.Unparen(call.Args[0]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
			return fmt.Sprintf("%s(%s)", name, lit.Value)
		}
	}
	return name
}

// library classifies a call of a function of effects' table that is given
// the writer (as an argument) or a value derived from it (as receiver:
// an encoder, or http.NewResponseController(w)).
func (s *WriterSolution) library(fn *types.Func, call *ast.CallExpr, name string) (Op, bool) {
	row := Lookup(fn)
	if row == nil {
		return Op{}, false
	}
	w := s.Writer
	for _, use := range row.Uses {
		switch {
		case use.Of == Recv:
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || !(w.IsEncoder(sel.X) || w.IsController(sel.X)) {
				continue
			}
		case int(use.Of) >= len(call.Args) || !w.Refers(call.Args[use.Of]):
			continue
		}
		if o := libraryOp(use.Must, name); o.Kind != OpNone {
			return o, true
		}
	}
	return Op{}, false
}

// libraryOp turns what a library call does to the writer into an op.
func libraryOp(e Effect, name string) Op {
	o := Op{What: name}
	switch {
	case e&Replies != 0:
		o.Kind, o.Headers = OpReply, e&SetsHeader != 0
	case e&SendsStatus != 0:
		o.Kind, o.Headers = OpStatus, e&SetsHeader != 0
	case e&(Commits|WritesBody|Flushes) != 0:
		o.Kind = OpBody
	case e&SetsHeader != 0:
		o.Kind, o.Cookie = OpHeader, e&SetsCookie != 0
	}
	return o
}

// opOf turns the effects of a call on the writer into an op.
func (s *WriterSolution) opOf(e Effect, name string) Op {
	o := Op{What: name, Helper: true, Headers: e&SetsHeader != 0}
	switch {
	case e&Replies != 0:
		o.Kind = OpReply
	case e&SendsStatus != 0:
		o.Kind = OpStatus
	case e&Commits != 0:
		o.Kind = OpBody
	case e&SetsHeader != 0:
		o.Kind = OpHeader
	}
	return o
}

// calleeEffects returns the effects on the writer of a call of fn: the
// summary of a function of this package, or the fact of an imported one.
func (s *WriterSolution) calleeEffects(fn *types.Func, call *ast.CallExpr) Effect {
	fn = fn.Origin()
	var params []Effect
	if f := s.e.byObj[fn]; f != nil {
		s.e.analyze(f)
		if f.state != done {
			return 0 // recursion
		}
		params = f.Effects
	} else if fn.Pkg() != s.e.r.pass.Pkg {
		sum := s.e.r.imported(fn)
		if sum == nil {
			return 0
		}
		params = make([]Effect, fn.Signature().Params().Len())
		for _, p := range sum.Params {
			if p.Index < len(params) {
				params[p.Index] = p.Writer
			}
		}
	}
	return s.argEffects(params, fn.Signature(), call)
}

// argEffects merges the effects of the parameters the writer is passed to.
func (s *WriterSolution) argEffects(params []Effect, sig *types.Signature, call *ast.CallExpr) Effect {
	if sig.Variadic() && call.Ellipsis.IsValid() {
		return 0
	}
	var e Effect
	for i, a := range call.Args {
		if i < len(params) && (!sig.Variadic() || i < sig.Params().Len()-1) && s.Writer.Refers(a) {
			e |= params[i]
		}
	}
	return e
}

// A capturedSummary is the Effect a local closure has on a writer it
// captures.
type capturedSummary struct {
	state  int8
	effect Effect
}

type capturedKey struct {
	lit *ast.FuncLit
	w   *Writer
}

// closureEffects returns the effects of calling a local closure: on the
// writer it captures, and on writer parameters it is passed to.
func (s *WriterSolution) closureEffects(call *ast.CallExpr, lit *ast.FuncLit) Effect {
	c := s.e
	var e Effect
	if f := c.funcs[lit]; f != nil {
		c.analyze(f)
		if f.state == done {
			e |= s.argEffects(f.Effects, f.Sig, call)
		}
	}
	key := capturedKey{lit, s.Writer}
	sum := c.captured[key]
	if sum == nil {
		sum = &capturedSummary{state: analyzing}
		c.captured[key] = sum
		if g := c.cfgs.FuncLit(lit); g != nil {
			// Findings inside the closure are left to its own analysis
			// when it has a writer parameter; it is only summarized here.
			sum.effect = c.solve(s.Writer, lit, lit.Body, g, false).Exit()
		}
		sum.state = done
	}
	if sum.state == done {
		e |= sum.effect
	}
	return e
}

// informational reports whether the status is a constant 1xx code other
// than 101 Switching Protocols, after which headers may still change.
func informational(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	code, ok := constant.Int64Val(tv.Value)
	return ok && code >= 100 && code <= 199 && code != 101
}
