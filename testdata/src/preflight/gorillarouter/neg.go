package gorillarouter

import (
	"net/http"

	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"
)

func (a *api) preflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusNoContent)
}

// Routes that answer OPTIONS for the paths: the route's own Methods, a
// route for OPTIONS, a route with no Methods matcher, a prefix.
func (a *api) answered() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/a/tasks", a.createTask).Methods(http.MethodPost, http.MethodOptions)
	r.HandleFunc("/b/tasks", a.createTask).Methods("POST")
	r.HandleFunc("/b/tasks", a.preflight).Methods("OPTIONS")
	r.HandleFunc("/c/tasks/{id}", a.updateTask).Methods("PUT")
	r.HandleFunc("/c/tasks/{taskID}", a.preflight)
	r.HandleFunc("/d/tasks", a.createTask).Methods("POST")
	r.PathPrefix("/d/").Methods("OPTIONS").HandlerFunc(a.preflight)
	return r
}

// gorilla/handlers.CORS around the router answers every preflight.
func (a *api) wrapped() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/tasks", a.createTask).Methods("POST")
	return handlers.CORS(handlers.AllowedOrigins([]string{"*"}))(r)
}

// A router given as a parameter may get OPTIONS routes elsewhere;
// callers in other packages decide (its fact).
func (a *api) Register(r *mux.Router) { // want Register:`registers\(0, gorilla/mux: \*POST /registered/tasks gets 405 Method Not Allowed\)`
	r.HandleFunc("/registered/tasks", a.createTask).Methods("POST")
}

func (a *api) serveNegatives() {
	http.ListenAndServe(":1", a.answered())
	http.ListenAndServe(":2", a.wrapped())
}
