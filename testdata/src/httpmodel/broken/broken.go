// Package broken has type errors; the model must not panic on it.
package broken

import "net/http"

func ok(w http.ResponseWriter, r *http.Request) {
	undefinedCall(w)
}

func init() {
	http.HandleFunc("/x", ok)
	http.HandleFunc("/y", missing)
	http.HandleFunc(42)
	var mux *http.ServeMux
	mux.HandleFunc("POST /z", func(w http.ResponseWriter, r *http.Request) { w.Write(nope) })
	notAMux.Handle("/w", nil)
}
