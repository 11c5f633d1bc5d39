// Package mw is a middleware library: its exported middleware hands its
// wrappers to handlers it cannot see.
package mw

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"log"
	"net"
	"net/http"
	"time"
)

// statusRecorder is the classic status-recording wrapper.
type statusRecorder struct { // want `statusRecorder wraps the http.ResponseWriter it is used as but has no Unwrap method, so http.NewResponseController cannot flush or hijack or set deadlines through it and handlers behind it get ErrNotSupported \(handlers of the packages that use this exported middleware may\); add Unwrap\(\) http.ResponseWriter returning the wrapped writer`
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Logging logs the status of every request.
func Logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.Printf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start))
	})
}

// ByteCounter counts the bytes of the body; it holds the writer in a
// named field and is passed by value.
type ByteCounter struct { // want `ByteCounter wraps the http.ResponseWriter .* \(handlers of the packages that use this exported middleware may\)`
	w     http.ResponseWriter
	count *int
}

func (b ByteCounter) Header() http.Header { return b.w.Header() }

func (b ByteCounter) Write(p []byte) (int, error) {
	n, err := b.w.Write(p)
	*b.count += n
	return n, err
}

func (b ByteCounter) WriteHeader(code int) { b.w.WriteHeader(code) }

// Count wraps next with a ByteCounter.
func Count(next http.HandlerFunc, total *int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		next(ByteCounter{w: w, count: total}, r)
	}
}

// flushOnly forwards Flush, but hides Hijack and deadlines.
type flushOnly struct { // want `flushOnly wraps .* cannot hijack or set deadlines through it`
	http.ResponseWriter
}

func (f flushOnly) Flush() {
	if fl, ok := f.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
}

// Flushing serves next behind flushOnly.
func Flushing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(flushOnly{w}, r)
	})
}

// unwrapping has Unwrap: not reported.
type unwrapping struct {
	http.ResponseWriter
	status int
}

func (u *unwrapping) WriteHeader(code int) { u.status = code; u.ResponseWriter.WriteHeader(code) }

func (u *unwrapping) Unwrap() http.ResponseWriter { return u.ResponseWriter }

// forwarding implements Flush and Hijack itself: not reported.
type forwarding struct {
	http.ResponseWriter
}

func (f *forwarding) Flush() { http.NewResponseController(f.ResponseWriter).Flush() }

func (f *forwarding) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(f.ResponseWriter).Hijack()
}

// gzipWriter transforms the body: hiding the writer is deliberate.
type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g *gzipWriter) Write(p []byte) (int, error) { return g.gz.Write(p) }

// headerBuffer keeps headers of its own until it decides.
type headerBuffer struct {
	http.ResponseWriter
	header http.Header
}

func (h *headerBuffer) Header() http.Header { return h.header }

// delayedStatus records the status and writes it later: Unwrap would let
// a flush commit 200 before it.
type delayedStatus struct {
	http.ResponseWriter
	status int
}

func (d *delayedStatus) WriteHeader(code int) { d.status = code }

// twoWriters holds two writers: which one Unwrap returns is a choice.
type twoWriters struct {
	http.ResponseWriter
	mirror http.ResponseWriter
}

// Others uses the look-alikes as writers, from exported middleware.
func Others(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&unwrapping{ResponseWriter: w}, r)
		next.ServeHTTP(&forwarding{w}, r)
		gz := gzip.NewWriter(w)
		defer gz.Close()
		next.ServeHTTP(&gzipWriter{w, gz}, r)
		next.ServeHTTP(&headerBuffer{w, http.Header{}}, r)
		next.ServeHTTP(&delayedStatus{ResponseWriter: w}, r)
		next.ServeHTTP(&twoWriters{w, w}, r)
	})
}

// jsonRecorder is only ever handed to code of this package and of the
// standard library that neither flushes nor hijacks.
type jsonRecorder struct {
	http.ResponseWriter
	status int
}

func (j *jsonRecorder) WriteHeader(code int) { j.status = code; j.ResponseWriter.WriteHeader(code) }

// WriteJSON writes v and returns the status written.
func WriteJSON(w http.ResponseWriter, v any) int {
	rec := &jsonRecorder{ResponseWriter: w, status: http.StatusOK}
	if err := encode(rec, v); err != nil {
		http.Error(rec, "encoding failed", http.StatusInternalServerError)
	}
	return rec.status
}

func encode(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(v)
}

// neverWriter holds a writer and is one, but is only used for its fields.
type neverWriter struct {
	http.ResponseWriter
	start time.Time
}

// Since reports how long ago a request started.
func Since(w http.ResponseWriter) time.Duration {
	nw := neverWriter{w, time.Now()}
	return time.Since(nw.start)
}

// timedOut is served behind http.TimeoutHandler, which gives its handler
// a writer of its own: Unwrap would reach nobody.
type timedOut struct {
	http.ResponseWriter
	status int
}

func (t *timedOut) WriteHeader(code int) { t.status = code; t.ResponseWriter.WriteHeader(code) }

// Timeout serves next with a deadline.
func Timeout(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler := http.TimeoutHandler(next, d, "timeout")
		handler.ServeHTTP(&timedOut{ResponseWriter: w}, r)
	})
}

// generic wrappers get no report: a method needs the type parameters.
type tagged[T any] struct {
	http.ResponseWriter
	tag T
}

// Tagged serves next behind a generic wrapper.
func Tagged[T any](next http.Handler, tag T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&tagged[T]{w, tag}, r)
	})
}

// private is unexported middleware around an unexported wrapper, in a
// package where nothing streams: not reported.
type privateRecorder struct {
	http.ResponseWriter
	status int
}

func (p *privateRecorder) WriteHeader(code int) { p.status = code; p.ResponseWriter.WriteHeader(code) }

func private(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&privateRecorder{ResponseWriter: w}, r)
	})
}

var _ = private
