// Package existingfactory has the preflight function of an earlier fix:
// a new fix reuses it.
package existingfactory

import "net/http"

func createTag(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusCreated)
}

func deleteTag(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusNoContent)
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /tags", createTag)
	mux.HandleFunc("OPTIONS /tags", corsPreflight("POST, OPTIONS", "*"))
	mux.HandleFunc("DELETE /tags/{id}", deleteTag) // want `CORS route "DELETE /tags/{id}" has no OPTIONS route`
	return mux
}

func serve() { http.ListenAndServe(":8080", routes()) }
