package httpmodel

// This file follows a handler expression to every function it may run,
// deeper than ResolveHandler: into constructors declared in this package,
// through the values assigned to variables, and into every route of a
// router. An analyzer that must know what code a handler runs (edgeruntime)
// asks it; ResolveHandler answers what the model records for a route.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// A Target is a function a handler expression may run.
type Target struct {
	// Lit is a function literal of this package, or Func a function or
	// method of any package (never an interface method).
	Lit  *ast.FuncLit
	Func *types.Func
	// At is the expression that makes it a handler.
	At ast.Expr
	// Route is the route it serves, when it was found through a router.
	Route *Route
}

// A Follow says how far HandlerTargets follows and what it reads as a
// handler or a router.
type Follow struct {
	// Handlers decides which argument of a call returning a handler is
	// the handler it wraps (middleware(h)).
	Handlers HandlerMatch
	// Routers decides which values are routers: followed through their
	// routes, never into their ServeHTTP.
	Routers RouterMatch
	// Stop, if set, reports the functions whose calls are not followed
	// (a platform's own entry points, fsthttp.Adapt(h)).
	Stop func(*types.Func) bool
}

// maxFollow bounds how far a handler expression is followed through
// constructors, conversions and variables.
const maxFollow = 4

// HandlerTargets calls add with each function the handler expression e
// may run: literals, functions and method values, the ServeHTTP methods of
// concrete values, the handler of every route registered on a router the
// model knows, through conversions, middleware calls, constructors
// declared in this package and the values assigned to variables. body is
// the body of the function e is written in, whose assignments to local
// variables are followed; nil outside a function. Anything else (an
// interface value from elsewhere) is left alone.
func (m *Model) HandlerTargets(e ast.Expr, body *ast.BlockStmt, follow Follow, add func(Target)) {
	t := targets{m: m, follow: follow, add: add, seen: map[any]bool{}}
	t.resolve(e, body, 0)
}

// RouteTargets calls add with the handler of every route registered on
// the routers, on routers derived from them and on routers mounted below
// them (Target.Route set), following a handler the model did not resolve
// as HandlerTargets does.
func (m *Model) RouteTargets(routers []*Router, follow Follow, add func(Target)) {
	for _, rt := range m.RoutesBelow(routers) {
		at := rt.HandlerExpr
		switch {
		case rt.Sub != nil:
			// A router mounted below: RoutesBelow lists its routes.
		case rt.Handler != nil && rt.Handler.Decl != nil:
			if rt.Handler.Body != nil {
				add(Target{Func: rt.Handler.Func, At: at, Route: rt})
			}
		case rt.Handler != nil:
			add(Target{Lit: rt.Handler.Lit, At: at, Route: rt})
		case rt.Func != nil:
			add(Target{Func: rt.Func, At: at, Route: rt})
		default:
			t := targets{m: m, follow: follow, add: func(t Target) { t.Route = rt; add(t) }, seen: map[any]bool{}}
			t.resolve(rt.HandlerExpr, m.enclosingBody(rt.Call.Pos()), 0)
		}
	}
}

type targets struct {
	m      *Model
	follow Follow
	add    func(Target)
	seen   map[any]bool // constructors' declarations and variables followed
}

func (t *targets) resolve(e ast.Expr, body *ast.BlockStmt, depth int) {
	info := t.m.info
	if e == nil || depth > maxFollow {
		return
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.FuncLit:
		t.add(Target{Lit: x, At: x})
	case *ast.IndexExpr: // Generic[T]
		t.resolve(x.X, body, depth+1)
	case *ast.IndexListExpr:
		t.resolve(x.X, body, depth+1)
	case *ast.Ident, *ast.SelectorExpr:
		switch obj := info.Uses[IdentOf(x)].(type) {
		case *types.Func:
			if sel, ok := x.(*ast.SelectorExpr); ok && obj.Name() == "ServeHTTP" && info.Selections[sel] != nil {
				t.resolve(sel.X, body, depth+1) // mux.ServeHTTP: the mux
				return
			}
			t.function(obj.Origin(), e)
		case *types.Var:
			t.variable(obj, e, body, depth)
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
			if len(x.Args) == 1 { // http.HandlerFunc(f)
				t.resolve(x.Args[0], body, depth+1)
			}
			return
		}
		fn := typeutil.StaticCallee(info, x)
		var decl *ast.FuncDecl
		if fn != nil {
			fn = fn.Origin()
			if t.follow.Stop != nil && t.follow.Stop(fn) {
				return
			}
			if decl = t.m.funcBody(fn); decl != nil && !t.seen[decl] {
				t.seen[decl] = true
				t.returns(decl.Body, depth)
			}
		}
		if inner := t.m.HandlerArg(x, t.follow.Handlers); inner != nil { // middleware(h)
			t.resolve(inner, body, depth+1)
		}
		if decl == nil {
			t.concrete(info.TypeOf(x), e)
		}
	case *ast.CompositeLit, *ast.UnaryExpr:
		t.concrete(info.TypeOf(x), e)
	}
}

// funcBody returns the declaration of fn when it is declared, with a
// body, in this package.
func (m *Model) funcBody(fn *types.Func) *ast.FuncDecl {
	if decl := m.graphs.DeclOf(fn); decl != nil && decl.Body != nil {
		return decl
	}
	return nil
}

// enclosingBody returns the body of the declared function that holds pos,
// or nil.
func (m *Model) enclosingBody(pos token.Pos) *ast.BlockStmt {
	for _, decl := range m.graphs.Decls() {
		if decl.Body != nil && decl.Body.Pos() <= pos && pos < decl.Body.End() {
			return decl.Body
		}
	}
	return nil
}

// function adds fn, a function or method value; an interface method is
// not followed.
func (t *targets) function(fn *types.Func, at ast.Expr) {
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return
	}
	t.add(Target{Func: fn, At: at})
}

// concrete adds the ServeHTTP method of a concrete handler type.
func (t *targets) concrete(typ types.Type, at ast.Expr) {
	if typ == nil || types.IsInterface(typ) || RouterKindOf(typ, t.follow.Routers) != 0 {
		return
	}
	obj, _, _ := types.LookupFieldOrMethod(typ, true, nil, "ServeHTTP")
	if fn, ok := obj.(*types.Func); ok {
		t.function(fn.Origin(), at)
	}
}

// variable follows a variable: a router's routes, a concrete handler's
// ServeHTTP, or the values assigned to it in this package.
func (t *targets) variable(v *types.Var, at ast.Expr, body *ast.BlockStmt, depth int) {
	if t.seen[v] {
		return
	}
	t.seen[v] = true
	if routers := t.m.RoutersHeldBy(v); len(routers) > 0 {
		t.m.RouteTargets(routers, t.follow, t.add)
		return
	}
	if RouterKindOf(v.Type(), t.follow.Routers) != 0 {
		return // a router the model saw nothing registered on
	}
	if !types.IsInterface(v.Type()) {
		if _, isFunc := v.Type().Underlying().(*types.Signature); !isFunc {
			t.concrete(v.Type(), at)
			return
		}
	}
	if v.IsField() || v.Kind() == types.ParamVar || v.Kind() == types.RecvVar {
		return
	}
	var scope []ast.Node
	switch {
	case v.Kind() == types.LocalVar && body != nil:
		scope = []ast.Node{body}
	case v.Kind() == types.PackageVar && v.Pkg() == t.m.pkg:
		for _, f := range t.m.files {
			scope = append(scope, f)
		}
	}
	info := t.m.info
	for _, s := range scope {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, lhs := range n.Lhs {
						if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(id) == v {
							t.resolve(n.Rhs[i], body, depth+1)
						}
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, name := range n.Names {
						if info.Defs[name] == v {
							t.resolve(n.Values[i], body, depth+1)
						}
					}
				}
			}
			return true
		})
	}
}

// returns follows the values a constructor of this package returns.
func (t *targets) returns(body *ast.BlockStmt, depth int) {
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, res := range x.Results {
				t.resolve(res, body, depth+1)
			}
		}
		return true
	})
}
