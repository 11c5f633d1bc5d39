// Package gorillarouter is a gorilla/mux API whose CORS routes lack
// OPTIONS routes.
package gorillarouter

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"
)

type Task struct {
	Title string `json:"title"`
}

type api struct{ tasks []Task }

func (a *api) createTask(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	var t Task
	if err := json.NewDecoder(r.Body).Decode(&t); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	a.tasks = append(a.tasks, t)
	w.WriteHeader(http.StatusCreated)
}

func (a *api) updateTask(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusNoContent)
}

// corsHeaders is CORS middleware that also answers OPTIONS; as Use
// middleware, gorilla/mux runs it only for routes that match.
func corsHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (a *api) archive(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

func (a *api) router() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/tasks", a.createTask).Methods(http.MethodPost)  // want `CORS route "POST /tasks" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed, so the cross-origin POST is never sent; add an OPTIONS route for the path$`
	r.Methods("PUT").Path("/tasks/{id}").HandlerFunc(a.updateTask) // want `CORS route "PUT /tasks/{id}" has no OPTIONS route`
	v2 := r.PathPrefix("/v2").Subrouter()
	v2.Use(corsHeaders)
	v2.Use(mux.CORSMethodMiddleware(v2))
	v2.HandleFunc("/tasks/{id}/archive", a.archive).Methods("POST") // want `CORS route "POST /v2/tasks/{id}/archive" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed and never reaches the router's CORS middleware, which gorilla/mux runs only for matched routes, so the cross-origin POST is never sent`
	return r
}

func serve(a *api) {
	http.ListenAndServe(":8080", a.router())
}
