// Package notes is a small JSON API that the Neovim test opens. In this
// file routevet's test analyzer reports the two status codes written as
// numbers; the test applies the quick fix of the first, then fixes the rest
// with the fix-all source action. The first finding's line has characters
// one, two and four bytes wide before the edit, so a wrong UTF-16 column
// shows. In create.go, unreadbody reports the decode error thrown away.
package notes

import (
	"encoding/json"
	"log"
	"net/http"
	"sync"
)

// A Note is a short text.
type Note struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Store keeps notes in memory.
type Store struct {
	mu    sync.Mutex
	notes map[string]Note
}

// Register adds the notes routes to mux.
func (s *Store) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /notes/{id}", s.getNote)
	mux.HandleFunc("POST /notes", s.createNote)
	mux.HandleFunc("DELETE /notes/{id}", s.deleteNote)
}

func (s *Store) getNote(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	note, ok := s.notes[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		http.Error(w, "note «introuvable» 🔍 — déjà supprimée ?", 404)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(note); err != nil {
		log.Printf("encoding note %s: %v", note.ID, err)
	}
}

func (s *Store) deleteNote(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.notes[id]; !ok {
		http.Error(w, "no such note", http.StatusNotFound)
		return
	}
	delete(s.notes, id)
	w.WriteHeader(204)
}
