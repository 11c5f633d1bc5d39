package preflight

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/flow"
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
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer, effects.Analyzer, flow.Analyzer},
	FactTypes:  []analysis.Fact{new(httpmodel.RouteTable), new(httpmodel.ParamRoutes)},
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
// something answers their preflight; and, for the routes of another
// package's router that this package's CORS middleware makes CORS
// routes and whose preflight fails, the wrapping expression reported.
// Routes for OPTIONS alone are not listed: they answer preflights.
func (r *Result) CORSRoutes() []token.Pos { return r.corsRoutes }

type checker struct {
	pass *analysis.Pass
	m    *httpmodel.Model
	// What functions do for CORS, from the effects model.
	effects *effects.Result
	cfgs    *flow.Graphs

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

	tableCalls     []*tableCall     // calls of other packages' router constructors
	callerFindings []*callerFinding // ... whose routes this package makes CORS routes

	registerUses     map[ast.Expr]*registerUse            // routers passed to other packages' Register functions
	passed           []*registerUse                       // ... in the order of the traversal
	registered       map[*httpmodel.Router][]*registerUse // ... by root router
	registerFindings []*registerFinding                   // ... whose routes' preflights the router refuses

	missing  []*missingRoute
	rejected []*rejectedPreflight

	contents map[*token.File][]byte // source read for fixes; nil when unusable

	// The functions of other packages with a RouteTable fact and with a
	// ParamRoutes fact (factFuncs), for the traversal.
	tableFuncs, paramRouteFuncs map[types.Object]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	if m.HTTP == nil {
		// No handler, helper or middleware without net/http: no facts
		// to export either.
		return new(Result), nil
	}
	tables, params := factFuncs(pass)
	if len(m.Routers) == 0 && len(m.Routes) == 0 && !callsRouteTables(m, tables) {
		// Most packages that import net/http, dependencies above all,
		// make no router and call no function whose router leaves its
		// package: nothing to check, no fact to export, and the
		// traversal below is most of what the analyzer costs.
		if !m.Enabled(pass.Analyzer.Name, Categories...) {
			return nil, nil
		}
		return new(Result), nil
	}
	c := &checker{
		pass:          pass,
		m:             m,
		effects:       pass.ResultOf[effects.Analyzer].(*effects.Result),
		cfgs:          pass.ResultOf[flow.Analyzer].(*flow.Graphs),
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
		registerUses:  map[ast.Expr]*registerUse{},
		registered:    map[*httpmodel.Router][]*registerUse{},
		contents:      map[*token.File][]byte{},
	}
	for _, rt := range m.Routes {
		c.routeCalls[rt.Call] = rt
	}
	c.tableFuncs, c.paramRouteFuncs = tables, params
	c.scan(pass.ResultOf[flow.Analyzer].(*flow.Graphs).Inspector())
	c.bindRouters()
	// Callers in other packages read the route tables whether or not
	// the configuration disables the analyzer here.
	c.exportTables()
	c.exportParamRoutes()
	if !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	res := new(Result)
	for _, rt := range m.Routes {
		if c.checkRoute(rt) {
			res.corsRoutes = append(res.corsRoutes, rt.Call.Pos())
		}
	}
	c.checkTableCalls()
	for _, cf := range c.callerFindings {
		res.corsRoutes = append(res.corsRoutes, cf.at.Pos())
	}
	c.checkRegistrations()
	for _, rf := range c.registerFindings {
		res.corsRoutes = append(res.corsRoutes, rf.ru.call.Pos())
	}
	c.report()
	c.reportCallers()
	c.reportRegistrations()
	return res, nil
}

// callsRouteTables reports whether the package calls a function of
// another package with a route table (see noteTableCall), one of tables.
func callsRouteTables(m *httpmodel.Model, tables map[types.Object]bool) bool {
	if len(tables) == 0 {
		return false
	}
	for _, fn := range m.Calls() {
		if tables[fn] {
			return true
		}
	}
	return false
}

// factFuncs returns the functions of other packages with a RouteTable
// fact and those with a ParamRoutes fact: the traversal asks, for every
// call, whether its callee has one, and few have.
func factFuncs(pass *analysis.Pass) (tables, params map[types.Object]bool) {
	tables, params = map[types.Object]bool{}, map[types.Object]bool{}
	for _, f := range pass.AllObjectFacts() {
		switch f.Fact.(type) {
		case *httpmodel.RouteTable:
			tables[f.Object] = true
		case *httpmodel.ParamRoutes:
			params[f.Object] = true
		}
	}
	return tables, params
}

// scan is the analyzer's one traversal. It records the uses of routers,
// handlers and functions (to follow where a router goes), and the calls
// that change what a router answers.
func (c *checker) scan(in *inspector.Inspector) {
	info := c.pass.TypesInfo
	// followed caches, by variable, whether its uses are recorded: a
	// variable is used many times, and asking whether its type is a
	// handler looks up a method set.
	followed := map[*types.Var]bool{}
	nodes := []ast.Node{(*ast.Ident)(nil), (*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil)}
	for cur := range in.Root().Preorder(nodes...) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			switch obj := info.Uses[n].(type) {
			case *types.Var:
				follow, known := followed[obj]
				if !known {
					follow = httpmodel.RouterKindOf(obj.Type(), httpmodel.RouterTypes) != 0 || httpmodel.IsHandlerValue(obj.Type(), httpmodel.HandlerShaped)
					followed[obj] = follow
				}
				if follow {
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
	c.noteTableCall(cur, call, fn)
	c.noteRegisterUses(call, fn)
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
			if _, ok := code.StringConst(c.pass.TypesInfo, call.Args[0]); !ok {
				c.unknownPrefix[call.Pos()] = true
			}
		case "MethodNotAllowed":
			c.opaqueRecv = append(c.opaqueRecv, sel.X)
		case "Method", "MethodFunc":
			if _, ok := code.StringConst(c.pass.TypesInfo, call.Args[0]); !ok {
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
				if _, ok := code.StringConst(c.pass.TypesInfo, arg); !ok {
					return false
				}
			}
		}
		e = sel.X
	}
}
