// Package helpers is the shape of a module whose handlers write their
// responses through helpers of their own package: a JSON writer, error
// helpers (one a method, one calling another), and helpers the migration
// must leave alone.
package helpers

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

type item struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

type store struct {
	items map[string]int
}

// writeJSON writes v as JSON with a status.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// httpError writes a plain-text error; a HEAD request gets no body.
func httpError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		w.WriteHeader(code)
		return
	}
	http.Error(w, msg, code)
}

// badRequest is an error helper over another.
func badRequest(w http.ResponseWriter, r *http.Request, format string, args ...any) {
	httpError(w, r, http.StatusBadRequest, fmt.Sprintf(format, args...))
}

// fail answers an error by its text, as a method.
func (s *store) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.Contains(err.Error(), "missing") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, "error: %v\n", err)
}

// sendRaw writes bytes it is given.
func sendRaw(w http.ResponseWriter, r *http.Request, b []byte) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(b)
}

// late sets its Content-Type after WriteHeader, which net/http drops.
func late(w http.ResponseWriter, r *http.Request, msg string) {
	w.WriteHeader(http.StatusTeapot)
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprint(w, msg)
}

// brew reaches late through a helper.
func brew(w http.ResponseWriter, r *http.Request, what string) {
	late(w, r, what)
}

// noRequest has no request parameter: its adapter makes one.
func noRequest(w http.ResponseWriter, msg string) {
	w.WriteHeader(http.StatusConflict)
	fmt.Fprint(w, msg)
}

// welcome adds a cookie, to those its callers may have set.
func welcome(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1"})
	fmt.Fprintf(w, "hello %s", name)
}

func (s *store) getItem(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).getItem writes its response`
	name := r.PathValue("name")
	n, ok := s.items[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("item %s missing", name))
		return
	}
	writeJSON(w, r, http.StatusOK, item{Name: name, Count: n})
}

func (s *store) setItem(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).setItem writes its response`
	name := r.PathValue("name")
	n, err := strconv.Atoi(r.URL.Query().Get("count"))
	if err != nil {
		badRequest(w, r, "bad count %q", r.URL.Query().Get("count"))
		return
	}
	if n < 0 {
		httpError(w, r, http.StatusUnprocessableEntity, "negative count")
		return
	}
	if n > 1000 {
		s.fail(w, r, fmt.Errorf("count %d too large", n))
		return
	}
	s.items[name] = n
	writeJSON(w, r, http.StatusCreated, item{Name: name, Count: n})
}

func (s *store) raw(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).raw writes its response`
	if r.URL.Query().Has("empty") {
		return
	}
	sendRaw(w, r, []byte(r.URL.Query().Get("data")))
}

// tagged sets headers before the helper writes the rest.
func (s *store) tagged(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).tagged writes its response`
	name := r.URL.Query().Get("name")
	w.Header().Set("X-Tag", "1")
	w.Header().Add("Location", fmt.Sprintf("/items/%s", name))
	w.Header().Add("Location", "/items")
	writeJSON(w, r, http.StatusCreated, s.items)
}

// cached sets a header the helper sets too.
func (s *store) cached(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).cached writes .* the header Cache-Control is set before the writer is passed to helpers.writeJSON, which may set it too.* \[blocked: header-before-helper\]`
	w.Header().Set("Cache-Control", "max-age=60")
	writeJSON(w, r, http.StatusOK, s.items)
}

// queued calls WriteHeader before the helper.
func (s *store) queued(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).queued writes .* WriteHeader is called before the writer is passed to helpers.httpError.* \[blocked: header-before-helper\]`
	w.WriteHeader(http.StatusAccepted)
	httpError(w, r, http.StatusAccepted, "queued")
}

// maybeNote writes nothing for an empty note.
func maybeNote(w http.ResponseWriter, r *http.Request, note string) {
	if note == "" {
		return
	}
	io.WriteString(w, note)
}

func (s *store) note(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).note writes .* helpers.maybeNote, which writes nothing on some path.* \[blocked: header-before-helper\]`
	w.Header().Set("X-Note", "1")
	maybeNote(w, r, r.URL.Query().Get("note"))
}

func (s *store) plainNote(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).plainNote writes its response`
	maybeNote(w, r, r.URL.Query().Get("note"))
}

func (s *store) teapot(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).teapot writes .* cannot be made pure: a header is changed after WriteHeader .* \[blocked: header-after-commit\]`
	late(w, r, "short and stout")
}

func (s *store) brewing(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).brewing writes .* the writer is passed to helpers.brew → helpers.late, which cannot be made pure: a header is changed after WriteHeader .* \[blocked: header-after-commit\]`
	brew(w, r, "tea")
}

func (s *store) conflict(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).conflict writes its response`
	noRequest(w, "busy")
}

func (s *store) hello(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).hello writes .* cannot be made pure: it adds to or deletes the header Set-Cookie, .* \[blocked: helper-merges-header\]`
	welcome(w, r, r.URL.Query().Get("name"))
}

// stream flushes through a ResponseController, which needs the
// ResponseWriter (a type assertion to http.Flusher would not: see
// purehandler/streams), so it stays as it is; it still calls writeJSON,
// which must keep compiling as an adapter.
func (s *store) stream(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).stream writes .* \[blocked: flush-hijack\]`
	if r.URL.Query().Has("json") {
		writeJSON(w, r, http.StatusOK, s.items)
		return
	}
	fmt.Fprint(w, "a")
	http.NewResponseController(w).Flush()
	fmt.Fprint(w, "b")
}

// lookup replies in both branches and then returns: once both replies
// are returns, that return is dead code and goes.
func (s *store) lookup(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).lookup writes its response`
	name := r.PathValue("name")
	if n, ok := s.items[name]; ok {
		writeJSON(w, r, http.StatusOK, item{Name: name, Count: n})
	} else {
		httpError(w, r, http.StatusNotFound, "no such item")
	}
	return
}

// Mux serves the handlers.
func Mux() *http.ServeMux {
	s := &store{items: map[string]int{"apple": 3}}
	mux := http.NewServeMux()
	mux.HandleFunc("/items/{name}", s.getItem)
	mux.HandleFunc("/set/{name}", s.setItem)
	mux.HandleFunc("/raw", s.raw)
	mux.HandleFunc("/tagged", s.tagged)
	mux.HandleFunc("/teapot", s.teapot)
	mux.HandleFunc("/conflict", s.conflict)
	mux.HandleFunc("/stream", s.stream)
	mux.HandleFunc("/hello", s.hello)
	mux.HandleFunc("/brewing", s.brewing)
	mux.HandleFunc("/cached", s.cached)
	mux.HandleFunc("/queued", s.queued)
	mux.HandleFunc("/note", s.note)
	mux.HandleFunc("/plainnote", s.plainNote)
	mux.HandleFunc("/lookup/{name}", s.lookup)
	return mux
}
