// Package lib is a library whose router no package of the module
// serves: its CORS route is reported at its registration all the same.
package lib

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func upload(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusAccepted)
}

// Handler returns the library's routes, for users to mount.
func Handler() http.Handler { // want Handler:`routes\(chi: \*PUT /uploads/{name} gets 405 Method Not Allowed\)`
	r := chi.NewRouter()
	r.Put("/uploads/{name}", upload) // want `CORS route "PUT /uploads/{name}" has no OPTIONS route`
	return r
}

// Looks alike and is not reported: every method reaches the handler.
func Any() http.Handler {
	r := chi.NewRouter()
	r.Handle("/uploads/{name}", http.HandlerFunc(upload))
	return r
}
