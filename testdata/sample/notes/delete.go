package notes

import (
	"net/http"
	"strconv"
)

// AppOrigin is the browser app that calls the API from another origin.
const AppOrigin = "https://app.example.com"

// deleteNote deletes a note. The browser app calls it cross-origin, so it
// allows AppOrigin; DELETE is not a simple method, so the browser asks
// first with an OPTIONS preflight request.
func (s *Store) deleteNote(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", AppOrigin)
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	delete(s.notes, id)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
