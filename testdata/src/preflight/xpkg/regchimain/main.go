// Package main makes chi routers and has package regchi register its
// routes on them.
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"

	"preflight/xpkg/regchi"
	"preflight/xpkg/regchiall"
)

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}

func ok(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }

func main() {
	// Below /api, nothing answers OPTIONS.
	r := chi.NewRouter()
	r.Route("/api", func(r chi.Router) {
		regchi.Register(r) // want `CORS route "POST /api/comments" that regchi.Register registers \(at regchi/api.go:23\) on the router passed here has no OPTIONS route`
	})
	http.ListenAndServe(":1", r)

	// The parent's OPTIONS route answers.
	r2 := chi.NewRouter()
	r2.Options("/*", ok)
	r2.Route("/api", func(r chi.Router) {
		regchi.Register(r)
	})
	http.ListenAndServe(":2", r2)

	// go-chi/cors in front answers preflights.
	r3 := chi.NewRouter()
	r3.Use(cors.AllowAll().Handler)
	regchi.Register(r3)
	http.ListenAndServe(":3", r3)

	// CORS middleware in front that hands OPTIONS on.
	r4 := chi.NewRouter()
	r4.Use(withCORS)
	regchi.Register(r4) // want `CORS routes "POST /comments" \(at regchi/api.go:23: .*\), "PUT /comments/{id}/" \(at regchi/api.go:25: the CORS middleware in front of the router makes it a CORS route but hands OPTIONS on; .*\) that regchi.Register registers`
	http.ListenAndServe(":4", r4)

	// Through another package's function that passes the router on.
	r5 := chi.NewRouter()
	regchiall.Mount(r5) // want `CORS route "POST /v2/comments" that regchiall.Mount registers \(at regchi/api.go:23\)`
	http.ListenAndServe(":5", r5)

	// go-chi/cors in front of the subrouter passed answers its
	// preflights, and so does the callee's own.
	r6 := chi.NewRouter()
	r6.Route("/api", func(r chi.Router) {
		r.Use(cors.AllowAll().Handler)
		regchi.Register(r)
	})
	regchi.RegisterV3(r6)
	http.ListenAndServe(":6", r6)
}
