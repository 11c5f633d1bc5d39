package blocked

import (
	"context"
	"io"
	"net/http"
)

type ctxKey struct{}

// The request is replaced before the limit: route.MaxBytesReader would
// get a request route.Func is not serving, and no writer to tell.
func limitAfterCopy(w http.ResponseWriter, r *http.Request) { // want `handler limitAfterCopy .* the writer is passed to http.MaxBytesReader and the request parameter is reassigned, so route.MaxBytesReader would not find the writer route.Func serves it with; refactor that part by hand \[blocked: writer-escapes\]$`
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "x"))
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	b, _ := io.ReadAll(r.Body)
	w.Write(b)
}

// Each round limits the copy the previous one made.
func limitInLoop(w http.ResponseWriter, r *http.Request) { // want `handler limitInLoop .* the request parameter is reassigned, so route.MaxBytesReader would not find the writer route.Func serves it with; refactor that part by hand \[blocked: writer-escapes\]$`
	for _, n := range []int64{1 << 20, 1 << 10} {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		r = r.Clone(r.Context())
	}
	b, _ := io.ReadAll(r.Body)
	w.Write(b)
}

// The limit sets Connection: close when it is hit, which a header set
// before it would not override.
func limitKeepAlive(w http.ResponseWriter, r *http.Request) { // want `handler limitKeepAlive .* the handler sets the Connection header, which http.MaxBytesReader also sets when the limit is hit, in an order a returned response cannot keep; refactor that part by hand \[blocked: dynamic-header\]$`
	w.Header().Set("Connection", "keep-alive")
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	b, _ := io.ReadAll(r.Body)
	w.Write(b)
}

// The limited body is read inside the write, whose text the rewrite moves.
func limitInWrite(w http.ResponseWriter, r *http.Request) { // want `handler limitInWrite .* http.MaxBytesReader is called inside a statement that writes the response; refactor that part by hand \[blocked: writer-escapes\]$`
	io.Copy(io.Discard, r.Body)
	w.Write(readAll(http.MaxBytesReader(w, r.Body, 1<<20)))
}

func readAll(rc io.ReadCloser) []byte {
	b, _ := io.ReadAll(rc)
	return b
}

// Another request named r is in scope at the limit.
func limitShadowed(w http.ResponseWriter, r *http.Request) { // want `handler limitShadowed .* where r, the request parameter route.MaxBytesReader would take, is shadowed; refactor that part by hand \[blocked: name-conflict\]$`
	if r := r.Clone(r.Context()); r != nil {
		b, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		w.Write(b)
		return
	}
}

// The limit is taken in a goroutine.
func limitInClosure(w http.ResponseWriter, r *http.Request) { // want `handler limitInClosure .* the function literal read uses the writer and has results, so its calls are not statements the rewrite can turn into a returned response; refactor that part by hand \[blocked: closure-write\]$`
	read := func() []byte {
		b, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		return b
	}
	w.Write(read())
}

// LimitRoutes registers the look-alikes.
func LimitRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/limit/copy", limitAfterCopy)
	mux.HandleFunc("/limit/loop", limitInLoop)
	mux.HandleFunc("/limit/keepalive", limitKeepAlive)
	mux.HandleFunc("/limit/inwrite", limitInWrite)
	mux.HandleFunc("/limit/shadowed", limitShadowed)
	mux.HandleFunc("/limit/closure", limitInClosure)
}
