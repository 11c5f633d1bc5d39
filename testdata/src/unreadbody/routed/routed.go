// Package routed checks form-before-parse against what the routes show:
// a middleware may have parsed the form, a plain registration cannot.
package routed

import (
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// methodOverride reads the form to find the real method.
func methodOverride(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m := r.PostFormValue("_method"); m != "" {
			r.Method = m
		}
		next.ServeHTTP(w, r)
	})
}

func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /profile", saveProfile)
	mux.Handle("POST /posts", methodOverride(http.HandlerFunc(savePost)))
	return mux
}

func ChiRoutes() http.Handler {
	r := chi.NewRouter()
	r.Use(methodOverride)
	r.Post("/comments", saveComment)
	return r
}

func saveProfile(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, r.PostForm.Get("bio")) // want `r.PostForm is read before the form is parsed`
}

// The middleware parsed it.
func savePost(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, r.PostForm.Get("title"))
}

// The router's middleware parsed it.
func saveComment(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, r.PostForm.Get("text"))
}
