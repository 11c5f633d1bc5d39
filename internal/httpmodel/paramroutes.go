package httpmodel

import (
	"fmt"
	"strings"
)

// ParamRoutes is what an exported function or method does to a router
// it is given (func Register(r *mux.Router), func Routes(r chi.Router),
// func Register(mux *http.ServeMux)): the routes it registers on it, as
// a fact on the function, so the package that passes its router sees
// them. It is exported only when the function's package sees every use
// of the parameter (and of the routers derived from it) and each is one
// the analyzers follow.
//
// The routes of the parameter are decided in the caller, which holds
// the rest of the router: its OPTIONS routes and the middleware in
// front of it.
type ParamRoutes struct {
	// Param is the index of the router parameter.
	Param int
	Kind  RouterKind
	// Routes lists the routes whose preflight the routes registered by
	// the function alone refuse, with their paths relative to the
	// parameter (CORS set when their handler sets
	// Access-Control-Allow-Origin itself).
	Routes []TableRoute
	// Options lists the ServeMux patterns the function registers that
	// match OPTIONS (method-less or OPTIONS ones): the caller's
	// preflights may reach them.
	Options []string
	// Answers is set when what the function registers may answer any
	// preflight of the router: middleware in front of its routing that
	// may answer it, or, for chi and gorilla/mux, a route that accepts
	// OPTIONS or whose methods are not known.
	Answers bool
}

func (*ParamRoutes) AFact() {}

// String spells the fact for tests: registers(N, KIND: NAME gets GETS,
// ...; options P, ...; answers), a CORS route marked with a star.
func (p *ParamRoutes) String() string {
	var rs []string
	for _, rt := range p.Routes {
		star := ""
		if rt.CORS {
			star = "*"
		}
		rs = append(rs, fmt.Sprintf("%s%s gets %s", star, rt.Name, rt.Gets))
	}
	s := fmt.Sprintf("registers(%d, %s: %s", p.Param, p.Kind, strings.Join(rs, ", "))
	if len(p.Options) > 0 {
		s += "; options " + strings.Join(p.Options, ", ")
	}
	if p.Answers {
		s += "; answers"
	}
	return s + ")"
}
