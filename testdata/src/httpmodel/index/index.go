// Package index exercises the model's published lookups: see(x) reports
// what the model says of x.
package index

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
)

func see(...any) {}

func follow(any) {}

func list(w http.ResponseWriter, r *http.Request) {}

func withError(w http.ResponseWriter, r *http.Request) error { return nil }

func auth(next http.Handler) http.Handler { return next }

type server struct{ mux *http.ServeMux }

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func (s *server) routes(r chi.Router) {
	r.Get("/s", list)
}

type odd struct{}

func (odd) ServeHTTP(w http.ResponseWriter) {}

func chiRoutes() {
	r := chi.NewRouter()
	r.Get("/a", list)
	r.Route("/api", func(api chi.Router) { // want `callback api`
		api.Get("/b", list)
		see(api) // want `see api: router chi derived /api below=1`
	})
	s := &server{}
	r.Route("/s", s.routes) // want `callback r`
	admin := chi.NewRouter()
	admin.Get("/c", list)
	r.Mount("/admin", admin)
	see(r)                              // want `see r: router chi local below=5 derived=3 resolve=sub handler=ESW$`
	see(admin)                          // want `see admin: router chi local /admin below=1`
	see(r.With(auth))                   // want `see r.With\(auth\): router nil root=r resolve=sub-unknown handler=ESW kinds=chi,chi,chi$`
	see(auth(http.HandlerFunc(list)))   // want `see auth\(http.HandlerFunc\(list\)\): router nil resolve=list mw=auth handler=ESW`
	see(list, withError)                // want `see list: router nil resolve=list handler=ESW` `see withError: router nil resolve=withError handler=SW`
	see(s, odd{})                       // want `see s: router nil resolve=\(\*server\).ServeHTTP handler=ESW$` `see odd{}: router nil handler=SW`
	see(s.mux, chi.Middlewares(nil), 1) // want `see s.mux: router nil resolve=sub-unknown handler=ESW kinds=ServeMux,ServeMux,ServeMux$` `see chi.Middlewares\(nil\): router nil root=chi resolve=sub-unknown kinds=chi,-,chi$` `see 1: router nil`
}

func gorillaRoutes() {
	r := mux.NewRouter()
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/x", list)
	see(r)                           // want `see r: router gorilla/mux local below=1 derived=1 resolve=sub`
	see(api)                         // want `see api: router gorilla/mux derived /api below=1`
	see(r.Methods("GET").Path("/p")) // want `see r.Methods\("GET"\).Path\("/p"\): router nil root=r`
}

func defaultMux() {
	http.HandleFunc("/d", list)
	see(http.DefaultServeMux) // want `see http.DefaultServeMux: router ServeMux unknown below=1 resolve=sub handler=ESW held=1$`
}

func newHandler() http.Handler {
	return auth(http.HandlerFunc(list))
}

func targets() {
	follow(newHandler()) // want `targets list`
	h := newHandler()
	follow(h)                                               // want `targets list`
	follow(func(w http.ResponseWriter, r *http.Request) {}) // want `targets literal`
	r := chi.NewRouter()
	r.Get("/t", list)
	r.Handle("/u", newHandler())
	follow(r)         // want `targets list@/t list@/u`
	follow(&server{}) // want `targets ServeHTTP`
}
