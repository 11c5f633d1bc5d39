package mutablewriter

// The fix of write-after-error-reply, the return after the reply, and the
// argument that it is safe: what the return would skip.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/source"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// returnFix returns the fix inserting "return" after the reply call, or
// why none is offered. The fix is provably safe when:
//
//   - the function has no results, so a bare return is valid and returns
//     nothing a caller could observe;
//   - the reply is an expression statement, the last one of the then
//     block of an if statement without else, so the return goes exactly
//     where the missing one was meant to be;
//   - no loop encloses that if statement within the function, since a
//     return there would also end iterations that may do other work (the
//     author may have meant continue);
//   - every statement the return skips, to the end of the function, does
//     nothing but compute local values, log, and write the response
//     through the writer (directly or through a helper known to write
//     it). Those writes are the bug, and nothing else is skipped.
func (wk *walk) returnFix(reply *ast.CallExpr) (*analysis.SuggestedFix, string) {
	if reply == nil {
		return nil, "the reply is not a call in this function"
	}
	sig, _ := wk.c.pass.TypesInfo.TypeOf(funcType(wk.fn)).(*types.Signature)
	if sig == nil || sig.Results().Len() > 0 {
		return nil, "the function returns values"
	}
	file := code.FileOf(wk.c.pass.Files, reply.Pos())
	if file == nil {
		return nil, "the source is not available"
	}
	path, _ := astutil.PathEnclosingInterval(file, reply.Pos(), reply.End())
	// path: reply call, its statement, the then block, the if, ...
	if len(path) < 4 || path[0] != reply {
		return nil, "the reply is not a statement of its own"
	}
	stmt, ok := path[1].(*ast.ExprStmt)
	block, ok2 := path[2].(*ast.BlockStmt)
	ifs, ok3 := path[3].(*ast.IfStmt)
	if !ok || !ok2 || !ok3 || ifs.Body != block || ifs.Else != nil || block.List[len(block.List)-1] != stmt {
		return nil, "the reply is not the last statement of an if block without else"
	}
	if why := wk.skipped(path[3:]); why != "" {
		return nil, why
	}
	return wk.insertReturn(stmt), ""
}

func funcType(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Name
	case *ast.FuncLit:
		return n
	}
	return nil
}

// skipped checks the code a return after the if statement path[0] would
// skip: what follows it, and each enclosing statement, up to the body.
func (wk *walk) skipped(path []ast.Node) string {
	for i := 0; i+1 < len(path); i++ {
		child, parent := path[i], path[i+1]
		switch child.(type) {
		case *ast.CaseClause, *ast.CommClause:
			continue // the other clauses do not run after this one
		}
		if parent == wk.body {
			return wk.skipReason(wk.body.List[slices.Index(wk.body.List, child.(ast.Stmt))+1:])
		}
		switch p := parent.(type) {
		case *ast.BlockStmt:
			if why := wk.skipReason(p.List[slices.Index(p.List, child.(ast.Stmt))+1:]); why != "" {
				return why
			}
		case *ast.CaseClause:
			if why := wk.skipReason(p.Body[slices.Index(p.Body, child.(ast.Stmt))+1:]); why != "" {
				return why
			}
		case *ast.CommClause:
			if why := wk.skipReason(p.Body[slices.Index(p.Body, child.(ast.Stmt))+1:]); why != "" {
				return why
			}
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			// The other branches do not run after this one.
		case *ast.ForStmt, *ast.RangeStmt:
			return "the reply is inside a loop, where a return would also end the remaining iterations"
		default:
			return "the reply is inside a labeled statement"
		}
	}
	return "the reply is not in the function's own body"
}

// skipReason returns "" when the statements only compute local values,
// log, and write the response, or names the first thing they do besides.
func (wk *walk) skipReason(stmts []ast.Stmt) string {
	for _, s := range stmts {
		if why := wk.stmtReason(s); why != "" {
			return why
		}
	}
	return ""
}

func (wk *walk) stmtReason(s ast.Stmt) string {
	at := func(what string, n ast.Node) string {
		return fmt.Sprintf("a return would also skip %s at line %d", what, wk.c.pass.Fset.Position(n.Pos()).Line)
	}
	switch s := s.(type) {
	case nil, *ast.EmptyStmt, *ast.ReturnStmt:
		return ""
	case *ast.ExprStmt:
		return wk.exprReason(s.X)
	case *ast.AssignStmt:
		for _, lhs := range s.Lhs {
			if !wk.localTarget(lhs) {
				return at("the assignment to "+types.ExprString(lhs), s)
			}
		}
		return wk.exprsReason(s.Rhs...)
	case *ast.IncDecStmt:
		if !wk.localTarget(s.X) {
			return at("the update of "+types.ExprString(s.X), s)
		}
		return ""
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range gd.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					if why := wk.exprsReason(vs.Values...); why != "" {
						return why
					}
				}
			}
		}
		return ""
	case *ast.BlockStmt:
		return wk.skipReason(s.List)
	case *ast.IfStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if why := wk.exprReason(s.Cond); why != "" {
			return why
		}
		if why := wk.skipReason(s.Body.List); why != "" {
			return why
		}
		return wk.stmtReason(s.Else)
	case *ast.SwitchStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if s.Tag != nil {
			if why := wk.exprReason(s.Tag); why != "" {
				return why
			}
		}
		return wk.clausesReason(s.Body)
	case *ast.TypeSwitchStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if why := wk.stmtReason(s.Assign); why != "" {
			return why
		}
		return wk.clausesReason(s.Body)
	case *ast.ForStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if s.Cond != nil {
			if why := wk.exprReason(s.Cond); why != "" {
				return why
			}
		}
		if why := wk.stmtReason(s.Post); why != "" {
			return why
		}
		return wk.skipReason(s.Body.List)
	case *ast.RangeStmt:
		if _, ok := wk.c.pass.TypesInfo.TypeOf(s.X).Underlying().(*types.Chan); ok {
			return at("the receive loop", s)
		}
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if e != nil && s.Tok == token.ASSIGN && !wk.localTarget(e) {
				return at("the assignment to "+types.ExprString(e), s)
			}
		}
		if why := wk.exprReason(s.X); why != "" {
			return why
		}
		return wk.skipReason(s.Body.List)
	case *ast.BranchStmt:
		if (s.Tok == token.BREAK || s.Tok == token.CONTINUE) && s.Label == nil {
			return ""
		}
		return at("the "+s.Tok.String()+" statement", s)
	case *ast.GoStmt:
		return at("the go statement", s)
	case *ast.DeferStmt:
		return at("the deferred call", s)
	case *ast.SendStmt:
		return at("the channel send", s)
	case *ast.SelectStmt:
		return at("the select statement", s)
	case *ast.LabeledStmt:
		return at("the labeled statement", s)
	}
	return at("a statement", s)
}

func (wk *walk) clausesReason(body *ast.BlockStmt) string {
	for _, cc := range body.List {
		if cc, ok := cc.(*ast.CaseClause); ok {
			if why := wk.exprsReason(cc.List...); why != "" {
				return why
			}
			if why := wk.skipReason(cc.Body); why != "" {
				return why
			}
		}
	}
	return ""
}

// localTarget reports whether assigning to e changes only a variable of
// the function itself (or nothing, for _), or the writer's header map.
func (wk *walk) localTarget(e ast.Expr) bool {
	info := wk.c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if e.Name == "_" {
			return true
		}
		v, ok := info.ObjectOf(e).(*types.Var)
		return ok && !v.IsField() && v.Pos() >= wk.fn.Pos() && v.Pos() < wk.fn.End()
	case *ast.IndexExpr:
		return wk.w.IsHeader(e.X) && wk.exprReason(e.Index) == ""
	}
	return false
}

func (wk *walk) exprsReason(es ...ast.Expr) string {
	for _, e := range es {
		if why := wk.exprReason(e); why != "" {
			return why
		}
	}
	return ""
}

// exprReason returns "" when evaluating e only computes values, logs, or
// writes the response, or else names the call or receive that does more.
func (wk *walk) exprReason(e ast.Expr) string {
	why := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if why != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // making a closure does nothing yet
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				why = fmt.Sprintf("a return would also skip the channel receive at line %d", wk.c.pass.Fset.Position(n.Pos()).Line)
			}
		case *ast.CallExpr:
			switch kind := wk.sol.Classify(n).Kind; {
			case kind == effects.OpHandOn:
				// A handler does more than write the response.
				why = fmt.Sprintf("a return would also skip %s at line %d, which serves the request", types.ExprString(n.Fun), wk.c.pass.Fset.Position(n.Pos()).Line)
			case kind == effects.OpNone && !wk.harmlessCall(n):
				why = fmt.Sprintf("a return would also skip %s at line %d", types.ExprString(n.Fun), wk.c.pass.Fset.Position(n.Pos()).Line)
			}
		}
		return true
	})
	return why
}

// harmlessCall reports whether a call only computes a value or logs:
// conversions, value builtins, and a list of standard functions.
func (wk *walk) harmlessCall(call *ast.CallExpr) bool {
	info := wk.c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return true
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Header" && wk.w.Refers(sel.X) {
		return true
	}
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		switch fn.Name() {
		case "len", "cap", "append", "make", "new", "min", "max", "complex", "real", "imag":
			return true
		}
	case *types.Func:
		if fn.Pkg() == nil {
			return false
		}
		if fn.Signature().Recv() == nil && harmlessPackages[fn.Pkg().Path()] {
			return true
		}
		return harmlessFuncs[fn.Origin().FullName()]
	}
	return false
}

// harmlessPackages are packages whose functions (not methods) only
// compute values.
var harmlessPackages = map[string]bool{
	"strings": true, "strconv": true, "unicode": true, "unicode/utf8": true,
	"math": true, "path": true, "errors": true, "bytes": true,
}

// harmlessFuncs are other functions and methods that compute values,
// construct the writers' encoders, or log.
var harmlessFuncs = map[string]bool{
	"fmt.Sprint": true, "fmt.Sprintf": true, "fmt.Sprintln": true, "fmt.Errorf": true,
	"net/http.StatusText": true, "net/http.CanonicalHeaderKey": true, "net/http.DetectContentType": true,
	"net/http.NewResponseController": true,
	"encoding/json.NewEncoder":       true, "encoding/xml.NewEncoder": true,
	"(*encoding/json.Encoder).SetIndent": true, "(*encoding/json.Encoder).SetEscapeHTML": true,
	"path/filepath.Base": true, "path/filepath.Ext": true, "path/filepath.Clean": true,
	"path/filepath.Dir": true, "path/filepath.Join": true,
	"time.Now": true, "time.Since": true, "(time.Time).Format": true, "(time.Duration).String": true,
	"(*net/http.Request).PathValue": true, "(*net/http.Request).Context": true,
	"(*net/url.URL).Query": true, "(*net/url.URL).String": true,
	"(net/url.Values).Get": true, "(net/url.Values).Has": true,
	"(net/http.Header).Get": true, "(net/http.Header).Values": true,
	"log.Print": true, "log.Printf": true, "log.Println": true,
	"(*log.Logger).Print": true, "(*log.Logger).Printf": true, "(*log.Logger).Println": true,
	"log/slog.Debug": true, "log/slog.Info": true, "log/slog.Warn": true, "log/slog.Error": true,
	"(*log/slog.Logger).Debug": true, "(*log/slog.Logger).Info": true,
	"(*log/slog.Logger).Warn": true, "(*log/slog.Logger).Error": true,
}

// insertReturn returns the fix adding "return" on a line of its own after
// stmt, indented like it; a comment ending stmt's line stays on that line.
func (wk *walk) insertReturn(stmt ast.Stmt) *analysis.SuggestedFix {
	fset := wk.c.pass.Fset
	tf := fset.File(stmt.End())
	at := stmt.End()
	indent := strings.Repeat("\t", max(fset.Position(stmt.Pos()).Column-1, 0))
	if content, err := source.ReadFile(wk.c.pass, tf.Name()); err == nil && tf.Size() == len(content) {
		start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
		lineStart := bytes.LastIndexByte(content[:start], '\n') + 1
		lead := content[lineStart:start]
		indent = string(lead[:len(lead)-len(bytes.TrimLeft(lead, " \t"))])
		rest := content[end:]
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		// After a trailing comment, not before it; a statement that shares
		// its line with more code (a one-line if) gets the return right
		// after it, which gofmt lays out.
		if trimmed := bytes.TrimSpace(rest); len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("//")) {
			at = tf.Pos(end + len(rest))
		}
	}
	return &analysis.SuggestedFix{
		Message:   "Return after the error reply",
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte("\n" + indent + "return")}},
	}
}
