package preflight

// This file binds the model's routers to the variables that hold them
// and decides what the analyzer sees of the requests that reach a router:
// whether it sees the router whole (flow.go follows the variables), and
// which middleware runs before routing and after a route matched.

import (
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"slices"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"golang.org/x/tools/go/ast/inspector"
)

// bindRouters maps routers to the variables that hold them, and to the
// routes they are mounted as the handler of.
func (c *checker) bindRouters() {
	info := c.pass.TypesInfo
	add := func(r *httpmodel.Router, e ast.Expr) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return
		}
		if obj, ok := info.Uses[id].(*types.Var); ok && !slices.Contains(c.routerVars[r], types.Object(obj)) {
			c.routerVars[r] = append(c.routerVars[r], obj)
		}
	}
	byExpr := map[ast.Expr]*httpmodel.Router{} // Use arguments
	byPos := map[token.Pos][]*httpmodel.Router{}
	for _, r := range c.m.Routers {
		if r.Var != nil {
			if obj, ok := r.Var.(*types.Var); ok {
				c.routerVars[r] = append(c.routerVars[r], obj)
			}
		}
		for _, mw := range r.Middleware {
			byExpr[mw.Expr] = r
		}
		if r.Origin == httpmodel.Derived {
			byPos[r.Pos] = append(byPos[r.Pos], r)
		}
	}
	for _, rt := range c.m.Routes {
		if sel, ok := ast.Unparen(rt.Call.Fun).(*ast.SelectorExpr); ok {
			x := sel.X
			if rt.Router.Kind == httpmodel.Gorilla {
				x = httpmodel.ReceiverRoot(x) // r.Methods("PUT").Path(p).HandlerFunc(h)
			}
			add(rt.Router, x)
		}
		if rt.Sub != nil && rootOf(rt.Sub) != rootOf(rt.Router) && rt.Sub.Parent == nil {
			c.mounts[rt.Sub] = append(c.mounts[rt.Sub], rt)
		}
	}
	for pos, cur := range c.derivedCalls {
		routers := byPos[pos]
		if len(routers) != 1 {
			for _, r := range routers {
				c.opaque[r] = true // two derived routers at one position: not told apart
			}
			continue
		}
		call := cur.Node().(*ast.CallExpr)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Route" || sel.Sel.Name == "Group") && len(call.Args) > 0 {
			if param := c.m.CallbackParam(call.Args[len(call.Args)-1]); param != nil {
				c.routerVars[routers[0]] = append(c.routerVars[routers[0]], param)
			}
		}
	}
	for expr := range c.useArgs {
		if r := byExpr[expr]; r != nil {
			if cur, ok := c.cursorOf(expr); ok {
				if call, ok := cur.Parent().Node().(*ast.CallExpr); ok {
					if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
						add(r, sel.X)
					}
				}
			}
		}
	}
	for _, recv := range c.opaqueRecv {
		found := false
		if id, ok := ast.Unparen(httpmodel.ReceiverRoot(recv)).(*ast.Ident); ok {
			for r, vars := range c.routerVars {
				if slices.Contains(vars, info.Uses[id]) {
					c.opaque[r], found = true, true
				}
			}
		}
		if !found {
			// A router the analyzer cannot name: no router of its kind
			// is taken to be seen whole.
			for _, r := range c.m.Routers {
				if kind := httpmodel.RouterKindOf(info.TypeOf(recv), httpmodel.RouterTypes); kind != 0 && kind == r.Kind {
					c.opaque[r] = true
				}
			}
		}
	}
}

// cursorOf finds the cursor of an expression recorded by the traversal.
func (c *checker) cursorOf(e ast.Expr) (inspector.Cursor, bool) {
	in := c.pass.ResultOf[flow.Analyzer].(*flow.Graphs).Inspector()
	return code.FindNode(in.Root(), e)
}

// A middlewareKind says what a middleware does with a preflight request.
type middlewareKind int

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
	f := c.effects.CORSOf(fn)
	switch {
	case f.Preflight:
		// It tests for OPTIONS: CORS middleware, unless the origin it
		// sets depends on the path.
		return answers, !f.OriginByPath
	case f.Chains:
		return unknown, f.EnablesCORS()
	}
	return passes, f.EnablesCORS()
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
	// leaves lists the exported functions through which the router
	// leaves the package, for the message.
	leaves []*types.Func
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
	// Another package's function that root is passed to may register
	// routes that answer any preflight (register.go).
	s := scope{visible: true, leaves: c.exits(root), answered: c.registeredAnswers(root)}
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
		s.leaves = append(s.leaves, o.leaves...)
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

// exits returns the exported functions through which root, or a router
// derived from it, leaves the package.
func (c *checker) exits(root *httpmodel.Router) []*types.Func {
	var fns []*types.Func
	add := func(f *reach) {
		for _, fn := range f.leaves {
			if !slices.Contains(fns, fn) {
				fns = append(fns, fn)
			}
		}
	}
	for _, r := range c.m.Routers {
		if rootOf(r) != root {
			continue
		}
		for _, obj := range c.routerVars[r] {
			add(c.objectFlow(obj))
		}
		if cur, found := c.derivedCalls[r.Pos]; found && r.Origin == httpmodel.Derived {
			f := &reach{ok: true}
			c.valueFlow(cur, f, true)
			add(f)
		}
	}
	return fns
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
