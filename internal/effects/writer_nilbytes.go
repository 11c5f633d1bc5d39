package effects

// Writes that cannot add anything after an error: w.Write(b) where b and
// err come from one call of a function of this package that returns nil
// bytes with every non-nil error (b, err := render(v)). On the paths
// where err is not nil, the write writes nothing; write-after-error-reply
// does not count it as a use after a reply sent for that error.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/code"
	"golang.org/x/tools/go/types/typeutil"
)

// emptyOnError returns the error variable whose non-nil value makes the
// bytes b of a write empty, or nil.
func (s *WriterSolution) emptyOnError(b ast.Expr) *types.Var {
	info := s.e.r.pass.TypesInfo
	id, ok := ast.Unparen(b).(*ast.Ident)
	if !ok {
		return nil
	}
	bv, _ := info.Uses[id].(*types.Var)
	if bv == nil || !s.Writer.local(bv) {
		return nil
	}
	// Once per variable, whatever the number of writes of it.
	if ev, ok := s.e.emptyOnError[bv]; ok {
		return ev
	}
	ev := s.solveEmptyOnError(bv)
	s.e.emptyOnError[bv] = ev
	return ev
}

func (s *WriterSolution) solveEmptyOnError(bv *types.Var) *types.Var {
	info := s.e.r.pass.TypesInfo
	// The one assignment of b, which must also assign err from the call.
	var source *ast.AssignStmt
	count := 0
	ast.Inspect(s.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if lid, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(lid) == bv {
					source = n
					count++
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if uid, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[uid] == bv {
					count += 2
				}
			}
		case *ast.ValueSpec:
			for _, name := range n.Names {
				if info.Defs[name] == bv {
					count += 2 // declared apart from its source
				}
			}
		}
		return true
	})
	if count != 1 || len(source.Rhs) != 1 || len(source.Lhs) < 2 {
		return nil
	}
	call, ok := ast.Unparen(source.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	errID, ok := ast.Unparen(source.Lhs[len(source.Lhs)-1]).(*ast.Ident)
	if !ok {
		return nil
	}
	ev, _ := info.ObjectOf(errID).(*types.Var)
	if ev == nil || !types.Identical(ev.Type(), s.e.errorType) || !s.Writer.local(ev) || assignCount(info, s.Body, ev) != 1 {
		return nil
	}
	index := -1
	for i, lhs := range source.Lhs {
		if lid, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(lid) == bv {
			index = i
		}
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil || !s.e.nilOnError(fn, index, len(source.Lhs)) {
		return nil
	}
	return ev
}

// assignCount counts the assignments to v in body, and more when its
// address is taken.
func assignCount(info *types.Info, body *ast.BlockStmt, v *types.Var) int {
	n := 0
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(id) == v {
					n++
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && x.Op == token.AND && info.Uses[id] == v {
				n += 2 // may change through the pointer
			}
		}
		return true
	})
	return n
}

// nilOnError reports whether fn, a function of this package with n
// results, the last an error, returns nil (or an empty string) as result
// index in every return statement whose error is not the nil literal.
func (e *writerEngine) nilOnError(fn *types.Func, index, n int) bool {
	info := e.r.pass.TypesInfo
	if fn.Pkg() != e.r.pass.Pkg || index < 0 || index >= n-1 {
		return false
	}
	var body *ast.BlockStmt
	for _, f := range e.r.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && info.Defs[fd.Name] == fn {
				body = fd.Body
			}
		}
	}
	if body == nil {
		return false
	}
	ok := true
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(x.Results) != n {
				ok = false // a bare return or a call's results
				return false
			}
			if !code.IsNil(info, x.Results[n-1]) && !emptyValue(info, x.Results[index]) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// emptyValue reports whether e is nil or an empty constant string.
func emptyValue(info *types.Info, e ast.Expr) bool {
	if code.IsNil(info, e) {
		return true
	}
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == ""
}
