package httpmodel

import (
	"fmt"
	"strings"
)

// A RouteTable is the route table of a router that leaves its package
// through an exported function or method (func NewHandler() http.Handler,
// func (s *Server) Routes() *mux.Router): exported as a fact on that
// function, so the packages that serve, wrap or mount the router see its
// routes. It is exported only when the package sees the router whole
// (every registration, and every use before it leaves) and nothing
// applied inside the package may answer preflights.
//
// The model defines it and preflight exports it: whether a route is a
// CORS route and whether its preflight is refused needs the effects
// model, which itself reads this model.
type RouteTable struct {
	Kind RouterKind
	// Routes lists the routes whose preflight the router itself refuses
	// (answers with 405, 404 or a redirect).
	Routes []TableRoute
}

// A TableRoute is one route of a RouteTable.
type TableRoute struct {
	// Name is the route as messages name it ("POST /api/notes").
	Name string
	// Path is the path it serves, with the prefixes applied inside its
	// package; Host the host it is restricted to, if any.
	Path string
	Host string
	// Methods lists the methods whose cross-origin requests need a
	// preflight.
	Methods []string
	// Gets is what a preflight gets ("405 with Allow: POST").
	Gets string
	// CORS is set when the package itself makes it a CORS route (its
	// handler sets Access-Control-Allow-Origin, or middleware applied
	// there does): it is reported there, at its registration.
	CORS bool
	// File, Line and Column locate the registration.
	File         string
	Line, Column int
}

func (*RouteTable) AFact() {}

// String spells the table for tests: routes(KIND: NAME gets GETS, ...),
// a CORS route marked with a star.
func (t *RouteTable) String() string {
	var rs []string
	for _, rt := range t.Routes {
		star := ""
		if rt.CORS {
			star = "*"
		}
		rs = append(rs, fmt.Sprintf("%s%s gets %s", star, rt.Name, rt.Gets))
	}
	return fmt.Sprintf("routes(%s: %s)", t.Kind, strings.Join(rs, ", "))
}
