// Package dispatch is the shape of a module whose handlers report errors
// by appending them to a request-context value and returning without
// writing: the dispatcher that calls them writes the error response
// after they return, and a logging middleware records the status each
// response was given. A migrated handler must leave the writer as the
// original left it, or the dispatcher no longer writes its error.
package dispatch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

type problemsKey struct{}

type problem struct {
	code int
	msg  string
}

type problems struct{ list []problem }

// fail records a problem for the dispatcher to answer.
func fail(r *http.Request, code int, msg string) {
	if p, ok := r.Context().Value(problemsKey{}).(*problems); ok {
		p.list = append(p.list, problem{code, msg})
	}
}

// App holds the items and the statuses the logging middleware saw.
type App struct {
	mu    sync.Mutex
	items map[string]int
	log   []string
}

func NewApp() *App { return &App{items: map[string]int{"apple": 3}} }

// TakeLog returns the statuses logged since the last call.
func (a *App) TakeLog() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	l := a.log
	a.log = nil
	return l
}

// getItem reports a missing item to the dispatcher.
func (a *App) getItem(w http.ResponseWriter, r *http.Request) { // want `handler \(\*App\).getItem writes its response`
	name := r.PathValue("name")
	a.mu.Lock()
	n, ok := a.items[name]
	a.mu.Unlock()
	if !ok {
		fail(r, http.StatusNotFound, "no item "+name)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]int{name: n})
}

// item checks the method itself, and leaves the 405 to the dispatcher
// with the Allow header set.
func (a *App) item(w http.ResponseWriter, r *http.Request) { // want `handler \(\*App\).item writes its response`
	if r.Method != http.MethodPut && r.Method != http.MethodDelete {
		w.Header().Set("Allow", "DELETE, PUT")
		fail(r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	name := r.PathValue("name")
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.Method == http.MethodDelete {
		delete(a.items, name)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	a.items[name]++
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "%s: %d\n", name, a.items[name])
}

// touch sets a header and writes nothing when it succeeds: net/http, or
// the dispatcher, sends the 200.
func (a *App) touch(w http.ResponseWriter, r *http.Request) { // want `handler \(\*App\).touch writes its response`
	name := r.URL.Query().Get("name")
	if name == "" {
		fail(r, http.StatusBadRequest, "name is required")
		return
	}
	w.Header().Set("X-Touched", name)
}

// page writes HTML without a Content-Type, which net/http sniffs.
func page(w http.ResponseWriter, r *http.Request) { // want `handler page writes its response`
	if r.URL.Query().Has("missing") {
		return
	}
	w.Write([]byte("<!DOCTYPE html><title>items</title>"))
}

// created encodes after WriteHeader without a Content-Type: a real server
// sniffs text/plain, a ResponseRecorder sniffs nothing.
func created(w http.ResponseWriter, r *http.Request) { // want `handler created writes its response through http.ResponseWriter, so the response exists only as side effects; migrate it to a pure route.Func that returns the same status, headers and body \(its JSON is sent as text/plain`
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode([]string{"apple"})
}

// listed encodes without WriteHeader or a Content-Type: both sniff it.
func listed(w http.ResponseWriter, r *http.Request) { // want `handler listed writes its response through http.ResponseWriter, so the response exists only as side effects; migrate it to a pure route.Func that returns the same status, headers and body \(its JSON is sent as text/plain`
	json.NewEncoder(w).Encode([]string{"apple"})
}

// export writes a body longer than net/http's 2048-byte buffer, which it
// sends chunked.
func export(w http.ResponseWriter, r *http.Request) { // want `handler export writes its response`
	w.Header().Set("Content-Type", "text/csv")
	io.WriteString(w, strings.Repeat("apple,3\n", 400))
}

// ready writes an explicit 200 and nothing else.
func ready(w http.ResponseWriter, r *http.Request) { // want `handler ready writes its response`
	w.WriteHeader(http.StatusOK)
}

// forget drops the session cookie. Other handlers call it, then write
// their own response.
func forget(w http.ResponseWriter, r *http.Request) { // want `handler forget writes its response`
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", Path: "/", MaxAge: -1})
}

// logout writes its redirect after forget returns.
func logout(w http.ResponseWriter, r *http.Request) { // want `handler logout writes its response through http.ResponseWriter but cannot be migrated to a pure route.Func automatically: the writer is passed on to another handler \(dispatch.forget\), whose response the rewrite cannot see; refactor that part by hand \[blocked: delegates\]`
	forget(w, r)
	http.Redirect(w, r, "/", http.StatusFound)
}

// dispatch runs h with a problem list in its request's context and, when
// h wrote nothing, answers the first problem.
func dispatch(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `handler literal writes its response through http.ResponseWriter but cannot be migrated to a pure route.Func automatically: the writer is used as a value \(stored, compared or passed on\); refactor that part by hand \[blocked: writer-escapes\]`
		ps := &problems{}
		tw := &tracker{ResponseWriter: w}
		h(tw, r.WithContext(context.WithValue(r.Context(), problemsKey{}, ps)))
		if tw.wrote || len(ps.list) == 0 {
			return
		}
		http.Error(tw, ps.list[0].msg, ps.list[0].code)
	})
}

// tracker notes whether anything was written through it.
type tracker struct {
	http.ResponseWriter
	wrote bool
}

func (t *tracker) WriteHeader(code int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(code)
}

func (t *tracker) Write(p []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(p)
}

// logged records the status each response was given through WriteHeader
// (0 when none was), as logging middleware commonly does.
func (a *App) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `handler literal writes its response through http.ResponseWriter but cannot be migrated to a pure route.Func automatically: the writer is used as a value \(stored, compared or passed on\); refactor that part by hand \[blocked: writer-escapes\]`
		sr := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(sr, r)
		a.mu.Lock()
		a.log = append(a.log, fmt.Sprintf("%s %s %d", r.Method, r.URL.Path, sr.status))
		a.mu.Unlock()
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Mux registers every handler through the dispatcher, under the logging
// middleware.
func Mux(a *App) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /items/{name}", dispatch(a.getItem))
	mux.Handle("/item/{name}", dispatch(a.item))
	mux.Handle("/touch", dispatch(a.touch))
	mux.Handle("/page", dispatch(page))
	mux.Handle("/created", dispatch(created))
	mux.Handle("/listed", dispatch(listed))
	mux.Handle("/export.csv", dispatch(export))
	mux.Handle("/ready", dispatch(ready))
	mux.HandleFunc("/logout", logout)
	return a.logged(mux)
}
