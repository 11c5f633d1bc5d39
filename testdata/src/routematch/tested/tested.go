// Package tested has a handler that its test calls directly, with a path
// value the test sets: its registrations are not the only way in.
package tested

import "net/http"

func routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /things/{id}", getThing)
}

func getThing(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.PathValue("thing")))
}
