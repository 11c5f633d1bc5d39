package httpmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A RouterKind says which router a registration uses.
type RouterKind int

const (
	ServeMux RouterKind = iota + 1 // net/http.ServeMux
	Chi                            // github.com/go-chi/chi
	Gorilla                        // github.com/gorilla/mux
	Custom                         // a registrar named in .routevet.yaml
)

func (k RouterKind) String() string {
	switch k {
	case ServeMux:
		return "ServeMux"
	case Chi:
		return "chi"
	case Gorilla:
		return "gorilla/mux"
	case Custom:
		return "custom"
	}
	return "unknown router"
}

// An Origin says how much of a router's registrations the model can see.
type Origin int

const (
	// Unknown: a parameter, field, global or the result of a call the
	// model does not know; other code may register routes on it too.
	Unknown Origin = iota
	// Local: made in this package by http.NewServeMux, chi.NewRouter or
	// mux.NewRouter and held in a local variable.
	Local
	// Derived: made from another router (chi Route, Group and With;
	// gorilla Subrouter).
	Derived
)

// A Router is one ServeMux, chi router or gorilla/mux router, as far as the
// model can tell them apart: by the variable, parameter or field that holds
// it, or by the call that derives it.
type Router struct {
	Kind RouterKind
	// Var holds the router, when it is held in a variable, parameter or
	// field (http.DefaultServeMux for package-level http.Handle).
	Var    types.Object
	Origin Origin
	// Parent is the router this one is mounted on or derived from.
	Parent *Router
	// Prefix is the path prefix below Parent (chi Route and Mount,
	// gorilla PathPrefix); Host and Methods restrict a gorilla Subrouter.
	Prefix  string
	Host    string
	Methods []string
	// Middleware lists what wraps the router: chi and gorilla Use and
	// With, and calls that take the router and return a handler, such as
	// cors.Handler(mux). Outermost first for wrappers, in order for Use.
	Middleware []Middleware
	Pos        token.Pos
}

// FullPrefix returns the router's path prefix with every parent's.
func (r *Router) FullPrefix() string {
	prefix := ""
	for seen := map[*Router]bool{}; r != nil && !seen[r]; r = r.Parent {
		seen[r] = true
		prefix = joinPath(r.Prefix, prefix)
	}
	return prefix
}

// Chain returns the router and every parent, innermost first.
func (r *Router) Chain() []*Router {
	var chain []*Router
	for seen := map[*Router]bool{}; r != nil && !seen[r]; r = r.Parent {
		seen[r] = true
		chain = append(chain, r)
	}
	return chain
}

// A Middleware is something that wraps a handler or router.
type Middleware struct {
	// Expr is the wrapping call (cors.Handler(mux)), or the argument of
	// Use or With.
	Expr ast.Expr
	// Func is the function whose call makes the middleware, when static:
	// (*cors.Cors).Handler, handlers.CORS, mux.CORSMethodMiddleware.
	Func *types.Func
}

// A Route is one registration of a handler on a router.
type Route struct {
	Call   *ast.CallExpr
	Router *Router
	// Pattern is the pattern or path as written at the registration, and
	// PatternKnown whether it is a constant.
	Pattern      string
	PatternKnown bool
	// PrefixVar is set for a gorilla/mux path that is not a constant but
	// a package-level string variable, alone or followed by constants
	// (config.Webroot+"api/v1/messages"); Pattern then holds what follows
	// the variable. Routes with the same variable share its value, a base
	// path set once at start-up. PathExpr is the path's expression.
	PrefixVar *types.Var
	PathExpr  ast.Expr
	// Mux is the parsed ServeMux pattern (nil for other routers, for
	// patterns that are not constant and for invalid ones).
	Mux *Pattern
	// Path is the path the route serves with every router prefix applied;
	// Subtree is set when it serves the paths below Path too.
	Path    string
	Subtree bool
	Host    string
	// Methods lists the accepted methods; nil means every method.
	Methods []string

	HandlerExpr ast.Expr
	// Handler is the handler, when it is declared in this package.
	Handler *Handler
	// Func is the function or method that serves the route, when it is
	// statically known (in any package).
	Func *types.Func
	// Sub is set when the route's handler is itself a router.
	Sub *Router
	// Middleware lists the wrappers around the handler, outermost first.
	Middleware []Middleware
}

// joinPath joins a router prefix and a path with exactly one slash between.
func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	}
	return strings.TrimSuffix(prefix, "/") + "/" + strings.TrimPrefix(path, "/")
}
