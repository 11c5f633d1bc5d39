// Package regmux registers its routes on a ServeMux that package
// regmuxmain makes and serves.
package regmux

import "net/http"

func createItem(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.WriteHeader(http.StatusCreated)
}

func preflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	w.Header().Set("Access-Control-Allow-Methods", "POST, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

// Register registers the items API on the mux it is given.
func Register(mux *http.ServeMux) { // want Register:`registers\(0, ServeMux: \*POST /v1/items gets 405 with Allow: POST\)`
	mux.HandleFunc("POST /v1/items", createItem)
}

// RegisterPreflight answers the preflights below /v1/.
func RegisterPreflight(mux *http.ServeMux) { // want RegisterPreflight:`registers\(0, ServeMux: ; options OPTIONS /v1/\)`
	mux.HandleFunc("OPTIONS /v1/", preflight)
}

// RegisterStatic serves files below /static/ for every method.
func RegisterStatic(mux *http.ServeMux) { // want RegisterStatic:`registers\(0, ServeMux: ; options /static/\)`
	mux.Handle("/static/", http.FileServer(http.Dir(".")))
}
