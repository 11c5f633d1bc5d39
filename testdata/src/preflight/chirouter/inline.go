package chirouter

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

// chi runs the middleware of With and Group only for the routes they
// match, so CORS middleware there never sees the preflight of a PUT.
func inlineCORS() http.Handler {
	r := chi.NewRouter()
	r.Group(func(g chi.Router) {
		g.Use(cors.Handler(cors.Options{AllowedOrigins: []string{"https://app.example.com"}}))
		g.Put("/drafts/{id}", editComment) // want `CORS route "PUT /drafts/{id}" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed and never reaches the CORS middleware of With or Group, which chi runs only for matched routes, so the cross-origin PUT is never sent`
	})
	return r
}

func serveInline() { http.ListenAndServe(":6", inlineCORS()) }
