package migrate

// Helpers whose last result is a bool saying that they succeeded, and
// that write a whole response only when it is false:
//
//	func resolveMessageID(w http.ResponseWriter, r *http.Request, id string) (string, bool) {
//		...
//		if err != nil {
//			w.WriteHeader(http.StatusNotFound)
//			fmt.Fprint(w, err.Error())
//			return "", false
//		}
//		return id, true
//	}
//
// called as
//
//	id, ok := resolveMessageID(w, r, r.PathValue("id"))
//	if !ok {
//		return
//	}
//
// They are migrated as the helpers whose last result is an error
// (results.go), the bool standing for the error: the counterpart
// returns the response before the bool, and the proof is the same with
// "the bool is the constant false" for "the error is not nil" on every
// path that wrote, and "if !ok { return }" (or !ok || ...) for
// "if err != nil { return }" at the caller. When ok is false and the
// helper wrote nothing, the response is nil, and route.Func writes
// nothing, as the caller's bare return did; when ok is true the helper
// wrote nothing and the caller goes on with its writer untouched. Only
// the constant false counts as failing: a bool computed at run time
// (return "", found) may be true where the helper wrote.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// isBoolType reports whether t is bool (or a type whose underlying type
// is).
func isBoolType(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// okResult reports whether the helper with results being translated
// tells its failure with a bool.
func (m *migrator) okResult() bool {
	if !m.h.withResults || m.ftype.Results == nil || len(m.ftype.Results.List) == 0 {
		return false
	}
	last := m.ftype.Results.List[len(m.ftype.Results.List)-1]
	return isBoolType(m.info.TypeOf(last.Type))
}

// isFalse reports whether e is the constant false.
func isFalse(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value)
}

// testsFalse reports whether cond is taken whenever v is false: !v, or
// a || of conditions one of which is.
func testsFalse(info *types.Info, cond ast.Expr, v *types.Var) bool {
	switch c := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		id, ok := ast.Unparen(c.X).(*ast.Ident)
		return c.Op == token.NOT && ok && info.Uses[id] == v
	case *ast.BinaryExpr:
		return c.Op == token.LOR && (testsFalse(info, c.X, v) || testsFalse(info, c.Y, v))
	}
	return false
}

// lastResultIsOK reports whether decl's last result is a bool.
func lastResultIsOK(info *types.Info, decl *ast.FuncDecl) bool {
	res := decl.Type.Results
	return res != nil && len(res.List) > 0 && isBoolType(info.TypeOf(res.List[len(res.List)-1].Type))
}
