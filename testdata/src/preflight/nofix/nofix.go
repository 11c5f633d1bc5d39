// Package nofix has findings whose fix could not be made safely; the
// messages say why.
package nofix

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// saveDraft allows credentials: its preflight must too, and must name
// the origin; the generated handler does neither.
func saveDraft(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.Header().Set("Access-Control-Allow-Credentials", "true")
	w.WriteHeader(http.StatusNoContent)
}

// latestPreflight answers the preflights of the latest files of every
// kind.
func latestPreflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusNoContent)
}

func auth(next http.Handler) http.Handler { return next }

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /api/drafts/{id}", saveDraft) // want `CORS route "PUT /api/drafts/{id}" has no OPTIONS route: .* \(no automatic fix: the handler allows credentials, which the generated preflight handler does not\)$`
	// "OPTIONS /api/files/{id}" would conflict with the OPTIONS pattern
	// below: each matches a request the other does not.
	mux.HandleFunc("PUT /api/files/{id}", saveDraftPublic) // want `CORS route "PUT /api/files/{id}" has no OPTIONS route: a browser's preflight gets 405 with Allow: PUT, .* \(no automatic fix: "OPTIONS /api/files/{id}" would conflict with "OPTIONS /api/{kind}/latest", and registering it would panic\)$`
	mux.HandleFunc("OPTIONS /api/{kind}/latest", latestPreflight)
	return mux
}

func saveDraftPublic(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusNoContent)
}

func chiRoutes() http.Handler {
	r := chi.NewRouter()
	r.With(auth).Put("/drafts/{id}", saveDraftPublic) // want `CORS route "PUT /drafts/{id}" has no OPTIONS route: .* \(no automatic fix: the router is not a variable\)$`
	return r
}

func serve() {
	http.ListenAndServe(":1", routes())
	http.ListenAndServe(":2", chiRoutes())
}
