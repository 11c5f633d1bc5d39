// Package e2e is the sample server of the end-to-end test: a notes API
// for a web app on another origin. Its handlers allow the app's origin,
// but no route answers a browser's preflight; e2e_test.go starts the
// fixed version (server.go.golden) and checks that a browser would now
// send the app's requests.
package e2e

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

const webOrigin = "https://notes.example.com"

type note struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

type notes struct {
	mu   sync.Mutex
	byID map[int]note
	next int
	tags []string
}

func (n *notes) list(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	n.mu.Lock()
	defer n.mu.Unlock()
	all := []note{}
	for _, nt := range n.byID {
		all = append(all, nt)
	}
	writeJSON(w, http.StatusOK, all)
}

func (n *notes) create(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	var nt note
	if err := json.NewDecoder(r.Body).Decode(&nt); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	n.mu.Lock()
	n.next++
	nt.ID = n.next
	n.byID[nt.ID] = nt
	n.mu.Unlock()
	writeJSON(w, http.StatusCreated, nt)
}

func (n *notes) update(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "invalid note id", http.StatusBadRequest)
		return
	}
	var nt note
	if err := json.NewDecoder(r.Body).Decode(&nt); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	nt.ID = id
	n.mu.Lock()
	n.byID[id] = nt
	n.mu.Unlock()
	writeJSON(w, http.StatusOK, nt)
}

func (n *notes) remove(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	id, _ := strconv.Atoi(r.PathValue("id"))
	n.mu.Lock()
	delete(n.byID, id)
	n.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// archive is written in the style of an API route before Go 1.22: a
// method-less pattern and a method check in the handler.
func (n *notes) archive(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost { // want `CORS handler \(\*notes\).archive answers a browser's preflight for "/api/archive" with 405: its method check rejects OPTIONS, so the cross-origin POST is never sent; answer OPTIONS before the check$`
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	n.mu.Lock()
	clear(n.byID)
	n.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (n *notes) setTags(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", webOrigin)
	switch r.Method { // want `CORS handler \(\*notes\).setTags answers a browser's preflight for "/api/tags" with 405: its switch on the method has no OPTIONS case, so the cross-origin GET or PUT is never sent; add an OPTIONS case$`
	case http.MethodGet:
		n.mu.Lock()
		defer n.mu.Unlock()
		writeJSON(w, http.StatusOK, n.tags)
	case http.MethodPut:
		var tags []string
		if err := json.NewDecoder(r.Body).Decode(&tags); err != nil {
			http.Error(w, "invalid JSON body", http.StatusBadRequest)
			return
		}
		n.mu.Lock()
		n.tags = tags
		n.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func routes() http.Handler {
	n := &notes{byID: map[int]note{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/notes", n.list)
	mux.HandleFunc("POST /api/notes", n.create)        // want `CORS route "POST /api/notes" has no OPTIONS route: a browser's preflight gets 405 with Allow: GET, HEAD, POST, so the cross-origin POST is never sent; add an OPTIONS route for the path$`
	mux.HandleFunc("PUT /api/notes/{id}", n.update)    // want `CORS route "PUT /api/notes/{id}" has no OPTIONS route: a browser's preflight gets 405 with Allow: DELETE, PUT, so the cross-origin PUT is never sent; add an OPTIONS route for the path$`
	mux.HandleFunc("DELETE /api/notes/{id}", n.remove) // want `CORS route "DELETE /api/notes/{id}" has no OPTIONS route`
	mux.HandleFunc("/api/archive", n.archive)
	mux.HandleFunc("/api/tags", n.setTags)
	return mux
}
