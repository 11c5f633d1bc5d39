package code

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// NonNilValue reports whether evaluating e, of an interface type such as
// error, can only give a non-nil value, whatever the variables it reads
// hold: a pointer to a composite literal, a composite literal of a
// concrete type, or a call of errors.New or fmt.Errorf (which never
// return nil). Anything else, a variable or another call, may be nil.
func NonNilValue(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(x.X).(*ast.CompositeLit)
		return x.Op == token.AND && lit
	case *ast.CompositeLit:
		t := info.TypeOf(x)
		return t != nil && !types.IsInterface(t)
	case *ast.CallExpr:
		callee := typeutil.StaticCallee(info, x)
		return IsFunc(callee, "errors", "New") || IsFunc(callee, "fmt", "Errorf")
	}
	return false
}
