// Package main serves muxapi's routers in several shapes.
package main

import (
	"net/http"

	"github.com/rs/cors"

	"preflight/xpkg/muxapi"
)

// withCORS sets the origin on every response and hands every request,
// OPTIONS included, on to the router.
func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}

// answerPreflight answers OPTIONS itself.
func answerPreflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func plain() {
	// Reported in muxapi, at the registration.
	http.ListenAndServe(":1", muxapi.NewHandler())
}

func wrapped() {
	http.ListenAndServe(":2", withCORS(muxapi.Routes())) // want `CORS route "DELETE /notes/{id}" of muxapi.Routes \(registered at muxapi/api.go:39\) has no OPTIONS route: withCORS here makes it a CORS route but hands OPTIONS on, and a browser's preflight gets 405 with Allow: DELETE, so the cross-origin DELETE is never sent; answer preflights in the middleware or add an OPTIONS route for the path`
}

func wrappedInVariable() {
	h := muxapi.Routes()
	srv := &http.Server{Addr: ":3", Handler: withCORS(h)} // want `CORS route "DELETE /notes/{id}" of muxapi.Routes`
	srv.ListenAndServe()
}

func knownMiddleware() {
	c := cors.New(cors.Options{AllowedOrigins: []string{"https://app.example.com"}})
	http.ListenAndServe(":4", c.Handler(muxapi.Routes()))
	http.ListenAndServe(":5", answerPreflight(muxapi.Routes()))
}

// Mounted below /api/ on a ServeMux that CORS middleware wraps.
func mounted() {
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", muxapi.Routes()))
	http.ListenAndServe(":6", withCORS(mux)) // want `CORS route "DELETE /api/notes/{id}" of muxapi.Routes`
}

// The same with the parent's OPTIONS route, which answers first.
func mountedWithOptions() {
	mux := http.NewServeMux()
	mux.HandleFunc("OPTIONS /api/", preflightOK)
	mux.Handle("/api/", http.StripPrefix("/api", muxapi.Routes()))
	http.ListenAndServe(":7", withCORS(mux))
}

func preflightOK(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// A router the caller adds routes to is not followed.
func extended() {
	mux := muxapi.Routes()
	mux.HandleFunc("OPTIONS /", preflightOK)
	http.ListenAndServe(":8", withCORS(mux))
}

func main() {
	plain()
	wrapped()
	wrappedInVariable()
	knownMiddleware()
	mounted()
	mountedWithOptions()
	extended()
}
