package unreadbody

import (
	"go/ast"
	"strings"

	"github.com/routevet/routevet/internal/httpmodel"
	"golang.org/x/tools/go/ast/edge"
)

// When form-before-parse and multipart-before-parse apply: a handler that
// surely gets its request with the form unparsed.

// returned reports whether a literal is a function's result, directly or
// converted (return http.HandlerFunc(func...)): a handler factory, whose
// callers are routers out of sight.
func (a *analyzer) returned(lit *ast.FuncLit) bool {
	cur, ok := a.effects.Cursor(lit)
	if !ok {
		return false
	}
	for {
		switch cur.ParentEdgeKind() {
		case edge.ReturnStmt_Results:
			return true
		case edge.CallExpr_Args, edge.ParenExpr_X:
			cur = cur.Parent()
			if call, ok := cur.Node().(*ast.CallExpr); ok {
				if tv, ok := a.pass.TypesInfo.Types[call.Fun]; !ok || !tv.IsType() {
					return false // a call, which may wrap it in anything
				}
			}
		default:
			return false
		}
	}
}

// formChecksApply reports whether a handler surely gets its request with
// the form unparsed: no middleware of a route of it may have parsed it,
// and no code in this package hands it a request, as a dispatcher calling
// it after r.ParseForm would. A handler whose callers are out of sight
// (registered by another package, or returned by a factory) is served by
// a router, which never parses forms.
func (a *analyzer) formChecksApply(h *httpmodel.Handler) bool {
	if h.Referenced && !(h.Lit != nil && a.returned(h.Lit)) {
		return false
	}
	for _, rt := range h.Routes {
		if len(rt.Middleware) > 0 {
			return false
		}
		for _, r := range rt.Router.Chain() {
			if len(r.Middleware) > 0 {
				return false
			}
		}
	}
	return true
}

// receiverOf returns "r" for "r.Form".
func receiverOf(what string) string {
	if i := strings.LastIndexByte(what, '.'); i >= 0 {
		return what[:i]
	}
	return what
}
