// Package servemux is a JSON API on a Go 1.22 ServeMux whose handlers
// allow cross-origin requests but whose routes cannot answer a browser's
// preflight.
package servemux

import (
	"encoding/json"
	"net/http"
)

const appOrigin = "https://app.example.com"

type Item struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type store struct{ items map[string]Item }

func (s *store) listItems(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", appOrigin)
	json.NewEncoder(w).Encode(s.items)
}

func (s *store) createItem(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", appOrigin)
	var it Item
	if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	s.items[it.ID] = it
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(it)
}

func (s *store) updateItem(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", appOrigin)
	var it Item
	if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	s.items[r.PathValue("id")] = it
	w.WriteHeader(http.StatusNoContent)
}

func (s *store) deleteItem(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", appOrigin)
	delete(s.items, r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

// NewServer returns the items API server.
func NewServer(addr string) *http.Server {
	return &http.Server{Addr: addr, Handler: routes()}
}

func routes() http.Handler {
	s := &store{items: map[string]Item{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/items", s.listItems)
	mux.HandleFunc("POST /api/items", s.createItem) // want `CORS route "POST /api/items" has no OPTIONS route: a browser's preflight gets 405 with Allow: GET, HEAD, POST, so the cross-origin POST is never sent; add an OPTIONS route for the path$`
	// PUT and DELETE share one OPTIONS route, added after the first.
	mux.HandleFunc("PUT /api/items/{id}", s.updateItem)     // want `CORS route "PUT /api/items/{id}" has no OPTIONS route: a browser's preflight gets 405 with Allow: DELETE, PUT, so the cross-origin PUT is never sent`
	mux.HandleFunc("DELETE /api/items/{key}", s.deleteItem) // want `CORS route "DELETE /api/items/{key}" has no OPTIONS route: a browser's preflight gets 405 with Allow: DELETE, PUT, so the cross-origin DELETE is never sent`
	return mux
}
