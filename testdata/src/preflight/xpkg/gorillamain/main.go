// Package main serves gorillaapi's routers.
package main

import (
	"net/http"

	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"

	"preflight/xpkg/gorillaapi"
)

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}

func main() {
	s := &gorillaapi.Server{}
	http.ListenAndServe(":1", s.Routes())
	http.ListenAndServe(":2", withCORS(s.Admin())) // want `CORS route "PUT /notes/{id}" of gorillaapi.Admin \(registered at gorillaapi/api.go:32\)`
	http.ListenAndServe(":3", handlers.CORS()(s.Admin()))
}

func ok(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }

// Mounted below /api: a gorilla PathPrefix strips nothing, so only the
// routes below /api are reached.
func mounted() {
	s := &gorillaapi.Server{}
	r := mux.NewRouter()
	r.PathPrefix("/notes").Handler(s.Admin())
	http.ListenAndServe(":4", withCORS(r)) // want `CORS route "PUT /notes/{id}" of gorillaapi.Admin`
	r2 := mux.NewRouter()
	r2.PathPrefix("/api").Handler(s.Admin())
	http.ListenAndServe(":5", withCORS(r2))
	r3 := mux.NewRouter()
	r3.Methods(http.MethodOptions).HandlerFunc(ok)
	r3.PathPrefix("/notes").Handler(s.Admin())
	http.ListenAndServe(":6", withCORS(r3))
}
