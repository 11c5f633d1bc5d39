// Package shapes holds the shapes real missing-return and dropped-header
// bugs take (an error status without a return, a helper sending the
// status it is given, a whole-response helper, a commit on one branch, a
// writer handed on, a reply through a function value), and look-alikes
// that must not be reported.
package shapes

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
)

type item struct{ ID string }

func load(id string) (item, error) { return item{ID: id}, nil }

// Respond sends a whole response: a status, then a body.
func Respond(w http.ResponseWriter, v any) { // want Respond:`writes\(0:commits\+status\+header\+responds\)`
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("encoding: %v", err)
	}
}

// WriteStatus sends the status it is given, and a body.
func WriteStatus(w http.ResponseWriter, code int, msg string) { // want WriteStatus:`when\(0 if 1>=400:commits\+status\+responds\)`
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}

// SetStatus sends the status it is given, and nothing else.
func SetStatus(w http.ResponseWriter, code int) { // want SetStatus:`when\(0 if 1>=400:commits\+status\)`
	w.WriteHeader(code)
}

// Shape 1: an error status without a return, then a status on every path.
func errorStatus(w http.ResponseWriter, r *http.Request) {
	it, err := load(r.PathValue("id"))
	if err != nil {
		w.WriteHeader(http.StatusNotFound) // want `^w.WriteHeader with an error status, but every path after it uses the writer again \(Respond at line 48: the status is ignored and net/http logs "http: superfluous response.WriteHeader call"\); return after the reply$`
	}
	Respond(w, it)
}

// ... through a helper given a constant error status.
func helperStatus(w http.ResponseWriter, r *http.Request) {
	it, err := load(r.PathValue("id"))
	if err != nil {
		SetStatus(w, http.StatusInternalServerError) // want `^SetStatus sends an error status, but every path after it uses the writer again \(Respond at line 57`
	}
	Respond(w, it)
}

// ... through a helper that sends a whole response.
func wholeResponse(w http.ResponseWriter, r *http.Request) {
	it, err := load(r.PathValue("id"))
	if err != nil {
		WriteStatus(w, http.StatusBadGateway, err.Error()) // want `^WriteStatus replies, but every path after it uses the writer again \(Respond at line 66`
	}
	Respond(w, it)
}

type api struct {
	reply func(http.ResponseWriter, int, string) // bound once, to WriteStatus
	log   func(string)
}

func newAPI() *api { return &api{reply: WriteStatus, log: func(string) {}} }

// Shape 5: the reply goes through a field the package binds to one function.
func (a *api) get(w http.ResponseWriter, r *http.Request) {
	it, err := load(r.PathValue("id"))
	if err != nil {
		a.reply(w, http.StatusNotFound, "not found") // want `^a.reply replies, but every path after it uses the writer again \(Respond at line 82`
	}
	Respond(w, it)
}

// Shape 3: a status on one branch, then a header on every path.
func conditionalCommit(w http.ResponseWriter, r *http.Request) {
	_, err := load(r.PathValue("id"))
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
	}
	w.Header().Set("Content-Type", "text/plain") // want `^w.Header\(\).Set\("Content-Type"\) after w.WriteHeader at line 89, which commits the response on some paths: on those the header is silently dropped because headers go out with the first write; set it before the status, or return after it$`
	fmt.Fprintln(w, "done")
}

// ... a non-error status on one branch, then a status on every path.
func conditionalStatus(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("created") {
		w.WriteHeader(http.StatusCreated)
	}
	w.WriteHeader(http.StatusAccepted) // want `^w.WriteHeader after w.WriteHeader at line 98, which sends the status on some paths`
}

// Shape 4: after an error reply, the writer handed to the next handler.
func middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized) // want `^http.Error replies, but every path after it uses the writer again \(next.ServeHTTP at line 109: the request is served again after the reply\); return after the reply \(no automatic fix: a return would also skip next.ServeHTTP at line 109, which serves the request\)$`
		}
		next.ServeHTTP(w, r)
	})
}

// ... and the writer handed on twice.
func twice(next http.Handler, routes map[string]http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(routes) == 0 {
			next.ServeHTTP(w, r) // want `^next.ServeHTTP hands the writer to another handler, but every path after it uses the writer again \(h.ServeHTTP at line 123: the request is served twice\); return after handing it on`
		}
		h, ok := routes[r.Host]
		if !ok {
			h = next
		}
		h.ServeHTTP(w, r)
	})
}

// ... a function value given the writer.
func withFallback(w http.ResponseWriter, r *http.Request, fallback http.HandlerFunc) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed) // want `^http.Error replies, but every path after it uses the writer again \(fallback at line 132`
	}
	fallback(w, r)
}

// #27: after the reply, bytes that are nil on that error's path.
func render(it item) ([]byte, error) {
	if it.ID == "" {
		return nil, errors.New("empty id")
	}
	b, err := json.Marshal(it)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func nilBytes(w http.ResponseWriter, r *http.Request) {
	b, err := render(item{ID: r.PathValue("id")})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
	w.Write(b)
}

func nilLiteral(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
	w.Write(nil)
	io.WriteString(w, "")
}

// Look-alike: bytes that can be non-nil with an error.
func renderPartial(it item) ([]byte, error) {
	b, err := json.Marshal(it)
	if err != nil {
		return []byte("{}"), err
	}
	return b, nil
}

func partialBytes(w http.ResponseWriter, r *http.Request) {
	b, err := renderPartial(item{ID: r.PathValue("id")})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `^http.Error replies, but every path after it uses the writer again \(w.Write at line 177: the output is appended to the reply\)`
	}
	w.Write(b)
}

// Look-alike: the reply is sent for another error than the one that
// empties the bytes.
func otherError(w http.ResponseWriter, r *http.Request) {
	b, err := render(item{ID: r.PathValue("id")})
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed) // want `^http.Error replies, but every path after it uses the writer again \(w.Write at line 190`
	}
	if err != nil {
		log.Print(err)
	}
	w.Write(b)
}

// Look-alikes that must not be reported.

// An error status followed by its body, with logging between.
func errorWithBody(w http.ResponseWriter, r *http.Request) {
	if _, err := load(r.PathValue("id")); err != nil {
		w.WriteHeader(http.StatusNotFound)
		log.Printf("not found: %v", err)
		fmt.Fprintln(w, "not found")
		return
	}
	Respond(w, "ok")
}

// An error status in a loop followed by continue.
func loopContinue(w http.ResponseWriter, ids []string) {
	for _, id := range ids {
		if _, err := load(id); err != nil {
			w.WriteHeader(http.StatusNotFound)
			continue
		}
		fmt.Fprintln(w, id)
	}
}

// A 1xx status, then the final one.
func early(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Expect") == "100-continue" {
		w.WriteHeader(http.StatusContinue)
	}
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
}

// Trailers are set after the body on purpose.
func trailers(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Trailer", "X-Checksum")
	if r.URL.Query().Has("empty") {
		w.WriteHeader(http.StatusNoContent)
	}
	w.Header().Set("X-Checksum", "abc")
}

// A deferred write runs at another time.
func deferred(w http.ResponseWriter, r *http.Request) {
	defer w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// A reply helper that returns whether it replied, which the caller checks.
func checkAuth(w http.ResponseWriter, r *http.Request) bool { // want checkAuth:`unreadbody\(p1 must=none may=none\)`
	if r.Header.Get("Authorization") == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return false
	}
	return true
}

func guarded(w http.ResponseWriter, r *http.Request) {
	if !checkAuth(w, r) {
		return
	}
	Respond(w, "ok")
}

// A wrapper that makes WriteHeader idempotent is another writer.
type onceWriter struct {
	http.ResponseWriter
	wrote bool
}

func (o *onceWriter) WriteHeader(code int) {
	if o.wrote {
		return
	}
	o.wrote = true
	o.ResponseWriter.WriteHeader(code)
}

func wrapped(w http.ResponseWriter, r *http.Request) {
	ow := &onceWriter{ResponseWriter: w}
	if r.Method != http.MethodGet {
		ow.WriteHeader(http.StatusMethodNotAllowed)
	}
	ow.WriteHeader(http.StatusOK)
}

// A helper sending a status that is not a constant error status.
func passThrough(w http.ResponseWriter, r *http.Request, code int) { // want passThrough:`unreadbody\(p1 must=none may=none\)`
	if code != 0 {
		SetStatus(w, code)
	}
	fmt.Fprintln(w, "ok")
}

// A function value the package binds to more than one function.
var handle = func(w http.ResponseWriter, r *http.Request) {}

func setHandle(h func(http.ResponseWriter, *http.Request)) { handle = h }

// A bufio.Writer over w commits only when flushed with something in it.
func buffered(w http.ResponseWriter, r *http.Request) {
	bw := bufio.NewWriter(w)
	bw.WriteString("")
	bw.Flush()
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintln(w, "ok")
}

// The error status on every path then another: the forward rule reports
// the second, once.
func both(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusTeapot)
	w.WriteHeader(http.StatusOK) // want `^w.WriteHeader after the response was committed by w.WriteHeader at line 306`
}

// Shape 5: a parameter of a function the package calls once, given a
// named function there.
func serveItem(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, int, string)) { // want serveItem:`unreadbody\(p1 must=none may=none\)`
	it, err := load(r.PathValue("id"))
	if err != nil {
		fail(w, http.StatusNotFound, "no such item") // want `^fail replies, but every path after it uses the writer again \(Respond at line 317`
	}
	Respond(w, it)
}

func items(w http.ResponseWriter, r *http.Request) { serveItem(w, r, WriteStatus) }

// Look-alike: called twice, with two functions.
func serveOther(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, int, string)) { // want serveOther:`unreadbody\(p1 must=none may=none\)`
	it, err := load(r.PathValue("id"))
	if err != nil {
		fail(w, http.StatusNotFound, "no such item")
	}
	Respond(w, it)
}

func quiet(w http.ResponseWriter, code int, msg string) { log.Print(msg) }

func others(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("quiet") {
		serveOther(w, r, quiet)
		return
	}
	serveOther(w, r, WriteStatus)
}

// A whole response, then headers on every path.
func wholeThenHeader(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		WriteStatus(w, http.StatusMethodNotAllowed, "GET only") // want `^WriteStatus replies, but every path after it uses the writer again \(w.Header\(\).Set\("Cache-Control"\) at line 346: the header is dropped\); return after the reply$`
	}
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}
