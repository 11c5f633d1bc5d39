package effects

// Writes that cannot add anything after an error: w.Write(b) where b and
// err come from one call of a function that returns nil bytes with every
// non-nil error (b, err := render(v)), in this package or, through the
// Summary's EmptyOnError, in another. On the paths
// where err is not nil, the write writes nothing; write-after-error-reply
// does not count it as a use after a reply sent for that error.

import (
	"go/ast"
	"go/constant"
	"go/types"
	"slices"

	"github.com/routevet/routevet/internal/alias"
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
	// The one assignment of b, which must also assign err from the call:
	// b declared apart from it (var b []byte) or assigned through a
	// pointer has more than one source.
	assigned := s.e.assignments(s.Body)
	if len(assigned.Sources[bv]) != 1 {
		return nil
	}
	var source *ast.AssignStmt
	ast.Inspect(s.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && source == nil {
			for _, lhs := range as.Lhs {
				if lid, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(lid) == bv {
					source = as
				}
			}
		}
		return source == nil
	})
	if source == nil || len(source.Rhs) != 1 || len(source.Lhs) < 2 {
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
	if ev == nil || !types.Identical(ev.Type(), s.e.errorType) || !s.Writer.local(ev) || len(assigned.Sources[ev]) != 1 {
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

// nilOnError reports whether fn, with n results, the last an error,
// returns nil (or an empty string) as result index whenever its error is
// not nil: from its body for a function of this package, from its
// summary for another package's.
func (e *writerEngine) nilOnError(fn *types.Func, index, n int) bool {
	if index < 0 || index >= n-1 {
		return false
	}
	var empty []int
	if fn.Pkg() == e.r.pass.Pkg {
		empty = e.r.emptyOnError(fn)
	} else if sum := e.r.imported(fn); sum != nil {
		empty = sum.EmptyOnError
	}
	return slices.Contains(empty, index)
}

// emptyOnError returns the indexes of the results of fn, a function
// declared in this package whose last result is an error, that are nil
// or an empty string constant in every return statement whose error is
// not the nil literal (Summary.EmptyOnError). A bare return or a return
// of a call's results proves nothing.
func (r *Result) emptyOnError(fn *types.Func) []int {
	// The signature first, which rules out most functions with no
	// look-up (every exported function of every package returning an
	// error comes here, for the export).
	results := fn.Signature().Results()
	n := results.Len()
	if n < 2 || !isErrorType(results.At(n-1).Type()) {
		return nil
	}
	// Only bytes and strings are written; other results need no proof.
	candidate := make([]bool, n-1)
	for i := range candidate {
		candidate[i] = isBytesOrString(results.At(i).Type())
	}
	if !slices.Contains(candidate, true) {
		return nil // nothing a write could take: no need to read the body
	}
	if empty, ok := r.emptyResults[fn]; ok {
		return empty
	}
	r.emptyResults[fn] = nil
	decl := r.declOf(fn)
	if decl == nil || decl.Body == nil {
		return nil
	}
	info := r.pass.TypesInfo
	// Only statements are walked: the function's return statements are
	// never inside an expression (those of its function literals are
	// not its own).
	proven := code.InspectStmts(decl.Body, func(s ast.Stmt) bool {
		ret, ok := s.(*ast.ReturnStmt)
		if !ok {
			return true
		}
		if len(ret.Results) != n {
			return false // a bare return or a call's results
		}
		if !code.IsNil(info, ret.Results[n-1]) {
			for i := range candidate {
				candidate[i] = candidate[i] && emptyValue(info, ret.Results[i])
			}
		}
		return true
	})
	if !proven {
		return nil
	}
	var empty []int
	for i, c := range candidate {
		if c {
			empty = append(empty, i)
		}
	}
	r.emptyResults[fn] = empty
	return empty
}

// isBytesOrString reports whether t is a byte slice or a string.
func isBytesOrString(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// noteWithError records, for the export, fn if it is exported and its
// last result is an error (Result.withError); decl is its declaration.
// forEachFunc's one pass over the declarations brings each here, in
// source order.
func (r *Result) noteWithError(decl *ast.FuncDecl, fn *types.Func) {
	if decl.Body == nil || !fn.Exported() {
		return
	}
	if res := fn.Signature().Results(); res.Len() >= 2 && isErrorType(res.At(res.Len()-1).Type()) {
		r.withError = append(r.withError, fn)
	}
}

// errorType is the error interface.
var errorType = types.Universe.Lookup("error").Type()

// isErrorType reports whether t is the error interface.
func isErrorType(t types.Type) bool {
	return types.Identical(t, errorType)
}

// emptyValue reports whether e is nil or an empty constant string.
func emptyValue(info *types.Info, e ast.Expr) bool {
	if code.IsNil(info, e) {
		return true
	}
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == ""
}

// assignments returns what body assigns its variables, once per body.
func (e *writerEngine) assignments(body *ast.BlockStmt) *alias.Assignments {
	return e.r.assignments(body)
}

// declOf returns the declaration of fn, a function of this package, or nil.
func (r *Result) declOf(fn *types.Func) *ast.FuncDecl { return r.graphs.DeclOf(fn.Origin()) }
