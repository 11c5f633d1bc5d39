package unreadbody

import (
	"go/token"

	"github.com/routevet/routevet/internal/httpmodel"
)

// The opt-in rule of body-never-read: a handler routed only for methods
// with a body that never reads it.

func handlerPos(h *httpmodel.Handler) token.Pos {
	if h.Decl != nil {
		return h.Decl.Name.Pos()
	}
	return h.Lit.Pos()
}

// onlyBodyRoutes reports whether a handler is reached only through routes
// for POST, PUT or PATCH, all of them known here, none wrapped by a
// middleware of its own (which may read the body for it).
func (a *analyzer) onlyBodyRoutes(h *httpmodel.Handler) bool {
	if h.Referenced || len(h.Routes) == 0 {
		return false
	}
	for _, rt := range h.Routes {
		if len(rt.Methods) == 0 || len(rt.Middleware) > 0 {
			return false
		}
		for _, m := range rt.Methods {
			if m != "POST" && m != "PUT" && m != "PATCH" {
				return false
			}
		}
	}
	return true
}

func routeMethods(h *httpmodel.Handler) []string {
	var ms []string
	seen := map[string]bool{}
	for _, rt := range h.Routes {
		for _, m := range rt.Methods {
			if !seen[m] {
				seen[m] = true
				ms = append(ms, m)
			}
		}
	}
	return ms
}
