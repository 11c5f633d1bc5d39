// Package api is a small JSON and HTML API whose handlers show the order
// rules of http.ResponseWriter, broken (want comments) and kept.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"

	"mutablewriter/helpers"
)

type Note struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

type Store interface {
	Get(ctx context.Context, id int) (Note, error)
	Create(ctx context.Context, n Note) (Note, error)
	List(ctx context.Context) ([]Note, error)
}

type Server struct {
	store  Store
	tmpl   *template.Template
	render interface {
		Page(w http.ResponseWriter, name string, data any)
	}
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /notes", s.createNote)
	mux.HandleFunc("GET /notes/{id}", s.getNote)
	mux.HandleFunc("GET /status", s.status)
	mux.HandleFunc("GET /inline", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "inline handler")
		w.Header().Set("X-Handler", "inline") // want `w.Header\(\).Set\("X-Handler"\) after the response was committed by fmt.Fprintln at line \d+: the header is silently dropped because headers go out with the first write; set it before writing`
	})
	mux.Handle("GET /files/", fileHandler{root: "/srv"})
}

// --- header-after-commit -------------------------------------------------

func (s *Server) createNote(w http.ResponseWriter, r *http.Request) {
	var n Note
	if err := json.NewDecoder(r.Body).Decode(&n); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	created, err := s.store.Create(r.Context(), n)
	if err != nil {
		http.Error(w, "could not save note", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
	w.Header().Set("Location", fmt.Sprintf("/notes/%d", created.ID)) // want `w.Header\(\).Set\("Location"\) after the response was committed by w.WriteHeader at line \d+`
	json.NewEncoder(w).Encode(created)
}

// The header map taken before the write is the same map, and still dropped.
func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	notes, err := s.store.List(r.Context())
	if err != nil {
		http.Error(w, "could not list notes", http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(notes)
	h.Set("X-Total-Count", strconv.Itoa(len(notes))) // want `h.Set\("X-Total-Count"\) after the response was committed by json.NewEncoder\(w\).Encode at line \d+`
}

func login(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "welcome back, %s", r.FormValue("user"))
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", HttpOnly: true}) // want `http.SetCookie after the response was committed by fmt.Fprintf at line \d+: the cookie is silently dropped`
}

func traced(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
	w.Header()["X-Request-Id"] = []string{r.Header.Get("X-Request-Id")} // want `w.Header\(\)\["X-Request-Id"\] assignment after the response was committed by w.Write`
}

func download(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open("/srv/report.csv")
	if err != nil {
		http.Error(w, "report unavailable", http.StatusServiceUnavailable)
		return
	}
	defer f.Close()
	hdr := w.Header()
	io.Copy(w, f)
	delete(hdr, "Content-Length") // want `delete on the header map after the response was committed by io.Copy`
}

// Cross-package helper: WriteJSON commits, so the header is late.
func (s *Server) getNote(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "invalid id", http.StatusBadRequest)
		return
	}
	n, err := s.store.Get(r.Context(), id)
	if err != nil {
		helpers.WriteError(w, err, http.StatusNotFound)
		return
	}
	helpers.WriteJSON(w, http.StatusOK, n)
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(n.ID))) // want `w.Header\(\).Set\("ETag"\) after the response was committed by helpers.WriteJSON at line \d+`
}

// A helper that only sets headers, called too late.
func (s *Server) publicNotes(w http.ResponseWriter, r *http.Request) {
	notes, _ := s.store.List(r.Context())
	json.NewEncoder(w).Encode(notes)
	helpers.SetCORS(w, "https://example.com") // want `helpers.SetCORS sets headers after the response was committed by json.NewEncoder\(w\).Encode at line \d+: they are silently dropped because headers go out with the first write; call it before writing`
}

// A buggy helper is reported in its own body.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.WriteHeader(status)
	w.Header().Set("Content-Type", "application/problem+json") // want `w.Header\(\).Set\("Content-Type"\) after the response was committed by w.WriteHeader`
	json.NewEncoder(w).Encode(map[string]string{"detail": detail})
}

func events(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	fmt.Fprint(w, "retry: 1000\n\n")
	w.(http.Flusher).Flush()
	w.Header().Set("Cache-Control", "no-cache") // want `w.Header\(\).Set\("Cache-Control"\) after the response was committed by fmt.Fprint at line \d+`
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	s.tmpl.ExecuteTemplate(w, "index.html", nil)
	w.Header().Set("Content-Language", "en") // want `after the response was committed by s.tmpl.ExecuteTemplate`
}

// Header set on every iteration after that iteration's write.
func exportRows(w http.ResponseWriter, rows [][]string) {
	for i, row := range rows {
		fmt.Fprintln(w, row)
		w.Header().Set("X-Rows", strconv.Itoa(i+1)) // want `after the response was committed by fmt.Fprintln`
	}
}

// The writer copied into another name is the same writer.
func copied(w http.ResponseWriter, r *http.Request) {
	rw := w
	var out io.Writer = rw
	io.WriteString(out, "hello")
	rw.Header().Set("X-Greeting", "1") // want `after the response was committed by io.WriteString`
}

// goto reaches the label only after the write.
func cachedBadge(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("fresh") {
		fmt.Fprint(w, "<svg>fresh</svg>")
		goto done
	}
	fmt.Fprint(w, "<svg>cached</svg>")
done:
	w.Header().Set("Content-Type", "image/svg+xml") // want `after the response was committed by fmt.Fprint at line \d+`
}

// --- superfluous-writeheader ----------------------------------------------

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	if _, err := s.store.List(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable) // want `w.WriteHeader after the response was committed by w.WriteHeader at line \d+: the status is ignored and net/http logs "http: superfluous response.WriteHeader call"; decide the status before writing the body`
		return
	}
	fmt.Fprintln(w, "ok")
}

func health(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("healthy"))
	w.WriteHeader(http.StatusOK) // want `w.WriteHeader after the response was committed by w.Write`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	notes, _ := s.store.List(r.Context())
	json.NewEncoder(w).Encode(notes)
	if len(notes) == 0 {
		http.Error(w, "no notes", http.StatusNotFound) // want `http.Error sends a status after the response was committed by json.NewEncoder\(w\).Encode`
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) accepted(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
	writeJSON(w, http.StatusAccepted, map[string]string{"state": "queued"}) // want `writeJSON sends a status after the response was committed by w.WriteHeader`
}

type fileHandler struct{ root string }

func (h fileHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`writes\(0:commits\+status\+header\+responds\)`
	w.WriteHeader(http.StatusOK)
	http.ServeFile(w, r, h.root+r.URL.Path) // want `http.ServeFile sends a status after the response was committed by w.WriteHeader`
}

func encoderVar(w http.ResponseWriter, r *http.Request) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(map[string]bool{"ok": true})
	w.WriteHeader(http.StatusOK) // want `w.WriteHeader after the response was committed by enc.Encode`
}

// Generic helpers carry their effects too.
func respond[T any](w http.ResponseWriter, status int, v T) {
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) generic(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "[")
	respond(w, http.StatusOK, []int{1, 2}) // want `respond sends a status after the response was committed by fmt.Fprint`
}

// --- write-after-error-reply (more in package fix) --------------------------

func (s *Server) archive(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		helpers.WriteError(w, err, http.StatusBadRequest) // want `helpers.WriteError replies, but every path after it uses the writer again \(helpers.WriteJSON at line \d+: the status is ignored .*\(no automatic fix: a return would also skip s.store.Get at line \d+\)`
	}
	n, _ := s.store.Get(r.Context(), id)
	helpers.WriteJSON(w, http.StatusOK, n)
	w.Header().Set("X-Archived", "1") // want `w.Header\(\).Set\("X-Archived"\) after the response was committed by helpers.WriteJSON`
}

func redirectOld(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/new", http.StatusMovedPermanently) // want `http.Redirect replies, but every path after it uses the writer again \(w.Header\(\).Set\("X-Moved"\) at line \d+: the header is dropped\); return after the reply \(no automatic fix: the reply is not the last statement of an if block without else\)`
	w.Header().Set("X-Moved", "yes")
}

// --- negatives ---------------------------------------------------------------

func (s *Server) createNoteFixed(w http.ResponseWriter, r *http.Request) {
	var n Note
	if err := json.NewDecoder(r.Body).Decode(&n); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	created, err := s.store.Create(r.Context(), n)
	if err != nil {
		http.Error(w, "could not save note", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/notes/%d", created.ID))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(created)
}

func okThenBody(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("first"))
	w.Write([]byte("second"))
	fmt.Fprintln(w, "third")
}

func redirectAndReturn(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("next") != "" {
		http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusSeeOther)
		return
	}
	fmt.Fprint(w, "no redirect")
}

func branches(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusNoContent)
	} else {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, "body")
	}
}

func (s *Server) switchArms(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		notes, _ := s.store.List(r.Context())
		writeJSON(w, http.StatusOK, notes)
	case http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, DELETE")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (s *Server) wait(w http.ResponseWriter, r *http.Request) {
	result := make(chan []Note, 1)
	go func() {
		notes, _ := s.store.List(context.Background())
		result <- notes
	}()
	select {
	case <-r.Context().Done():
		http.Error(w, "request cancelled", http.StatusRequestTimeout)
	case notes := <-result:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(notes)
	case <-time.After(5 * time.Second):
		w.WriteHeader(http.StatusGatewayTimeout)
	}
}

func stream(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(w, "data: %d\n\n", i)
		flusher.Flush()
	}
}

// The first iteration may set the header before anything was written.
func firstRowHeader(w http.ResponseWriter, rows []Note) {
	for i, row := range rows {
		if i == 0 {
			w.Header().Set("Content-Type", "application/x-ndjson")
		}
		json.NewEncoder(w).Encode(row)
	}
}

// Deferred closures run at exit; they are not judged.
func timed(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer func() {
		w.Header().Set("Server-Timing", fmt.Sprintf("total;dur=%d", time.Since(start).Milliseconds()))
	}()
	fmt.Fprint(w, "done")
}

func recovering(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if err := recover(); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	w.Write([]byte("partial"))
	defer w.Header().Set("X-Deferred", "1")
}

// Headers set by a deferred function before the handler's own writes.
func withDeferredHeaders(w http.ResponseWriter, r *http.Request) {
	setHeaders := func() { w.Header().Set("X-Frame-Options", "DENY") }
	defer setHeaders()
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprint(w, "<p>hi</p>")
}

func encodeError(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		http.Error(w, "could not encode response", http.StatusInternalServerError)
	}
}

func writeError(w http.ResponseWriter, b []byte) {
	if _, err := w.Write(b); err != nil {
		log.Printf("write failed: %v", err)
		w.WriteHeader(http.StatusInternalServerError)
	}
}

func (s *Server) templateError(w http.ResponseWriter, r *http.Request) {
	err := s.tmpl.Execute(w, nil)
	if err != nil {
		http.Error(w, "template failed", http.StatusInternalServerError) // want `http.Error replies after s.tmpl.Execute failed`
	}
}

func copyError(w http.ResponseWriter, src io.Reader) { // want copyError:`unreadbody\(p1 must=body may=body,touch-body\)`
	if n, err := io.Copy(w, src); err != nil || n == 0 {
		w.WriteHeader(http.StatusBadGateway)
	}
}

func renderHelperError(w http.ResponseWriter, r *http.Request) {
	if err := helpers.Render(w, "Notes"); err != nil {
		http.Error(w, "render failed", http.StatusInternalServerError)
	}
}

// The recorder wraps w: writes through it are another writer's.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (rec *statusRecorder) WriteHeader(code int) {
	rec.status = code
	rec.ResponseWriter.WriteHeader(code)
}

func logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		rec.Header().Set("X-Served-By", "notes")
		next.ServeHTTP(rec, r)
		w.Header().Set("X-Status", strconv.Itoa(rec.status))
		log.Printf("%s %s %d", r.Method, r.URL.Path, rec.status)
	})
}

func wrapped(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w}
	rec.Write([]byte("via wrapper"))
	w.Header().Set("X-After-Wrapper", "1")
}

// Passed to code the analyzer cannot see: nothing is assumed.
func (s *Server) unknownRenderer(w http.ResponseWriter, r *http.Request) {
	s.render.Page(w, "home", nil)
	w.Header().Set("X-Rendered", "1")
}

func trailers(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Trailer", "X-Checksum")
	w.Write([]byte("payload"))
	w.Header().Set("X-Checksum", "abc123")
}

func trailerPrefix(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("payload"))
	w.Header().Set(http.TrailerPrefix+"X-Count", "1")
}

func earlyHints(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Link", "</app.css>; rel=preload; as=style")
	w.WriteHeader(http.StatusEarlyHints)
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusOK)
}

func panics(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("boom") {
		w.WriteHeader(http.StatusInternalServerError)
		panic("boom")
	}
	w.Header().Set("X-Safe", "1")
	w.WriteHeader(http.StatusOK)
}

func fatal(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("die") {
		fmt.Fprint(w, "bye")
		log.Fatalf("asked to die")
	}
	w.Header().Set("X-Alive", "1")
}

func gotoSkips(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("cached"); v != "" {
		fmt.Fprint(w, v)
		goto out
	}
	w.Header().Set("Cache-Control", "max-age=60")
	fmt.Fprint(w, "fresh")
out:
}

func headerReads(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	log.Printf("content type was %q", w.Header().Get("Content-Type"))
}

func cookieFirst(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "theme", Value: "dark"})
	fmt.Fprint(w, "theme saved")
}

func maybeHelper(w http.ResponseWriter, r *http.Request) {
	helpers.MaybeWriteJSON(w, nil)
	w.Header().Set("X-Maybe", "1")
}

func (s *Server) errorThenElse(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.List(r.Context()); err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
	} else {
		w.WriteHeader(http.StatusNoContent)
	}
}

// Two writers: headers of the second after writing the first are fine.
func tee(primary, mirror http.ResponseWriter, body []byte) {
	primary.Write(body)
	mirror.Header().Set("X-Mirror", "1")
	mirror.Write(body)
}

// A reassigned writer stands for two writers: not analyzed.
func reassigned(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("a"))
	w = &statusRecorder{ResponseWriter: w}
	w.WriteHeader(http.StatusOK)
}

// Recursion counts as nothing, and does not loop forever.
func walkA(w http.ResponseWriter, depth int) {
	if depth > 0 {
		walkB(w, depth-1)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func walkB(w http.ResponseWriter, depth int) {
	walkA(w, depth)
	w.Header().Set("X-Depth", strconv.Itoa(depth))
}

// A batch where each failing item is skipped with continue.
func batch(w http.ResponseWriter, ids []string) {
	for _, id := range ids {
		if _, err := strconv.Atoi(id); err != nil {
			fmt.Fprintf(w, "skip %s\n", id)
			continue
		}
		fmt.Fprintf(w, "ok %s\n", id)
	}
}

var errNotFound = errors.New("not found")

func (s *Server) errorsIs(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.Get(r.Context(), 1)
	switch {
	case errors.Is(err, errNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, n)
}

func methodHelper(w http.ResponseWriter, r *http.Request) {
	rs := &helpers.Responder{Logger: log.Default()}
	if r.URL.Path != "/" {
		rs.NotFound(w, r)
		return
	}
	fmt.Fprint(w, "home")
}

func renderOrLog(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	helpers.RenderOrLog(w, "Home")
}

func noStoreFirst(w http.ResponseWriter, r *http.Request) {
	helpers.NoStore("personal data", w)
	fmt.Fprint(w, "secret")
}

// Correlated conditions: the write only runs when no error was replied.
func (s *Server) correlated(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.Get(r.Context(), 1)
	if err != nil {
		http.Error(w, "lookup failed", http.StatusInternalServerError)
	}
	if err == nil {
		writeJSON(w, http.StatusOK, n)
	}
}

// After the reply, the loop may not run: no write is certain.
func replyThenLoop(w http.ResponseWriter, r *http.Request, lines []string) { // want replyThenLoop:`unreadbody\(p1 must=none may=none\)`
	if len(lines) == 0 {
		http.Error(w, "nothing to show", http.StatusNotFound)
	}
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// The encoder's own error check: a marshal error wrote nothing.
func checkedEncoder(w http.ResponseWriter, v any) {
	enc := json.NewEncoder(w)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
	}
}

// The check may also be an else if.
func elseIfEncode(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
	} else if err := json.NewEncoder(w).Encode(map[string]string{"status": "ok"}); err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
	}
}
