package chirouter

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func logged(next http.Handler) http.Handler { return next }

func addOptions(r chi.Router) {}

type v2 struct{}

// The router parameter of a Route callback that is a method value is
// followed as a literal's is: here it goes to a function that may add
// OPTIONS routes, so the route gets no finding. (preflight once read the
// parameters of literals and named functions only, and reported it.)
func (v2) routes(r chi.Router) {
	addOptions(r)
	r.With(logged).Put("/items/{id}", editComment)
}

func methodCallback() http.Handler {
	r := chi.NewRouter()
	r.Route("/v2", v2{}.routes)
	return r
}

// The same with a function literal.
func literalCallback() http.Handler {
	r := chi.NewRouter()
	r.Route("/v3", func(r chi.Router) {
		addOptions(r)
		r.With(logged).Put("/items/{id}", editComment)
	})
	return r
}
