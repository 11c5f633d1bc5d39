package writerwrap

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/source"
)

// checkAssertions reports w.(http.Flusher) and w.(http.Hijacker) on an
// http.ResponseWriter, outside the methods of wrappers (which forward
// calls to the writer they wrap) and functions that construct wrappers
// (which assert to give the wrapper the same methods).
func (a *analyzer) checkAssertions() {
	if !a.model.Enabled(a.pass.Analyzer.Name, CategoryFlusherAssertion) {
		return // opt-in
	}
	info := a.pass.TypesInfo
	for _, f := range a.sourceFiles(true) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !assertsStreaming(info, fd.Body) || effects.IsWrapperMethod(info, fd) || a.constructsWrapper(fd) {
				continue
			}
			fixes := a.assertionFixes(f, fd.Body)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				ta, ok := n.(*ast.TypeAssertExpr)
				if !ok || ta.Type == nil || !isResponseWriter(info.TypeOf(ta.X)) {
					return true
				}
				var method, lost string
				switch t := info.TypeOf(ta.Type); {
				case code.IsNamed(t, httpPath, "Flusher"):
					method, lost = "Flush", "the response is not flushed"
				case code.IsNamed(t, httpPath, "Hijacker"):
					method, lost = "Hijack", "the connection cannot be taken over"
				default:
					return true
				}
				d := analysis.Diagnostic{
					Pos:      ta.Pos(),
					End:      ta.End(),
					Category: CategoryFlusherAssertion,
					Message: fmt.Sprintf("%s fails behind middleware whose writer wrapper offers %s only through Unwrap, and then %s; use http.NewResponseController(%s).%s(), which follows Unwrap",
						types.ExprString(ta), method, lost, types.ExprString(ta.X), method),
				}
				if fix, ok := fixes[ta]; ok {
					d.SuggestedFixes = []analysis.SuggestedFix{fix}
				}
				a.model.Report(a.pass, d)
				return true
			})
		}
	}
}

// assertsStreaming reports whether body asserts a value to http.Flusher
// or http.Hijacker: the cheap test that spares the other functions the
// fixes' work.
func assertsStreaming(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if ta, ok := n.(*ast.TypeAssertExpr); ok && ta.Type != nil && effects.IsStreamingInterface(info.TypeOf(ta.Type)) {
			found = true
		}
		return !found
	})
	return found
}

// assertionFixes finds, in body, the assertions whose result is used only
// to call the method once and whose failure is handled in a way
// http.NewResponseController's error can take over, and returns their
// fixes.
func (a *analyzer) assertionFixes(f *ast.File, body *ast.BlockStmt) map[*ast.TypeAssertExpr]analysis.SuggestedFix {
	fixes := map[*ast.TypeAssertExpr]analysis.SuggestedFix{}
	src, err := source.ReadFile(a.pass, a.pass.Fset.File(f.FileStart).Name())
	if err != nil {
		return fixes
	}
	uses := useCounts(a.pass.TypesInfo, body)
	ast.Inspect(body, func(n ast.Node) bool {
		list := code.StmtList(n)
		for i, s := range list {
			if ta, fix, ok := a.flushIfFix(f, src, uses, s); ok {
				fixes[ta] = fix
			}
			if i+2 < len(list) {
				if ta, fix, ok := a.hijackFix(f, src, uses, list[i:i+3]); ok {
					fixes[ta] = fix
				}
			}
		}
		return true
	})
	return fixes
}

// useCounts counts the uses of each object in body.
func useCounts(info *types.Info, body *ast.BlockStmt) map[types.Object]int {
	counts := map[types.Object]int{}
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil {
				counts[obj]++
			}
		}
		return true
	})
	return counts
}

// flushIfFix matches
//
//	if f, ok := w.(http.Flusher); ok {
//		f.Flush()
//	}
//
// and replaces it with
//
//	_ = http.NewResponseController(w).Flush()
//
// Same behaviour where the assertion succeeded: NewResponseController's
// Flush calls the writer's own Flush (or its FlushError, which net/http's
// writer and any sane wrapper implement as the same flush). Where it
// failed, nothing was done; now Flush returns http.ErrNotSupported, which
// is discarded, unless the writer has Unwrap, when it flushes the writer
// underneath — the intended change.
func (a *analyzer) flushIfFix(f *ast.File, src []byte, uses map[types.Object]int, s ast.Stmt) (*ast.TypeAssertExpr, analysis.SuggestedFix, bool) {
	info := a.pass.TypesInfo
	is, ok := s.(*ast.IfStmt)
	if !ok || is.Else != nil || len(is.Body.List) != 1 {
		return nil, analysis.SuggestedFix{}, false
	}
	ta, fv, okv, ok := commaOkAssertion(info, is.Init, "Flusher")
	if !ok || uses[okv] != 1 || uses[fv] != 1 {
		return nil, analysis.SuggestedFix{}, false
	}
	if cond, ok := is.Cond.(*ast.Ident); !ok || info.Uses[cond] != okv {
		return nil, analysis.SuggestedFix{}, false
	}
	es, ok := is.Body.List[0].(*ast.ExprStmt)
	if !ok || !isMethodCall(info, es.X, fv, "Flush") || hasComments(f, is.Pos(), is.End()) {
		return nil, analysis.SuggestedFix{}, false
	}
	qual, x, ok := a.names(ta)
	if !ok {
		return nil, analysis.SuggestedFix{}, false
	}
	text := fmt.Sprintf("_ = %s.NewResponseController(%s).Flush()", qual, x)
	return ta, analysis.SuggestedFix{
		Message:   "Flush through http.NewResponseController",
		TextEdits: []analysis.TextEdit{{Pos: is.Pos(), End: is.End(), NewText: []byte(text)}},
	}, true
}

// hijackFix matches
//
//	hj, ok := w.(http.Hijacker)
//	if !ok {
//		... return
//	}
//	conn, brw, err := hj.Hijack()
//
// and replaces it with
//
//	conn, brw, err := http.NewResponseController(w).Hijack()
//	if errors.Is(err, http.ErrNotSupported) {
//		... return
//	}
//
// Same behaviour: where the assertion succeeded, NewResponseController's
// Hijack calls the writer's own Hijack, whose results are assigned as
// before (net/http's own Hijack never returns ErrNotSupported); where it
// failed, Hijack returns an error wrapping http.ErrNotSupported, having
// done nothing, and the same block runs and returns — unless the writer
// has Unwrap, when the connection underneath is hijacked, the intended
// change. Offered only when the block ends in a return, the package
// errors is imported under its name, no comment sits between the
// statements, and the block uses no name the assignment declares (it would
// now see the new variable).
func (a *analyzer) hijackFix(f *ast.File, src []byte, uses map[types.Object]int, stmts []ast.Stmt) (*ast.TypeAssertExpr, analysis.SuggestedFix, bool) {
	info := a.pass.TypesInfo
	none := func() (*ast.TypeAssertExpr, analysis.SuggestedFix, bool) { return nil, analysis.SuggestedFix{}, false }
	ta, hv, okv, ok := commaOkAssertion(info, stmts[0], "Hijacker")
	if !ok || uses[okv] != 1 || uses[hv] != 1 {
		return none()
	}
	check, ok := stmts[1].(*ast.IfStmt)
	if !ok || check.Init != nil || check.Else != nil || len(check.Body.List) == 0 {
		return none()
	}
	if not, ok := check.Cond.(*ast.UnaryExpr); !ok || not.Op != token.NOT {
		return none()
	} else if id, ok := not.X.(*ast.Ident); !ok || info.Uses[id] != okv {
		return none()
	}
	if _, ok := check.Body.List[len(check.Body.List)-1].(*ast.ReturnStmt); !ok {
		return none()
	}
	hijack, ok := stmts[2].(*ast.AssignStmt)
	if !ok || len(hijack.Lhs) != 3 || len(hijack.Rhs) != 1 || !isMethodCall(info, hijack.Rhs[0], hv, "Hijack") {
		return none()
	}
	errID, ok := hijack.Lhs[2].(*ast.Ident)
	if !ok || errID.Name == "_" {
		return none()
	}
	declared := map[string]bool{}
	for _, l := range hijack.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			declared[id.Name] = true
		}
	}
	clash := false
	ast.Inspect(check.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && declared[id.Name] {
			clash = true
		}
		return !clash
	})
	if clash || hasComments(f, stmts[0].Pos(), check.Body.Lbrace) || hasComments(f, check.Body.Rbrace, hijack.End()) {
		return none()
	}
	if !a.errorsVisible(f, stmts[0].Pos()) {
		return none()
	}
	qual, x, ok := a.names(ta)
	if !ok {
		return none()
	}
	tf := a.pass.Fset.File(f.FileStart)
	off := func(p token.Pos) int { return tf.Offset(p) }
	if off(hijack.End()) > len(src) {
		return none()
	}
	lineStart := off(tf.LineStart(tf.Line(stmts[0].Pos())))
	indent := string(src[lineStart:off(stmts[0].Pos())])
	if strings.TrimSpace(indent) != "" {
		return none() // not alone on its line
	}
	text := fmt.Sprintf("%s%s.NewResponseController(%s).Hijack()\n%sif errors.Is(%s, %s.ErrNotSupported) %s",
		src[off(hijack.Pos()):off(hijack.Rhs[0].Pos())], qual, x, indent, errID.Name, qual,
		src[off(check.Body.Lbrace):off(check.Body.Rbrace)+1])
	return ta, analysis.SuggestedFix{
		Message:   "Hijack through http.NewResponseController",
		TextEdits: []analysis.TextEdit{{Pos: stmts[0].Pos(), End: hijack.End(), NewText: []byte(text)}},
	}, true
}

// commaOkAssertion matches "v, ok := w.(http.NAME)" on an
// http.ResponseWriter named by an identifier, and returns the assertion
// and the two variables.
func commaOkAssertion(info *types.Info, s ast.Stmt, name string) (ta *ast.TypeAssertExpr, v, ok types.Object, matched bool) {
	as, isAssign := s.(*ast.AssignStmt)
	if !isAssign || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil, nil, nil, false
	}
	ta, isAssert := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
	if !isAssert || ta.Type == nil || !code.IsNamed(info.TypeOf(ta.Type), httpPath, name) || !isResponseWriter(info.TypeOf(ta.X)) {
		return nil, nil, nil, false
	}
	if _, isIdent := ta.X.(*ast.Ident); !isIdent {
		return nil, nil, nil, false
	}
	vid, ok1 := as.Lhs[0].(*ast.Ident)
	okid, ok2 := as.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 || info.Defs[vid] == nil || info.Defs[okid] == nil {
		return nil, nil, nil, false
	}
	return ta, info.Defs[vid], info.Defs[okid], true
}

// isMethodCall reports whether e is v.name() with no arguments.
func isMethodCall(info *types.Info, e ast.Expr, v types.Object, name string) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && info.Uses[id] == v
}

// names returns the name net/http is imported under, as the assertion
// spells it, and the asserted writer's name.
func (a *analyzer) names(ta *ast.TypeAssertExpr) (qual, x string, ok bool) {
	sel, isSel := ta.Type.(*ast.SelectorExpr)
	if !isSel || !code.IsPkgName(a.pass.TypesInfo, sel.X, httpPath) {
		return "", "", false
	}
	id, isIdent := ta.X.(*ast.Ident)
	if !isIdent {
		return "", "", false
	}
	return sel.X.(*ast.Ident).Name, id.Name, true
}

// errorsVisible reports whether the name errors refers, at pos, to the
// import of package errors.
func (a *analyzer) errorsVisible(f *ast.File, pos token.Pos) bool {
	scope := a.pass.TypesInfo.Scopes[f]
	if scope == nil {
		return false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		return false
	}
	_, obj := inner.LookupParent("errors", pos)
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == "errors"
}

// hasComments reports whether a comment of f lies in [from, to).
func hasComments(f *ast.File, from, to token.Pos) bool {
	for _, cg := range f.Comments {
		if cg.Pos() < to && cg.End() > from {
			return true
		}
	}
	return false
}

// constructsWrapper reports whether fd returns a response writer: such a
// function asserts the writer it wraps to choose the wrapper's methods.
func (a *analyzer) constructsWrapper(fd *ast.FuncDecl) bool {
	fn, ok := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	results := fn.Signature().Results()
	for i := range results.Len() {
		if types.Implements(results.At(i).Type(), a.rw) || types.Implements(types.NewPointer(results.At(i).Type()), a.rw) {
			return true
		}
	}
	return false
}
