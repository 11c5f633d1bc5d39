// Package nosplit is the seed's hello route with the per-method split
// turned off: the migration keeps the method check in the pure function.
package nosplit

import (
	"encoding/json"
	"net/http"
)

func hello(w http.ResponseWriter, r *http.Request) { // want `handler hello writes its response through http.ResponseWriter, so the response exists only as side effects`
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	var body struct {
		Name string `json:"name"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"greeting": "Hello, " + body.Name})
}

func items(w http.ResponseWriter, r *http.Request) { // want `handler items writes its response through http.ResponseWriter, so the response exists only as side effects`
	switch r.Method {
	case http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode([]string{"a", "b"})
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// Mux registers the handlers.
func Mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/hello", hello)
	mux.HandleFunc("/items", items)
	return mux
}
