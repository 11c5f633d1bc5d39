package httpmodel

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// resolveHandler finds what serves rt: a handler in this package, a
// function elsewhere, or a router; through http.HandlerFunc conversions and
// middleware calls. A handler built by another function is left unknown.
func (b *builder) resolveHandler(e ast.Expr, rt *Route) {
	info := b.pass.TypesInfo
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.FuncLit:
		rt.Handler = b.m.handlerByNode[e]
		b.registered[e] = true
	case *ast.Ident, *ast.SelectorExpr:
		id := IdentOf(e)
		switch obj := info.Uses[id].(type) {
		case *types.Func:
			b.servedBy(rt, obj)
			b.registered[id] = true
		case *types.Var:
			if isRouterType(obj.Type()) {
				rt.Sub = b.routerOf(e)
			} else {
				b.servedBy(rt, serveHTTPMethod(obj.Type()))
			}
		}
	case *ast.IndexExpr: // an instantiated generic handler, Generic[T]
		b.resolveHandler(e.X, rt)
	case *ast.IndexListExpr:
		b.resolveHandler(e.X, rt)
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			b.resolveHandler(e.Args[0], rt) // http.HandlerFunc(f)
			return
		}
		if t := info.TypeOf(e); t != nil && isRouterType(t) {
			rt.Sub = b.routerOf(e)
			return
		}
		if inner := b.handlerArg(e); inner != nil {
			rt.Middleware = append(rt.Middleware, b.middleware(e))
			b.resolveHandler(inner, rt)
		}
	case *ast.CompositeLit, *ast.UnaryExpr:
		b.servedBy(rt, serveHTTPMethod(info.TypeOf(e)))
	}
}

// servedBy records fn (a function, method or ServeHTTP method; may be nil)
// as what serves rt.
func (b *builder) servedBy(rt *Route, fn *types.Func) {
	if fn != nil {
		rt.Func = fn.Origin()
		rt.Handler = b.m.handlerByFunc[rt.Func]
	}
}

// handlerArg returns the one argument of a call that is a handler, router
// or handler-shaped function, or nil if there is not exactly one.
func (b *builder) handlerArg(call *ast.CallExpr) ast.Expr {
	if !b.isHandlerValue(b.pass.TypesInfo.TypeOf(call)) {
		return nil
	}
	var found ast.Expr
	for _, arg := range call.Args {
		if b.isHandlerValue(b.pass.TypesInfo.TypeOf(arg)) {
			if found != nil {
				return nil
			}
			found = arg
		}
	}
	return found
}

// isHandlerValue reports whether a value of type t serves HTTP: it has a
// ServeHTTP method or the handler function shape.
func (b *builder) isHandlerValue(t types.Type) bool {
	if t == nil {
		return false
	}
	if sig, ok := t.Underlying().(*types.Signature); ok {
		_, _, ok := handlerParams(sig)
		return ok
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	_, _, ok = handlerParams(fn.Signature())
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

// wrapper records a call that takes a router and returns a handler, such
// as cors.Handler(mux) or handlers.CORS(opts...)(r), as middleware around
// that router.
func (b *builder) wrapper(c callSite) {
	if !b.isHandlerValue(b.pass.TypesInfo.TypeOf(c.call)) || isRouterType(b.pass.TypesInfo.TypeOf(c.call)) {
		return
	}
	for _, arg := range c.call.Args {
		if t := b.pass.TypesInfo.TypeOf(arg); t != nil && isRouterType(t) {
			router := b.routerOf(arg)
			router.Middleware = append([]Middleware{b.middleware(c.call)}, router.Middleware...)
		}
	}
}

// middleware describes a wrapping call or a Use/With argument.
func (b *builder) middleware(e ast.Expr) Middleware {
	return Middleware{Expr: e, Func: b.staticFunc(e)}
}

// staticFunc returns the function that makes a middleware value: the callee
// of a call (of the inner call, for f(opts)(h)), or a named function or
// method value.
func (b *builder) staticFunc(e ast.Expr) *types.Func {
	info := b.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok {
			return fn.Origin()
		}
		return b.staticFunc(e.Fun)
	case *ast.Ident, *ast.SelectorExpr:
		if fn, ok := info.Uses[IdentOf(e)].(*types.Func); ok {
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
