// Package crosspkg uses the CORS helpers, handlers and middleware of
// package helpers.
package crosspkg

import (
	"net/http"

	"preflight/helpers"
)

func createGadget(w http.ResponseWriter, r *http.Request) {
	helpers.AllowKnownOrigin(w, r)
	w.WriteHeader(http.StatusCreated)
}

func deleteGadget(w http.ResponseWriter, r *http.Request) {
	helpers.EnableCORS(&w)
	w.WriteHeader(http.StatusNoContent)
}

func renameGadget(w http.ResponseWriter, r *http.Request) {
	helpers.SetHeaders(w.Header())
	w.WriteHeader(http.StatusNoContent)
}

// showGadget calls WriteJSON, which is not a CORS helper.
func showGadget(w http.ResponseWriter, r *http.Request) {
	helpers.WriteJSON(w, false, "{}")
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /widgets", helpers.CreateWidget)  // want `CORS route "POST /widgets" has no OPTIONS route`
	mux.HandleFunc("POST /gadgets", createGadget)          // want `CORS route "POST /gadgets" has no OPTIONS route: .* \(no automatic fix: the allowed origin is not a constant and .routevet.yaml sets no cors.allow-origins\)$`
	mux.HandleFunc("DELETE /gadgets/{id}", deleteGadget)   // want `CORS route "DELETE /gadgets/{id}" has no OPTIONS route`
	mux.HandleFunc("PUT /gadgets/{id}/name", renameGadget) // want `CORS route "PUT /gadgets/{id}/name" has no OPTIONS route`
	mux.HandleFunc("PUT /gadgets/{id}", showGadget)
	return mux
}

func serve() {
	http.ListenAndServe(":8080", routes())
}

// Middleware from another package: one answers preflights, one does not.
func wrapped() {
	answered := http.NewServeMux()
	answered.HandleFunc("POST /answered", createGadget)
	http.ListenAndServe(":1", helpers.Preflight(answered))

	refused := http.NewServeMux()
	refused.HandleFunc("POST /refused", showGadget) // want `CORS route "POST /refused" has no OPTIONS route: a browser's preflight gets 405 with Allow: POST \(the CORS middleware in front of the router hands OPTIONS on\), so the cross-origin POST is never sent`
	http.ListenAndServe(":2", helpers.AddOrigin(refused))
}
