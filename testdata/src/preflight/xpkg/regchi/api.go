// Package regchi registers its routes on a chi router that package
// regchimain makes and serves.
package regchi

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

func createComment(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.WriteHeader(http.StatusCreated)
}

func updateComment(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// Register registers the comments API on the router it is given.
func Register(r chi.Router) { // want Register:`registers\(0, chi: \*POST /comments gets 405 Method Not Allowed, PUT /comments/{id}/ gets 405 Method Not Allowed\)`
	r.Post("/comments", createComment)
	r.Route("/comments/{id}", func(r chi.Router) {
		r.Put("/", updateComment)
	})
}

// RegisterUnused is called by no package of the module.
func RegisterUnused(r chi.Router) { // want RegisterUnused:`registers\(0, chi: \*DELETE /unused gets 405 Method Not Allowed\)`
	r.Delete("/unused", createComment)
}

// RegisterV3 puts go-chi/cors in front of its own routes: their
// preflights are answered wherever the router is served.
func RegisterV3(r chi.Router) { // want RegisterV3:`registers\(0, chi: \)`
	r.Route("/v3", func(r chi.Router) {
		r.Use(cors.AllowAll().Handler)
		r.Post("/comments", createComment)
	})
}
