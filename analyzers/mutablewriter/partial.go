package mutablewriter

// The rule of reply-after-partial-write: a status or error reply on the
// error path of a template executed into the response, and its fix,
// which executes the template into a buffer first.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/source"
)

// CategoryReplyAfterPartialWrite is the category of the rule.
const CategoryReplyAfterPartialWrite = "reply-after-partial-write"

// An execution is a call whose error says a template failed while
// writing to the response: tmpl.Execute(w, data) itself, or a function of
// this package returning such an error (render(w, "page", data)).
type execution struct {
	call   *ast.CallExpr
	what   string // "tmpl.Execute", "render"
	direct bool   // the template's own call, in this function
}

// checkPartial reports, in one writer's function, the replies on the
// error path of template executions into the response.
func (wk *walk) checkPartial() {
	if !wk.c.model.Enabled(wk.c.pass.Analyzer.Name, CategoryReplyAfterPartialWrite) {
		return
	}
	ast.Inspect(wk.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // another function, with its own solution
		}
		if list := code.StmtList(n); list != nil {
			wk.partialIn(list)
		}
		return true
	})
}

// partialIn looks for the error tests of executions in a statement list:
//
//	if err := tmpl.Execute(w, data); err != nil { ... }
//	err := tmpl.Execute(w, data)
//	if err != nil { ... }
func (wk *walk) partialIn(list []ast.Stmt) {
	for i, stmt := range list {
		ifs, ok := stmt.(*ast.IfStmt)
		if !ok {
			continue
		}
		var assign *ast.AssignStmt
		if ifs.Init != nil {
			assign, _ = ifs.Init.(*ast.AssignStmt)
		} else if i > 0 {
			assign, _ = list[i-1].(*ast.AssignStmt)
		}
		if assign == nil || len(assign.Rhs) != 1 || len(assign.Lhs) != 1 {
			continue
		}
		call, ok := ast.Unparen(assign.Rhs[0]).(*ast.CallExpr)
		if !ok {
			continue
		}
		exec, ok := wk.execution(call)
		if !ok || !wk.testsErr(ifs.Cond, assign.Lhs[0]) {
			continue
		}
		reply, ok := wk.replyIn(ifs.Body)
		if !ok {
			continue // only logged, or handed on
		}
		verb := "replies"
		if reply.Kind == effects.OpStatus {
			verb = "sends a status"
		}
		msg := fmt.Sprintf("%s %s after %s failed, but a template that fails while executing has usually written part of the page already, so the status is ignored (net/http logs \"http: superfluous response.WriteHeader call\") and the reply is appended to half a page; execute the template into a bytes.Buffer and write the buffer only on success",
			reply.What, verb, exec.what)
		var fix *analysis.SuggestedFix
		why := "the template is executed by " + exec.what + ", which would have to render into a buffer itself"
		if exec.direct {
			fix, why = wk.bufferFix(exec.call, assign, ifs)
		}
		if fix == nil {
			msg += " (no automatic fix: " + why + ")"
		}
		wk.finding = append(wk.finding, finding{
			pos: reply.Node.Pos(), end: reply.Node.End(), category: CategoryReplyAfterPartialWrite,
			message: msg, fix: fix,
		})
	}
}

// execution recognizes a template executed into the writer, directly or
// by a function of this package that returns the template's error.
func (wk *walk) execution(call *ast.CallExpr) (execution, bool) {
	info := wk.c.pass.TypesInfo
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return execution{}, false
	}
	if use, _ := effects.Lookup(fn).On(0); use.Must&effects.PartialOnError != 0 {
		if len(call.Args) > 0 && wk.w.Refers(call.Args[0]) {
			return execution{call: call, what: types.ExprString(call.Fun), direct: true}, true
		}
		return execution{}, false
	}
	if i, ok := wk.c.renderers()[fn]; ok && i < len(call.Args) && wk.w.Refers(call.Args[i]) {
		return execution{call: call, what: types.ExprString(call.Fun)}, true
	}
	return execution{}, false
}

// testsErr reports whether cond is "err != nil" of the variable lhs.
func (wk *walk) testsErr(cond, lhs ast.Expr) bool {
	info := wk.c.pass.TypesInfo
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ {
		return false
	}
	x, y := ast.Unparen(bin.X), ast.Unparen(bin.Y)
	if code.IsNil(info, x) {
		x, y = y, x
	}
	xid, ok1 := x.(*ast.Ident)
	lid, ok2 := ast.Unparen(lhs).(*ast.Ident)
	return ok1 && ok2 && code.IsNil(info, y) && lid.Name != "_" && info.Uses[xid] != nil && info.Uses[xid] == info.ObjectOf(lid)
}

// replyIn returns the first status or error reply to the writer among
// the statements of the error branch (not in nested functions), unless the
// response was committed before it on every path (superfluous-writeheader
// reports that).
func (wk *walk) replyIn(block *ast.BlockStmt) (effects.Op, bool) {
	var found effects.Op
	ast.Inspect(block, func(n ast.Node) bool {
		if found.Node != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if o := wk.sol.Classify(n); o.Kind == effects.OpReply || o.Kind == effects.OpStatus {
				found = o
				return false
			}
		}
		return true
	})
	if found.Node == nil {
		return effects.Op{}, false
	}
	for _, st := range wk.sol.Steps {
		if st.Op.Node == found.Node && st.State.Has(effects.EvCommitted) {
			return effects.Op{}, false
		}
	}
	return found, true
}

// renderers returns the functions of the package that return the error of
// a template executed into one of their parameters, with its index:
//
//	func render(w http.ResponseWriter, name string, data any) error {
//		return templates.ExecuteTemplate(w, name, data)
//	}
func (c *checker) renderers() map[*types.Func]int {
	if c.renderFuncs != nil {
		return c.renderFuncs
	}
	c.renderFuncs = map[*types.Func]int{}
	info := c.pass.TypesInfo
	for _, file := range c.pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil || fn.Signature().Results().Len() != 1 {
				continue
			}
			for _, stmt := range fd.Body.List {
				ret, ok := stmt.(*ast.ReturnStmt)
				if !ok || len(ret.Results) != 1 {
					continue
				}
				call, ok := ast.Unparen(ret.Results[0]).(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					continue
				}
				if use, _ := effects.Lookup(typeutil.StaticCallee(info, call)).On(0); use.Must&effects.PartialOnError == 0 {
					continue
				}
				id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
				if !ok {
					continue
				}
				params := fn.Signature().Params()
				for i := range params.Len() {
					if params.At(i) == info.Uses[id] {
						c.renderFuncs[fn] = i
					}
				}
			}
		}
	}
	return c.renderFuncs
}

// bufferFix returns the fix executing the template into a buffer, written
// to the response only when execution succeeds:
//
//	var buf bytes.Buffer
//	if err := tmpl.Execute(&buf, data); err != nil {
//		http.Error(w, "render failed", http.StatusInternalServerError)
//		return
//	}
//	buf.WriteTo(w)
//
// Safety: on success the response gets the same bytes, in one write
// instead of several; net/http sniffs the Content-Type from the first 512
// bytes either way and sends the same headers, since it decides them at
// the first flush of its buffer or when the handler returns, not at each
// write. On a template error nothing was written, so the error branch's
// reply is whole. The only other difference would be a write error
// (the client gone): the original ran the error branch for it, the fix
// does not; so the fix is offered only when the error branch does nothing
// but reply to the writer (and return), which a gone client never sees.
func (wk *walk) bufferFix(call *ast.CallExpr, assign *ast.AssignStmt, ifs *ast.IfStmt) (*analysis.SuggestedFix, string) {
	pass := wk.c.pass
	if ifs.Else != nil {
		return nil, "the if statement has an else branch"
	}
	if !wk.onlyReplies(ifs.Body) {
		return nil, "the error branch does more than reply, and would no longer run when writing the page to the client fails"
	}
	var stmt ast.Stmt = ifs
	if ifs.Init == nil {
		stmt = assign
	}
	pos := stmt.Pos()
	scope := pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil, "the statement's scope is not known"
	}
	bufName := ""
	for _, name := range []string{"buf", "page", "rendered"} {
		if _, obj := scope.LookupParent(name, pos); obj == nil && scope.Lookup(name) == nil && !wk.declaredIn(name) {
			bufName = name
			break
		}
	}
	if bufName == "" {
		return nil, "no free name for the buffer"
	}
	indent, ok := source.IndentAt(wk.c.pass, pos)
	if !ok {
		return nil, "the statement does not start its line"
	}
	wText, ok := source.Text(wk.c.pass, call.Args[0])
	if !ok {
		return nil, "the source is not available"
	}
	bytesName, importEdit, ok := wk.bytesImport(pos)
	if !ok {
		return nil, "the name bytes is taken in this file"
	}
	edits := []analysis.TextEdit{
		{Pos: pos, End: pos, NewText: fmt.Appendf(nil, "var %s %s.Buffer\n%s", bufName, bytesName, indent)},
		{Pos: call.Args[0].Pos(), End: call.Args[0].End(), NewText: []byte("&" + bufName)},
	}
	if importEdit != nil {
		edits = append(edits, *importEdit)
	}
	if terminates(ifs.Body) {
		edits = append(edits, analysis.TextEdit{Pos: ifs.End(), End: ifs.End(), NewText: fmt.Appendf(nil, "\n%s%s.WriteTo(%s)", indent, bufName, wText)})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: ifs.End(), End: ifs.End(), NewText: fmt.Appendf(nil, " else {\n%s\t%s.WriteTo(%s)\n%s}", indent, bufName, wText, indent)})
	}
	return &analysis.SuggestedFix{Message: "Execute the template into a buffer and write it only on success", TextEdits: edits}, ""
}

// onlyReplies reports whether a block only uses the writer and returns
// (with no results).
func (wk *walk) onlyReplies(block *ast.BlockStmt) bool {
	for _, stmt := range block.List {
		switch s := stmt.(type) {
		case *ast.ExprStmt:
			call, ok := ast.Unparen(s.X).(*ast.CallExpr)
			if !ok || wk.sol.Classify(call).Kind == effects.OpNone || !wk.pureArgs(call) {
				return false
			}
		case *ast.ReturnStmt:
			if len(s.Results) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// pureArgs reports whether a call's arguments compute nothing that can
// be seen: names, constants, selectors, err.Error() and fmt.Sprint-like
// formatting.
func (wk *walk) pureArgs(call *ast.CallExpr) bool {
	pure := true
	for _, arg := range call.Args {
		ast.Inspect(arg, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || !pure {
				return pure
			}
			if tv, ok := wk.c.pass.TypesInfo.Types[c.Fun]; ok && tv.IsType() {
				return true // a conversion
			}
			fn := typeutil.Callee(wk.c.pass.TypesInfo, c)
			f, _ := fn.(*types.Func)
			switch {
			case f == nil:
				pure = false
			case f.Name() == "Error" && f.Signature().Recv() != nil && f.Signature().Params().Len() == 0:
			case f.Pkg() != nil && f.Pkg().Path() == "fmt" && strings.HasPrefix(f.Name(), "Sprint"):
			case f.Pkg() != nil && f.Pkg().Path() == "net/http" && f.Name() == "StatusText":
			default:
				pure = false
			}
			return pure
		})
	}
	return pure
}

// terminates reports whether a block ends in a return.
func terminates(block *ast.BlockStmt) bool {
	if len(block.List) == 0 {
		return false
	}
	_, ok := block.List[len(block.List)-1].(*ast.ReturnStmt)
	return ok
}

// declaredIn reports whether the function declares name anywhere: a new
// variable there could collide with it.
func (wk *walk) declaredIn(name string) bool {
	found := false
	ast.Inspect(wk.body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// bytesImport returns the name package bytes is visible under at pos,
// with the edit importing it when the file does not.
func (wk *walk) bytesImport(pos token.Pos) (string, *analysis.TextEdit, bool) {
	pass := wk.c.pass
	var file *ast.File
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			file = f
		}
	}
	if file == nil {
		return "", nil, false
	}
	scope := pass.Pkg.Scope().Innermost(pos)
	for _, spec := range file.Imports {
		if pkgName := pass.TypesInfo.PkgNameOf(spec); pkgName != nil && pkgName.Imported().Path() == "bytes" && pkgName.Name() != "_" && pkgName.Name() != "." {
			if _, obj := scope.LookupParent(pkgName.Name(), pos); obj == pkgName {
				return pkgName.Name(), nil, true
			}
		}
	}
	if _, obj := scope.LookupParent("bytes", pos); obj != nil || pass.Pkg.Scope().Lookup("bytes") != nil {
		return "", nil, false
	}
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		if gen.Lparen.IsValid() && len(gen.Specs) > 0 {
			at := gen.Specs[0].Pos()
			return "bytes", &analysis.TextEdit{Pos: at, End: at, NewText: []byte("\"bytes\"\n\t")}, true
		}
		return "bytes", &analysis.TextEdit{Pos: gen.Pos(), End: gen.Pos(), NewText: []byte("import \"bytes\"\n")}, true
	}
	return "", nil, false
}
