package route

import (
	"io"
	"net/http"
	"sync"
)

// serving maps each request that [Func.ServeHTTP] is serving to the
// writers it serves it with, for [MaxBytesReader]. The request itself is
// left as it is: a copy with a context value would not be the request
// net/http holds, which cleans up a multipart form parsed into it and
// looks at its Body after the handler.
var serving sync.Map // *http.Request -> *writers

// writers are the writers a request is being served with: one, or more
// when a Func serves a Func with the same request (as [Methods] does), or
// serves it on several goroutines at once.
type writers struct {
	mu     sync.Mutex
	frames []*frame // in the order they entered
	gone   bool     // removed from serving: enter makes another
}

// A frame is one ServeHTTP serving the request. Frames are told apart by
// address: a writer need not be comparable.
type frame struct{ w http.ResponseWriter }

// enter records that w serves r until leave is called with what it
// returns.
func enter(r *http.Request, w http.ResponseWriter) (*writers, *frame) {
	f := &frame{w}
	for {
		v, _ := serving.LoadOrStore(r, &writers{})
		e := v.(*writers)
		e.mu.Lock()
		if !e.gone {
			e.frames = append(e.frames, f)
			e.mu.Unlock()
			return e, f
		}
		e.mu.Unlock()
	}
}

// leave undoes enter; the last one out removes the request from serving,
// so that nothing is kept once no Func serves it.
func leave(r *http.Request, e *writers, f *frame) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.frames) - 1; i >= 0; i-- {
		if e.frames[i] == f {
			e.frames = append(e.frames[:i], e.frames[i+1:]...)
			break
		}
	}
	if len(e.frames) == 0 {
		e.gone = true
		serving.CompareAndDelete(r, e)
	}
}

// writerOf returns the writer r is served with, the innermost, or nil.
func writerOf(r *http.Request) http.ResponseWriter {
	v, ok := serving.Load(r)
	if !ok {
		return nil
	}
	e := v.(*writers)
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.frames) == 0 {
		return nil
	}
	return e.frames[len(e.frames)-1].w
}

// MaxBytesReader is [http.MaxBytesReader] for a Func, which has no writer
// to pass it: it limits the bytes read from body to n, and reading more
// returns an [*http.MaxBytesError]. When r is a request that
// [Func.ServeHTTP] is serving, the reader is http.MaxBytesReader(w, body,
// n) with the writer ServeHTTP got, so that hitting the limit tells
// net/http what it tells it for a handler: to send "Connection: close" and
// close the connection after the response, instead of reading the rest of
// an oversized body. Otherwise (r is a copy made by a middleware, or the
// Func is called directly, as in a test) it is http.MaxBytesReader(nil,
// body, n), which limits the reads alike but tells no server.
//
// The purehandler migration rewrites r.Body = http.MaxBytesReader(w,
// r.Body, n) into r.Body = route.MaxBytesReader(r, r.Body, n).
func MaxBytesReader(r *http.Request, body io.ReadCloser, n int64) io.ReadCloser {
	return http.MaxBytesReader(writerOf(r), body, n)
}
