package preflight

// This file handles routers that leave their package through an exported
// function (an api package's NewHandler, Routes or Router): it exports
// their route tables as facts (*httpmodel.RouteTable) for the packages
// that serve them. Its routes that are CORS routes in their own package
// are reported there, at their registration, by the ordinary checks;
// callers.go reports those that a caller's middleware makes CORS routes.

import (
	"go/types"
	"slices"

	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
)

// exportTables exports the route table of each router that leaves the
// package through an exported function, when the package sees it whole
// and nothing applied inside it may answer preflights: the table then
// lists the routes whose preflight the router refuses.
func (c *checker) exportTables() {
	tables := map[*types.Func]*httpmodel.RouteTable{}
	var order []*types.Func
	for _, r := range c.m.Routers {
		if r.Parent != nil || len(c.mounts[r]) > 0 {
			// A router mounted on another one here: its paths, seen
			// from the caller, carry a prefix its table would not.
			continue
		}
		sc := c.scopeOf(r)
		if !sc.visible || sc.answered || sc.corsFront || len(sc.leaves) == 0 {
			continue
		}
		routes := c.refusedRoutes(r, sc)
		for _, ru := range c.registrations(r) {
			landed, ok := c.landed(ru)
			if !ok {
				routes = nil
				break
			}
			routes = append(routes, landed...)
		}
		for _, fn := range sc.leaves {
			t := tables[fn]
			if t == nil {
				t = &httpmodel.RouteTable{Kind: r.Kind}
				tables[fn] = t
				order = append(order, fn)
			}
			if t.Kind != r.Kind {
				t.Kind = 0 // two kinds of router: told apart by no caller
			}
			t.Routes = append(t.Routes, routes...)
		}
	}
	for _, fn := range order {
		if t := tables[fn]; t.Kind != 0 && len(t.Routes) > 0 {
			c.pass.ExportObjectFact(fn, t)
		}
	}
}

// refusedRoutes returns the routes of root's component whose preflight
// the router refuses and whose cross-origin requests need one.
func (c *checker) refusedRoutes(root *httpmodel.Router, sc scope) []httpmodel.TableRoute {
	var out []httpmodel.TableRoute
	for _, rt := range c.component(root) {
		switch rt.Router.Kind {
		case httpmodel.ServeMux, httpmodel.Chi, httpmodel.Gorilla:
		default:
			continue
		}
		methods := withoutOptions(rt.Methods)
		if len(methods) == 0 {
			continue // every method, or OPTIONS alone: the handler gets the preflight
		}
		if len(c.routeMiddleware(rt)) > 0 || c.chainMayAnswer(rt.Router) {
			continue // middleware around the handler or its router: not told to callers
		}
		out1 := c.outcome(rt)
		if out1.kind != refused {
			continue
		}
		fact := &effects.CORS{}
		if hi := c.handlerOf(rt); hi != nil {
			fact = hi.fact
		}
		cr := c.corsOf(rt, sc)
		if cr != nil {
			fact = cr.fact
		}
		if !needsPreflight(methods, fact) {
			continue
		}
		if rt.PrefixVar != nil {
			continue // a path callers cannot compare
		}
		pos := c.pass.Fset.Position(rt.Call.Pos())
		path, host := rt.Path, rt.Host
		if rt.Mux != nil {
			path, host = rt.Mux.Path(), rt.Mux.Host
		}
		out = append(out, httpmodel.TableRoute{
			Name: routeName(rt), Path: path, Host: host, Methods: slices.Clone(methods),
			Gets: out1.gets, CORS: cr != nil,
			File: pos.Filename, Line: pos.Line, Column: pos.Column,
		})
	}
	return out
}

// chainMayAnswer reports whether middleware that runs before a router
// derived from another one routes (the Use of a chi Route) may answer
// preflights.
func (c *checker) chainMayAnswer(r *httpmodel.Router) bool {
	for _, x := range r.Chain() {
		for _, w := range c.frontMiddleware(x) {
			if kind, _ := c.classify(w); kind != passes {
				return true
			}
		}
	}
	return false
}
