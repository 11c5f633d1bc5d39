package httpmodel

import (
	"go/types"

	"github.com/routevet/routevet/internal/code"
)

// Import paths of the routers the model knows.
const (
	chiPath     = "github.com/go-chi/chi/v5"
	chiPathV1   = "github.com/go-chi/chi" // chi before v5 has the same API
	gorillaPath = "github.com/gorilla/mux"
)

func routerKind(t types.Type) RouterKind {
	switch {
	case t == nil:
		return 0
	case code.IsPointerTo(t, "net/http", "ServeMux"):
		return ServeMux
	case code.IsPointerTo(t, gorillaPath, "Router"):
		return Gorilla
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		if path := n.Obj().Pkg().Path(); path == chiPath || path == chiPathV1 {
			return Chi
		}
	}
	return 0
}

func isRouterType(t types.Type) bool { return routerKind(t) != 0 }
