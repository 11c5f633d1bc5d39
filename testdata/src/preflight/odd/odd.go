// Package odd has code shapes the analyzer must survive: generic
// handlers, method values, handlers made by functions, routers in maps
// and from unknown functions, muxes inside muxes, and conversions.
package odd

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/rs/cors"
)

type Store[T any] struct{ items []T }

func (s *Store[T]) Create(w http.ResponseWriter, r *http.Request) { // want Create:`cors\(origin-on-param-0\(always=true\) sets-origin origins=\*\)`
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusCreated)
}

func Generic[T any](w http.ResponseWriter, r *http.Request) { // want Generic:`cors\(origin-on-param-0\(always=true\) sets-origin origins=\*\)`
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

// makeHandler builds a handler: the analyzer does not look inside.
func makeHandler(origin string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
	}
}

func newMux() *http.ServeMux { return http.NewServeMux() }

func generics() {
	s := &Store[string]{}
	m := http.NewServeMux()
	m.HandleFunc("POST /generic/items", s.Create)   // want `CORS route "POST /generic/items" has no OPTIONS route`
	m.HandleFunc("PUT /generic/func", Generic[int]) // want `CORS route "PUT /generic/func" has no OPTIONS route`
	m.HandleFunc("DELETE /made", makeHandler("*"))
	create := s.Create
	m.HandleFunc("PATCH /value", create)
	m.Handle("POST /converted", http.Handler(http.HandlerFunc(s.Create))) // want `CORS route "POST /converted" has no OPTIONS route`
	http.ListenAndServe(":1", m)
}

// Routers the analyzer cannot see whole: made by another function, kept
// in a map, taken the address of, used as a method value.
func unknownRouters() {
	s := &Store[int]{}
	newMux().HandleFunc("POST /from-call", s.Create)
	routers := map[string]*http.ServeMux{"api": http.NewServeMux()}
	routers["api"].HandleFunc("POST /in-map", s.Create)
	byAddress := http.NewServeMux()
	byAddress.HandleFunc("POST /by-address", s.Create)
	p := &byAddress
	_ = p
	byValue := http.NewServeMux()
	byValue.HandleFunc("POST /method-value", s.Create)
	register := byValue.HandleFunc
	register("OPTIONS /method-value", s.Create)
	http.ListenAndServe(":2", byValue)
}

// A mux mounted in another one is reached through it.
func nested() {
	s := &Store[int]{}
	inner := http.NewServeMux()
	inner.HandleFunc("POST /items", s.Create) // want `CORS route "POST /items" has no OPTIONS route: a browser's preflight gets 405 with Allow: POST`
	outer := http.NewServeMux()
	outer.Handle("/api/", http.StripPrefix("/api", inner))
	http.ListenAndServe(":3", outer)

	wrappedInner := http.NewServeMux()
	wrappedInner.HandleFunc("POST /items", s.Create)
	wrappedOuter := http.NewServeMux()
	wrappedOuter.Handle("/api/", http.StripPrefix("/api", wrappedInner))
	http.ListenAndServe(":4", cors.AllowAll().Handler(wrappedOuter))

	chiInner := chi.NewRouter()
	chiInner.Post("/things", s.Create) // want `CORS route "POST /mounted/things" has no OPTIONS route`
	chiOuter := chi.NewRouter()
	chiOuter.Mount("/mounted", chiInner)
	http.ListenAndServe(":5", chiOuter)
}

// Closures and goroutines register on the same local router.
func closures() {
	s := &Store[int]{}
	r := mux.NewRouter()
	register := func(path string) {
		r.HandleFunc(path, s.Create).Methods("POST")
	}
	register("/dynamic")
	go func() {
		r.HandleFunc("/tasks", s.Create).Methods("PUT") // want `CORS route "PUT /tasks" has no OPTIONS route`
	}()
	http.ListenAndServe(":6", r)
}
