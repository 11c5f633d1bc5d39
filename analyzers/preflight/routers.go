package preflight

import (
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// This file decides, for a router, whether the analyzer sees everything
// that can answer a request to it: every registration, and every
// middleware in front of it. A router is visible when it was made in
// this package (or is DefaultServeMux in package main) and every use of
// every variable holding it, or a router derived from it, is one the
// analyzer follows: a method call, a wrapper call whose result is used
// the same way, a serving call (http.ListenAndServe, http.Server's
// Handler, httptest.NewServer), a registration mounting it on another
// router, or a return from an unexported function whose calls are all
// used that way. Anything else (an argument to another function, a
// field, a global) might register an OPTIONS route or wrap the router in
// CORS middleware, and its routes get no findings.

// A middlewareKind says what a middleware does with a preflight request.
type middlewareKind int

const (
	passes  middlewareKind = iota // hands it on
	answers                       // may answer it (a CORS package, or code that tests for OPTIONS)
	unknown                       // its code is not known
)

// A wrap is a middleware in front of a router or handler.
type wrap struct {
	expr ast.Expr
	fn   *types.Func
}

// classify says what a middleware does with a preflight, and whether it
// is CORS middleware (so the routes behind it are CORS routes).
func (c *checker) classify(w wrap) (kind middlewareKind, cors bool) {
	if call, ok := ast.Unparen(w.expr).(*ast.CallExpr); ok {
		if tv, ok := c.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
			return passes, false // a conversion, http.Handler(mux)
		}
	}
	fn := w.fn
	if fn == nil {
		return unknown, false
	}
	if fn.Pkg() != nil {
		path := fn.Pkg().Path()
		switch {
		case path == "github.com/rs/cors", path == "github.com/go-chi/cors",
			path == "github.com/gorilla/handlers" && fn.Name() == "CORS":
			return answers, true
		case httpmodel.RouterPackage(fn.Pkg()) == httpmodel.Gorilla && fn.Name() == "CORSMethodMiddleware":
			// It only sets Access-Control-Allow-Methods on routes that
			// already match OPTIONS (gorilla/mux middleware.go).
			return passes, true
		}
	}
	if slices.Contains(c.m.Config.CORS.Middleware, fn.FullName()) {
		return answers, true
	}
	f := c.factOf(fn)
	switch {
	case f.Preflight:
		// It tests for OPTIONS: CORS middleware, unless the origin it
		// sets depends on the path.
		return answers, !f.OriginByPath
	case f.Chains:
		return unknown, f.enablesCORS()
	}
	return passes, f.enablesCORS()
}

// A reach is where a router value goes: whether every use is followed,
// and the wrapper calls it passes through on the way to being served.
type reach struct {
	ok       bool
	wrappers []wrap
}

// objectFlow follows every use of a variable holding a router (or a
// handler made from one).
func (c *checker) objectFlow(obj types.Object) *reach {
	if f, ok := c.flows[obj]; ok {
		return f
	}
	f := &reach{ok: true}
	c.flows[obj] = f // a cycle sees what is known so far
	for _, cur := range c.uses[obj] {
		if !f.ok {
			break
		}
		c.valueFlow(cur, f, true)
	}
	return f
}

// valueFlow follows the value of the expression at cur. method is set
// when cur may be the receiver of a method call (it is a router).
func (c *checker) valueFlow(cur inspector.Cursor, f *reach, method bool) {
	info := c.pass.TypesInfo
	child := cur.Node()
	for {
		if _, ok := cur.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		cur = cur.Parent()
		child = cur.Node()
	}
	parent := cur.Parent()
	switch p := parent.Node().(type) {
	case *ast.SelectorExpr:
		call, ok := parent.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != p || !method && p.Sel.Name != "ServeHTTP" {
			f.ok = false // a method value, or a field
		}
	case *ast.CallExpr:
		c.argFlow(parent, p, child.(ast.Expr), f)
	case *ast.KeyValueExpr:
		// &http.Server{Handler: mux}
		key, _ := p.Key.(*ast.Ident)
		lit, ok := parent.Parent().Node().(*ast.CompositeLit)
		if !ok || key == nil || key.Name != "Handler" || !isServerType(info.TypeOf(lit)) {
			f.ok = false
		}
	case *ast.ReturnStmt:
		c.returnFlow(parent, f)
	case *ast.AssignStmt:
		c.assignFlow(p, child.(ast.Expr), f)
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == child && len(p.Names) == len(p.Values) {
				c.localFlow(info.Defs[p.Names[i]], f)
				return
			}
		}
		f.ok = false
	case *ast.ExprStmt:
		// A derived router made and dropped: r.Route("/api", fn).
	default:
		f.ok = false
	}
}

// argFlow follows a value passed to a call.
func (c *checker) argFlow(cur inspector.Cursor, call *ast.CallExpr, arg ast.Expr, f *reach) {
	info := c.pass.TypesInfo
	if call.Fun == arg {
		f.ok = false
		return
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		c.valueFlow(cur, f, false) // a conversion passes the value on
		return
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	switch {
	case fn != nil && isServing(fn):
		return
	case fn != nil && httpmodel.RouterPackage(fn.Pkg()) == httpmodel.Gorilla && fn.Name() == "CORSMethodMiddleware":
		return // reads the routes, registers none
	case c.routeCalls[call] != nil:
		return // mounted on another router, which is followed itself
	case httpmodel.IsHandlerValue(info.TypeOf(call), httpmodel.HandlerShaped) && onlyHandlerArg(c.m.HandlerArgs(call, httpmodel.HandlerShaped), arg):
		f.wrappers = append(f.wrappers, wrap{expr: call, fn: c.m.StaticFunc(call)})
		c.valueFlow(cur, f, false)
		return
	}
	f.ok = false
}

// onlyHandlerArg reports whether arg is the one argument of a call that
// serves HTTP, given those that do: no other is.
func onlyHandlerArg(handlerArgs []ast.Expr, arg ast.Expr) bool {
	return len(handlerArgs) == 0 || len(handlerArgs) == 1 && handlerArgs[0] == arg
}

// isServerType reports whether t is http.Server or *http.Server.
func isServerType(t types.Type) bool {
	return code.IsNamed(t, "net/http", "Server") || code.IsPointerTo(t, "net/http", "Server")
}

// isServing reports whether fn serves a handler and does nothing else
// with it.
func isServing(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "net/http.ListenAndServe", "net/http.ListenAndServeTLS", "net/http.Serve", "net/http.ServeTLS",
		"net/http/httptest.NewServer", "net/http/httptest.NewTLSServer", "net/http/httptest.NewUnstartedServer":
		return true
	}
	return false
}

// returnFlow follows a value returned by an unexported function (or any
// function of package main) to every call of that function.
func (c *checker) returnFlow(cur inspector.Cursor, f *reach) {
	var decl *ast.FuncDecl
	ok := false
	for encl := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		decl, ok = encl.Node().(*ast.FuncDecl)
		break
	}
	if !ok {
		f.ok = false
		return
	}
	fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if fn == nil || fn.Exported() && c.pass.Pkg.Name() != "main" {
		f.ok = false
		return
	}
	g := c.callFlow(fn)
	f.ok = f.ok && g.ok
	f.wrappers = append(f.wrappers, g.wrappers...)
}

// callFlow follows the results of every call of fn.
func (c *checker) callFlow(fn *types.Func) *reach {
	if g, ok := c.results[fn]; ok {
		return g
	}
	g := &reach{ok: true}
	c.results[fn] = g // a recursive call sees what is known so far
	for _, use := range c.uses[fn] {
		// f(...), or x.f(...) for a method.
		callee := use
		if sel, ok := use.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == use.Node() {
			callee = use.Parent()
		}
		call, ok := callee.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != callee.Node() {
			g.ok = false
			break
		}
		c.valueFlow(callee.Parent(), g, false)
		if !g.ok {
			break
		}
	}
	return g
}

// assignFlow follows x := value and var x = value to the uses of x, for
// a local x assigned nothing else.
func (c *checker) assignFlow(assign *ast.AssignStmt, value ast.Expr, f *reach) {
	for i, rhs := range assign.Rhs {
		if rhs != value || len(assign.Lhs) != len(assign.Rhs) {
			continue
		}
		if id, ok := assign.Lhs[i].(*ast.Ident); ok && assign.Tok == token.DEFINE {
			c.localFlow(c.pass.TypesInfo.Defs[id], f)
			return
		}
	}
	f.ok = false
}

// localFlow follows the uses of a local variable given a router value,
// unless it is ever assigned again.
func (c *checker) localFlow(obj types.Object, f *reach) {
	if obj == nil || obj.Parent() == c.pass.Pkg.Scope() {
		f.ok = false
		return
	}
	if httpmodel.RouterKindOf(obj.Type(), httpmodel.RouterTypes) != 0 {
		return // a router variable, followed as one of the router's
	}
	g := c.objectFlow(obj)
	f.ok = f.ok && g.ok
	f.wrappers = append(f.wrappers, g.wrappers...)
}

// A scope is what the analyzer knows of the requests that reach a
// router: whether it sees everything that can answer them, and whether
// a middleware in front of the router's routing may answer preflights.
type scope struct {
	visible  bool
	answered bool
	// corsFront is set when CORS middleware runs before routing but
	// does not answer preflights itself: the routes are CORS routes.
	corsFront bool
}

// scopeOf returns the scope of the routes of r.
func (c *checker) scopeOf(r *httpmodel.Router) scope {
	if s, ok := c.scopes[r]; ok {
		return s
	}
	c.scopes[r] = scope{} // a cycle of mounts is not visible
	s := c.computeScope(r)
	c.scopes[r] = s
	return s
}

func (c *checker) computeScope(r *httpmodel.Router) scope {
	chain := r.Chain()
	root := chain[len(chain)-1]
	if !c.rootVisible(root) || !c.componentClosed(root) {
		return scope{}
	}
	s := scope{visible: true}
	for _, x := range chain {
		for _, w := range c.frontMiddleware(x) {
			kind, cors := c.classify(w)
			s.answered = s.answered || kind != passes
			s.corsFront = s.corsFront || cors
		}
	}
	// A router mounted on another one (a ServeMux or gorilla router as
	// the handler of a route) is reached through that router.
	for _, outer := range c.mounts[root] {
		if outer.Methods != nil && !slices.Contains(outer.Methods, http.MethodOptions) {
			return scope{} // the outer router answers OPTIONS itself
		}
		o := c.scopeOf(outer.Router)
		if !o.visible || c.answersOptions(outer.Router, outer) {
			return scope{}
		}
		s.answered = s.answered || o.answered
		s.corsFront = s.corsFront || o.corsFront
		for _, w := range c.routeMiddleware(outer) {
			kind, cors := c.classify(w)
			s.answered = s.answered || kind != passes
			s.corsFront = s.corsFront || cors
		}
	}
	return s
}

// rootVisible reports whether a router with no parent was made here.
func (c *checker) rootVisible(root *httpmodel.Router) bool {
	switch {
	case root.Kind != httpmodel.ServeMux && root.Kind != httpmodel.Chi && root.Kind != httpmodel.Gorilla:
		return false
	case root.Origin == httpmodel.Local:
		return true
	case root.Origin == httpmodel.Unknown && httpmodel.IsDefaultServeMux(root.Var):
		// Other packages register on DefaultServeMux only for their own
		// paths; a main package that serves it is where it is used.
		return c.pass.Pkg.Name() == "main" && c.servesDefaultMux
	}
	return false
}

// componentClosed reports whether every router derived from root, and
// every variable holding one, is used only in ways the analyzer follows.
func (c *checker) componentClosed(root *httpmodel.Router) bool {
	if v, ok := c.closed[root]; ok {
		return v
	}
	ok := !c.opaque[root]
	for _, r := range c.m.Routers {
		if !ok {
			break
		}
		if chain := r.Chain(); chain[len(chain)-1] != root {
			continue
		}
		ok = !c.opaque[r] && !c.unknownPrefix[r.Pos]
		for _, obj := range c.routerVars[r] {
			ok = ok && c.objectFlow(obj).ok
		}
		if cur, found := c.derivedCalls[r.Pos]; found && r.Origin == httpmodel.Derived && ok {
			f := &reach{ok: true}
			c.valueFlow(cur, f, true)
			ok = f.ok
		}
	}
	c.closed[root] = ok
	return ok
}

// frontMiddleware returns what runs before router x routes a request:
// calls wrapping it (found by following its variables) and, for a chi
// router that is not inline (not made by With or Group), its Use
// middleware. gorilla/mux runs Use middleware only after a route
// matched, and chi runs an inline router's only for its own routes.
func (c *checker) frontMiddleware(x *httpmodel.Router) []wrap {
	var ws []wrap
	seen := map[ast.Expr]bool{}
	for _, obj := range c.routerVars[x] {
		for _, w := range c.objectFlow(obj).wrappers {
			if !seen[w.expr] {
				seen[w.expr] = true
				ws = append(ws, w)
			}
		}
	}
	for _, mw := range x.Middleware {
		if seen[mw.Expr] {
			continue
		}
		afterRouting := c.inline(x) || x.Kind == httpmodel.Gorilla && c.useArgs[mw.Expr]
		if !afterRouting {
			seen[mw.Expr] = true
			ws = append(ws, wrap{expr: mw.Expr, fn: mw.Func})
		}
	}
	return ws
}

// routeMiddleware returns what runs once a request matched rt: the
// wrappers around its handler, the Use middleware of its gorilla router
// and the middleware of the inline chi routers it was registered on.
func (c *checker) routeMiddleware(rt *httpmodel.Route) []wrap {
	var ws []wrap
	for _, mw := range rt.Middleware {
		ws = append(ws, wrap{expr: mw.Expr, fn: mw.Func})
	}
	for _, x := range rt.Router.Chain() {
		if x.Kind == httpmodel.Gorilla || c.inline(x) {
			for _, mw := range x.Middleware {
				if c.useArgs[mw.Expr] || c.inline(x) {
					ws = append(ws, wrap{expr: mw.Expr, fn: mw.Func})
				}
			}
		}
		if x.Kind == httpmodel.Chi && !c.inline(x) {
			break // a real chi Mux: its Use middleware ran before routing
		}
	}
	return ws
}

// inline reports whether x is a chi router made by With or Group, which
// shares its parent's routing tree.
func (c *checker) inline(x *httpmodel.Router) bool {
	if x.Kind != httpmodel.Chi || x.Origin != httpmodel.Derived {
		return false
	}
	call, ok := c.derivedCalls[x.Pos]
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Node().(*ast.CallExpr).Fun).(*ast.SelectorExpr)
	return ok && (sel.Sel.Name == "With" || sel.Sel.Name == "Group")
}

// component returns the routes registered on root and every router
// derived from it.
func (c *checker) component(root *httpmodel.Router) []*httpmodel.Route {
	var routes []*httpmodel.Route
	for _, rt := range c.m.Routes {
		if chain := rt.Router.Chain(); chain[len(chain)-1] == root {
			routes = append(routes, rt)
		}
	}
	return routes
}

func rootOf(r *httpmodel.Router) *httpmodel.Router {
	chain := r.Chain()
	return chain[len(chain)-1]
}

// answersOptions reports whether a router other than through route
// except may answer OPTIONS for some path: a route registered for
// OPTIONS explicitly.
func (c *checker) answersOptions(r *httpmodel.Router, except *httpmodel.Route) bool {
	for _, rt := range c.component(rootOf(r)) {
		if rt != except && (slices.Contains(rt.Methods, http.MethodOptions) || slices.Contains(rt.Methods, "?")) {
			return true
		}
	}
	return false
}

// A pathSeg is one segment of a chi or gorilla route pattern.
type pathSeg struct {
	lit   string
	param bool // {name}: any non-empty segment
	maybe bool // a regexp parameter, or a segment mixing text and parameters
	rest  bool // chi's trailing *: anything, including nothing
}

// parseRouterPath splits a chi or gorilla pattern into segments. A
// trailing slash is an empty last segment.
func parseRouterPath(p string) []pathSeg {
	p = strings.TrimPrefix(p, "/")
	var segs []pathSeg
	for s := range strings.SplitSeq(p, "/") {
		switch {
		case s == "*":
			segs = append(segs, pathSeg{rest: true})
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && strings.Count(s, "{") == 1:
			if strings.Contains(s, ":") {
				segs = append(segs, pathSeg{maybe: true})
			} else {
				segs = append(segs, pathSeg{param: true})
			}
		case strings.ContainsAny(s, "{*"):
			segs = append(segs, pathSeg{maybe: true})
		default:
			segs = append(segs, pathSeg{lit: s})
		}
	}
	return segs
}

// pathMayMatch reports whether a route pattern q may match the requests
// of pattern p that stand for all of them: p's parameters taken as a
// value no literal of q has. Unsure segments (regexps, mixed segments)
// count as matching, so a possible OPTIONS route is never missed.
func pathMayMatch(q, p []pathSeg) bool {
	for i, ps := range p {
		if i >= len(q) {
			return false
		}
		qs := q[i]
		switch {
		case qs.rest:
			return true
		case ps.rest:
			// p's sample request has one more segment here.
			return (qs.param || qs.maybe) && (len(q) == i+1 || q[i+1].rest) || qs.maybe
		case qs.maybe:
		case qs.param:
			if !ps.param && !ps.maybe && ps.lit == "" {
				return false // a parameter matches no empty segment
			}
		case ps.param || ps.maybe:
			return false // a literal does not match p's sample value
		case qs.lit != ps.lit:
			return false
		}
	}
	return len(q) == len(p)
}

// prefixMayMatch reports whether a gorilla PathPrefix template may match
// a request of pattern p.
func prefixMayMatch(prefix string, p []pathSeg) bool {
	if strings.Contains(prefix, "{") {
		return true
	}
	var b strings.Builder
	for _, s := range p {
		b.WriteByte('/')
		switch {
		case s.param, s.maybe, s.rest:
			b.WriteString("x")
		default:
			b.WriteString(s.lit)
		}
	}
	return strings.HasPrefix(b.String(), prefix)
}
