package mutablewriter

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
)

// guardedBy reports whether the reply is in the then-branch of an if
// statement testing errVar != nil: there, a write whose bytes are nil
// whenever errVar is not nil writes nothing.
func (wk *walk) guardedBy(reply effects.Op, errVar *types.Var) bool {
	info := wk.c.pass.TypesInfo
	guarded := false
	ast.Inspect(wk.body, func(n ast.Node) bool {
		if guarded || n == nil || reply.Node.Pos() < n.Pos() || reply.Node.End() > n.End() {
			return false
		}
		ifs, ok := n.(*ast.IfStmt)
		if !ok || reply.Node.Pos() < ifs.Body.Pos() || reply.Node.End() > ifs.Body.End() {
			return true
		}
		if be, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr); ok && be.Op == token.NEQ {
			x, y := be.X, be.Y
			if code.IsNil(info, x) {
				x, y = y, x
			}
			if id, ok := ast.Unparen(x).(*ast.Ident); ok && info.Uses[id] == errVar && code.IsNil(info, y) {
				guarded = true
			}
		}
		return true
	})
	return guarded
}
