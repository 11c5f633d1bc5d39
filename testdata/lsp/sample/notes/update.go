package notes

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// updateNote replaces a note — « modifiée » ✍️. The Emacs test (and
// Neovim's with -gopls) opens this file: routevet's unreadbody reports
// the two decode errors thrown away, gopls' printf check the %d given a
// string.
func (s *Store) updateNote(w http.ResponseWriter, r *http.Request) {
	var note Note
	json.NewDecoder(r.Body).Decode(&note)
	s.mu.Lock()
	s.notes[note.ID] = note
	s.mu.Unlock()
	w.Header().Set("X-Updated", fmt.Sprintf("note %d", note.ID))
	w.WriteHeader(http.StatusNoContent)
}

// renameNote changes a note's title.
func (s *Store) renameNote(w http.ResponseWriter, r *http.Request) {
	var title struct {
		Title string `json:"title"`
	}
	json.NewDecoder(r.Body).Decode(&title)
	s.mu.Lock()
	note := s.notes[r.PathValue("id")]
	note.Title = title.Title
	s.notes[note.ID] = note
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
