package httpmodel

// This file is the model's builder: its one traversal, then the
// registrations of every router, then what follows from them.

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/flow"
)

type callSite struct {
	call *ast.CallExpr
	fn   *types.Func
	file *ast.File
}

type builder struct {
	pass       *analysis.Pass
	m          *Model
	calls      []callSite
	inits      map[types.Object]ast.Expr // see initOf
	routers    map[types.Object]*Router
	derived    map[*ast.CallExpr]*Router
	registered map[ast.Node]bool
	syntax     *flow.Syntax
	// handlerTypes caches handlerType by type.
	handlerTypes map[types.Type]bool
	// chained maps a call to the method call made on its result (x.f()
	// to x.f().g()), built when first asked for (see outwardChain).
	chained map[*ast.CallExpr]*ast.CallExpr
}

func newBuilder(pass *analysis.Pass, m *Model) *builder {
	m.routers = map[types.Object]*Router{}
	m.derived = map[*ast.CallExpr]*Router{}
	return &builder{
		pass:       pass,
		m:          m,
		routers:    m.routers,
		derived:    m.derived,
		registered: map[ast.Node]bool{},

		handlerTypes: map[types.Type]bool{},
	}
}

// scan is the model's single traversal: it records handlers and the calls
// that may register routes or wrap routers (variables' initial values
// are found when first asked for, see initOf); and, for the analyzers,
// every call and type assertion.
func (b *builder) scan(syntax *flow.Syntax) {
	b.syntax = syntax
	var file *ast.File
	for _, sn := range syntax.Nodes() {
		switch n := sn.Node.(type) {
		case *ast.File:
			file = n
		case *ast.FuncDecl:
			b.addDecl(n)
		case *ast.FuncLit:
			b.addLit(n)
		case *ast.CallExpr:
			if fn, _ := sn.Callee.(*types.Func); fn != nil || isCallOfCall(n) {
				b.calls = append(b.calls, callSite{n, fn, file})
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil { // not a type switch's x.(type)
				b.m.assertions = append(b.m.assertions, n)
			}
		}
	}
}

// initOf returns the first value the package's syntax assigns to obj, a
// variable of a router type. The values are recorded on the first call:
// only a package that holds a router in a variable asks, and for the
// others, dependencies above all, looking up the object of every
// variable assigned cost a good part of the model. Only registrations
// ask, after the traversal, so the values are those it would have
// recorded.
func (b *builder) initOf(obj types.Object) (ast.Expr, bool) {
	if b.inits == nil {
		b.inits = map[types.Object]ast.Expr{}
		for _, sn := range b.syntax.Nodes() {
			switch n := sn.Node.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, lhs := range n.Lhs {
						b.recordInit(lhs, n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, name := range n.Names {
						b.recordInit(name, n.Values[i])
					}
				}
			}
		}
	}
	init, ok := b.inits[obj]
	return init, ok
}

func isCallOfCall(call *ast.CallExpr) bool {
	_, ok := ast.Unparen(call.Fun).(*ast.CallExpr)
	return ok
}

// recordInit remembers the first value assigned to a variable, so that
// a router held in it can be traced to how it was made.
func (b *builder) recordInit(lhs, rhs ast.Expr) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	obj := b.pass.TypesInfo.ObjectOf(id)
	if obj == nil || !IsRouterType(obj.Type()) {
		return
	}
	if _, seen := b.inits[obj]; !seen {
		b.inits[obj] = rhs
	}
}

// registrations turns the recorded calls into routes and router links.
// Routers derived through callbacks (chi Route and Group) are bound first,
// so registrations inside a callback declared earlier in the file still
// land on the derived router.
func (b *builder) registrations() {
	for _, c := range b.calls {
		if c.fn != nil && isChi(c.fn) && (c.fn.Name() == "Route" || c.fn.Name() == "Group") {
			b.routerOf(c.call)
		}
	}
	for _, c := range b.calls {
		if c.fn != nil {
			switch RouterPackage(c.fn.Pkg()) {
			case ServeMux:
				b.netHTTP(c)
			case Chi:
				b.chi(c)
			case Gorilla:
				b.gorilla(c)
			default:
				b.configured(c)
				b.passedRouters(c)
			}
		}
		b.wrapper(c)
	}
}

func (b *builder) finish() {
	for _, rt := range b.m.Routes {
		if rt.Router.Kind != ServeMux && rt.PatternKnown {
			rt.Path = joinPath(rt.Router.FullPrefix(), rt.Pattern)
		}
		if rt.Methods == nil {
			for _, r := range rt.Router.Chain() {
				if r.Methods != nil {
					rt.Methods = r.Methods
					break
				}
			}
		}
		if rt.Host == "" {
			for _, r := range rt.Router.Chain() {
				if r.Host != "" {
					rt.Host = r.Host
					break
				}
			}
		}
		if rt.Handler != nil {
			rt.Handler.Routes = append(rt.Handler.Routes, rt)
		}
	}
	b.markReferences()
}

func (b *builder) addRoute(rt *Route, handler ast.Expr) {
	rt.HandlerExpr = handler
	if rt.Router.Kind == ServeMux && rt.Mux == nil {
		rt.Path = rt.Pattern
	}
	b.resolveHandler(handler, rt)
	b.m.Routes = append(b.m.Routes, rt)
}

// stringConst returns the value of a constant string expression.
func (b *builder) stringConst(e ast.Expr) (string, bool) {
	tv, ok := b.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}
