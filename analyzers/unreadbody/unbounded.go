package unreadbody

// The opt-in rule of unbounded-body: the request body read whole with no
// limit, and its fix, which wraps the body with http.MaxBytesReader.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
)

// bodyLimited reports whether the handler's body may be limited where
// its own code does not show it: by a middleware of one of its routes
// that calls http.MaxBytesReader (seen through facts) or that
// body.limit-set-by names, by a limiting middleware the package declares
// or uses (it may wrap the whole server), or by configuration for the
// package.
func (a *analyzer) bodyLimited(h *httpmodel.Handler) bool {
	body := &a.model.Config.Body
	if body.LimitedPackage(a.pass.Pkg.Path()) || a.effects.PackageLimitsBodies() || a.usesLimiter() {
		return true
	}
	limits := func(mws []httpmodel.Middleware) bool {
		for _, m := range mws {
			if m.Func != nil && (a.effects.LimitsBodies(m.Func) || body.LimitedBy(m.Func.FullName())) {
				return true
			}
		}
		return false
	}
	for _, rt := range h.Routes {
		if limits(rt.Middleware) {
			return true
		}
		for _, r := range rt.Router.Chain() {
			if limits(r.Middleware) {
				return true
			}
		}
	}
	return false
}

// usesLimiter reports whether the package refers to a function of another
// package that limits bodies, or one body.limit-set-by names: the
// middleware may wrap a router or server the model does not tie to the
// handler. Computed once.
func (a *analyzer) usesLimiter() bool {
	if a.limiterUse != nil {
		return *a.limiterUse
	}
	uses := false
	seen := map[*types.Func]bool{}
	for _, obj := range a.pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || seen[fn] || fn.Pkg() == a.pass.Pkg {
			continue
		}
		seen[fn] = true
		if a.effects.LimitsBodies(fn) || a.model.Config.Body.LimitedBy(fn.FullName()) {
			uses = true
			break
		}
	}
	a.limiterUse = &uses
	return uses
}

// reportUnbounded reports a whole read of a body with no limit, with the
// fix that limits it when one is safe.
func (a *analyzer) reportUnbounded(h *httpmodel.Handler, fd finding) {
	c := fd.check
	var msg string
	if c.Site.Known() {
		msg = fmt.Sprintf("%s reads the request body whole (%s at %s) with no http.MaxBytesReader on any path before the call, so a client can make the server hold as much memory as it sends; limit the body with http.MaxBytesReader before the call, or list the middleware that limits it in body.limit-set-by",
			c.What, c.Site.What, where(c.Site, c.What))
	} else {
		msg = fmt.Sprintf("%s reads the request body whole with no http.MaxBytesReader on any path before it, so a client can make the server hold as much memory as it sends; limit the body with http.MaxBytesReader first, or list the middleware that limits it in body.limit-set-by",
			c.What)
	}
	fix, why := a.limitFix(h, c)
	if fix == nil {
		msg += " (no automatic fix: " + why + ")"
	}
	d := analysis.Diagnostic{Pos: fd.pos, End: fd.end, Category: CategoryUnboundedBody, Message: msg}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	a.model.Report(a.pass, d)
}

// limitFix returns the fix inserting, before the statement that reads,
//
//	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
//
// and, when the read's own error is answered with 400 Bad Request right
// after it, a 413 Request Entity Too Large answer for a body over the
// limit, or why there is none.
//
// Safety: http.MaxBytesReader reads through to the body until the limit,
// so a request whose body fits gets exactly what it got before (same
// bytes, same errors); only a body over the limit now fails, with an
// error the handler already answers. Nothing is written to the response
// by the wrapping itself.
func (a *analyzer) limitFix(h *httpmodel.Handler, c *effects.Check) (*analysis.SuggestedFix, string) {
	call, ok := c.Node.(*ast.CallExpr)
	if !ok {
		return nil, "the read is not a call"
	}
	req := requestArg(a.pass.TypesInfo, call)
	if req == nil {
		return nil, "the body is not read as r.Body or handed on as r"
	}
	file := a.fileOf(call.Pos())
	if file == nil {
		return nil, "the file is not known"
	}
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	var stmt ast.Stmt
	var list []ast.Stmt
	for i, n := range path {
		s, ok := n.(ast.Stmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		if l := code.StmtList(path[i+1]); l != nil {
			stmt, list = s, l
			break
		}
	}
	if stmt == nil {
		return nil, "the read is not in a statement of a block"
	}
	pos := stmt.Pos()
	scope := a.pass.Pkg.Scope().Innermost(pos)
	w := h.Writer
	if scope == nil || w.Name() == "" || w.Name() == "_" {
		return nil, "the response writer has no usable name"
	}
	if _, obj := scope.LookupParent(w.Name(), pos); obj != w {
		return nil, "the response writer is shadowed here"
	}
	if _, obj := scope.LookupParent(req.Name, pos); obj != a.pass.TypesInfo.Uses[req] {
		return nil, "the request is not visible by its name before the statement"
	}
	httpName := a.netHTTPName(pos, scope)
	if httpName == "" {
		return nil, "net/http is not imported by name in this file"
	}
	indent, ok := source.IndentAt(a.pass, pos)
	if !ok {
		return nil, "the statement does not start its line"
	}
	limit := a.model.Config.Body.Limit
	if limit <= 0 {
		limit = config.DefaultBodyLimit
	}
	limitText := strconv.FormatInt(limit, 10)
	if limit == 1<<20 {
		limitText = "1<<20"
	}
	edits := []analysis.TextEdit{{Pos: pos, End: pos, NewText: fmt.Appendf(nil, "%[1]s.Body = %[2]s.MaxBytesReader(%[3]s, %[1]s.Body, %[4]s)\n%[5]s",
		req.Name, httpName, w.Name(), limitText, indent)}}
	message := "Limit the request body with http.MaxBytesReader"
	if !c.Site.Known() && a.hasMaxBytesError(file) {
		if edit, ok := a.tooLargeEdit(call, stmt, list, httpName, w.Name()); ok {
			edits = append(edits, edit)
			message += " and answer 413 when it is over the limit"
		}
	}
	return &analysis.SuggestedFix{Message: message, TextEdits: edits}, ""
}

// requestArg returns the request r of a read of r.Body (an argument
// r.Body of the call) or of a helper given r.
func requestArg(info *types.Info, call *ast.CallExpr) *ast.Ident {
	for _, arg := range call.Args {
		e := ast.Unparen(arg)
		if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" {
			e = ast.Unparen(sel.X)
		} else if call.Fun != nil && isLibraryRead(info, call) {
			continue // a library read takes the body, not the request
		}
		id, ok := e.(*ast.Ident)
		if ok && info.Uses[id] != nil && httpmodel.IsRequestPtr(info.Uses[id].Type()) {
			return id
		}
	}
	return nil
}

func isLibraryRead(info *types.Info, call *ast.CallExpr) bool {
	return effects.Lookup(typeutil.StaticCallee(info, call)) != nil
}

// tooLargeEdit returns the edit answering 413 for a body over the limit,
// when the error of the read is tested right away and answered with
// http.Error(w, msg, http.StatusBadRequest) and a return:
//
//	if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
//		if _, tooLarge := err.(*http.MaxBytesError); tooLarge {
//			http.Error(w, msg, http.StatusRequestEntityTooLarge)
//			return
//		}
//		http.Error(w, msg, http.StatusBadRequest)
//		return
//	}
//
// io.ReadAll and the decoders return the reader's error as it is, so the
// type assertion sees http.MaxBytesError; any other error goes on to the
// 400 as before.
func (a *analyzer) tooLargeEdit(read *ast.CallExpr, stmt ast.Stmt, list []ast.Stmt, httpName, w string) (analysis.TextEdit, bool) {
	var assign *ast.AssignStmt
	var test *ast.IfStmt
	switch s := stmt.(type) {
	case *ast.IfStmt:
		assign, _ = s.Init.(*ast.AssignStmt)
		test = s
	case *ast.AssignStmt:
		assign = s
		for i, x := range list {
			if x == stmt && i+1 < len(list) {
				test, _ = list[i+1].(*ast.IfStmt)
			}
		}
	}
	if assign == nil || test == nil || test.Init != nil && test.Init != ast.Stmt(assign) || len(assign.Rhs) != 1 {
		return analysis.TextEdit{}, false
	}
	// The error is the read's own, or that of Decode on a decoder it made.
	rhs, ok := ast.Unparen(assign.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return analysis.TextEdit{}, false
	}
	if rhs != read {
		sel, ok := ast.Unparen(rhs.Fun).(*ast.SelectorExpr)
		if !ok || ast.Unparen(sel.X) != ast.Expr(read) || sel.Sel.Name != "Decode" {
			return analysis.TextEdit{}, false
		}
	}
	errID, ok := ast.Unparen(assign.Lhs[len(assign.Lhs)-1]).(*ast.Ident)
	if !ok || errID.Name == "_" {
		return analysis.TextEdit{}, false
	}
	cond, ok := ast.Unparen(test.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return analysis.TextEdit{}, false
	}
	if id, ok := ast.Unparen(cond.X).(*ast.Ident); !ok || a.pass.TypesInfo.Uses[id] != a.pass.TypesInfo.ObjectOf(errID) || !code.IsNil(a.pass.TypesInfo, cond.Y) {
		return analysis.TextEdit{}, false
	}
	body := test.Body.List
	if len(body) < 2 {
		return analysis.TextEdit{}, false
	}
	reply, ok := body[0].(*ast.ExprStmt)
	if !ok {
		return analysis.TextEdit{}, false
	}
	errCall, ok := ast.Unparen(reply.X).(*ast.CallExpr)
	if !ok || len(errCall.Args) != 3 {
		return analysis.TextEdit{}, false
	}
	if fn := typeutil.StaticCallee(a.pass.TypesInfo, errCall); fn == nil || fn.FullName() != "net/http.Error" {
		return analysis.TextEdit{}, false
	}
	if tv := a.pass.TypesInfo.Types[errCall.Args[2]]; tv.Value == nil || tv.Value.String() != "400" {
		return analysis.TextEdit{}, false
	}
	if id, ok := ast.Unparen(errCall.Args[0]).(*ast.Ident); !ok || id.Name != w {
		return analysis.TextEdit{}, false
	}
	ret, ok := body[len(body)-1].(*ast.ReturnStmt)
	if !ok {
		return analysis.TextEdit{}, false
	}
	indent, ok := source.IndentAt(a.pass, reply.Pos())
	if !ok {
		return analysis.TextEdit{}, false
	}
	msgText, ok1 := source.Text(a.pass, errCall.Args[1])
	retText, ok2 := source.Text(a.pass, ret)
	if !ok1 || !ok2 {
		return analysis.TextEdit{}, false
	}
	text := fmt.Sprintf("if _, tooLarge := %[1]s.(*%[2]s.MaxBytesError); tooLarge {\n%[3]s\t%[2]s.Error(%[4]s, %[5]s, %[2]s.StatusRequestEntityTooLarge)\n%[3]s\t%[6]s\n%[3]s}\n%[3]s",
		errID.Name, httpName, indent, w, msgText, retText)
	return analysis.TextEdit{Pos: reply.Pos(), End: reply.Pos(), NewText: []byte(text)}, true
}

// fileOf returns the syntax of the file holding pos.
func (a *analyzer) fileOf(pos token.Pos) *ast.File {
	for _, f := range a.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// hasMaxBytesError reports whether the file may use http.MaxBytesError:
// the net/http it is built against has it (Go 1.19), and its Go version,
// when known, is not older (vet's stdversion check).
func (a *analyzer) hasMaxBytesError(f *ast.File) bool {
	v := a.pass.TypesInfo.FileVersions[f]
	if v == "" {
		v = a.pass.Pkg.GoVersion()
	}
	if v != "" && version.Compare(v, "go1.19") < 0 {
		return false
	}
	for _, imp := range a.pass.Pkg.Imports() {
		if imp.Path() == "net/http" {
			return imp.Scope().Lookup("MaxBytesError") != nil
		}
	}
	return false
}
