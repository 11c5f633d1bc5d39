// Package mux is a stub of github.com/gorilla/mux with the signatures
// routevet's analyzers use.
package mux

import "net/http"

type Router struct{}

func NewRouter() *Router { return &Router{} }

type MiddlewareFunc func(http.Handler) http.Handler

func (mw MiddlewareFunc) Middleware(handler http.Handler) http.Handler { return mw(handler) }

func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {}
func (r *Router) Use(mwf ...MiddlewareFunc)                          {}
func (r *Router) NewRoute() *Route                                   { return &Route{} }
func (r *Router) Handle(path string, handler http.Handler) *Route    { return &Route{} }
func (r *Router) HandleFunc(path string, f func(http.ResponseWriter, *http.Request)) *Route {
	return &Route{}
}
func (r *Router) Methods(methods ...string) *Route { return &Route{} }
func (r *Router) Path(tpl string) *Route           { return &Route{} }
func (r *Router) PathPrefix(tpl string) *Route     { return &Route{} }
func (r *Router) Host(tpl string) *Route           { return &Route{} }
func (r *Router) Name(name string) *Route          { return &Route{} }

type Route struct{}

func (r *Route) Handler(handler http.Handler) *Route { return r }
func (r *Route) HandlerFunc(f func(http.ResponseWriter, *http.Request)) *Route {
	return r
}
func (r *Route) Methods(methods ...string) *Route { return r }
func (r *Route) Path(tpl string) *Route           { return r }
func (r *Route) PathPrefix(tpl string) *Route     { return r }
func (r *Route) Host(tpl string) *Route           { return r }
func (r *Route) Name(name string) *Route          { return r }
func (r *Route) Schemes(schemes ...string) *Route { return r }
func (r *Route) Headers(pairs ...string) *Route   { return r }
func (r *Route) Queries(pairs ...string) *Route   { return r }
func (r *Route) Subrouter() *Router               { return &Router{} }

func CORSMethodMiddleware(r *Router) MiddlewareFunc { return nil }
func Vars(r *http.Request) map[string]string        { return nil }
