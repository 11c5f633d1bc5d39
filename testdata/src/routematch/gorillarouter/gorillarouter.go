// Package gorillarouter registers gorilla/mux routes.
package gorillarouter

import (
	"net/http"

	"github.com/gorilla/mux"
)

func routes() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/items/{itemID:[0-9]{1,8}}", getItem).Methods("GET")
	r.HandleFunc("/search", search).Queries("page", "{page}")
	api := r.PathPrefix("/api/{version}").Subrouter()
	api.HandleFunc("/users/{user}", getUser).Methods("GET")
	r.HandleFunc("/dup", first).Methods("GET")
	r.HandleFunc("/dup", second).Methods("GET") // want `route "GET /dup" is never reached: the route at line 16 has the same path and methods, and gorilla/mux serves the first route that matches; register it before that route, or remove it`
	r.HandleFunc("/dup", postDup).Methods("POST")
	r.PathPrefix("/").Handler(http.FileServer(http.Dir("static")))
	r.HandleFunc("/late", late) // want `route "/late" is never reached: the route at line 19 is a PathPrefix\("/"\) for every method, and gorilla/mux serves the first route that matches; register it before that route, or remove it`
	return r
}

func getItem(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	w.Write([]byte(vars["itemID"]))
	w.Write([]byte(vars["id"])) // want `mux.Vars\(r\)\["id"\] is always "" in getItem: it is registered only as "/items/{itemID:.*}" \(line 12\), which has no {id}; read one of {itemID}, or add {id} to the pattern`
}

// Queries templates define variables too.
func search(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(mux.Vars(r)["page"]))
}

// The subrouter's prefix defines {version}.
func getUser(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(mux.Vars(r)["version"] + mux.Vars(r)["user"]))
	w.Write([]byte(mux.Vars(r)["usr"])) // want `mux.Vars\(r\)\["usr"\] is always "" in getUser: .*; read "user", or add {usr} to the pattern`
}

func first(w http.ResponseWriter, r *http.Request)   {}
func second(w http.ResponseWriter, r *http.Request)  {}
func postDup(w http.ResponseWriter, r *http.Request) {}
func late(w http.ResponseWriter, r *http.Request)    {}

// A catch-all with a Queries matcher does not catch all.
func queried() *mux.Router {
	r := mux.NewRouter()
	r.PathPrefix("/").Queries("debug", "1").Handler(http.NotFoundHandler())
	r.HandleFunc("/x", late)
	return r
}

var _ = queried
