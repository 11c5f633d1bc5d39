// Package code holds the small questions about Go syntax and types that
// every routevet analyzer and fix asks, answered once: is this type
// net/http's Request, is this call fmt.Fprintf, which file holds this
// position, is this expression the untyped nil. It is to routevet what
// staticcheck's code package is to staticcheck: no HTTP knowledge, only
// precise answers about code.
package code

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// IsNamed reports whether t is the named type pkg.name, through aliases
// but not through pointers.
func IsNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkg
}

// IsPointerTo reports whether t is a pointer to the named type pkg.name.
func IsPointerTo(t types.Type, pkg, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), pkg, name)
}

// IsFunc reports whether fn is the package-level function pkg.name (not a
// method).
func IsFunc(fn *types.Func, pkg, name string) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name && fn.Signature().Recv() == nil
}

// IsPkgName reports whether e is a name that refers to the import of the
// package with the given path (http in http.StatusOK).
func IsPkgName(info *types.Info, e ast.Expr, path string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	pn, ok := info.Uses[id].(*types.PkgName)
	return ok && pn.Imported().Path() == path
}

// StringConst returns the value of e when it is a constant string
// expression (a literal, a named constant, a constant concatenation).
func StringConst(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// IsNil reports whether e is the predeclared nil: by what the name refers
// to, not by its spelling, so a local variable named nil is not nil.
func IsNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// FileOf returns the file among files that holds pos, or nil. A position
// at a file's very end (FileEnd, where the parser puts the end of a file
// that lacks a final newline's successor) belongs to that file.
func FileOf(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// StmtList returns the statements of a block or of a case or select
// clause, or nil for any other node.
func StmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// InspectStmts calls f for each statement of body, nested ones included,
// in source order, until f returns false, and reports whether it went
// through. It never looks into an expression: an expression holds no
// statement but those of function literals, which are not the
// function's own. For a question about statements alone (its return
// statements), it is much cheaper than ast.Inspect.
func InspectStmts(body *ast.BlockStmt, f func(ast.Stmt) bool) bool {
	if body == nil {
		return true
	}
	return inspectStmts(body.List, f)
}

func inspectStmts(list []ast.Stmt, f func(ast.Stmt) bool) bool {
	for _, s := range list {
		if !inspectStmt(s, f) {
			return false
		}
	}
	return true
}

func inspectStmt(s ast.Stmt, f func(ast.Stmt) bool) bool {
	if s == nil {
		return true
	}
	if b, ok := s.(*ast.BlockStmt); ok {
		return inspectBlock(b, f)
	}
	if !f(s) {
		return false
	}
	switch s := s.(type) {
	case *ast.LabeledStmt:
		return inspectStmt(s.Stmt, f)
	case *ast.IfStmt:
		return inspectStmt(s.Init, f) && inspectBlock(s.Body, f) && inspectStmt(s.Else, f)
	case *ast.ForStmt:
		return inspectStmt(s.Init, f) && inspectBlock(s.Body, f) && inspectStmt(s.Post, f)
	case *ast.RangeStmt:
		return inspectBlock(s.Body, f)
	case *ast.SwitchStmt:
		return inspectStmt(s.Init, f) && inspectBlock(s.Body, f)
	case *ast.TypeSwitchStmt:
		return inspectStmt(s.Init, f) && inspectStmt(s.Assign, f) && inspectBlock(s.Body, f)
	case *ast.SelectStmt:
		return inspectBlock(s.Body, f)
	case *ast.CaseClause:
		return inspectStmts(s.Body, f)
	case *ast.CommClause:
		return inspectStmt(s.Comm, f) && inspectStmts(s.Body, f)
	}
	return true
}

// inspectBlock is inspectStmt for a block, which may be a nil pointer.
func inspectBlock(b *ast.BlockStmt, f func(ast.Stmt) bool) bool {
	if b == nil {
		return true
	}
	return f(b) && inspectStmts(b.List, f)
}
