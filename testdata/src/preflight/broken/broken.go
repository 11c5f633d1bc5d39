// Package broken has type errors; the analyzer must not panic on it.
package broken

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func create(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", undefinedOrigin)
	if r.Method != missingMethod {
		http.Error(w, "no", 405)
		return
	}
}

func routes() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /x", create)
	mux.HandleFunc("/y", undefinedHandler)
	mux.HandleFunc(42, create)
	var nilMux *http.ServeMux
	nilMux.HandleFunc("PUT /z", func(w http.ResponseWriter, r *http.Request) { w.Header().Set(nope, "*") })
	r := chi.NewRouter()
	r.Post(undefinedPath, create)
	r.Route("/a", func(r chi.Router) { r.Put("/b", missing) })
	r.Method(http.MethodPatch, "/c")
	http.ListenAndServe(":8080", wrap(mux))
	http.ListenAndServe(":8080", r)
}
