// Package chiapi builds chi routers that package chimain mounts.
package chiapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

func createNote(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.WriteHeader(http.StatusCreated)
}

func deleteNote(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// Router leaves the package with a CORS route and no OPTIONS route.
func Router() chi.Router { // want Router:`routes\(chi: \*POST /notes gets 405 Method Not Allowed, DELETE /notes/{id} gets 405 Method Not Allowed\)`
	r := chi.NewRouter()
	r.Post("/notes", createNote) // want `CORS route "POST /notes" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed, so the cross-origin POST is never sent`
	r.Delete("/notes/{id}", deleteNote)
	return r
}

// WithCORS puts go-chi/cors in front before the router leaves.
func WithCORS() http.Handler {
	r := chi.NewRouter()
	r.Use(cors.Handler(cors.Options{}))
	r.Post("/notes", createNote)
	return r
}
