// Package main makes gorilla/mux routers and has package reggorilla
// register its routes on them.
package main

import (
	"net/http"

	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"

	"preflight/xpkg/reggorilla"
	"preflight/xpkg/regmid"
)

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}

func preflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.WriteHeader(http.StatusNoContent)
}

func local(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	a := &reggorilla.API{}

	// Nothing answers OPTIONS /notes.
	r := mux.NewRouter()
	a.Register(r) // want `CORS route "POST /notes" that reggorilla.Register registers \(at reggorilla/api.go:30\) on the router passed here has no OPTIONS route: its handler sets Access-Control-Allow-Origin, and a browser's preflight gets 405 Method Not Allowed, so the cross-origin POST is never sent`
	http.ListenAndServe(":1", r)

	// A subrouter below /api: the route's path carries the prefix.
	r2 := mux.NewRouter()
	a.Register(r2.PathPrefix("/api").Subrouter()) // want `CORS route "POST /api/notes" that reggorilla.Register registers`
	http.ListenAndServe(":2", r2)

	// The same function given a router of another parent, which has an
	// OPTIONS route: nothing to report.
	r3 := mux.NewRouter()
	r3.Methods(http.MethodOptions).HandlerFunc(preflight)
	a.Register(r3)
	http.ListenAndServe(":3", r3)

	// gorilla/handlers.CORS in front answers preflights.
	r4 := mux.NewRouter()
	a.Register(r4)
	http.ListenAndServe(":4", handlers.CORS()(r4))

	// CORS middleware that hands OPTIONS on makes every route a CORS
	// route.
	r5 := mux.NewRouter()
	a.Register(r5) // want `CORS routes "POST /notes" \(at reggorilla/api.go:30: its handler sets Access-Control-Allow-Origin; its preflight gets 405 Method Not Allowed\), "PUT /notes/{id}" \(at reggorilla/api.go:32: the CORS middleware in front of the router makes it a CORS route but hands OPTIONS on; its preflight gets 405 Method Not Allowed\) that reggorilla.Register registers on the router passed here have no OPTIONS route, so their cross-origin POST or PUT requests are never sent`
	http.ListenAndServe(":5", withCORS(r5))

	// The router stays seen whole: its own CORS route is reported.
	r6 := mux.NewRouter()
	a.Register(r6)                                // want `CORS route "POST /notes" that reggorilla.Register`
	r6.HandleFunc("/local", local).Methods("PUT") // want `CORS route "PUT /local" has no OPTIONS route`
	http.ListenAndServe(":6", r6)

	// A function that registers an OPTIONS route may answer any
	// preflight of the router.
	r7 := mux.NewRouter()
	a.RegisterTags(r7)
	r7.HandleFunc("/local", local).Methods("PUT")
	http.ListenAndServe(":7", r7)

	// A function that keeps the router: nothing is seen whole.
	r8 := mux.NewRouter()
	a.Escapes(r8)
	r8.HandleFunc("/local", local).Methods("PUT")
	http.ListenAndServe(":8", r8)

	// A router that another package hands on with reggorilla's routes:
	// the CORS middleware here makes PUT /notes/{id} a CORS route (POST
	// /notes is reported in regmid).
	http.ListenAndServe(":9", withCORS(regmid.Router())) // want `CORS route "PUT /notes/{id}" of regmid.Router \(registered at reggorilla/api.go:32\)`
}
