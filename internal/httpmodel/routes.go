package httpmodel

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"github.com/routevet/routevet/internal/code"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// Import paths of the routers the model knows.
const (
	chiPath     = "github.com/go-chi/chi/v5"
	chiPathV1   = "github.com/go-chi/chi" // chi before v5 has the same API
	gorillaPath = "github.com/gorilla/mux"
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

type callSite struct {
	cur  inspector.Cursor
	call *ast.CallExpr
	fn   *types.Func
	file *ast.File
}

type builder struct {
	pass       *analysis.Pass
	m          *Model
	calls      []callSite
	inits      map[types.Object]ast.Expr
	decls      map[*types.Func]*ast.FuncDecl
	routers    map[types.Object]*Router
	derived    map[*ast.CallExpr]*Router
	registered map[ast.Node]bool
}

func newBuilder(pass *analysis.Pass, m *Model) *builder {
	return &builder{
		pass:       pass,
		m:          m,
		inits:      map[types.Object]ast.Expr{},
		decls:      map[*types.Func]*ast.FuncDecl{},
		routers:    map[types.Object]*Router{},
		derived:    map[*ast.CallExpr]*Router{},
		registered: map[ast.Node]bool{},
	}
}

// scan is the model's single traversal: it records handlers, the calls that
// may register routes or wrap routers, and local variables' initial values.
func (b *builder) scan(in *inspector.Inspector) {
	var file *ast.File
	nodeTypes := []ast.Node{(*ast.File)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}
	for cur := range in.Root().Preorder(nodeTypes...) {
		switch n := cur.Node().(type) {
		case *ast.File:
			file = n
		case *ast.FuncDecl:
			b.addDecl(n)
			if fn, ok := b.pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
				b.decls[fn] = n
			}
		case *ast.FuncLit:
			b.addLit(n)
		case *ast.CallExpr:
			if fn, _ := typeutil.Callee(b.pass.TypesInfo, n).(*types.Func); fn != nil || isCallOfCall(n) {
				b.calls = append(b.calls, callSite{cur, n, fn, file})
			}
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
	if obj == nil || !isRouterType(obj.Type()) {
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
		switch {
		case c.fn == nil:
		case c.fn.Pkg() != nil && c.fn.Pkg().Path() == "net/http":
			b.netHTTP(c)
		case isChi(c.fn):
			b.chi(c)
		case c.fn.Pkg() != nil && c.fn.Pkg().Path() == gorillaPath:
			b.gorilla(c)
		default:
			b.configured(c)
		}
		b.wrapper(c)
	}
}

func isChi(fn *types.Func) bool {
	return fn.Pkg() != nil && (fn.Pkg().Path() == chiPath || fn.Pkg().Path() == chiPathV1)
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

// netHTTP records http.Handle/HandleFunc and (*http.ServeMux).Handle/HandleFunc.
func (b *builder) netHTTP(c callSite) {
	if (c.fn.Name() != "Handle" && c.fn.Name() != "HandleFunc") || len(c.call.Args) != 2 {
		return
	}
	var router *Router
	if recv := c.fn.Signature().Recv(); recv == nil {
		router = b.defaultMux()
	} else if sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr); ok {
		router = b.routerOf(sel.X)
	} else {
		return // a method expression: (*http.ServeMux).Handle(mux, ...)
	}
	rt := &Route{Call: c.call, Router: router}
	if s, ok := b.stringConst(c.call.Args[0]); ok {
		rt.Pattern, rt.PatternKnown = s, true
		if p := b.parseMuxPattern(s, c.file); p != nil {
			rt.Mux = p
			rt.Path, rt.Host, rt.Methods, rt.Subtree = p.Path(), p.Host, p.Methods(), p.Subtree
		}
	}
	b.addRoute(rt, c.call.Args[1])
}

// parseMuxPattern parses a ServeMux pattern with the rules of the file's
// Go version: before Go 1.22 a pattern is a plain path, with no method or
// wildcards.
func (b *builder) parseMuxPattern(s string, file *ast.File) *Pattern {
	if v := b.pass.TypesInfo.FileVersions[file]; v != "" && version.Compare(v, "go1.22") < 0 {
		i := strings.IndexByte(s, '/')
		if i < 0 {
			return nil
		}
		return &Pattern{Raw: s, Host: s[:i], Subtree: strings.HasSuffix(s, "/"), Segments: []Segment{{Literal: s[i:]}}}
	}
	p, err := ParsePattern(s)
	if err != nil {
		return nil
	}
	return p
}

// configured records calls to the registrars named in .routevet.yaml. A
// method's receiver is its router; a function's routers are told apart by
// nothing, so they share one router per function.
func (b *builder) configured(c callSite) {
	name := c.fn.Origin().FullName()
	for _, reg := range b.m.Config.Registrars {
		if reg.Func != name || max(reg.Pattern, reg.Handler) >= len(c.call.Args) || reg.Pattern < 0 || reg.Handler < 0 {
			continue
		}
		rt := &Route{Call: c.call}
		if sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr); ok && c.fn.Signature().Recv() != nil {
			rt.Router = b.routerOf(sel.X)
		} else {
			rt.Router = b.funcRouter(c.fn)
		}
		rt.Router.Kind = Custom
		for _, m := range reg.Methods {
			rt.Methods = append(rt.Methods, strings.ToUpper(m))
		}
		if s, ok := b.stringConst(c.call.Args[reg.Pattern]); ok {
			rt.Pattern, rt.PatternKnown, rt.Path = s, true, s
		}
		b.addRoute(rt, c.call.Args[reg.Handler])
		return
	}
}

// funcRouter returns the one router of a package-level registrar function.
func (b *builder) funcRouter(fn *types.Func) *Router {
	if r := b.routers[fn]; r != nil {
		return r
	}
	r := b.newRouter(nil, fn, Unknown, token.NoPos)
	b.routers[fn] = r
	return r
}

var chiMethods = map[string]string{
	"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
	"Head": "HEAD", "Options": "OPTIONS", "Connect": "CONNECT", "Trace": "TRACE",
}

// chi records chi's registrations, Mount and Use.
func (b *builder) chi(c callSite) {
	sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr)
	if !ok || c.fn.Signature().Recv() == nil {
		return
	}
	args := c.call.Args
	name := c.fn.Name()
	if name == "Use" {
		router := b.routerOf(sel.X)
		for _, arg := range args {
			router.Middleware = append(router.Middleware, b.middleware(arg))
		}
		return
	}
	rt := &Route{Call: c.call}
	switch {
	case chiMethods[name] != "" && len(args) == 2:
		rt.Methods = []string{chiMethods[name]}
	case (name == "Method" || name == "MethodFunc") && len(args) == 3:
		m, ok := b.stringConst(args[0])
		if !ok {
			return // unknown method: not guessed
		}
		rt.Methods = []string{strings.ToUpper(m)}
		args = args[1:]
	case (name == "Handle" || name == "HandleFunc" || name == "Mount") && len(args) == 2:
		rt.Subtree = name == "Mount"
	default:
		return
	}
	rt.Router = b.routerOf(sel.X)
	if s, ok := b.stringConst(args[0]); ok {
		if i := strings.IndexAny(s, " \t"); i >= 0 && name != "Mount" && rt.Methods == nil {
			// chi 5.1 and later: Handle("POST /items", h) is
			// Method("POST", "/items", h), as on a ServeMux. (Older
			// versions take it as a path with a space, which no one
			// registers.)
			rt.Methods = []string{strings.ToUpper(s[:i])}
			s = strings.TrimLeft(s[i+1:], " \t")
		}
		rt.Pattern, rt.PatternKnown = s, true
		rt.Subtree = rt.Subtree || strings.HasSuffix(s, "*")
	}
	b.addRoute(rt, args[1])
	if name == "Mount" && rt.Sub != nil && rt.Sub.Parent == nil && rt.Sub != rt.Router {
		rt.Sub.Parent, rt.Sub.Prefix = rt.Router, rt.Pattern
	}
}

// gorilla records gorilla/mux registrations: Router.Handle/HandleFunc and
// Route.Handler/HandlerFunc, with the matchers chained around them.
func (b *builder) gorilla(c callSite) {
	sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr)
	if !ok || c.fn.Signature().Recv() == nil {
		return
	}
	recvType := c.fn.Signature().Recv().Type()
	onRouter := code.IsPointerTo(recvType, gorillaPath, "Router")
	onRoute := code.IsPointerTo(recvType, gorillaPath, "Route")
	name := c.fn.Name()
	switch {
	case onRouter && name == "Use":
		router := b.routerOf(sel.X)
		for _, arg := range c.call.Args {
			router.Middleware = append(router.Middleware, b.middleware(arg))
		}
	case onRouter && (name == "Handle" || name == "HandleFunc") && len(c.call.Args) == 2:
		rt := &Route{Call: c.call, Router: b.routerOf(sel.X)}
		b.gorillaPath(rt, c.call.Args[0])
		b.gorillaMatchers(rt, outwardChain(c.cur))
		b.addRoute(rt, c.call.Args[1])
	case onRoute && (name == "Handler" || name == "HandlerFunc") && len(c.call.Args) == 1:
		rt := &Route{Call: c.call}
		chain, root := inwardChain(sel.X)
		if root == nil {
			return
		}
		rt.Router = b.routerOf(root)
		b.gorillaMatchers(rt, append(chain, outwardChain(c.cur)...))
		b.addRoute(rt, c.call.Args[0])
	}
}

// gorillaMatchers applies matcher calls (Path, PathPrefix, Methods, Host)
// chained on a gorilla route.
func (b *builder) gorillaMatchers(rt *Route, chain []*ast.CallExpr) {
	for _, call := range chain {
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		switch sel.Sel.Name {
		case "Path", "PathPrefix":
			if len(call.Args) == 1 {
				b.gorillaPath(rt, call.Args[0])
				rt.Subtree = sel.Sel.Name == "PathPrefix"
			}
		case "Methods":
			rt.Methods = b.methodList(call.Args)
		case "Host":
			if len(call.Args) == 1 {
				rt.Host, _ = b.stringConst(call.Args[0])
			}
		}
	}
}

// gorillaPath sets rt's pattern from the path expression e: a constant,
// or a package-level variable followed by constants.
func (b *builder) gorillaPath(rt *Route, e ast.Expr) {
	rt.Pattern, rt.PatternKnown, rt.PrefixVar, rt.PathExpr = "", false, nil, nil
	if s, ok := b.stringConst(e); ok {
		rt.Pattern, rt.PatternKnown = s, true
		return
	}
	whole := e
	var suffix []string
	for {
		bin, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok || bin.Op != token.ADD {
			break
		}
		s, ok := b.stringConst(bin.Y)
		if !ok {
			return
		}
		suffix = append([]string{s}, suffix...)
		e = bin.X
	}
	v, ok := b.pass.TypesInfo.Uses[IdentOf(e)].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return
	}
	if t, ok := v.Type().Underlying().(*types.Basic); !ok || t.Info()&types.IsString == 0 {
		return
	}
	rt.Pattern, rt.PrefixVar, rt.PathExpr = strings.Join(suffix, ""), v, whole
}

// methodList returns the constant methods of gorilla's Methods(...), or a
// single "?" when one is not constant, so the route is not taken to accept
// every method.
func (b *builder) methodList(args []ast.Expr) []string {
	methods := []string{}
	for _, arg := range args {
		m, ok := b.stringConst(arg)
		if !ok {
			return []string{"?"}
		}
		methods = append(methods, strings.ToUpper(m))
	}
	return methods
}

// outwardChain returns the method calls chained on the result of the call
// at cur: for r.HandleFunc(...).Methods("POST"), the Methods call.
func outwardChain(cur inspector.Cursor) []*ast.CallExpr {
	var chain []*ast.CallExpr
	for {
		sel, ok := cur.Parent().Node().(*ast.SelectorExpr)
		if !ok || sel.X != cur.Node() {
			return chain
		}
		call, ok := cur.Parent().Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != sel {
			return chain
		}
		chain = append(chain, call)
		cur = cur.Parent().Parent()
	}
}

// inwardChain follows r.Methods("POST").Path("/x") back to r, returning the
// matcher calls innermost first and the router expression.
func inwardChain(e ast.Expr) (chain []*ast.CallExpr, root ast.Expr) {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return chain, e
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, nil
		}
		chain = append([]*ast.CallExpr{call}, chain...)
		e = sel.X
		if sel.Sel.Name == "NewRoute" {
			return chain[1:], e
		}
	}
}

func (b *builder) addRoute(rt *Route, handler ast.Expr) {
	rt.HandlerExpr = handler
	if rt.Router.Kind == ServeMux && rt.Mux == nil {
		rt.Path = rt.Pattern
	}
	b.resolveHandler(handler, rt)
	b.m.Routes = append(b.m.Routes, rt)
}

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
	if isDefaultServeMux(obj) {
		return b.defaultMux()
	}
	if init, ok := b.inits[obj]; ok {
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
	r := &Router{Kind: routerKind(t), Var: obj, Origin: origin, Pos: pos}
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

func isConstructor(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "net/http.NewServeMux", chiPath + ".NewRouter", chiPath + ".NewMux",
		chiPathV1 + ".NewRouter", chiPathV1 + ".NewMux", gorillaPath + ".NewRouter":
		return true
	}
	return false
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

// callbackParam returns the router parameter of a chi Route or Group
// callback: a literal, or a function declared in this package.
func (b *builder) callbackParam(e ast.Expr) types.Object {
	var ftype *ast.FuncType
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		ftype = e.Type
	case *ast.Ident, *ast.SelectorExpr:
		if fn, ok := b.pass.TypesInfo.Uses[IdentOf(e)].(*types.Func); ok {
			if decl := b.decls[fn]; decl != nil {
				ftype = decl.Type
			}
		}
	}
	if ftype == nil || ftype.Params == nil || len(ftype.Params.List) != 1 || len(ftype.Params.List[0].Names) != 1 {
		return nil
	}
	return b.pass.TypesInfo.Defs[ftype.Params.List[0].Names[0]]
}

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
		if isDefaultServeMux(obj) {
			return r
		}
	}
	obj := b.m.HTTP.Scope().Lookup("DefaultServeMux")
	r := &Router{Kind: ServeMux, Var: obj, Origin: Unknown}
	b.m.Routers = append(b.m.Routers, r)
	b.routers[obj] = r
	return r
}

func isDefaultServeMux(obj types.Object) bool {
	return obj != nil && obj.Name() == "DefaultServeMux" && obj.Pkg() != nil && obj.Pkg().Path() == "net/http"
}

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

// stringConst returns the value of a constant string expression.
func (b *builder) stringConst(e ast.Expr) (string, bool) {
	tv, ok := b.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
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
