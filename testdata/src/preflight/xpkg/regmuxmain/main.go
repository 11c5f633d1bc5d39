// Package main makes ServeMuxes and has package regmux register its
// routes on them.
package main

import (
	"net/http"

	"github.com/go-chi/cors"

	"preflight/xpkg/regmux"
)

func local(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.WriteHeader(http.StatusNoContent)
}

func ok(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }

func main() {
	// Nothing answers OPTIONS /v1/items.
	mux := http.NewServeMux()
	regmux.Register(mux) // want `CORS route "POST /v1/items" that regmux.Register registers \(at regmux/api.go:20\) on the router passed here has no OPTIONS route: its handler sets Access-Control-Allow-Origin, and a browser's preflight gets 405 with Allow: POST`
	http.ListenAndServe(":1", mux)

	// The caller's OPTIONS pattern answers.
	mux2 := http.NewServeMux()
	mux2.HandleFunc("OPTIONS /v1/", ok)
	regmux.Register(mux2)
	http.ListenAndServe(":2", mux2)

	// Another function's OPTIONS pattern answers.
	mux3 := http.NewServeMux()
	regmux.RegisterPreflight(mux3)
	regmux.Register(mux3)
	http.ListenAndServe(":3", mux3)

	// go-chi/cors in front answers preflights.
	mux4 := http.NewServeMux()
	regmux.Register(mux4)
	http.ListenAndServe(":4", cors.AllowAll().Handler(mux4))

	// Patterns registered elsewhere count for this package's routes:
	// OPTIONS /static/app.js reaches the file server, OPTIONS /local
	// gets 405.
	mux5 := http.NewServeMux()
	regmux.RegisterStatic(mux5)
	mux5.HandleFunc("PUT /static/app.js", local)
	mux5.HandleFunc("PUT /local", local) // want `CORS route "PUT /local" has no OPTIONS route`
	http.ListenAndServe(":5", mux5)
}
