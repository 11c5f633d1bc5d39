// Package main mounts chiapi's routers.
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"

	"preflight/xpkg/chiapi"
)

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}

func ok(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }

func mounted() {
	r := chi.NewRouter()
	r.Use(withCORS) // want `CORS route "DELETE /api/notes/{id}" of chiapi.Router \(registered at chiapi/api.go:24\) has no OPTIONS route: withCORS here makes it a CORS route but hands OPTIONS on`
	r.Mount("/api", chiapi.Router())
	http.ListenAndServe(":1", r)
}

// The parent's OPTIONS route.
func mountedWithOptions() {
	r := chi.NewRouter()
	r.Use(withCORS)
	r.Options("/*", ok)
	r.Mount("/api", chiapi.Router())
	http.ListenAndServe(":2", r)
}

// go-chi/cors answers preflights.
func knownMiddleware() {
	r := chi.NewRouter()
	r.Use(cors.Handler(cors.Options{}))
	r.Mount("/api", chiapi.Router())
	http.ListenAndServe(":3", r)
	http.ListenAndServe(":4", withCORS(chiapi.WithCORS()))
}

func main() {
	mounted()
	mountedWithOptions()
	knownMiddleware()
}
