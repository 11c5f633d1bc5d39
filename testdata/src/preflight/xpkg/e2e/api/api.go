// Package api is the API half of the cross-package end-to-end test
// (e2e_test.go): it builds the routers that package web serves.
package api

import (
	"net/http"
)

const webOrigin = "https://notes.example.com"

func createNote(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	w.WriteHeader(http.StatusCreated)
}

func deleteNote(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// NewHandler's handler sets the origin itself: reported here, and fixed
// here.
func NewHandler() http.Handler { // want NewHandler:`routes\(ServeMux: \*POST /api/notes gets 405 with Allow: POST\)`
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/notes", createNote) // want `CORS route "POST /api/notes" has no OPTIONS route`
	return mux
}

// Admin's routes become CORS routes in package web.
func Admin() http.Handler { // want Admin:`routes\(ServeMux: DELETE /api/notes/{id} gets 405 with Allow: DELETE\)`
	mux := http.NewServeMux()
	mux.HandleFunc("DELETE /api/notes/{id}", deleteNote)
	return mux
}

func updateNote(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	w.WriteHeader(http.StatusNoContent)
}

// Register registers a route on the caller's mux: decided, and reported,
// where the mux is made (package web).
func Register(mux *http.ServeMux) { // want Register:`registers\(0, ServeMux: \*PUT /api/notes/{id} gets 405 with Allow: PUT\)`
	mux.HandleFunc("PUT /api/notes/{id}", updateNote)
}
