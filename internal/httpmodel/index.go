package httpmodel

// This file publishes the model's indexes, so that analyzers ask the
// model which router an expression is or what a handler expression runs
// instead of building their own. Every method only reads: the model is
// complete when its analyzer returns, and analyzers share it.

import (
	"go/ast"
	"go/types"
	"slices"
)

// RouterOf returns the router the model bound to e: a variable,
// parameter or field that holds one (mux, s.router, pkg.Mux), or a call
// that makes or derives one (http.NewServeMux(), r.With(m), r.Route(p,
// fn), r.Group(fn), r.PathPrefix(p).Subrouter()). It returns nil for an
// expression the model never took for a router: one no registration,
// derivation or wrapper uses.
func (m *Model) RouterOf(e ast.Expr) *Router {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		return m.derived[call]
	}
	if id := IdentOf(e); id != nil {
		if obj := m.info.Uses[id]; obj != nil {
			return m.RouterOfVar(obj)
		}
	}
	return nil
}

// RouterOfVar returns the router bound to a variable, parameter (the
// router parameter of a chi Route or Group callback included) or field,
// or nil.
func (m *Model) RouterOfVar(obj types.Object) *Router { return m.routers[obj] }

// RoutersHeldBy returns the routers whose Var is obj, in the order of
// m.Routers. There is more than one when a chi callback serves several
// routers.
func (m *Model) RoutersHeldBy(obj types.Object) []*Router {
	var routers []*Router
	for _, r := range m.Routers {
		if r.Var != nil && r.Var == obj {
			routers = append(routers, r)
		}
	}
	return routers
}

// Derived returns the routers whose Parent is r: those chi's Route, Group
// and With and gorilla's Subrouter derive from it, and the routers
// mounted on it with chi's Mount.
func (m *Model) Derived(r *Router) []*Router {
	var derived []*Router
	for _, x := range m.Routers {
		if x.Parent == r && x != r {
			derived = append(derived, x)
		}
	}
	return derived
}

// RoutesBelow returns the routes registered on the routers, on routers
// derived from them and on routers mounted below them as a route's
// handler, in the order of m.Routes as a fixed point reaches them.
func (m *Model) RoutesBelow(routers []*Router) []*Route {
	in := map[*Router]bool{}
	for _, r := range routers {
		in[r] = true
	}
	var below []*Route
	done := map[*Route]bool{}
	for grew := true; grew; {
		grew = false
		for _, rt := range m.Routes {
			if done[rt] || !slices.ContainsFunc(rt.Router.Chain(), func(r *Router) bool { return in[r] }) {
				continue
			}
			done[rt] = true
			grew = true
			if rt.Sub != nil {
				in[rt.Sub] = true
			}
			below = append(below, rt)
		}
	}
	return below
}

// CallbackParam returns the router parameter of a chi Route or Group
// callback: of a function literal, or of a function or method declared in
// this package (f, s.routes); nil when the callback has not exactly one
// named parameter.
func (m *Model) CallbackParam(e ast.Expr) types.Object {
	var ftype *ast.FuncType
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		ftype = e.Type
	case *ast.Ident, *ast.SelectorExpr:
		if fn, ok := m.info.Uses[IdentOf(e)].(*types.Func); ok {
			if decl := m.graphs.DeclOf(fn); decl != nil {
				ftype = decl.Type
			}
		}
	}
	if ftype == nil || ftype.Params == nil || len(ftype.Params.List) != 1 || len(ftype.Params.List[0].Names) != 1 {
		return nil
	}
	return m.info.Defs[ftype.Params.List[0].Names[0]]
}

// ResolveHandler returns what serves the handler expression e, as the
// model resolves a route's handler: through http.HandlerFunc conversions,
// generic instantiations and middleware calls (a call with one handler
// argument) to a literal, a function or method, the ServeHTTP method of a
// concrete value, or a router (one the model knows, else Sub is nil).
func (m *Model) ResolveHandler(e ast.Expr) Resolution {
	var res Resolution
	resolver{m: m, routerOf: m.RouterOf}.resolve(e, &res)
	return res
}

// HandlerArgs returns the arguments of call that are handler values as
// match reads them.
func (m *Model) HandlerArgs(call *ast.CallExpr, match HandlerMatch) []ast.Expr {
	var args []ast.Expr
	for _, arg := range call.Args {
		if IsHandlerValue(m.info.TypeOf(arg), match) {
			args = append(args, arg)
		}
	}
	return args
}

// HandlerArg returns what a middleware call wraps: the one argument of a
// call returning a handler that is a handler value, as match reads both;
// nil if the call returns no handler or has not exactly one such
// argument.
func (m *Model) HandlerArg(call *ast.CallExpr, match HandlerMatch) ast.Expr {
	if !IsHandlerValue(m.info.TypeOf(call), match) {
		return nil
	}
	if args := m.HandlerArgs(call, match); len(args) == 1 {
		return args[0]
	}
	return nil
}

// ReceiverRoot follows a chain of method calls back to the receiver it
// starts from: r for r.Methods("PUT").Path(p), x for x.f().g().
func ReceiverRoot(e ast.Expr) ast.Expr {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return e
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return e
		}
		e = sel.X
	}
}
