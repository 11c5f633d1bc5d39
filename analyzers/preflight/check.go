package preflight

// This file decides each route: is it a CORS route, does its preflight
// fail, and how; and reports the findings.

import (
	"fmt"
	"go/ast"
	"go/token"
	"net/http"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
	"golang.org/x/tools/go/analysis"
)

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
	fact *effects.CORS // what its handler does for CORS
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
func needsPreflight(methods []string, f *effects.CORS) bool {
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
	cr := &corsRoute{fact: &effects.CORS{}}
	enabled := false
	if hi := c.handlerOf(rt); hi != nil {
		cr.fact.Merge(hi.fact)
		cr.fact.ParsesForm = hi.fact.ParsesForm
		enabled = hi.fact.EnablesCORS()
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
		cr.fact.Merge(&effects.CORS{SetsOrigin: true, Dynamic: true})
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
func (c *checker) mergeMiddleware(f *effects.CORS, w wrap) {
	if g := c.effects.CORSOf(w.fn); g.SetsOrigin {
		f.Merge(g)
	} else if kind, _ := c.classify(w); kind == answers {
		f.Merge(&effects.CORS{SetsOrigin: true, Dynamic: true})
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
			Related:        c.rejectedPath(rp, name),
		})
	}
}

func stmtKeyword(stmt ast.Stmt) string {
	if _, ok := stmt.(*ast.SwitchStmt); ok {
		return "switch"
	}
	return "if"
}

// rejectedPath returns the steps of a rejected preflight before the
// method check, as report/paths.go has them: the registration of the
// route the message names, then the handler the preflight reaches when
// it is declared apart from the registration.
func (c *checker) rejectedPath(rp *rejectedPreflight, name string) []analysis.RelatedInformation {
	rt := rp.routes[0]
	steps := []analysis.RelatedInformation{{
		Pos: rt.Call.Pos(), End: rt.Call.End(),
		Message: fmt.Sprintf("route %q is registered here; its preflight reaches the handler", routeName(rt)),
	}}
	if h := rp.rj.handler; h.Func != nil && h.Decl != nil {
		steps = append(steps, analysis.RelatedInformation{
			Pos: h.Decl.Name.Pos(), End: h.Decl.Name.End(),
			Message: fmt.Sprintf("handler %s runs for the preflight", name),
		})
	}
	return steps
}
