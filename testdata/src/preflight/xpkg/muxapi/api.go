// Package muxapi builds ServeMux routers that package muxmain serves.
package muxapi

import (
	"net/http"
)

func allowApp(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
}

func createNote(w http.ResponseWriter, r *http.Request) {
	allowApp(w)
	w.WriteHeader(http.StatusCreated)
}

func deleteNote(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

func listNotes(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("[]"))
}

// NewHandler's router leaves the package with a CORS route and no
// OPTIONS route: reported here, whoever serves it.
func NewHandler() http.Handler { // want NewHandler:`routes\(ServeMux: \*POST /notes gets 405 with Allow: GET, HEAD, POST\)`
	mux := http.NewServeMux()
	mux.HandleFunc("POST /notes", createNote) // want `CORS route "POST /notes" has no OPTIONS route: a browser's preflight gets 405 with Allow: GET, HEAD, POST, so the cross-origin POST is never sent; add an OPTIONS route for the path`
	mux.HandleFunc("GET /notes", listNotes)
	return mux
}

// Routes has no CORS route of its own: a caller's CORS middleware makes
// its DELETE route one.
func Routes() *http.ServeMux { // want Routes:`routes\(ServeMux: DELETE /notes/{id} gets 405 with Allow: DELETE\)`
	mux := http.NewServeMux()
	mux.HandleFunc("GET /notes", listNotes)
	mux.HandleFunc("DELETE /notes/{id}", deleteNote)
	return mux
}

// Answered answers preflights before the router leaves the package.
func Answered() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /notes", createNote)
	return preflight(mux)
}

func preflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
			w.Header().Set("Access-Control-Allow-Methods", "POST, DELETE")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Answering has its own OPTIONS route.
func Answering() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("OPTIONS /", preflightOK)
	mux.HandleFunc("POST /notes", createNote)
	return mux
}

func preflightOK(w http.ResponseWriter, r *http.Request) {
	allowApp(w)
	w.Header().Set("Access-Control-Allow-Methods", "POST")
	w.WriteHeader(http.StatusNoContent)
}
