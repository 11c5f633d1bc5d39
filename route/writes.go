package route

import (
	"bytes"
	"io"
	"net/http"
)

// WriteFunc responds with what fn writes, as fn writes it: fn runs at
// once, writing to memory, and [Func.ServeHTTP] later makes the same
// Write calls with the same bytes, empty ones included, without a Flush.
// So whatever watches the writer sees what a handler calling fn with its
// writer made it see: an httptest.ResponseRecorder sniffs a missing
// Content-Type from the first Write alone, a wrapper counts the same
// writes, a real server sends the same bytes. This is the shape of
// template execution, tmpl.Execute(w, data), which writes the page in
// many small pieces. contentType "" is handled as by [Bytes].
//
// If fn fails, WriteFunc returns its error together with the response
// holding what fn wrote before it failed: return route.WriteFunc(...)
// answers 500 (see [Func]), where a handler would have sent the partial
// output; use the response instead to send that, as the purehandler
// migration does for a handler that ignored the error.
//
// Unlike [StreamFunc], nothing is sent before fn returns, and the whole
// body is held in memory: it is for bodies of bounded size.
func WriteFunc(status int, contentType string, fn func(w io.Writer) error, opts ...Option) (*http.Response, error) {
	rec := &writeRecorder{ends: []int{}}
	err := fn(rec)
	body := &fullBody{Reader: bytes.NewReader(rec.b), b: rec.b, ends: rec.ends}
	return newResponse(status, contentType, body, int64(len(rec.b)), opts), err
}

// writeRecorder keeps what is written to it, and where each Write ended.
type writeRecorder struct {
	b    []byte
	ends []int
}

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	w.ends = append(w.ends, len(w.b))
	return len(p), nil
}
