package migrate

// http.MaxBytesReader(w, body, n) in a handler. The writer is not written
// to: net/http's reader only tells the server, through an unexported
// method of its own ResponseWriter, that the limit was hit, so that the
// response gets "Connection: close" and the connection is dropped instead
// of the rest of the body being read. route.MaxBytesReader(r, body, n)
// does the same with the writer route.Func.ServeHTTP is serving r with,
// which is the writer the handler had: the handler's own, since the
// migrated function is only ever called by route.Func(f).ServeHTTP with
// the request it got (an adapter, a wrapped registration, route.Methods).

import (
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"slices"

	"github.com/routevet/routevet/internal/code"
)

// A limitCall is a call of http.MaxBytesReader whose writer argument
// becomes the handler's request.
type limitCall struct {
	call   *ast.CallExpr
	writer *ast.Ident
}

// isMaxBytesReader reports whether call is http.MaxBytesReader with the
// writer as its first argument.
func isMaxBytesReader(fn *types.Func, arg int) bool {
	return arg == 0 && code.IsFunc(fn, "net/http", "MaxBytesReader")
}

// addLimit records http.MaxBytesReader(w, ...) for rewriting, or blocks
// when route.MaxBytesReader(r, ...) would not find the same writer: r
// must be the handler's request parameter, unchanged, so that it is the
// request route.Func.ServeHTTP serves.
func (m *migrator) addLimit(id *ast.Ident, call *ast.CallExpr, stack []ast.Node) {
	req := m.h.Request
	if req == nil || req.Name() == "" || req.Name() == "_" {
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is passed to http.MaxBytesReader and the request parameter has no name to pass route.MaxBytesReader instead")
		return
	}
	if scope := m.pass.Pkg.Scope().Innermost(call.Pos()); scope == nil {
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is passed to http.MaxBytesReader where the request parameter cannot be named")
		return
	} else if _, obj := scope.LookupParent(req.Name(), call.Pos()); obj != req {
		m.block(ReasonNameConflict, id.Pos(), "the writer is passed to http.MaxBytesReader where %s, the request parameter route.MaxBytesReader would take, is shadowed", req.Name())
		return
	}
	if m.requestChangedBefore(call, stack) {
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is passed to http.MaxBytesReader and the request parameter is reassigned, so route.MaxBytesReader would not find the writer route.Func serves it with")
		return
	}
	m.limits = append(m.limits, &limitCall{call: call, writer: id})
}

// requestChangedBefore reports whether the request parameter may hold
// another request when call runs: it is assigned before call in the
// source, or in a loop around call, or in a function literal, or its
// address is taken. An assignment after call (r = r.WithContext(ctx) to
// pass on) leaves the request call sees alone. stack ends with call.
func (m *migrator) requestChangedBefore(call *ast.CallExpr, stack []ast.Node) bool {
	req := m.h.Request
	var loops []ast.Node
	for _, n := range stack {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n)
		}
	}
	isReq := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && m.info.Uses[id] == req
	}
	changed := false
	var lits []*ast.FuncLit // the literals enclosing the node being visited
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if changed || n == nil {
			return false
		}
		var at ast.Node // an assignment of the request
		switch n := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
			ast.Inspect(n.Body, visit)
			lits = lits[:len(lits)-1]
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if isReq(l) {
					at = n
				}
			}
		case *ast.IncDecStmt:
			if isReq(n.X) {
				at = n
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && isReq(n.X) {
				changed = true // anything may change it
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN && (n.Key != nil && isReq(n.Key) || n.Value != nil && isReq(n.Value)) {
				at = n
			}
		}
		if at != nil {
			switch {
			case len(lits) > 0 || at.Pos() < call.Pos():
				changed = true
			default:
				for _, l := range loops {
					if l.Pos() <= at.Pos() && at.End() <= l.End() {
						changed = true
					}
				}
			}
		}
		return !changed
	}
	ast.Inspect(m.body, visit)
	return changed
}

// checkLimits runs once every writer use is classified. It blocks when a
// limit call is inside a statement whose text the rewrite copies (a
// header value, a written body), where the edit would be lost, or when
// the handler sets the Connection header, whose value the limit changes
// when it is hit: before the response is returned, which the rewrite's
// headers, applied after, would undo. The writer uses of the limit calls
// are then left out of the uses the translation looks at: once rewritten,
// the calls do not use the writer.
func (m *migrator) checkLimits() {
	if len(m.limits) == 0 {
		return
	}
	stmts := make([]ast.Stmt, 0, len(m.effects))
	for stmt := range m.effects {
		stmts = append(stmts, stmt)
	}
	slices.SortFunc(stmts, func(a, b ast.Stmt) int { return int(a.Pos() - b.Pos()) })
	for _, stmt := range stmts { // in source order: the first reason is the one reported
		e := m.effects[stmt]
		if e.op != nil && e.op.key == http.CanonicalHeaderKey("Connection") {
			m.block(ReasonDynamicHeader, stmt.Pos(), "the handler sets the Connection header, which http.MaxBytesReader also sets when the limit is hit, in an order a returned response cannot keep")
			return
		}
		for _, l := range m.limits {
			if stmt.Pos() <= l.call.Pos() && l.call.End() <= stmt.End() && !e.alias {
				m.block(ReasonWriterEscapes, l.writer.Pos(), "http.MaxBytesReader is called inside a statement that writes the response")
				return
			}
		}
	}
	rewritten := map[token.Pos]bool{}
	for _, l := range m.limits {
		rewritten[l.writer.Pos()] = true
		t := new(snippet)
		t.WriteString(m.routeName + ".MaxBytesReader")
		m.edit(l.call.Fun.Pos(), l.call.Fun.End(), t)
		m.editString(l.writer.Pos(), l.writer.End(), m.h.Request.Name())
	}
	uses := m.uses[:0]
	for _, p := range m.uses {
		if !rewritten[p] {
			uses = append(uses, p)
		}
	}
	m.uses = uses
}
