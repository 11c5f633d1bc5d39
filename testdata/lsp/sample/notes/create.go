package notes

import (
	"encoding/json"
	"net/http"
)

// createNote stores the note in the request body — « une note » ✍️.
func (s *Store) createNote(w http.ResponseWriter, r *http.Request) {
	var note Note
	json.NewDecoder(r.Body).Decode(&note)
	s.mu.Lock()
	s.notes[note.ID] = note
	s.mu.Unlock()
	w.Header().Set("Location", "/notes/"+note.ID)
	w.WriteHeader(http.StatusCreated)
}
