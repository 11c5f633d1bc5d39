// Package reggorilla registers its routes on a gorilla/mux router that
// package reggorillamain makes and serves.
package reggorilla

import (
	"net/http"

	"github.com/gorilla/mux"
)

type API struct{}

func (a *API) createNote(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.WriteHeader(http.StatusCreated)
}

func (a *API) listNotes(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.Write([]byte("[]"))
}

func (a *API) updateNote(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

// Register registers the notes API on the router it is given: its routes
// are decided where the router is made (a GET needs no preflight).
func (a *API) Register(r *mux.Router) { // want Register:`registers\(0, gorilla/mux: \*POST /notes gets 405 Method Not Allowed, PUT /notes/{id} gets 405 Method Not Allowed\)`
	r.HandleFunc("/notes", a.createNote).Methods("POST")
	r.HandleFunc("/notes", a.listNotes).Methods("GET")
	r.HandleFunc("/notes/{id}", a.updateNote).Methods("PUT")
}

func preflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.Header().Set("Access-Control-Allow-Methods", "POST, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

// RegisterTags answers the preflights of its routes itself.
func (a *API) RegisterTags(r *mux.Router) { // want RegisterTags:`registers\(0, gorilla/mux: ; answers\)`
	r.HandleFunc("/tags", a.createNote).Methods("POST")
	r.HandleFunc("/tags", preflight).Methods("OPTIONS")
}

// RegisterUnused is called by no package of the module: nothing is
// reported (a library's caller may add the OPTIONS route).
func (a *API) RegisterUnused(r *mux.Router) { // want RegisterUnused:`registers\(0, gorilla/mux: \*DELETE /unused gets 405 Method Not Allowed\)`
	r.HandleFunc("/unused", a.createNote).Methods("DELETE")
}

var kept []*mux.Router

// Escapes keeps the router where others may add routes: no fact, and
// its callers do not take their routers for seen whole.
func (a *API) Escapes(r *mux.Router) {
	kept = append(kept, r)
	r.HandleFunc("/kept", a.createNote).Methods("PUT")
}
