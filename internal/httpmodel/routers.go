package httpmodel

// This file tells routers apart: by the variable, parameter or field
// holding one, or the call that makes or derives one (chi Route, Group
// and With, gorilla Subrouter).

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// routerOf returns the router an expression denotes, making one for a
// variable or call seen for the first time.
func (b *builder) routerOf(e ast.Expr) *Router {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		return b.routerFromCall(call)
	}
	var obj types.Object
	if id := IdentOf(e); id != nil {
		obj = b.pass.TypesInfo.Uses[id]
	}
	if obj == nil {
		return b.newRouter(b.pass.TypesInfo.TypeOf(e), nil, Unknown, e.Pos())
	}
	if r := b.routers[obj]; r != nil {
		return r
	}
	if IsDefaultServeMux(obj) {
		return b.defaultMux()
	}
	if init, ok := b.initOf(obj); ok {
		if call, ok := ast.Unparen(init).(*ast.CallExpr); ok {
			r := b.routerFromCall(call)
			if r.Var == nil {
				r.Var = obj
			}
			if obj.Exported() && obj.Parent() == obj.Pkg().Scope() {
				r.Origin = Unknown // other packages can register on it
			}
			b.routers[obj] = r
			return r
		}
	}
	r := b.newRouter(obj.Type(), obj, Unknown, obj.Pos())
	b.routers[obj] = r
	return r
}

func (b *builder) newRouter(t types.Type, obj types.Object, origin Origin, pos token.Pos) *Router {
	r := &Router{Kind: RouterKindOf(t, RouterValues), Var: obj, Origin: origin, Pos: pos}
	b.m.Routers = append(b.m.Routers, r)
	return r
}

// routerFromCall returns the router a call makes: a constructor's new
// router, a derived router, or an unknown one, the same for every look at
// the same call.
func (b *builder) routerFromCall(call *ast.CallExpr) *Router {
	if r := b.derived[call]; r != nil {
		return r
	}
	info := b.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	var r *Router
	switch {
	case fn == nil:
	case isConstructor(fn):
		r = b.newRouter(info.TypeOf(call), nil, Local, call.Pos())
	case isChi(fn) && fn.Signature().Recv() != nil:
		r = b.chiDerived(call, fn)
	case fn.Pkg() != nil && fn.Pkg().Path() == gorillaPath && fn.Name() == "Subrouter":
		r = b.gorillaSubrouter(call)
	}
	if r == nil {
		r = b.newRouter(info.TypeOf(call), nil, Unknown, call.Pos())
	}
	b.derived[call] = r
	return r
}

// chiDerived handles chi's With, Route and Group, which make a router from
// the receiver; Route and Group pass it to a callback, whose parameter is
// bound to it.
func (b *builder) chiDerived(call *ast.CallExpr, fn *types.Func) *Router {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	var callback ast.Expr
	switch {
	case fn.Name() == "With":
	case fn.Name() == "Route" && len(call.Args) == 2:
		callback = call.Args[1]
	case fn.Name() == "Group" && len(call.Args) == 1:
		callback = call.Args[0]
	default:
		return nil
	}
	parent := b.routerOf(sel.X)
	r := b.newRouter(b.pass.TypesInfo.TypeOf(call), nil, Derived, call.Pos())
	r.Kind, r.Parent = Chi, parent
	switch fn.Name() {
	case "With":
		for _, arg := range call.Args {
			r.Middleware = append(r.Middleware, b.middleware(arg))
		}
	case "Route":
		r.Prefix, _ = b.stringConst(call.Args[0])
	}
	b.derived[call] = r
	if param := b.callbackParam(callback); param != nil {
		if _, bound := b.routers[param]; bound {
			// A function used as the callback of several routers: its
			// routes cannot be placed on any one of them.
			b.routers[param] = b.newRouter(param.Type(), param, Unknown, param.Pos())
		} else {
			b.routers[param] = r
		}
	}
	return r
}

func (b *builder) callbackParam(e ast.Expr) types.Object { return b.m.CallbackParam(e) }

// gorillaSubrouter handles r.PathPrefix("/api").Host(...).Methods(...).Subrouter().
func (b *builder) gorillaSubrouter(call *ast.CallExpr) *Router {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	chain, root := inwardChain(sel.X)
	if root == nil {
		return nil
	}
	probe := &Route{}
	b.gorillaMatchers(probe, chain)
	r := b.newRouter(b.pass.TypesInfo.TypeOf(call), nil, Derived, call.Pos())
	r.Parent = b.routerOf(root)
	r.Prefix, r.Host, r.Methods = probe.Pattern, probe.Host, probe.Methods
	return r
}

func (b *builder) defaultMux() *Router {
	for obj, r := range b.routers {
		if IsDefaultServeMux(obj) {
			return r
		}
	}
	obj := b.m.HTTP.Scope().Lookup("DefaultServeMux")
	r := &Router{Kind: ServeMux, Var: obj, Origin: Unknown}
	b.m.Routers = append(b.m.Routers, r)
	b.routers[obj] = r
	return r
}
