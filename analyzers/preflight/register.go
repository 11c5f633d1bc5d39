package preflight

// This file handles routers passed to another package's function that
// registers routes on them (func Register(r *mux.Router), func
// Routes(r chi.Router), func Register(mux *http.ServeMux)). The
// function's package sees its routes but not the router: the caller may
// add an OPTIONS route or put middleware in front. So the function's
// package exports what it registers as a fact (*httpmodel.ParamRoutes)
// and the caller, which holds the rest of the router, decides: a route
// the function registers whose preflight the whole router refuses is
// reported at the call that passes the router. A router passed to such
// a function stays seen whole in the caller, with the function's OPTIONS
// routes and preflight-answering middleware counted.

import (
	"fmt"
	"go/ast"
	"go/types"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/httpmodel"
)

// A registerUse is a call that passes a router to another package's
// function with a ParamRoutes fact for that argument.
type registerUse struct {
	call *ast.CallExpr
	arg  ast.Expr
	fn   *types.Func
	fact *httpmodel.ParamRoutes
}

// registerUseOf returns the use when call passes arg to the router
// parameter of fn, a function of another package with a ParamRoutes
// fact; or nil.
func (c *checker) registerUseOf(call *ast.CallExpr, fn *types.Func, arg ast.Expr) *registerUse {
	if ru, ok := c.registerUses[arg]; ok {
		return ru
	}
	var ru *registerUse
	if fn.Pkg() != c.pass.Pkg && httpmodel.RouterKindOf(c.pass.TypesInfo.TypeOf(arg), httpmodel.RouterTypes) != 0 {
		var fact httpmodel.ParamRoutes
		if i := slices.Index(call.Args, arg); i >= 0 && c.pass.ImportObjectFact(fn, &fact) && fact.Param == i && !fn.Signature().Variadic() {
			ru = &registerUse{call: call, arg: arg, fn: fn, fact: &fact}
		}
	}
	c.registerUses[arg] = ru
	return ru
}

// noteRegisterUses records, for the traversal, the calls that pass a
// router to another package's registering function.
func (c *checker) noteRegisterUses(call *ast.CallExpr, fn *types.Func) {
	if fn.Pkg() == c.pass.Pkg || len(c.m.Routers) == 0 {
		return // the model makes a router of each router passed to another package
	}
	if !c.paramRouteFuncs[fn] {
		return // registerUseOf finds no use without the fact
	}
	for _, arg := range call.Args {
		if !httpmodel.IsRouterType(c.pass.TypesInfo.TypeOf(arg)) {
			continue
		}
		if ru := c.registerUseOf(call, fn, arg); ru != nil {
			c.passed = append(c.passed, ru)
		}
	}
}

// registrations returns the calls that pass root, or a router derived
// from it, to another package's registering function.
func (c *checker) registrations(root *httpmodel.Router) []*registerUse {
	if rus, ok := c.registered[root]; ok {
		return rus
	}
	var rus []*registerUse
	for _, ru := range c.passed {
		if r := c.m.RouterOf(ru.arg); r != nil && rootOf(r) == root {
			rus = append(rus, ru)
		}
	}
	c.registered[root] = rus
	return rus
}

// registeredAnswers reports whether a function that root is passed to
// registers something that may answer any preflight of a chi or
// gorilla/mux router (ServeMux patterns are routed one by one:
// servemuxOf adds them).
func (c *checker) registeredAnswers(root *httpmodel.Router) bool {
	for _, ru := range c.registrations(root) {
		if ru.fact.Answers || root.Kind != httpmodel.ServeMux && len(ru.fact.Options) > 0 {
			return true
		}
	}
	return false
}

// registeredOptions returns the OPTIONS-matching ServeMux patterns that
// functions register on r, and false when one cannot be parsed.
func (c *checker) registeredOptions(r *httpmodel.Router) ([]*muxPattern, bool) {
	var ps []*muxPattern
	for _, ru := range c.registrations(rootOf(r)) {
		if c.m.RouterOf(ru.arg) != r {
			continue
		}
		for _, s := range ru.fact.Options {
			p, err := httpmodel.ParsePattern(s)
			if err != nil {
				return nil, false
			}
			ps = append(ps, newMuxPattern(p, nil))
		}
	}
	return ps, true
}

// landed returns the routes a registering function's fact lists as they
// land on the router passed: with the router's prefix applied, less
// those that a route of this package (or OPTIONS patterns other
// functions register) answers. ok is false when the analyzer cannot
// tell: a router of another kind, or one restricted to some methods or
// hosts (a gorilla Subrouter of Methods or Host).
func (c *checker) landed(ru *registerUse) (routes []httpmodel.TableRoute, ok bool) {
	r := c.m.RouterOf(ru.arg)
	if r == nil || r.Kind != ru.fact.Kind {
		return nil, false
	}
	for _, x := range r.Chain() {
		if x.Methods != nil || x.Host != "" {
			return nil, false
		}
	}
	if r.Kind != httpmodel.ServeMux {
		if c.answersOptions(r, nil) {
			return nil, true // chi and gorilla/mux try every route: it may answer
		}
		if !c.chiPrefixesKnown(r) {
			return nil, false
		}
		prefix := r.FullPrefix()
		for _, rt := range ru.fact.Routes {
			if prefix != "" {
				rt.Path = joinPrefix(prefix, rt.Path)
				rt.Name = strings.Join(rt.Methods, ", ") + " " + rt.Path
			}
			routes = append(routes, rt)
		}
		return routes, true
	}
	sm := c.servemuxOf(r)
	if sm == nil {
		return nil, false
	}
	for _, rt := range ru.fact.Routes {
		p, err := httpmodel.ParsePattern(rt.Host + rt.Path)
		if err != nil {
			continue
		}
		host := rt.Host
		if host == "" {
			host = sm.freshHost()
		}
		if resp := sm.serve(http.MethodOptions, host, sm.sampleRequest(newMuxPattern(p, nil))); resp.pattern != nil {
			continue // a pattern of this package (or an OPTIONS one registered elsewhere) gets it
		}
		routes = append(routes, rt)
	}
	return routes, true
}

// A registerFinding is a route registered by another package's function
// on a router of this package, whose preflight the router refuses.
type registerFinding struct {
	ru     *registerUse
	route  httpmodel.TableRoute
	behind string // CORS middleware in front of the router, when that makes it a CORS route
}

// checkRegistrations decides the routes that other packages' functions
// register on the routers of this package that it sees whole.
func (c *checker) checkRegistrations() {
	for _, ru := range c.passed {
		r := c.m.RouterOf(ru.arg)
		if r == nil {
			continue
		}
		// The scope of the router passed: with the middleware of the
		// routers it is derived from (a chi Route's own Use runs
		// before its routing).
		sc := c.scopeOf(r)
		if !sc.visible || sc.answered {
			continue
		}
		routes, ok := c.landed(ru)
		if !ok {
			continue
		}
		behind := ""
		if sc.corsFront {
			behind = "the CORS middleware in front of the router"
		}
		for _, rt := range routes {
			if rt.CORS || behind != "" {
				c.registerFindings = append(c.registerFindings, &registerFinding{ru: ru, route: rt, behind: behind})
			}
		}
	}
}

// reportRegistrations reports the routes checkRegistrations found, at
// the call that passes the router: one finding per call, naming each
// route, with each registration as a related location.
func (c *checker) reportRegistrations() {
	var calls []*registerUse
	byCall := map[*registerUse][]*registerFinding{}
	for _, rf := range c.registerFindings {
		if byCall[rf.ru] == nil {
			calls = append(calls, rf.ru)
		}
		byCall[rf.ru] = append(byCall[rf.ru], rf)
	}
	for _, ru := range calls {
		rfs := byCall[ru]
		d := analysis.Diagnostic{Pos: ru.call.Pos(), End: ru.call.End(), Category: CategoryMissingOptionsRoute}
		registers := ru.fn.Pkg().Name() + "." + ru.fn.Name()
		const fix = "add an OPTIONS route for the path to this router or put middleware that answers preflights in front of it"
		if len(rfs) == 1 {
			rt := rfs[0].route
			d.Message = fmt.Sprintf("CORS route %q that %s registers (at %s) on the router passed here has no OPTIONS route: %s, and a browser's preflight gets %s, so the cross-origin %s is never sent; %s",
				rt.Name, registers, registeredAt(rt), corsReason(rfs[0]), rt.Gets, strings.Join(rt.Methods, " or "), fix)
		} else {
			var routes, methods []string
			for _, rf := range rfs {
				rt := rf.route
				routes = append(routes, fmt.Sprintf("%q (at %s: %s; its preflight gets %s)", rt.Name, registeredAt(rt), corsReason(rf), rt.Gets))
				for _, m := range rt.Methods {
					if !slices.Contains(methods, m) {
						methods = append(methods, m)
					}
				}
			}
			d.Message = fmt.Sprintf("CORS routes %s that %s registers on the router passed here have no OPTIONS route, so their cross-origin %s requests are never sent; %s",
				strings.Join(routes, ", "), registers, strings.Join(methods, " or "), strings.Replace(fix, "route for the path", "route for each path", 1))
		}
		for _, rf := range rfs {
			rt := rf.route
			if pos := c.positionIn(rt.File, rt.Line, rt.Column); pos.IsValid() {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("route %q is registered here", rt.Name)})
			}
		}
		c.m.Report(c.pass, d)
	}
}

// registeredAt spells where a route of a fact is registered:
// api/routes.go:12.
func registeredAt(rt httpmodel.TableRoute) string {
	return shortPath(rt.File) + fmt.Sprintf(":%d", rt.Line)
}

// corsReason says why a route registered by another package is a CORS
// route.
func corsReason(rf *registerFinding) string {
	if rf.route.CORS {
		return "its handler sets Access-Control-Allow-Origin"
	}
	return rf.behind + " makes it a CORS route but hands OPTIONS on"
}

// exportParamRoutes exports, for each exported function of the package
// with one router parameter whose every use it follows, the routes the
// function registers on it.
func (c *checker) exportParamRoutes() {
	if c.pass.Pkg.Name() == "main" {
		return
	}
	params := c.routerParams()
	for _, r := range c.m.Routers {
		p, ok := params[r.Var]
		if !ok || r.Parent != nil || r.Origin != httpmodel.Unknown || len(c.mounts[r]) > 0 {
			continue
		}
		switch r.Kind {
		case httpmodel.ServeMux, httpmodel.Chi, httpmodel.Gorilla:
		default:
			continue
		}
		if !c.componentClosed(r) {
			continue
		}
		fact := &httpmodel.ParamRoutes{Param: p.index, Kind: r.Kind}
		sc := scope{visible: true}
		for _, w := range c.frontMiddleware(r) {
			kind, cors := c.classify(w)
			sc.answered = sc.answered || kind != passes
			sc.corsFront = sc.corsFront || cors
		}
		fact.Answers = sc.answered || c.registeredAnswers(r)
		if r.Kind != httpmodel.ServeMux {
			fact.Answers = fact.Answers || c.answersOptions(r, nil)
		} else {
			for _, rt := range c.component(r) {
				if rt.Methods == nil || slices.Contains(rt.Methods, http.MethodOptions) || slices.Contains(rt.Methods, "?") {
					if rt.Mux == nil {
						fact.Answers = true // a pattern not known
						continue
					}
					fact.Options = append(fact.Options, rt.Pattern)
				}
			}
			for _, ru := range c.registrations(r) {
				fact.Options = append(fact.Options, ru.fact.Options...)
			}
		}
		if !fact.Answers {
			fact.Routes = c.refusedRoutes(r, sc)
			// Routes that functions of other packages register on the
			// parameter, passed on.
			for _, ru := range c.registrations(r) {
				if routes, ok := c.landed(ru); ok {
					fact.Routes = append(fact.Routes, routes...)
				} else {
					fact.Answers = true // not told: the caller must not take the router for seen whole
				}
			}
		}
		if fact.Answers {
			// Any preflight of the router may be answered: the rest
			// tells a caller nothing.
			fact.Routes, fact.Options = nil, nil
		}
		c.pass.ExportObjectFact(p.fn, fact)
	}
}

// A routerParam is the one router parameter of an exported function.
type routerParam struct {
	fn    *types.Func
	index int
}

// routerParams maps the router parameter of each exported function or
// method that has exactly one to its function.
func (c *checker) routerParams() map[types.Object]routerParam {
	params := map[types.Object]routerParam{}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || !decl.Name.IsExported() || decl.Body == nil {
				continue
			}
			fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if fn == nil || fn.Signature().Variadic() {
				continue
			}
			var found []routerParam
			var obj types.Object
			sig := fn.Signature()
			for i := range sig.Params().Len() {
				v := sig.Params().At(i)
				if httpmodel.RouterKindOf(v.Type(), httpmodel.RouterTypes) != 0 {
					found = append(found, routerParam{fn: fn, index: i})
					obj = v
				}
			}
			if len(found) == 1 && obj.Name() != "" && obj.Name() != "_" {
				params[obj] = found[0]
			}
		}
	}
	return params
}
