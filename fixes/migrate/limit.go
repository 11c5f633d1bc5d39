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
func (m *migrator) addLimit(id *ast.Ident, call *ast.CallExpr) {
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
	if !m.singleAssignment(req) {
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is passed to http.MaxBytesReader and the request parameter is reassigned, so route.MaxBytesReader would not find the writer route.Func serves it with")
		return
	}
	m.limits = append(m.limits, &limitCall{call: call, writer: id})
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
