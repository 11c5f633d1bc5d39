// Package gorillaapi builds gorilla/mux routers that package gorillamain
// serves.
package gorillaapi

import (
	"net/http"

	"github.com/gorilla/mux"
)

type Server struct{}

func (s *Server) createNote(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusCreated)
}

func (s *Server) deleteNote(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// Routes leaves the package with a CORS route and no OPTIONS route.
func (s *Server) Routes() *mux.Router { // want Routes:`routes\(gorilla/mux: \*POST /notes gets 405 Method Not Allowed\)`
	r := mux.NewRouter()
	r.HandleFunc("/notes", s.createNote).Methods("POST") // want `CORS route "POST /notes" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed, so the cross-origin POST is never sent`
	return r
}

// Admin has no CORS route of its own.
func (s *Server) Admin() http.Handler { // want Admin:`routes\(gorilla/mux: PUT /notes/{id} gets 405 Method Not Allowed\)`
	r := mux.NewRouter()
	r.HandleFunc("/notes/{id}", s.deleteNote).Methods("PUT")
	return r
}
