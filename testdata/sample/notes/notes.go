// Package notes serves a tiny notes API.
package notes

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
)

// A Note is one stored note.
type Note struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

// Store keeps notes in memory.
type Store struct {
	mu    sync.Mutex
	notes map[int]Note
	next  int
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{notes: map[int]Note{}, next: 1} }

// Routes returns the API's router; package main serves it.
func (s *Store) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /notes/{id}", s.getNote)
	mux.HandleFunc("POST /notes", s.createNote)
	mux.HandleFunc("POST /notes/search", s.search)
	mux.HandleFunc("DELETE /notes/{id}", s.deleteNote)
	mux.HandleFunc("GET /hello", hello)
	mux.HandleFunc("GET /banner", banner)
	return mux
}

func (s *Store) getNote(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
	}
	s.mu.Lock()
	note, ok := s.notes[id]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, note)
}

func (s *Store) createNote(w http.ResponseWriter, r *http.Request) {
	var note Note
	json.NewDecoder(r.Body).Decode(&note)
	if note.Text == "" {
		http.Error(w, "text is required", http.StatusUnprocessableEntity)
		return
	}
	s.mu.Lock()
	note.ID = s.next
	s.next++
	s.notes[note.ID] = note
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
	w.Header().Set("Location", fmt.Sprintf("/notes/%d", note.ID))
	json.NewEncoder(w).Encode(note)
}

func (s *Store) search(w http.ResponseWriter, r *http.Request) {
	q := r.Form.Get("q")
	var found []Note
	s.mu.Lock()
	for _, n := range s.notes {
		if n.Text == q {
			found = append(found, n)
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, found)
}

// hello is the seed article's hello example, written correctly.
func hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	writeJSON(w, http.StatusOK, map[string]string{"greeting": "Hello, " + name})
}

// writeJSON commits w on every path, so routevet treats calls to it as
// writes of the response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
