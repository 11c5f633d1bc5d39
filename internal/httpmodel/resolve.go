package httpmodel

// This file resolves a route's handler expression to what serves it,
// and records middleware around handlers and routers.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// A Resolution is what serves a handler expression, as far as the model
// can tell without running code: a handler declared or written in this
// package, a function or method of any package, or a router; and the
// middleware calls wrapped around it, outermost first.
type Resolution struct {
	// Handler is the handler, when it is declared in this package.
	Handler *Handler
	// Func is the function or method that serves, when it is statically
	// known (a ServeHTTP method for a concrete handler value).
	Func *types.Func
	// Sub is set when the expression is a router.
	Sub *Router
	// Middleware lists the wrappers around the handler, outermost first.
	Middleware []Middleware
}

// resolver resolves handler expressions for the builder, which makes
// routers as it meets them and marks the handlers registered, and for
// Model.ResolveHandler, which only looks routers up.
type resolver struct {
	m        *Model
	routerOf func(ast.Expr) *Router
	mark     func(ast.Node) // a handler used as a registration's handler; may be nil
}

// resolve finds what serves e: a handler in this package, a function
// elsewhere, or a router; through http.HandlerFunc conversions and
// middleware calls. A handler built by another function is left unknown.
func (r resolver) resolve(e ast.Expr, res *Resolution) {
	info := r.m.info
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.FuncLit:
		res.Handler = r.m.handlerByNode[e]
		r.marked(e)
	case *ast.Ident, *ast.SelectorExpr:
		id := IdentOf(e)
		switch obj := info.Uses[id].(type) {
		case *types.Func:
			r.servedBy(res, obj)
			r.marked(id)
		case *types.Var:
			if IsRouterType(obj.Type()) {
				res.Sub = r.routerOf(e)
			} else {
				r.servedBy(res, serveHTTPMethod(obj.Type()))
			}
		}
	case *ast.IndexExpr: // an instantiated generic handler, Generic[T]
		r.resolve(e.X, res)
	case *ast.IndexListExpr:
		r.resolve(e.X, res)
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			r.resolve(e.Args[0], res) // http.HandlerFunc(f)
			return
		}
		if t := info.TypeOf(e); t != nil && IsRouterType(t) {
			res.Sub = r.routerOf(e)
			return
		}
		if inner := r.m.HandlerArg(e, ExactHandlers); inner != nil {
			res.Middleware = append(res.Middleware, r.m.middleware(e))
			r.resolve(inner, res)
		}
	case *ast.CompositeLit, *ast.UnaryExpr:
		r.servedBy(res, serveHTTPMethod(info.TypeOf(e)))
	}
}

func (r resolver) marked(n ast.Node) {
	if r.mark != nil {
		r.mark(n)
	}
}

// servedBy records fn (a function, method or ServeHTTP method; may be nil)
// as what serves.
func (r resolver) servedBy(res *Resolution, fn *types.Func) {
	if fn != nil {
		res.Func = fn.Origin()
		res.Handler = r.m.handlerByFunc[res.Func]
	}
}

// resolveHandler finds what serves rt.
func (b *builder) resolveHandler(e ast.Expr, rt *Route) {
	res := Resolution{Middleware: rt.Middleware}
	resolver{m: b.m, routerOf: b.routerOf, mark: func(n ast.Node) { b.registered[n] = true }}.resolve(e, &res)
	rt.Handler, rt.Func, rt.Sub, rt.Middleware = res.Handler, res.Func, res.Sub, res.Middleware
}

// wrapper records a call that takes a router and returns a handler, such
// as cors.Handler(mux) or handlers.CORS(opts...)(r), as middleware around
// that router.
func (b *builder) wrapper(c callSite) {
	// A callee with no result or several, or whose one result is of a
	// basic type or is an error, returns no handler (IsHandlerValue is
	// false for each): most calls, known from the signature without
	// typing any argument.
	var result types.Type // the call's type, when the signature tells it
	if c.fn != nil {
		sig := c.fn.Signature()
		res := sig.Results()
		if res.Len() != 1 {
			return
		}
		if _, basic := res.At(0).Type().(*types.Basic); basic || res.At(0).Type() == errorType {
			return
		}
		if sig.TypeParams().Len() == 0 && sig.RecvTypeParams().Len() == 0 {
			result = res.At(0).Type() // not generic: the call has its result's type
		}
	}
	if result != nil && !b.handlerType(result) {
		// Known from the signature, with the answer for its type kept:
		// most calls return no handler, and their arguments need no
		// look-up.
		return
	}
	var routers []ast.Expr
	for _, arg := range c.call.Args {
		if t := b.pass.TypesInfo.TypeOf(arg); t != nil && IsRouterType(t) {
			routers = append(routers, arg)
		}
	}
	if routers == nil || !b.handlerType(b.pass.TypesInfo.TypeOf(c.call)) {
		return
	}
	for _, arg := range routers {
		router := b.routerOf(arg)
		router.Middleware = append([]Middleware{b.middleware(c.call)}, router.Middleware...)
	}
}

var errorType = types.Universe.Lookup("error").Type()

// handlerType reports whether a value of type t may be a wrapper's
// handler: IsHandlerValue (ExactHandlers) and not a router, kept by type.
func (b *builder) handlerType(t types.Type) bool {
	is, ok := b.handlerTypes[t]
	if !ok {
		is = IsHandlerValue(t, ExactHandlers) && !IsRouterType(t)
		b.handlerTypes[t] = is
	}
	return is
}

// middleware describes a wrapping call or a Use/With argument.
func (b *builder) middleware(e ast.Expr) Middleware { return b.m.middleware(e) }

func (m *Model) middleware(e ast.Expr) Middleware {
	return Middleware{Expr: e, Func: m.StaticFunc(e)}
}

// StaticFunc returns the function an expression calls or names, as a
// middleware value is made: the callee of a call (of the inner call, for
// f(opts)(h)), or a named function or method value; nil otherwise.
func (m *Model) StaticFunc(e ast.Expr) *types.Func {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(m.info, e).(*types.Func); ok {
			return fn.Origin()
		}
		return m.StaticFunc(e.Fun)
	case *ast.Ident, *ast.SelectorExpr:
		if fn, ok := m.info.Uses[IdentOf(e)].(*types.Func); ok {
			return fn.Origin()
		}
	}
	return nil
}

// IdentOf returns the identifier an identifier or selector names (x or
// pkg.x), or nil.
func IdentOf(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}
