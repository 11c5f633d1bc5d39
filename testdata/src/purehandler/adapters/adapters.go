// Package adapters has handlers that other code uses besides their route
// registrations, so the migration keeps them as one-line adapters.
package adapters

import (
	"encoding/json"
	"net/http"
	"strings"
)

type Profile struct {
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
}

type API struct {
	profiles map[string]Profile
}

func NewAPI() *API {
	return &API{profiles: map[string]Profile{"ada": {Name: "Ada", Roles: []string{"admin"}}}}
}

// Profile is exported: other packages may call it.
func (a *API) Profile(w http.ResponseWriter, r *http.Request) { // want `handler \(\*API\).Profile writes its response`
	name := strings.TrimPrefix(r.URL.Path, "/profiles/")
	p, ok := a.profiles[name]
	if !ok {
		http.Error(w, "no such profile", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(p)
}

// ServeHTTP makes API an http.Handler.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want `handler \(\*API\).ServeHTTP writes its response`
	if r.URL.Path == "/" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("profiles API\n"))
		return
	}
	http.NotFound(w, r)
}

// status is referenced outside its registration (by statusTwice), and a
// function statusPure already exists.
func status(w http.ResponseWriter, r *http.Request) { // want `handler status writes its response`
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]bool{"ok": true})
}

func statusPure() string { return "taken" }

func statusTwice(w http.ResponseWriter, r *http.Request) {
	status(w, r)
}

// admin has an unnamed receiver and unnamed parameters but the writer;
// it is used as a method value outside registrations.
func (*API) admin(w http.ResponseWriter, _ *http.Request) { // want `handler \(\*API\).admin writes its response`
	w.WriteHeader(http.StatusForbidden)
}

var adminHandler = (&API{}).admin

// Items is exported and dispatches on the method.
func (a *API) Items(w http.ResponseWriter, r *http.Request) { // want `handler \(\*API\).Items dispatches on r.Method and writes through http.ResponseWriter; split it into one pure route.Func per method \(GET, DELETE\)`
	switch r.Method {
	case http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode([]string{"ada"})
	case http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
	}
}

// Mux registers the handlers.
func Mux() http.Handler {
	a := NewAPI()
	mux := http.NewServeMux()
	mux.HandleFunc("/profiles/", a.Profile)
	mux.Handle("/", a)
	mux.HandleFunc("/status", status)
	mux.HandleFunc("/status2", statusTwice)
	mux.HandleFunc("/admin", adminHandler)
	mux.HandleFunc("/items", a.Items)
	return mux
}
