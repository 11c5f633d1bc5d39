// Package hint already uses the route module, so purehandler's
// diagnostics do not tell how to add it to go.mod.
package hint

import (
	"net/http"

	"github.com/routevet/routevet/route"
)

// Version is already pure.
func Version(r *http.Request) (*http.Response, error) {
	return route.Text(http.StatusOK, "v1\n")
}

func health(w http.ResponseWriter, r *http.Request) { // want `handler health writes its response through http.ResponseWriter, so the response exists only as side effects; migrate it to a pure route.Func that returns the same status, headers and body$`
	w.WriteHeader(http.StatusNoContent)
}

// Mux registers both.
func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/version", route.Func(Version))
	mux.HandleFunc("/health", health)
	return mux
}
