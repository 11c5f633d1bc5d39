// Package regchiall has package regchi register its routes below /v2 on
// the router it is given: the routes pass on to its own fact.
package regchiall

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"preflight/xpkg/regchi"
)

// Mount registers regchi's routes below /v2.
func Mount(r chi.Router) { // want Mount:`registers\(0, chi: \*POST /v2/comments gets 405 Method Not Allowed, PUT /v2/comments/{id}/ gets 405 Method Not Allowed\)`
	r.Route("/v2", func(r chi.Router) {
		regchi.Register(r)
	})
	r.Get("/v2/health", health)
}

func health(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }
