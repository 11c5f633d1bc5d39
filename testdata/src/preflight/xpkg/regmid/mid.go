// Package regmid makes a gorilla/mux router, has package reggorilla
// register its routes on it and hands it on: its route table lists
// those routes too.
package regmid

import (
	"net/http"

	"github.com/gorilla/mux"

	"preflight/xpkg/reggorilla"
)

// Router leaves the package with reggorilla's routes.
func Router() http.Handler { // want Router:`routes\(gorilla/mux: \*POST /notes gets 405 Method Not Allowed, PUT /notes/{id} gets 405 Method Not Allowed\)`
	r := mux.NewRouter()
	a := &reggorilla.API{}
	a.Register(r) // want `CORS route "POST /notes" that reggorilla.Register registers`
	return r
}
