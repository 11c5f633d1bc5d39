package effects

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
	"golang.org/x/tools/go/cfg"
)

// Error checks in the writer engine: a write whose error is tested at once
// may have failed before writing anything, on the failure branch.

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
		if ifs, ok := n.(*ast.IfStmt); ok {
			if elif, ok := ifs.Else.(*ast.IfStmt); ok {
				e.noteErrorCheck(bi, elif, nil)
			}
		}
		list := code.StmtList(n)
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
		return failureMarker(failures, cond, taken)
	})
}

// failureMarker returns the failureNode of the edge of cond's outcome
// taken, or nil when a failure cannot follow it.
func failureMarker(failures map[ast.Expr]failSide, cond ast.Expr, taken bool) ast.Node {
	side := failFalse
	if taken {
		side = failTrue
	}
	if failures[cond]&side == 0 {
		return nil
	}
	return &failureNode{pos: cond.End()}
}
