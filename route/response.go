package route

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
)

// An Option modifies a response built by one of the helpers, or by [With].
type Option func(*http.Response)

// Header sets the response header key to values, replacing any existing
// values; with no values it deletes the header. The key is canonicalised as
// by [http.Header.Set].
func Header(key string, values ...string) Option {
	return func(resp *http.Response) {
		if len(values) == 0 {
			resp.Header.Del(key)
			return
		}
		resp.Header[http.CanonicalHeaderKey(key)] = append([]string(nil), values...)
	}
}

// Cookie adds a Set-Cookie header, like [http.SetCookie]: an invalid cookie
// is silently dropped.
func Cookie(c *http.Cookie) Option {
	return func(resp *http.Response) {
		if v := c.String(); v != "" {
			resp.Header.Add("Set-Cookie", v)
		}
	}
}

// With applies opts to resp and returns resp and err unchanged. It does
// nothing if err is non-nil or resp is nil (a nil response writes nothing,
// so it has no headers to add to). It is meant for responses not
// built by this package's helpers, for example in a middleware:
//
//	resp, err := next(r)
//	return route.With(resp, err, route.Header("Vary", "Origin"))
func With(resp *http.Response, err error, opts ...Option) (*http.Response, error) {
	if err == nil && resp != nil {
		if resp.Header == nil {
			resp.Header = make(http.Header)
		}
		for _, opt := range opts {
			opt(resp)
		}
	}
	return resp, err
}

// ImplicitOK, as the status of a response, means that [Func.ServeHTTP]
// does not call WriteHeader, like a handler that never calls it: the
// response's first Write sends 200 OK (on an httptest.ResponseRecorder, it
// also sniffs a missing Content-Type from that Write), and a response
// with nothing to write ([Status](ImplicitOK) with options) only sets its
// headers, leaving the writer uncommitted for whatever wraps the handler
// (a dispatcher, middleware) or for net/http, which sends 200 when the
// handler returns. Any other status is sent with WriteHeader. On the wire
// both are 200; a response's StatusCode is ImplicitOK (0) in that case.
// The purehandler migration uses it where a handler wrote without calling
// WriteHeader.
const ImplicitOK = 0

// newResponse builds a response; contentType "" leaves Content-Type unset.
func newResponse(code int, contentType string, body io.ReadCloser, length int64, opts []Option) *http.Response {
	status := ""
	if code != ImplicitOK {
		status = strconv.Itoa(code) + " " + http.StatusText(code)
	}
	resp := &http.Response{
		Status:        status,
		StatusCode:    code,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        make(http.Header),
		Body:          body,
		ContentLength: length,
	}
	if contentType != "" {
		resp.Header.Set("Content-Type", contentType)
	}
	for _, opt := range opts {
		opt(resp)
	}
	return resp
}

// fullBody is the body of the helpers' responses: bytes known in full,
// which [Func.ServeHTTP] writes with one Write, as a handler writing them
// would (an empty one included: an empty Write still commits the
// response).
type fullBody struct {
	*bytes.Reader
	b []byte
	// ends, when not nil, are the end offsets in b of the Write calls
	// that made it ([WriteFunc]), which ServeHTTP makes again.
	ends []int
}

func newFullBody(b []byte) *fullBody {
	if b == nil {
		b = []byte{} // rest is never nil: nil means no Write
	}
	return &fullBody{Reader: bytes.NewReader(b), b: b}
}

func (b *fullBody) Close() error { return nil }

// writes returns what is left to read of the body, as the Write calls
// to make: one, or those that made it, less what was read of them.
func (b *fullBody) writes() [][]byte {
	start := len(b.b) - b.Len()
	if b.ends == nil {
		return [][]byte{b.b[start:]}
	}
	var out [][]byte
	from := 0
	for _, end := range b.ends {
		if end > start || (end == start && from >= start) {
			out = append(out, b.b[max(from, start):end])
		}
		from = end
	}
	return out
}

// JSON responds with v encoded as JSON, Content-Type "application/json".
// The body is exactly what json.NewEncoder(w).Encode(v) would write,
// including the trailing newline, but v is encoded before anything is sent:
// an encoding error is returned (wrapped) and nothing is written.
func JSON(status int, v any, opts ...Option) (*http.Response, error) {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		return nil, fmt.Errorf("route: encoding JSON response: %w", err)
	}
	return Bytes(status, "application/json", b.Bytes(), opts...)
}

// Text responds with s, Content-Type "text/plain; charset=utf-8".
func Text(status int, s string, opts ...Option) (*http.Response, error) {
	return Bytes(status, "text/plain; charset=utf-8", []byte(s), opts...)
}

// Bytes responds with b and the given Content-Type. If contentType is "",
// none is set and net/http sniffs one from the body, as it does for any
// handler that writes without setting it. The body is written as
// w.Write(b) writes it, even when it is empty.
func Bytes(status int, contentType string, b []byte, opts ...Option) (*http.Response, error) {
	return newResponse(status, contentType, newFullBody(b), int64(len(b)), opts), nil
}

// Status responds with no body and no Content-Type: nothing is written
// after the headers, as for a handler that calls at most WriteHeader.
// Status(ImplicitOK) with no options writes nothing at all, like a nil
// response.
func Status(status int, opts ...Option) (*http.Response, error) {
	return newResponse(status, "", http.NoBody, 0, opts), nil
}

// Redirect responds as [http.Redirect](w, r, url, code) would: Location
// (made absolute-path as http.Redirect does) and, for GET and HEAD, a
// Content-Type "text/html; charset=utf-8" with, for GET, a short HTML body
// linking to url. r must not be nil.
func Redirect(r *http.Request, url string, code int, opts ...Option) (*http.Response, error) {
	return record(func(w http.ResponseWriter) { http.Redirect(w, r, url, code) }, opts), nil
}

// Error responds as [http.Error](w, msg, status) would: msg plus a newline,
// Content-Type "text/plain; charset=utf-8" and X-Content-Type-Options
// "nosniff". It is a normal response, not an error; return an error from
// [StatusError] or [Errorf] to have the message logged instead of sent.
func Error(status int, msg string, opts ...Option) (*http.Response, error) {
	return record(func(w http.ResponseWriter) { http.Error(w, msg, status) }, opts), nil
}

// NotFound responds as [http.NotFound] would. It is itself a Func:
// route.Func(route.NotFound).
func NotFound(r *http.Request) (*http.Response, error) {
	return record(func(w http.ResponseWriter) { http.NotFound(w, r) }, nil), nil
}

// record runs a net/http helper against an in-memory ResponseWriter and
// returns what it wrote as a response: the status it gave WriteHeader
// (ImplicitOK if none), and its body, or http.NoBody if it never called
// Write.
func record(fn func(http.ResponseWriter), opts []Option) *http.Response {
	rec := &recorder{header: make(http.Header)}
	fn(rec)
	var body io.ReadCloser = http.NoBody
	if rec.wrote {
		body = newFullBody(rec.body.Bytes())
	}
	resp := newResponse(rec.code, "", body, int64(rec.body.Len()), nil)
	resp.Header = rec.header
	for _, opt := range opts {
		opt(resp)
	}
	return resp
}

type recorder struct {
	header http.Header
	code   int
	wrote  bool
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if rec.code == 0 {
		rec.code = code
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	rec.wrote = true
	return rec.body.Write(p)
}

// Stream responds with the contents of body, of unknown length, flushed to
// the client as they are read. If body is an [io.ReadCloser] it is closed
// when the response is done. contentType "" is handled as by [Bytes].
func Stream(status int, contentType string, body io.Reader, opts ...Option) (*http.Response, error) {
	rc, ok := body.(io.ReadCloser)
	if !ok {
		rc = io.NopCloser(body)
	}
	return newResponse(status, contentType, rc, -1, opts), nil
}

// StreamFunc responds with what fn writes, flushed to the client as it is
// written. fn runs in its own goroutine, started when the body is first
// read (so for HEAD only when contentType is "" and the first bytes are
// needed to sniff one). If fn returns an error, or panics, before writing
// anything, the response becomes an error response as if the Func had
// returned that error; later, the error is logged and the response
// truncated. Once the client is gone, fn's writes fail with
// [io.ErrClosedPipe]; fn must then return. A fn that waits on something else
// for long should also watch the request's context.
func StreamFunc(status int, contentType string, fn func(w io.Writer) error, opts ...Option) (*http.Response, error) {
	pr, pw := io.Pipe()
	return newResponse(status, contentType, &funcBody{fn: fn, pr: pr, pw: pw}, -1, opts), nil
}

type funcBody struct {
	once sync.Once
	fn   func(io.Writer) error
	pr   *io.PipeReader
	pw   *io.PipeWriter
}

func (b *funcBody) Read(p []byte) (int, error) {
	b.once.Do(func() { go b.run() })
	return b.pr.Read(p)
}

func (b *funcBody) Close() error { return b.pr.Close() }

func (b *funcBody) run() {
	defer func() {
		if p := recover(); p != nil {
			b.pw.CloseWithError(fmt.Errorf("route: StreamFunc panic: %v\n%s", p, debug.Stack()))
		}
	}()
	b.pw.CloseWithError(b.fn(b.pw)) // nil closes with io.EOF
}
