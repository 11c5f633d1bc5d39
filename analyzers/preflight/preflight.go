package preflight

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

//go:embed doc.go
var doc string

// The diagnostic categories, one per kind of finding.
const (
	// CategoryMissingOptionsRoute: the router answers a CORS route's
	// preflight itself, with 405, 404 or a redirect.
	CategoryMissingOptionsRoute = "missing-options-route"
	// CategoryOptionsRejected: the preflight reaches a handler whose
	// method check answers it with an error.
	CategoryOptionsRejected = "options-rejected"
)

// Categories lists every category the analyzer reports.
var Categories = []string{CategoryMissingOptionsRoute, CategoryOptionsRejected}

// Analyzer reports CORS routes whose browser preflight (OPTIONS) request
// cannot succeed.
var Analyzer = &analysis.Analyzer{
	Name:       "preflight",
	Doc:        analyzerdoc.MustExtract(doc, "preflight"),
	URL:        "https://pkg.go.dev/github.com/routevet/routevet/analyzers/preflight",
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer, ctrlflow.Analyzer, inspect.Analyzer},
	FactTypes:  []analysis.Fact{new(corsFact)},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// A Result lists what the analyzer found in a package besides its
// findings; routevet's migration summary counts from it. The analyzer
// returns a nil *Result when the configuration disables it for the
// package: it did not look.
type Result struct {
	corsRoutes []token.Pos
}

// CORSRoutes returns the registration calls of the package's routes that
// the analyzer found to be CORS-enabled (their handler sets
// Access-Control-Allow-Origin, CORS middleware wraps them, or the
// configuration lists them) on a router it models, whether or not
// something answers their preflight. Routes for OPTIONS alone are not
// listed: they answer preflights.
func (r *Result) CORSRoutes() []token.Pos { return r.corsRoutes }

type checker struct {
	pass *analysis.Pass
	m    *httpmodel.Model
	cfgs *ctrlflow.CFGs

	decls    map[*types.Func]*ast.FuncDecl
	facts    map[*types.Func]*corsFact
	bodies   map[*ast.BlockStmt]*corsFact
	handlers map[*httpmodel.Handler]*handlerInfo

	// Found by the traversal.
	uses          map[types.Object][]inspector.Cursor // routers, handlers, package functions
	useArgs       map[ast.Expr]bool                   // arguments of chi and gorilla Use
	derivedCalls  map[token.Pos]inspector.Cursor      // chi With, Group, Route; gorilla Subrouter
	unknownPrefix map[token.Pos]bool                  // ... whose prefix or matchers are not constant
	routeCalls    map[*ast.CallExpr]*httpmodel.Route
	routeCursors  map[*ast.CallExpr]inspector.Cursor
	opaqueRecv    []ast.Expr // routers given a custom 405 handler or a method not constant
	// servesDefaultMux is set when the package serves DefaultServeMux
	// (a nil handler given to http.ListenAndServe or http.Server).
	servesDefaultMux bool

	// Derived from the model and the traversal.
	routerVars map[*httpmodel.Router][]types.Object
	opaque     map[*httpmodel.Router]bool
	mounts     map[*httpmodel.Router][]*httpmodel.Route // routes whose handler is the router

	flows   map[types.Object]*reach
	results map[*types.Func]*reach
	scopes  map[*httpmodel.Router]scope
	closed  map[*httpmodel.Router]bool
	muxes   map[*httpmodel.Router]*servemux

	missing  []*missingRoute
	rejected []*rejectedPreflight

	contents map[*token.File][]byte // source read for fixes; nil when unusable
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	if m.HTTP == nil {
		// No handler, helper or middleware without net/http: no facts
		// to export either.
		return new(Result), nil
	}
	c := &checker{
		pass:          pass,
		m:             m,
		cfgs:          pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		decls:         map[*types.Func]*ast.FuncDecl{},
		facts:         map[*types.Func]*corsFact{},
		bodies:        map[*ast.BlockStmt]*corsFact{},
		handlers:      map[*httpmodel.Handler]*handlerInfo{},
		uses:          map[types.Object][]inspector.Cursor{},
		useArgs:       map[ast.Expr]bool{},
		derivedCalls:  map[token.Pos]inspector.Cursor{},
		unknownPrefix: map[token.Pos]bool{},
		routeCalls:    map[*ast.CallExpr]*httpmodel.Route{},
		routeCursors:  map[*ast.CallExpr]inspector.Cursor{},
		routerVars:    map[*httpmodel.Router][]types.Object{},
		opaque:        map[*httpmodel.Router]bool{},
		mounts:        map[*httpmodel.Router][]*httpmodel.Route{},
		flows:         map[types.Object]*reach{},
		results:       map[*types.Func]*reach{},
		scopes:        map[*httpmodel.Router]scope{},
		closed:        map[*httpmodel.Router]bool{},
		muxes:         map[*httpmodel.Router]*servemux{},
		contents:      map[*token.File][]byte{},
	}
	for _, rt := range m.Routes {
		c.routeCalls[rt.Call] = rt
	}
	c.scan(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	c.exportFacts()
	if !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	c.bindRouters()
	res := new(Result)
	for _, rt := range m.Routes {
		if c.checkRoute(rt) {
			res.corsRoutes = append(res.corsRoutes, rt.Call.Pos())
		}
	}
	c.report()
	return res, nil
}

// scan is the analyzer's one traversal. It records function
// declarations, the uses of routers, handlers and functions (to follow
// where a router goes), and the calls that change what a router answers.
func (c *checker) scan(in *inspector.Inspector) {
	info := c.pass.TypesInfo
	nodes := []ast.Node{(*ast.FuncDecl)(nil), (*ast.Ident)(nil), (*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil)}
	for cur := range in.Root().Preorder(nodes...) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				c.decls[fn] = n
			}
		case *ast.Ident:
			switch obj := info.Uses[n].(type) {
			case *types.Var:
				if httpmodel.RouterKindOf(obj.Type(), httpmodel.RouterTypes) != 0 || httpmodel.IsHandlerValue(obj.Type(), httpmodel.HandlerShaped) {
					c.uses[obj] = append(c.uses[obj], cur)
				}
			case *types.Func:
				if obj.Pkg() == c.pass.Pkg {
					c.uses[obj] = append(c.uses[obj], cur)
				}
			}
		case *ast.CallExpr:
			c.scanCall(cur, n)
		case *ast.AssignStmt:
			// gorilla: r.MethodNotAllowedHandler = h
			for _, lhs := range n.Lhs {
				if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && sel.Sel.Name == "MethodNotAllowedHandler" && httpmodel.RouterKindOf(info.TypeOf(sel.X), httpmodel.RouterTypes) != 0 {
					c.opaqueRecv = append(c.opaqueRecv, sel.X)
				}
			}
		case *ast.CompositeLit:
			// http.Server{} with no Handler serves DefaultServeMux.
			if isServerType(info.TypeOf(n)) && !hasHandlerField(info, n) {
				c.servesDefaultMux = true
			}
		}
	}
}

func hasHandlerField(info *types.Info, lit *ast.CompositeLit) bool {
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Handler" {
				return !code.IsNil(info, kv.Value)
			}
		}
	}
	return false
}

func (c *checker) scanCall(cur inspector.Cursor, call *ast.CallExpr) {
	if c.routeCalls[call] != nil {
		c.routeCursors[call] = cur
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	switch {
	case isServing(fn) && len(call.Args) > 0:
		if code.IsNil(c.pass.TypesInfo, call.Args[len(call.Args)-1]) {
			c.servesDefaultMux = true
		}
	case sel == nil || fn.Signature().Recv() == nil || len(call.Args) == 0:
	case httpmodel.RouterPackage(fn.Pkg()) == httpmodel.Chi:
		switch fn.Name() {
		case "Use":
			for _, arg := range call.Args {
				c.useArgs[arg] = true
			}
		case "With", "Group":
			c.derivedCalls[call.Pos()] = cur
		case "Route":
			c.derivedCalls[call.Pos()] = cur
			if _, ok := c.stringConst(call.Args[0]); !ok {
				c.unknownPrefix[call.Pos()] = true
			}
		case "MethodNotAllowed":
			c.opaqueRecv = append(c.opaqueRecv, sel.X)
		case "Method", "MethodFunc":
			if _, ok := c.stringConst(call.Args[0]); !ok {
				c.opaqueRecv = append(c.opaqueRecv, sel.X)
			}
		}
	case httpmodel.RouterPackage(fn.Pkg()) == httpmodel.Gorilla:
		switch fn.Name() {
		case "Use":
			for _, arg := range call.Args {
				c.useArgs[arg] = true
			}
		case "Subrouter":
			c.derivedCalls[call.Pos()] = cur
			if !c.constantMatchers(sel.X) {
				c.unknownPrefix[call.Pos()] = true
			}
		}
	}
}

// constantMatchers reports whether the Path, PathPrefix and Host matchers
// chained in e (r.PathPrefix("/api").Host(h)) all have constant
// arguments.
func (c *checker) constantMatchers(e ast.Expr) bool {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		switch sel.Sel.Name {
		case "Path", "PathPrefix", "Host":
			for _, arg := range call.Args {
				if _, ok := c.stringConst(arg); !ok {
					return false
				}
			}
		}
		e = sel.X
	}
}

// exportFacts computes the fact of every exported function declared
// here, so packages that import this one see its CORS handlers, helpers
// and middleware. Other functions cannot be named elsewhere.
func (c *checker) exportFacts() {
	for fn, decl := range c.decls {
		if !fn.Exported() {
			continue
		}
		if f := c.declFact(fn, decl); !f.empty() {
			c.pass.ExportObjectFact(fn, f)
		}
	}
}

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
	in := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	return in.Root().FindNode(e)
}

// A missingRoute is a CORS route whose preflight the router refuses.
type missingRoute struct {
	route   *httpmodel.Route
	out     outcome
	cors    *corsRoute
	methods []string // the methods whose cross-origin requests fail
}

// A rejectedPreflight is a handler method check that answers the
// preflights of CORS routes with an error.
type rejectedPreflight struct {
	rj      *rejection
	routes  []*httpmodel.Route
	cors    []*corsRoute
	methods []string
}

// A corsRoute is why a route is a CORS route.
type corsRoute struct {
	fact *corsFact // what its handler does for CORS
	// behind describes CORS middleware that a refused preflight never
	// reaches, for the message.
	behind string
}

// checkRoute decides one route: is it a CORS route, and does its
// preflight fail? It records a failing preflight for the report.
func (c *checker) checkRoute(rt *httpmodel.Route) (isCORS bool) {
	switch rt.Router.Kind {
	case httpmodel.ServeMux, httpmodel.Chi, httpmodel.Gorilla:
	default:
		return false
	}
	if rt.Methods != nil && len(withoutOptions(rt.Methods)) == 0 {
		return false // an OPTIONS route answers preflights; it needs none
	}
	sc := c.scopeOf(rt.Router)
	cr := c.corsOf(rt, sc)
	if cr == nil {
		return false
	}
	if !sc.visible || sc.answered {
		return true
	}
	out := c.outcome(rt)
	switch out.kind {
	case refused:
		methods := withoutOptions(rt.Methods)
		if needsPreflight(methods, cr.fact) {
			c.missing = append(c.missing, &missingRoute{route: rt, out: out, cors: cr, methods: methods})
		}
	case rejected:
		methods := withoutOptions(rt.Methods)
		if rt.Methods == nil {
			methods = out.rj.accepted
		}
		if !needsPreflight(methods, cr.fact) {
			return true
		}
		for _, rp := range c.rejected {
			if rp.rj.stmt == out.rj.stmt {
				rp.routes = append(rp.routes, rt)
				rp.cors = append(rp.cors, cr)
				return true
			}
		}
		c.rejected = append(c.rejected, &rejectedPreflight{rj: out.rj, routes: []*httpmodel.Route{rt}, cors: []*corsRoute{cr}, methods: methods})
	}
	return true
}

func withoutOptions(methods []string) []string {
	var out []string
	for _, m := range methods {
		if m != http.MethodOptions {
			out = append(out, m)
		}
	}
	return out
}

// needsPreflight reports whether a browser preflights cross-origin
// requests with these methods to a handler that does what f says. GET,
// HEAD and a form POST can be sent without one; a handler that sets
// Access-Control-Allow-Methods or -Headers expects one anyway.
func needsPreflight(methods []string, f *corsFact) bool {
	if f.PreflightHeaders {
		return true
	}
	for _, m := range methods {
		switch m {
		case http.MethodGet, http.MethodHead:
		case http.MethodPost:
			if !f.ParsesForm {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// corsOf returns why rt is a CORS route, or nil if it is not: its
// handler sets Access-Control-Allow-Origin on some path (a handler that
// allows only some origins is still a CORS handler), the configuration
// lists it, or CORS middleware wraps it.
func (c *checker) corsOf(rt *httpmodel.Route, sc scope) *corsRoute {
	cr := &corsRoute{fact: &corsFact{}}
	enabled := false
	if hi := c.handlerOf(rt); hi != nil {
		cr.fact.merge(hi.fact)
		cr.fact.ParsesForm = hi.fact.ParsesForm
		enabled = hi.fact.enablesCORS()
	}
	if c.configured(rt) {
		enabled = true
	}
	const front = " (the CORS middleware in front of the router hands OPTIONS on)"
	for _, x := range rt.Router.Chain() {
		for _, w := range c.frontMiddleware(x) {
			if _, cors := c.classify(w); cors {
				enabled = true
				cr.behind = front
				c.mergeMiddleware(cr.fact, w)
			}
		}
	}
	if sc.corsFront && cr.behind == "" {
		// CORS middleware in front of an outer router.
		enabled = true
		cr.behind = front
		cr.fact.merge(&corsFact{SetsOrigin: true, Dynamic: true})
	}
	for _, w := range c.routeMiddleware(rt) {
		if _, cors := c.classify(w); cors {
			enabled = true
			cr.behind = c.behindText(rt, w)
			c.mergeMiddleware(cr.fact, w)
		}
	}
	if !enabled {
		return nil
	}
	return cr
}

// mergeMiddleware adds what CORS middleware sets to f: the origins of
// hand-written middleware; a CORS package's origins are not constants
// the analyzer reads.
func (c *checker) mergeMiddleware(f *corsFact, w wrap) {
	if g := c.factOf(w.fn); g.SetsOrigin {
		f.merge(g)
	} else if kind, _ := c.classify(w); kind == answers {
		f.merge(&corsFact{SetsOrigin: true, Dynamic: true})
	}
}

// behindText explains why CORS middleware w of a route does not see the
// route's preflight.
func (c *checker) behindText(rt *httpmodel.Route, w wrap) string {
	if slices.ContainsFunc(rt.Middleware, func(mw httpmodel.Middleware) bool { return mw.Expr == w.expr }) {
		return " and never reaches the CORS middleware around the handler"
	}
	if rt.Router.Kind == httpmodel.Gorilla {
		return " and never reaches the router's CORS middleware, which gorilla/mux runs only for matched routes"
	}
	return " and never reaches the CORS middleware of With or Group, which chi runs only for matched routes"
}

// configured reports whether .routevet.yaml lists rt as a CORS route:
// "POST /api/items", or a path for every method.
func (c *checker) configured(rt *httpmodel.Route) bool {
	for _, entry := range c.m.Config.CORS.Routes {
		method, path, found := strings.Cut(strings.TrimSpace(entry), " ")
		if !found {
			method, path = "", method
		}
		path = strings.TrimSpace(path)
		if entry == rt.Pattern || path == routePath(rt) && (method == "" || rt.Methods == nil || slices.Contains(rt.Methods, strings.ToUpper(method))) {
			return true
		}
	}
	return false
}

// routePath returns the path a route serves, with its host for a
// ServeMux pattern that has one; a path that starts with a variable
// shows it as <pkg.Var>.
func routePath(rt *httpmodel.Route) string {
	if rt.Mux != nil {
		return rt.Mux.Host + rt.Mux.Path()
	}
	if v := rt.PrefixVar; v != nil {
		return "<" + v.Pkg().Name() + "." + v.Name() + ">" + rt.Pattern
	}
	return rt.Path
}

// The kinds of outcome of a preflight.
const (
	answered = iota // something may answer it (or the analyzer cannot tell)
	refused         // the router answers with 405, 404 or a redirect
	rejected        // a handler's method check answers with an error
)

// An outcome is what a route's preflight gets.
type outcome struct {
	kind int
	// For refused: what the preflight gets, the methods the router has
	// for the path, and the hosts (of host patterns) whose own OPTIONS
	// routes do answer it.
	gets  string
	allow []string
	hosts []string
	// For rejected.
	rj *rejection
}

// outcome routes rt's preflight through its router.
func (c *checker) outcome(rt *httpmodel.Route) outcome {
	switch rt.Router.Kind {
	case httpmodel.ServeMux:
		return c.servemuxOutcome(rt)
	case httpmodel.Chi:
		return c.chiOutcome(rt)
	case httpmodel.Gorilla:
		return c.gorillaOutcome(rt)
	}
	return outcome{}
}

// servemuxOf returns the patterns of a ServeMux, or nil when one of its
// registrations has a pattern that is not a constant (or is invalid).
func (c *checker) servemuxOf(r *httpmodel.Router) *servemux {
	if sm, ok := c.muxes[r]; ok {
		return sm
	}
	sm := &servemux{}
	for _, rt := range c.m.Routes {
		if rt.Router != r {
			continue
		}
		p := rt.Mux
		if p != nil && !c.modernPatterns(rt.Call.Pos()) {
			// A file before Go 1.22 has plain paths; they mean the same
			// under Go 1.22's rules only if they hold no braces. One with
			// a space has a "host" no request has: it never matches.
			if strings.ContainsAny(p.Host, " \t") {
				continue
			}
			p, _ = httpmodel.ParsePattern(rt.Pattern)
			if p != nil && (p.Method != "" || strings.ContainsAny(rt.Pattern, "{}")) {
				p = nil
			}
		}
		if p == nil {
			sm = nil
			break
		}
		mp := newMuxPattern(p, rt)
		if slices.ContainsFunc(sm.patterns, mp.conflictsWith) {
			sm = nil // registering it panics: the mux never serves
			break
		}
		sm.patterns = append(sm.patterns, mp)
	}
	c.muxes[r] = sm
	return sm
}

// modernPatterns reports whether the file at pos uses Go 1.22 patterns.
func (c *checker) modernPatterns(pos token.Pos) bool {
	if f := code.FileOf(c.pass.Files, pos); f != nil {
		v := c.pass.TypesInfo.FileVersions[f]
		return v == "" || versionAtLeast(v, 22)
	}
	return true
}

// versionAtLeast reports whether a "go1.N[.M]" version is at least go1.minor.
func versionAtLeast(v string, minor int) bool {
	rest, ok := strings.CutPrefix(v, "go1.")
	if !ok {
		return true
	}
	n := 0
	for _, ch := range rest {
		if ch < '0' || ch > '9' {
			break
		}
		n = n*10 + int(ch-'0')
	}
	return n >= minor
}

func (c *checker) servemuxOutcome(rt *httpmodel.Route) outcome {
	sm := c.servemuxOf(rt.Router)
	if sm == nil {
		return outcome{}
	}
	var pp *muxPattern
	for _, p := range sm.patterns {
		if p.route == rt {
			pp = p
		}
	}
	if pp == nil {
		return outcome{}
	}
	host := pp.host
	if host == "" {
		host = sm.freshHost()
	}
	path := sm.sampleRequest(pp)
	resp := sm.serve(http.MethodOptions, host, path)
	if resp.pattern != nil {
		return c.reached(resp.pattern.route)
	}
	out := outcome{kind: refused, allow: sm.matchingMethods(host, cleanPath(path))}
	switch resp.status {
	case 405:
		out.gets = "405 with Allow: " + strings.Join(resp.allow, ", ")
	case 404:
		out.gets = "404 Not Found"
	case 307:
		out.gets = "a redirect to " + resp.location
		if resp.location == path+"/" {
			out.gets = "a redirect to " + rt.Mux.Path() + "/"
		}
	}
	if pp.host == "" {
		for _, p := range sm.patterns {
			if p.host != "" && !slices.Contains(out.hosts, p.host) && sm.serve(http.MethodOptions, p.host, path).pattern != nil {
				out.hosts = append(out.hosts, p.host)
			}
		}
	}
	return out
}

// chiOutcome looks for a route of rt's chi routing tree that answers
// OPTIONS for rt's path. chi tries every route whose pattern matches
// before answering 405, so any such route receives the preflight.
func (c *checker) chiOutcome(rt *httpmodel.Route) outcome {
	if !rt.PatternKnown || !c.chiPrefixesKnown(rt.Router) {
		return outcome{}
	}
	p := parseRouterPath(rt.Path)
	for _, q := range c.component(rootOf(rt.Router)) {
		qpath := q.Path
		if q.Methods != nil && !slices.Contains(q.Methods, http.MethodOptions) {
			continue
		}
		if !q.PatternKnown {
			return outcome{}
		}
		if q.Sub != nil && q.Sub.Kind == httpmodel.Chi {
			continue // a mounted chi router: its routes are in the tree
		}
		candidates := [][]pathSeg{parseRouterPath(qpath)}
		if q.Subtree && !strings.HasSuffix(qpath, "*") {
			// Mount(pattern, h) serves pattern, pattern/ and below.
			candidates = append(candidates, parseRouterPath(strings.TrimSuffix(qpath, "/")+"/*"))
		}
		for _, qs := range candidates {
			if pathMayMatch(qs, p) {
				return c.reached(q)
			}
		}
	}
	return outcome{kind: refused, gets: "405 Method Not Allowed"}
}

// chiPrefixesKnown reports whether every Mount on the way to r has a
// constant pattern (Route prefixes are checked with the scope).
func (c *checker) chiPrefixesKnown(r *httpmodel.Router) bool {
	for _, x := range r.Chain() {
		if x.Parent == nil || x.Origin == httpmodel.Derived {
			continue
		}
		for _, rt := range c.m.Routes {
			if rt.Sub == x && !rt.PatternKnown {
				return false
			}
		}
	}
	return true
}

// gorillaOutcome looks for a route of rt's gorilla router (and its
// subrouters) that matches rt's path for OPTIONS: gorilla/mux tries
// every route before answering 405.
func (c *checker) gorillaOutcome(rt *httpmodel.Route) outcome {
	path, ok := gorillaRoutePath(rt)
	if !ok || rt.Subtree || slices.Contains(rt.Methods, "?") {
		return outcome{}
	}
	p := parseRouterPath(path)
	for _, q := range c.component(rootOf(rt.Router)) {
		if q.Methods != nil && !slices.Contains(q.Methods, http.MethodOptions) && !slices.Contains(q.Methods, "?") {
			continue
		}
		qpath, ok := gorillaRoutePath(q)
		if slices.Contains(q.Methods, "?") || !ok || q.PrefixVar != rt.PrefixVar || q.Sub != nil {
			return outcome{} // it might answer
		}
		if q.Host != rt.Host && q.Host != "" {
			if rt.Host == "" || strings.Contains(q.Host+rt.Host, "{") {
				return outcome{} // it answers on some hosts
			}
			continue // another host
		}
		if q.Subtree && prefixMayMatch(qpath, p) || !q.Subtree && pathMayMatch(parseRouterPath(qpath), p) {
			return c.reached(q)
		}
	}
	return outcome{kind: refused, gets: "405 Method Not Allowed"}
}

// gorillaRoutePath returns the path of a gorilla route, for comparing it
// with others: its full path when constant; for a route of a router
// without a prefix whose path starts with a package-level variable, what
// follows the variable, behind a segment standing for it. Routes starting
// with the same variable then compare by what follows it, which decides
// whether they match the same requests whatever the variable holds.
func gorillaRoutePath(rt *httpmodel.Route) (string, bool) {
	switch {
	case rt.PatternKnown:
		return rt.Path, true
	case rt.PrefixVar != nil && rt.Router.Parent == nil && rt.Router.Prefix == "":
		return "/\x00" + rt.PrefixVar.Name() + "/" + rt.Pattern, true
	}
	return "", false
}

// reached is the outcome of a preflight handed to route q: what q's
// middleware and handler make of it.
func (c *checker) reached(q *httpmodel.Route) outcome {
	if q == nil || q.Sub != nil {
		return outcome{}
	}
	for _, w := range c.routeMiddleware(q) {
		if kind, _ := c.classify(w); kind != passes {
			return outcome{}
		}
	}
	hi := c.handlerOf(q)
	if hi == nil || hi.rejects == nil {
		return outcome{}
	}
	return outcome{kind: rejected, rj: hi.rejects}
}

// routeName names a route for messages: its pattern as a ServeMux
// pattern, "POST /api/items".
func routeName(rt *httpmodel.Route) string {
	if rt.Router.Kind == httpmodel.ServeMux {
		return rt.Pattern
	}
	methods := withoutOptions(rt.Methods)
	path := routePath(rt)
	if rt.Host != "" {
		path = rt.Host + path
	}
	if len(methods) == 0 {
		return path
	}
	return strings.Join(methods, ", ") + " " + path
}

// report reports the findings, each with its fix when one is safe.
func (c *checker) report() {
	plan := c.planFixes()
	for _, mr := range c.missing {
		rt := mr.route
		hosts := ""
		if len(mr.out.hosts) > 0 {
			hosts = " for hosts other than " + strings.Join(mr.out.hosts, ", ")
		}
		fix, reason := plan.missingFix(mr)
		c.m.Report(c.pass, analysis.Diagnostic{
			Pos:      rt.Call.Pos(),
			End:      rt.Call.End(),
			Category: CategoryMissingOptionsRoute,
			Message: fmt.Sprintf("CORS route %q has no OPTIONS route%s: a browser's preflight gets %s%s, so the cross-origin %s is never sent; add an OPTIONS route for the path%s",
				routeName(rt), hosts, mr.out.gets, mr.cors.behind, strings.Join(mr.methods, " or "), reason),
			SuggestedFixes: fix,
		})
	}
	for _, rp := range c.rejected {
		rj := rp.rj
		name := "a handler"
		if rj.handler.Func != nil {
			name = rj.handler.Name()
		}
		what := "its method check rejects OPTIONS"
		todo := "answer OPTIONS before the check"
		if _, ok := rj.stmt.(*ast.SwitchStmt); ok {
			what = "its switch on the method has no OPTIONS case"
			todo = "add an OPTIONS case"
		}
		fix, reason := plan.rejectedFix(rp)
		c.m.Report(c.pass, analysis.Diagnostic{
			Pos:      rj.stmt.Pos(),
			End:      rj.stmt.Pos() + token.Pos(len(stmtKeyword(rj.stmt))),
			Category: CategoryOptionsRejected,
			Message: fmt.Sprintf("CORS handler %s answers a browser's preflight for %q with %d: %s, so the cross-origin %s is never sent; %s%s",
				name, routeName(rp.routes[0]), rj.status, what, strings.Join(rp.methods, " or "), todo, reason),
			SuggestedFixes: fix,
		})
	}
}

func stmtKeyword(stmt ast.Stmt) string {
	if _, ok := stmt.(*ast.SwitchStmt); ok {
		return "switch"
	}
	return "if"
}
