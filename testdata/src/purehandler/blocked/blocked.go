// Package blocked has handlers whose responses the migration cannot
// prove identical, one reason each.
package blocked

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"
)

type page struct {
	Title string
	Items []string
}

func render(w http.ResponseWriter, p page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<h1>%s</h1>", p.Title)
}

// home's helper is migrated with it (see purehandler/helpers).
func home(w http.ResponseWriter, r *http.Request) { // want `handler home writes its response through http.ResponseWriter, so`
	render(w, page{Title: "Home"})
}

type renderer interface {
	Render(w http.ResponseWriter, p page)
}

var theme renderer

func about(w http.ResponseWriter, r *http.Request) { // want `handler about writes its response through http.ResponseWriter but cannot be migrated to a pure route.Func automatically: the writer is passed to renderer.Render, whose writes the rewrite cannot see; refactor that part by hand \[blocked: writer-escapes\]$`
	theme.Render(w, page{Title: "About"})
}

type recorder struct{ last http.ResponseWriter }

func (rec *recorder) keep(w http.ResponseWriter, r *http.Request) { // want `\[blocked: writer-escapes\]$`
	rec.last = w
	w.WriteHeader(http.StatusAccepted)
}

func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `handler literal writes its response .* the writer is passed on to another handler \(Handler.ServeHTTP\), whose response the rewrite cannot see; refactor that part by hand \[blocked: delegates\]$`
		if r.Header.Get("X-User") == "" {
			http.Error(w, "login required", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func events(w http.ResponseWriter, r *http.Request) { // want `\[blocked: flush-hijack\]$`
	w.Header().Set("Content-Type", "text/event-stream")
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	fmt.Fprint(w, "data: hello\n\n")
	flusher.Flush()
}

func slowExport(w http.ResponseWriter, r *http.Request) { // want `\[blocked: flush-hijack\]$`
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(time.Minute))
	w.Write([]byte("done"))
}

func save(w http.ResponseWriter, r *http.Request) { // want `a deferred function uses the writer, so what is sent depends on when it runs; refactor that part by hand \[blocked: deferred-write\]$`
	var err error
	defer func() {
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}()
	err = r.ParseForm()
}

func background(w http.ResponseWriter, r *http.Request) { // want `\[blocked: goroutine-write\]$`
	done := make(chan struct{})
	go func() {
		w.Write([]byte("from a goroutine"))
		close(done)
	}()
	<-done
}

// withHelper's error closure is kept in a variable that is assigned
// again: which literal runs is not known where it is called.
func withHelper(w http.ResponseWriter, r *http.Request) { // want `the function literal fail uses the writer and is used as a value .*\[blocked: closure-write\]$`
	fail := func(code int) { http.Error(w, http.StatusText(code), code) }
	if r.URL.Query().Has("quiet") {
		fail = func(int) {}
	}
	if r.URL.Query().Get("id") == "" {
		fail(http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// Writes in a loop, several writes, code after a write: a tail written
// through the writer as an io.Writer, kept in a route.WriteThrough
// (purehandler/streams).
func lines(w http.ResponseWriter, r *http.Request) { // want `handler lines writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, l := range []string{"one", "two", "three"} {
		fmt.Fprintln(w, l)
	}
}

func twoParts(w http.ResponseWriter, r *http.Request) { // want `handler twoParts writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Write([]byte("part one, "))
	w.Write([]byte("part two"))
}

func logged(w http.ResponseWriter, r *http.Request) { // want `handler logged writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	log.Printf("served %s", r.URL.Path)
}

// The same, then a use of the writer that needs the ResponseWriter: no
// tail can be kept.
func linesCounted(w http.ResponseWriter, r *http.Request) { // want `\[blocked: write-in-loop\]$`
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, l := range []string{"one", "two", "three"} {
		fmt.Fprintln(w, l)
	}
	w.Header().Set("X-Lines", "3")
}

func twoPartsThenHeader(w http.ResponseWriter, r *http.Request) { // want `\[blocked: multiple-writes\]$`
	w.Write([]byte("part one, "))
	w.Write([]byte("part two"))
	w.Header().Set("X-Parts", "2")
}

func loggedThenError(w http.ResponseWriter, r *http.Request) { // want `statements still run after the response is written here; move them before the write or end the handler with return; refactor that part by hand \[blocked: code-after-write\]$`
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
	log.Printf("served %s", r.URL.Path)
	if r.URL.Query().Has("fail") {
		http.Error(w, "too late", http.StatusInternalServerError)
	}
}

func created(w http.ResponseWriter, r *http.Request) { // want `\[blocked: header-after-commit\]$`
	w.WriteHeader(http.StatusCreated)
	w.Header().Set("Location", "/things/1")
}

func twice(w http.ResponseWriter, r *http.Request) { // want `\[blocked: header-after-commit\]$`
	w.WriteHeader(http.StatusAccepted)
	if r.URL.Query().Has("x") {
		return
	}
	w.WriteHeader(http.StatusOK)
}

func maybeCached(w http.ResponseWriter, r *http.Request) { // want `\[blocked: conditional-write\]$`
	if r.URL.Query().Has("cache") {
		w.Header().Set("Cache-Control", "max-age=60")
	}
	w.Write([]byte("content"))
}

func sniffAware(w http.ResponseWriter, r *http.Request) { // want `\[blocked: header-read\]$`
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "text/plain")
	}
	w.Write([]byte("hi"))
}

func headerMap(w http.ResponseWriter, r *http.Request) { // want `\[blocked: header-read\]$`
	h := w.Header()
	h.Set("X-Frame-Options", "DENY")
	w.Write([]byte("framed"))
}

func echoHeader(w http.ResponseWriter, r *http.Request) { // want `the header key name is not a constant; refactor that part by hand \[blocked: dynamic-header\]$`
	name := r.URL.Query().Get("h")
	w.Header().Set(name, "1")
	w.WriteHeader(http.StatusNoContent)
}

func chunked(w http.ResponseWriter, r *http.Request) { // want `\[blocked: dynamic-header\]$`
	w.Header().Set("Transfer-Encoding", "chunked")
	w.Write([]byte("x"))
}

func safe(w http.ResponseWriter, r *http.Request) { // want `\[blocked: recover\]$`
	defer func() {
		if p := recover(); p != nil {
			log.Print(p)
		}
	}()
	w.Write([]byte("ok"))
}

func jumpy(w http.ResponseWriter, r *http.Request) { // want `\[blocked: control-flow\]$`
	n := 0
again:
	n++
	if n < 3 {
		goto again
	}
	fmt.Fprint(w, n)
}

type reading struct {
	Celsius float64 `json:"celsius"`
}

func temperature(w http.ResponseWriter, r *http.Request) { // want `\[blocked: json-encode-error\]$`
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(reading{Celsius: 21.5}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func oldHome(w http.ResponseWriter, r *http.Request) { // want `\[blocked: redirect-header\]$`
	w.Header().Set("Content-Type", "text/plain")
	http.Redirect(w, r, "/", http.StatusFound)
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func pooled(w http.ResponseWriter, r *http.Request) { // want `\[blocked: defer-before-send\]$`
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	fmt.Fprintf(buf, "hello %s", r.RemoteAddr)
	w.Write(buf.Bytes())
}

func list[T any](w http.ResponseWriter, r *http.Request) { // want `\[blocked: generic\]$`
	var zero T
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode([]string{fmt.Sprint(zero)})
}

// Routes registers the handlers.
func Routes() http.Handler {
	rec := &recorder{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", home)
	mux.HandleFunc("/keep", rec.keep)
	mux.Handle("/private", requireUser(http.HandlerFunc(home)))
	mux.HandleFunc("/events", events)
	mux.HandleFunc("/export", slowExport)
	mux.HandleFunc("/save", save)
	mux.HandleFunc("/bg", background)
	mux.HandleFunc("/helper", withHelper)
	mux.HandleFunc("/lines", lines)
	mux.HandleFunc("/parts", twoParts)
	mux.HandleFunc("/logged", logged)
	mux.HandleFunc("/created", created)
	mux.HandleFunc("/twice", twice)
	mux.HandleFunc("/cached", maybeCached)
	mux.HandleFunc("/sniff", sniffAware)
	mux.HandleFunc("/headers", headerMap)
	mux.HandleFunc("/echo", echoHeader)
	mux.HandleFunc("/chunked", chunked)
	mux.HandleFunc("/safe", safe)
	mux.HandleFunc("/jumpy", jumpy)
	mux.HandleFunc("/temp", temperature)
	mux.HandleFunc("/old", oldHome)
	mux.HandleFunc("/pooled", pooled)
	mux.HandleFunc("/list", list[int])
	return mux
}

// metadata answers a failed write with http.Error. Under net/http the
// client is gone by then, but a writer that fails before sending (a
// test double, a wrapper) records the 500, which a returned response,
// written after the handler returns, cannot send.
func metadata(w http.ResponseWriter, r *http.Request) { // want `\[blocked: write-error\]$`
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	if _, err := w.Write([]byte("<EntityDescriptor/>")); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
}

type profile struct {
	Name string `json:"name"`
}

// profileJSON does the same after an encoding that cannot fail.
func profileJSON(w http.ResponseWriter, r *http.Request) { // want `\[blocked: write-error\]$`
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(profile{Name: "ada"}); err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
	}
}
