// Package chirouter is a chi API whose CORS routes lack OPTIONS routes.
package chirouter

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Comment struct {
	Body string `json:"body"`
}

func allowApp(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
}

func createComment(w http.ResponseWriter, r *http.Request) {
	allowApp(w)
	var c Comment
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(c)
}

func editComment(w http.ResponseWriter, r *http.Request) {
	allowApp(w)
	w.WriteHeader(http.StatusNoContent)
}

func listComments(w http.ResponseWriter, r *http.Request) {
	allowApp(w)
	json.NewEncoder(w).Encode([]Comment{})
}

func logRequests(next http.Handler) http.Handler { return next }

func router() http.Handler {
	r := chi.NewRouter()
	r.Use(logRequests)
	r.Get("/comments", listComments)
	r.Post("/comments", createComment) // want `CORS route "POST /comments" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed, so the cross-origin POST is never sent; add an OPTIONS route for the path$`
	r.Route("/posts/{postID}", func(r chi.Router) {
		r.Put("/comments/{id}", editComment)                          // want `CORS route "PUT /posts/{postID}/comments/{id}" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed, so the cross-origin PUT is never sent`
		r.MethodFunc(http.MethodPatch, "/comments/{id}", editComment) // want `CORS route "PATCH /posts/{postID}/comments/{id}" has no OPTIONS route`
	})
	// chi 5.1: the method in the pattern.
	r.HandleFunc("DELETE /comments/{id}", editComment) // want `CORS route "DELETE /comments/{id}" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed, so the cross-origin DELETE is never sent`
	return r
}

func main() {
	http.ListenAndServe(":8080", router())
}
