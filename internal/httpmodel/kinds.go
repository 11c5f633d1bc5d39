package httpmodel

// This file is the one place that knows which packages are routers and
// which types are routers and handlers. To teach routevet a router: add
// a RouterKind, its import path and constructors to routerPackages, its
// router type to RouterKindOf, a registrar (the calls that register its
// routes) to registrars.go, dispatched by kind in builder.registrations.

import (
	"go/types"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/code"
)

// Import paths of the routers the model knows.
const (
	chiPath     = "github.com/go-chi/chi/v5"
	chiPathV1   = "github.com/go-chi/chi" // chi before v5 has the same API
	gorillaPath = "github.com/gorilla/mux"
)

// A routerPackage is what the model knows of a router's package: its
// kind, and the functions that make a new router.
type routerPackage struct {
	kind         RouterKind
	constructors []string
}

// routerPackages lists the router packages by import path.
var routerPackages = map[string]routerPackage{
	"net/http":  {ServeMux, []string{"NewServeMux"}},
	chiPath:     {Chi, []string{"NewRouter", "NewMux"}},
	chiPathV1:   {Chi, []string{"NewRouter", "NewMux"}},
	gorillaPath: {Gorilla, []string{"NewRouter"}},
}

// RouterPackage returns the kind of router pkg provides: ServeMux for
// net/http, Chi for chi (v5 and before), Gorilla for gorilla/mux; 0 for
// any other package (nil included).
func RouterPackage(pkg *types.Package) RouterKind {
	if pkg == nil {
		return 0
	}
	return routerPackages[pkg.Path()].kind
}

// isConstructor reports whether fn makes a new router.
func isConstructor(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return false
	}
	return slices.Contains(routerPackages[fn.Pkg().Path()].constructors, fn.Name())
}

func isChi(fn *types.Func) bool { return RouterPackage(fn.Pkg()) == Chi }

// A RouterMatch says which types RouterKindOf takes for routers. Each
// analyzer asks a different question of a type, and their answers must
// not change with this model: the model tracks the values it builds
// routers from; preflight follows the variables of the router types
// themselves; edgeruntime keeps its call graph out of router code.
type RouterMatch int

const (
	// RouterValues are the types the model makes routers of: *ServeMux,
	// *mux.Router, and every type of chi's package, pointer or not
	// (chi.Router, *chi.Mux, but also chi.Routes and chi.Middlewares).
	RouterValues RouterMatch = iota
	// RouterTypes are the router types, pointer or not: ServeMux,
	// mux.Router, chi.Mux and chi.Router (preflight: the variables that
	// hold a router, whose every use it follows).
	RouterTypes
	// RouterCode is every type whose ServeHTTP dispatches into router
	// code: ServeMux and mux.Router, pointer or not, and every type of
	// chi's module, its subpackages included (edgeruntime: a handler of
	// such a type is followed through its routes, never into the
	// router's code, which would make every edge handler reach what
	// chi/middleware calls).
	RouterCode
)

// RouterKindOf returns the kind of router t is, as match reads router
// types, or 0 when t is not one.
func RouterKindOf(t types.Type, match RouterMatch) RouterKind {
	if t == nil {
		return 0
	}
	if match == RouterValues {
		switch {
		case code.IsPointerTo(t, "net/http", "ServeMux"):
			return ServeMux
		case code.IsPointerTo(t, gorillaPath, "Router"):
			return Gorilla
		}
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return 0
	}
	path, name := n.Obj().Pkg().Path(), n.Obj().Name()
	if match == RouterTypes && name != "Mux" && name != "Router" && name != "ServeMux" {
		return 0 // the names of the router types, told before the package
	}
	switch kind := routerPackages[path].kind; {
	case match == RouterCode && strings.HasPrefix(path, chiPathV1+"/"):
		return Chi // chi/v5, chi/middleware, chi/v5/middleware, ...
	case kind == Chi && match == RouterTypes:
		if name == "Mux" || name == "Router" {
			return Chi
		}
	case kind == Chi:
		return Chi
	case match == RouterValues:
	case kind == ServeMux && name == "ServeMux", kind == Gorilla && name == "Router":
		return kind
	}
	return 0
}

// IsRouterType reports whether the model makes routers of values of
// type t: RouterKindOf(t, RouterValues) != 0.
func IsRouterType(t types.Type) bool { return RouterKindOf(t, RouterValues) != 0 }

// IsDefaultServeMux reports whether obj is http.DefaultServeMux.
func IsDefaultServeMux(obj types.Object) bool {
	return obj != nil && obj.Name() == "DefaultServeMux" && obj.Pkg() != nil && obj.Pkg().Path() == "net/http"
}

// A HandlerMatch says which values IsHandlerValue takes for handlers.
// As with RouterMatch, each analyzer keeps the reading it was built
// and tested with.
type HandlerMatch int

const (
	// ExactHandlers are the values the model resolves routes through:
	// functions of type func(http.ResponseWriter, *http.Request) and
	// values whose ServeHTTP method has that type.
	ExactHandlers HandlerMatch = iota
	// HandlerShaped also takes functions whose two parameters are
	// http.ResponseWriter and *http.Request whatever they return, and
	// values with any ServeHTTP method (preflight: where a router value
	// may flow, wrapped).
	HandlerShaped
	// WriterTakers are functions taking an http.ResponseWriter, or
	// Fastly's fsthttp.ResponseWriter, as any parameter, and values with
	// any ServeHTTP method (edgeruntime: what an edge SDK's adapters and
	// middleware wrap).
	WriterTakers
)

// fsthttpPath is Fastly Compute's HTTP package, whose handlers take an
// fsthttp.ResponseWriter.
const fsthttpPath = "github.com/fastly/compute-sdk-go/fsthttp"

// IsHandlerValue reports whether a value of type t serves HTTP, as match
// reads handler types: it has a handler function's type or a ServeHTTP
// method.
func IsHandlerValue(t types.Type, match HandlerMatch) bool {
	if t == nil {
		return false
	}
	if sig, ok := t.Underlying().(*types.Signature); ok {
		params := sig.Params()
		switch match {
		case ExactHandlers:
			_, _, ok := handlerParams(sig)
			return ok
		case HandlerShaped:
			return params.Len() == 2 && IsResponseWriter(params.At(0).Type()) && IsRequestPtr(params.At(1).Type())
		}
		for i := range params.Len() {
			if IsResponseWriter(params.At(i).Type()) || code.IsNamed(params.At(i).Type(), fsthttpPath, "ResponseWriter") {
				return true
			}
		}
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	if match == ExactHandlers {
		_, _, ok = handlerParams(fn.Signature())
	}
	return ok
}

// serveHTTPMethod returns the ServeHTTP method of a concrete type t.
func serveHTTPMethod(t types.Type) *types.Func {
	if t == nil || types.IsInterface(t) {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	if fn, ok := obj.(*types.Func); ok {
		if _, _, ok := handlerParams(fn.Signature()); ok {
			return fn.Origin()
		}
	}
	return nil
}
