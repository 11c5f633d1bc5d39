// Package chiescape builds a chi router and returns it: a caller may mount
// it under a prefix with parameters, so nothing is reported.
package chiescape

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Get("/members", listMembers)
	return r
}

func listMembers(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(chi.URLParam(r, "org")))
}

// A router given by the caller: its prefixes are unknown.
func Register(r chi.Router) {
	r.Get("/teams", listTeams)
}

func listTeams(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(chi.URLParam(r, "org")))
}
