// Package notes is a small notes API whose handlers write through
// http.ResponseWriter, one handler shape each.
package notes

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

type Note struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

type Store struct {
	mu    sync.Mutex
	notes map[int]Note
	next  int
}

func NewStore() *Store { return &Store{notes: map[int]Note{}, next: 1} }

func (s *Store) add(n *Note) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n.ID = s.next
	s.next++
	s.notes[n.ID] = *n
}

func (s *Store) get(id int) (Note, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[id]
	return n, ok
}

const version = "1.4.2"

// createNote decodes a note, stores it and answers 201 with its location.
func (s *Store) createNote(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).createNote writes its response through http.ResponseWriter, so the response exists only as side effects; migrate it to a pure route.Func that returns the same status, headers and body; the fix imports github.com/routevet/routevet/route, which go get github.com/routevet/routevet/route@latest adds to go.mod$`
	var note Note
	if err := json.NewDecoder(r.Body).Decode(&note); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	if strings.TrimSpace(note.Title) == "" {
		http.Error(w, "title is required", http.StatusUnprocessableEntity)
		return
	}
	s.add(&note)
	w.Header().Set("Location", fmt.Sprintf("/notes/%d", note.ID))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(note)
}

// getNote answers one note, 400 for a bad id and 404 for a missing one.
func (s *Store) getNote(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).getNote writes its response`
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "bad note id", http.StatusBadRequest)
		return
	}
	note, ok := s.get(id)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(note); err != nil {
		log.Printf("writing note %d: %v", id, err)
	}
}

// listNotes forgets to set a Content-Type: net/http sniffs text/plain.
func (s *Store) listNotes(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).listNotes writes its response through http.ResponseWriter, so the response exists only as side effects; migrate it to a pure route.Func that returns the same status, headers and body \(its JSON is sent as text/plain`
	q := r.URL.Query().Get("q")
	s.mu.Lock()
	list := []Note{}
	for id := 1; id < s.next; id++ {
		if n, ok := s.notes[id]; ok && strings.Contains(n.Title, q) {
			list = append(list, n)
		}
	}
	s.mu.Unlock()
	json.NewEncoder(w).Encode(list)
}

// deleteNote answers 204 or 404, with headers set before the branches.
func (s *Store) deleteNote(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).deleteNote writes its response`
	w.Header().Set("Cache-Control", "no-store")
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	_, ok := s.notes[id]
	delete(s.notes, id)
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// legacyList moved.
func legacyList(w http.ResponseWriter, r *http.Request) { // want `handler legacyList writes its response`
	http.Redirect(w, r, "/notes?"+r.URL.RawQuery, http.StatusMovedPermanently)
}

// health answers a constant text body without a Content-Type.
func health(w http.ResponseWriter, r *http.Request) { // want `handler health writes its response`
	w.Write([]byte("ok"))
}

// versionInfo formats text with an explicit Content-Type.
func versionInfo(w http.ResponseWriter, r *http.Request) { // want `handler versionInfo writes its response`
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "notes %s (%d notes max)\n", version, 1000)
}

// exportCSV sends a download with a computed file name.
func (s *Store) exportCSV(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).exportCSV writes its response`
	var b strings.Builder
	b.WriteString("id,title\n")
	s.mu.Lock()
	for id := 1; id < s.next; id++ {
		if n, ok := s.notes[id]; ok {
			fmt.Fprintf(&b, "%d,%q\n", n.ID, n.Title)
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Disposition", `attachment; filename="notes.csv"`)
	io.WriteString(w, b.String())
}

// login sets a session cookie and sends the browser home.
func login(w http.ResponseWriter, r *http.Request) { // want `handler login writes its response`
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	user := r.PostForm.Get("user")
	if user == "" {
		w.Header().Set("WWW-Authenticate", `Basic realm="notes"`)
		http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: user, Path: "/", HttpOnly: true})
	http.Redirect(w, r, "/notes", http.StatusSeeOther)
}

type stats struct {
	Notes   int     `json:"notes"`
	AvgSize float64 `json:"avg_size"`
}

// noteStats encodes a float, whose encoding can fail (NaN).
func (s *Store) noteStats(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).noteStats writes its response`
	s.mu.Lock()
	st := stats{Notes: len(s.notes)}
	total := 0
	for _, n := range s.notes {
		total += len(n.Body)
	}
	s.mu.Unlock()
	st.AvgSize = float64(total) / float64(st.Notes)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(st)
}

// count answers a number; a missing note id ends the handler early with
// the headers set so far.
func (s *Store) count(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).count writes its response`
	w.Header().Set("Cache-Control", "max-age=5")
	w.Header().Add("Vary", "Accept")
	w.Header().Add("Vary", "Accept-Encoding")
	if r.URL.Query().Has("quiet") {
		return
	}
	s.mu.Lock()
	n := len(s.notes)
	s.mu.Unlock()
	status := http.StatusOK
	if n == 0 {
		status = http.StatusAccepted
	}
	w.WriteHeader(status)
	fmt.Fprintln(w, n)
}

// search picks a format at the end of the handler.
func (s *Store) search(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).search writes its response`
	q := r.URL.Query().Get("q")
	switch r.URL.Query().Get("format") {
	case "text":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "results for "+q+"\n")
	case "json":
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"q": q, "count": 0, "ok": true})
	default:
		if q == "" {
			w.Header().Set("X-Empty-Query", "1")
		}
	}
}

// touch ends with a header set in one branch only.
func (s *Store) touch(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).touch writes its response`
	rw := w
	id, _ := strconv.Atoi(r.URL.Query().Get("id"))
	if _, ok := s.get(id); ok {
		rw.Header().Set("X-Touched", strconv.Itoa(id))
	}
}

// etag computes a header value, then runs code that could change it
// before the body is written.
func (s *Store) etag(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).etag writes its response`
	note, ok := s.get(1)
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("ETag", fmt.Sprintf(`"%d-%d"`, note.ID, len(note.Body)))
	note.Body = strings.ToUpper(note.Body)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, note.Body)
}

// hello is the seed article's API route: POST only, {"name"} in,
// {"greeting"} out.
func hello(w http.ResponseWriter, r *http.Request) { // want `handler hello dispatches on r.Method and writes through http.ResponseWriter; split it into one pure route.Func per method \(POST\) wired through route.Methods, .* instead of this handler's 405 branch; the fix imports github.com/routevet/routevet/route, which go get github.com/routevet/routevet/route@latest adds to go.mod$`
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

// collection dispatches by method by hand.
func (s *Store) collection(w http.ResponseWriter, r *http.Request) { // want `handler \(\*Store\).collection dispatches on r.Method and writes through http.ResponseWriter; split it into one pure route.Func per method \(GET, HEAD, POST\)`
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]int{"count": len(s.notes)})
	case http.MethodPost:
		var note Note
		if err := json.NewDecoder(r.Body).Decode(&note); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.add(&note)
		w.WriteHeader(http.StatusCreated)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// Routes registers every handler.
func Routes(s *Store) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /notes", s.createNote)
	mux.HandleFunc("GET /notes/{id}", s.getNote)
	mux.HandleFunc("GET /notes", s.listNotes)
	mux.HandleFunc("DELETE /notes/{id}", s.deleteNote)
	mux.HandleFunc("/api/notes", legacyList)
	mux.HandleFunc("/healthz", health)
	mux.HandleFunc("GET /version", versionInfo)
	mux.HandleFunc("GET /export.csv", s.exportCSV)
	mux.HandleFunc("POST /login", login)
	mux.HandleFunc("GET /stats", s.noteStats)
	mux.HandleFunc("/count", s.count)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("/touch", s.touch)
	mux.HandleFunc("/etag", s.etag)
	mux.HandleFunc("/api/hello", hello)
	mux.Handle("/collection", http.HandlerFunc(s.collection))
	mux.HandleFunc("/ping", func(w http.ResponseWriter, r *http.Request) { // want `handler literal writes its response`
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("pong"))
	})
	return mux
}
