// Package web serves package api's routers, as a main package would.
package web

import (
	"net/http"

	"preflight/xpkg/e2e/api"
)

// Notes serves the router whose handler allows the web app's origin.
func Notes() http.Handler { return api.NewHandler() }

// AdminBefore makes Admin's routes CORS routes with middleware that hands
// the preflight on to the router, which answers it 405.
func AdminBefore() http.Handler {
	return withCORS(api.Admin()) // want `CORS route "DELETE /api/notes/{id}" of api.Admin \(registered at api/api.go:31\) has no OPTIONS route`
}

// AdminAfter answers the preflight in the middleware.
func AdminAfter() http.Handler {
	return answerPreflight(api.Admin())
}

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://notes.example.com")
		next.ServeHTTP(w, r)
	})
}

func answerPreflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://notes.example.com")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Registered has package api register a CORS route on a mux that
// answers no OPTIONS for it.
func Registered() http.Handler { // want Registered:`routes\(ServeMux: \*PUT /api/notes/{id} gets 405 with Allow: PUT\)`
	mux := http.NewServeMux()
	api.Register(mux) // want `CORS route "PUT /api/notes/{id}" that api.Register registers \(at api/api.go:\d+\) on the router passed here has no OPTIONS route`
	return mux
}

// RegisteredWithOptions answers the preflights below /api/ with a route
// of its own.
func RegisteredWithOptions() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("OPTIONS /api/", answerPreflight(http.NotFoundHandler()))
	api.Register(mux)
	return mux
}
