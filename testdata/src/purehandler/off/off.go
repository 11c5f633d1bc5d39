// Package off has a migratable handler, but its configuration does not
// ask for the migration.
package off

import "net/http"

func health(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
}

func Mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", health)
	return mux
}
