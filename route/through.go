package route

import (
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"sync"
)

// WriteThrough responds with what fn writes, written by fn itself: when
// [Func.ServeHTTP] serves the response, it sets the headers, calls
// WriteHeader unless status is [ImplicitOK], then calls fn with the
// http.ResponseWriter it serves, in the handler's goroutine, and does
// nothing else: no Flush, no Content-Length and no sniffing of its own.
// So every observer sees what a handler making those calls made it see:
// a real server buffers, frames (Content-Length for a short body,
// chunked otherwise) and sniffs as for that handler; an
// httptest.ResponseRecorder or a wrapper of the writer sees the same
// calls; fn's own Flush (through a type assertion of its writer to
// [http.Flusher]) flushes; and a panic in fn is the handler's panic,
// http.ErrAbortHandler included, which aborts the response under a
// server. This is the shape of a handler that streams its body after
// setting its headers, with writers wrapped around its own:
//
//	return route.WriteThrough(http.StatusOK, "text/csv", func(w io.Writer) error {
//		cw := csv.NewWriter(w)
//		...
//		cw.Flush()
//		return cw.Error()
//	})
//
// An error fn returns once ServeHTTP called it goes to [LogError], and
// the response, which may be incomplete, is aborted as a failing [Stream]
// is under a net/http server.
//
// Read in any other way (by code reading its Body before or instead of
// ServeHTTP), the body is what fn writes, through a pipe, as for
// [StreamFunc]: fn then runs in its own goroutine with the pipe as its
// writer, and its error or panic becomes the body's read error.
func WriteThrough(status int, contentType string, fn func(w io.Writer) error, opts ...Option) (*http.Response, error) {
	return newResponse(status, contentType, &throughBody{fn: fn}, -1, opts), nil
}

// throughBody is WriteThrough's body: fn, called once, by ServeHTTP with
// the writer or by the first Read with a pipe.
type throughBody struct {
	fn      func(io.Writer) error
	once    sync.Once
	claimed bool // ServeHTTP calls fn itself
	pr      *io.PipeReader
}

// claim reports whether ServeHTTP may call fn itself: nothing has read
// the body yet, and nothing will.
func (b *throughBody) claim() bool {
	b.once.Do(func() { b.claimed = true })
	return b.claimed
}

func (b *throughBody) Read(p []byte) (int, error) {
	b.once.Do(func() {
		pr, pw := io.Pipe()
		b.pr = pr
		go func() {
			defer func() {
				if p := recover(); p != nil {
					pw.CloseWithError(fmt.Errorf("route: WriteThrough panic: %v\n%s", p, debug.Stack()))
				}
			}()
			pw.CloseWithError(b.fn(pw)) // nil closes with io.EOF
		}()
	})
	if b.pr == nil {
		return 0, io.EOF // claimed by ServeHTTP, which wrote it
	}
	return b.pr.Read(p)
}

func (b *throughBody) Close() error {
	b.once.Do(func() {}) // a closed body is not written any more
	if b.pr != nil {
		return b.pr.Close()
	}
	return nil
}

// serveThrough serves a WriteThrough response whose body nothing read:
// the calls of a handler that sets the headers, calls WriteHeader unless
// the status is ImplicitOK, and writes the body itself.
func serveThrough(w http.ResponseWriter, r *http.Request, resp *http.Response, body *throughBody) {
	trailers := trailerKeys(resp)
	copyHeader(w.Header(), resp, trailers)
	if resp.StatusCode != ImplicitOK {
		w.WriteHeader(resp.StatusCode)
	}
	if err := body.fn(w); err != nil {
		if LogError != nil {
			LogError(r, fmt.Errorf("route: writing response body: %w", err))
		}
		if r.Context().Value(http.ServerContextKey) != nil {
			panic(http.ErrAbortHandler) // truncate visibly; net/http recovers it
		}
		return
	}
	setTrailers(w.Header(), resp, trailers)
}
