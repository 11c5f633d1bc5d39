// Package namecollision already uses the name corsPreflight for
// something else, and a handler shadows corsPreflight2: the generated
// function gets a fresh name.
package namecollision

import nethttp "net/http"

var corsPreflight = []string{"GET"}

func createLabel(w nethttp.ResponseWriter, r *nethttp.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(nethttp.StatusCreated)
}

func routes() *nethttp.ServeMux {
	corsPreflight2 := "shadowed here"
	_ = corsPreflight2
	mux := nethttp.NewServeMux()
	mux.HandleFunc("POST /labels", createLabel) // want `CORS route "POST /labels" has no OPTIONS route`
	return mux
}

func serve() { nethttp.ListenAndServe(":8080", routes()) }
