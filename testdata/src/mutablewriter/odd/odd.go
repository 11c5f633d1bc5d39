// Package odd holds handler shapes and code the analyzer must survive:
// method values, handler factories, generics, closures, variadics.
package odd

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

type API struct {
	mu    sync.Mutex
	count int
}

func (a *API) Register(mux *http.ServeMux) {
	mux.HandleFunc("/count", a.countHandler)
	h := a.countHandler // method value
	mux.HandleFunc("/count2", h)
	mux.Handle("/hello", greeter("hello"))
	mux.Handle("/typed", Typed[int]{Value: 7})
}

// Registered as a method value.
func (a *API) countHandler(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.count++
	n := a.count
	a.mu.Unlock()
	fmt.Fprintf(w, "%d", n)
	w.WriteHeader(http.StatusOK) // want `w.WriteHeader after the response was committed by fmt.Fprintf`
}

// A handler built by another function.
func greeter(greeting string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(greeting))
		w.Header().Set("X-Greeting", greeting) // want `after the response was committed by w.Write`
	}
}

// A generic handler type.
type Typed[T any] struct{ Value T }

func (t Typed[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`writes\(0:commits\+header\)`
	json.NewEncoder(w).Encode(t.Value)
	t.headers(w) // want `t.headers sets headers after the response was committed`
}

func (t Typed[T]) headers(w http.ResponseWriter) {
	w.Header().Set("X-Type", fmt.Sprintf("%T", t.Value))
}

// Unnamed and blank writers cannot be used.
func unnamed(http.ResponseWriter, *http.Request) {}

func blank(_ http.ResponseWriter, r *http.Request) {}

// Variadic writers: calls with a spread slice count as nothing.
func broadcast(msg string, ws ...http.ResponseWriter) {
	for _, w := range ws {
		fmt.Fprint(w, msg)
	}
}

func useBroadcast(w http.ResponseWriter, r *http.Request) {
	broadcast("hi", w)
	w.Header().Set("X-After", "1")
	others := []http.ResponseWriter{w}
	broadcast("again", others...)
}

// A function value parameter assigned a literal still holds the argument.
func withWrite(w http.ResponseWriter, write func()) {
	if write == nil {
		write = func() { w.WriteHeader(http.StatusOK) }
	}
	write()
	w.Header().Set("X-Written", "maybe")
}

// Closures defined but called later, or elsewhere.
func laterClosure(w http.ResponseWriter, r *http.Request) {
	commit := func() { w.WriteHeader(http.StatusAccepted) }
	w.Header().Set("X-Before", "1")
	commit()
}

func goroutineWrite(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Write([]byte("from goroutine"))
	}()
	<-done
	w.Header().Set("X-After-Goroutine", "1")
}

// A closure called at once that writes: the call counts.
func closureCommit(w http.ResponseWriter, r *http.Request) {
	finish := func(status int) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
	}
	finish(http.StatusOK)
	w.Header().Set("X-Late", "1") // want `after the response was committed by finish at line \d+`
}

// Method expressions and interface calls are not followed.
type renderer interface{ Render(w http.ResponseWriter) }

func viaInterface(rd renderer, w http.ResponseWriter) {
	rd.Render(w)
	w.Header().Set("X-Rendered", "1")
}

func viaMethodExpr(w http.ResponseWriter, r *http.Request) {
	f := (*API).countHandler
	f(&API{}, w, r)
	w.Header().Set("X-Counted", "1")
}

// Labels and a loop with break.
func labeled(w http.ResponseWriter, items []string) {
outer:
	for _, it := range items {
		switch it {
		case "":
			continue outer
		case "stop":
			fmt.Fprint(w, "stopped")
			break outer
		}
	}
	w.Header().Set("X-Items", fmt.Sprint(len(items)))
}

// A package variable is not a copy of the writer: anything may assign it.
var lastWriter http.ResponseWriter

func globalWriter(w http.ResponseWriter, r *http.Request) {
	lastWriter = w
	w.Write([]byte("x"))
	lastWriter.Header().Set("X-Global", "1")
}

// A copy whose address is taken may change through the pointer.
func addressTaken(w http.ResponseWriter, r *http.Request, swap func(*http.ResponseWriter)) { // want addressTaken:`unreadbody\(p1 must=none may=none\)`
	rw := w
	swap(&rw)
	w.Write([]byte("x"))
	rw.Header().Set("X-Swapped", "1")
}
