//go:build go1.21

// Package legacy is built with Go 1.21 rules: "POST /x" is a path with a
// space in it, and the method check in the handler is the only one.
package legacy

import "net/http"

func upload(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method != "PUT" { // want `CORS handler upload answers a browser's preflight for "/upload" with 405`
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/upload", upload)
	mux.HandleFunc("POST /literal", upload)
	return mux
}

func serve() { http.ListenAndServe(":8080", routes()) }
