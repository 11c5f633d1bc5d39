package route

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
)

// Func is a pure HTTP handler: it maps a request to a response or an error.
// If the error is non-nil the response is ignored (but its body is closed).
// A nil response with a nil error means that there is nothing to write.
type Func func(*http.Request) (*http.Response, error)

// LogError is called with every error a Func returns, and with errors met
// while writing a response, since the client is never told what they say. It
// defaults to a [log.Printf] line. Set it (before serving) to use another
// logger, or to nil to discard errors. Errors from [StatusError] and [Errorf]
// implement StatusCode() int, which a LogError may use to skip 4xx ones.
var LogError = func(r *http.Request, err error) {
	log.Printf("route: %s %s: %v", r.Method, r.URL.Path, err)
}

// ServeHTTP calls f and writes its response to w; see the package
// documentation for the details. A nil response with a nil error writes
// nothing at all.
func (f Func) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e, fr := enter(r, w) // for MaxBytesReader
	defer leave(r, e, fr)
	resp, err := f(r)
	if resp != nil && resp.Body != nil {
		defer resp.Body.Close()
	}
	switch {
	case err != nil:
		serveError(w, r, err)
	case resp != nil:
		serveResponse(w, r, resp)
	}
	// A nil response and a nil error: the handler wrote nothing, so w is
	// left untouched for whatever called it (a dispatcher, middleware) or
	// for net/http, which sends 200 with an empty body when it returns.
}

func serveError(w http.ResponseWriter, r *http.Request, err error) {
	if LogError != nil {
		LogError(r, err)
	}
	code := http.StatusInternalServerError
	var sc interface{ StatusCode() int }
	if errors.As(err, &sc) && sc.StatusCode() >= 400 && sc.StatusCode() <= 599 {
		code = sc.StatusCode()
	}
	text := http.StatusText(code)
	if text == "" {
		text = strconv.Itoa(code)
	}
	resp, _ := Error(code, text)
	serveResponse(w, r, resp)
}

func serveResponse(w http.ResponseWriter, r *http.Request, resp *http.Response) {
	code := resp.StatusCode
	if code != ImplicitOK && (code < 200 || code > 999) {
		// 1xx cannot be a final response through a ResponseWriter; others
		// would make WriteHeader panic.
		serveError(w, r, fmt.Errorf("route: invalid response status %d", code))
		return
	}
	if body, ok := resp.Body.(*throughBody); ok && body.claim() {
		serveThrough(w, r, resp, body)
		return
	}
	if writes, ok := fullWrites(resp); ok {
		serveFull(w, r, resp, writes)
		return
	}
	serveStream(w, r, resp)
}

// fullWrites returns the Write calls that send a response body known in
// full: one built by this package's helpers (what is left of it to read),
// or none. ok is false for other bodies, which are streamed; writes is
// nil when there is nothing to write, not even an empty Write.
func fullWrites(resp *http.Response) (writes [][]byte, ok bool) {
	switch body := resp.Body.(type) {
	case *fullBody:
		return body.writes(), true
	case nil:
	default:
		if body != http.NoBody {
			return nil, false
		}
	}
	// No body. A length > 0 announces one (a HEAD response from
	// elsewhere): it is sent as a stream would be, with its Content-Length.
	return nil, resp.ContentLength <= 0
}

// serveFull writes a response whose body is known in full with the calls
// a handler writing it would make, and nothing else: the headers, then
// WriteHeader unless the status is ImplicitOK, then the body in one
// Write, or in the Write calls that made it for [WriteFunc] (none for a
// nil writes). There is no Flush and no Content-Length of
// route's own (a real server adds one when the body fits its buffer);
// net/http itself drops the body of a HEAD response or of a status that
// forbids one, and sniffs a missing Content-Type, as for any handler.
// Under an httptest.ResponseRecorder, or a wrapper recording the status,
// the response is therefore exactly that of the handler.
func serveFull(w http.ResponseWriter, r *http.Request, resp *http.Response, writes [][]byte) {
	trailers := trailerKeys(resp)
	copyHeader(w.Header(), resp, trailers)
	if resp.StatusCode != ImplicitOK {
		w.WriteHeader(resp.StatusCode)
	}
	for _, b := range writes {
		if _, err := w.Write(b); err != nil {
			if errors.Is(err, http.ErrContentLength) && LogError != nil {
				LogError(r, fmt.Errorf("route: body longer than its Content-Length: %w", err))
			}
			return // or the client is gone: nothing to report
		}
	}
	setTrailers(w.Header(), resp, trailers)
}

// trailerKeys returns the keys of resp's trailers. The body may fill in
// their values as it is read (a StreamFunc, in its own goroutine), so
// they are taken before it is.
func trailerKeys(resp *http.Response) []string {
	keys := make([]string, 0, len(resp.Trailer))
	for k := range resp.Trailer {
		keys = append(keys, k)
	}
	return keys
}

// copyHeader copies resp's headers to h, replacing those of the same key,
// and announces the trailers.
func copyHeader(h http.Header, resp *http.Response, trailers []string) {
	for k, vv := range resp.Header {
		h[k] = append([]string(nil), vv...)
	}
	for _, k := range trailers {
		h.Add("Trailer", k)
	}
}

// setTrailers sets the values of the announced trailers, once the body
// is sent.
func setTrailers(h http.Header, resp *http.Response, trailers []string) {
	for _, k := range trailers {
		h[http.CanonicalHeaderKey(k)] = resp.Trailer[k]
	}
}

// serveStream writes a response whose body is read as it is sent: it
// flushes every chunk the body yields, and sets Content-Length from the
// response's ContentLength when that is known.
func serveStream(w http.ResponseWriter, r *http.Request, resp *http.Response) {
	code := resp.StatusCode
	sent := code
	if sent == ImplicitOK {
		sent = http.StatusOK
	}
	body := resp.Body
	if !bodyAllowed(sent) {
		body = nil
	}
	// A HEAD response has no body, but its headers are those of GET: as
	// net/http does for a handler writing a body to a HEAD request, the
	// first chunk is read to sniff a missing Content-Type, then dropped.
	// A body whose type is known is not read at all.
	head := r.Method == http.MethodHead
	if head && body != nil && !sniffs(w.Header(), resp.Header) {
		body = nil
	}
	trailers := trailerKeys(resp)

	// Read the first chunk before committing headers, so that a body which
	// fails straight away still becomes a proper error response.
	var buf []byte
	var n int
	var rerr error
	if body != nil {
		buf = make([]byte, 32<<10)
		n, rerr = io.ReadAtLeast(body, buf, 1)
		if n == 0 && rerr != io.EOF {
			serveError(w, r, rerr)
			return
		}
	}

	h := w.Header()
	copyHeader(h, resp, trailers)
	cl := resp.ContentLength
	if cl == 0 && resp.Body != nil && resp.Body != http.NoBody {
		cl = -1 // as in net/http: 0 with a body means unknown
	}
	if _, ok := h["Content-Length"]; !ok && cl >= 0 && len(trailers) == 0 && bodyAllowed(sent) {
		h.Set("Content-Length", strconv.FormatInt(cl, 10))
	}
	if head && n > 0 {
		h.Set("Content-Type", http.DetectContentType(buf[:n]))
	}
	if code != ImplicitOK {
		w.WriteHeader(code)
	}
	if body == nil || head {
		return
	}

	rc := http.NewResponseController(w)
	for {
		if n > 0 {
			if _, err := w.Write(buf[:n]); err != nil {
				if errors.Is(err, http.ErrContentLength) && LogError != nil {
					LogError(r, fmt.Errorf("route: body longer than its Content-Length: %w", err))
				}
				return // or the client is gone: nothing to report
			}
			if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
				return
			}
		}
		if rerr != nil {
			break
		}
		n, rerr = body.Read(buf)
	}
	if rerr != io.EOF {
		if LogError != nil {
			LogError(r, fmt.Errorf("route: reading response body: %w", rerr))
		}
		if r.Context().Value(http.ServerContextKey) != nil {
			panic(http.ErrAbortHandler) // truncate visibly; net/http recovers it
		}
		return
	}
	setTrailers(h, resp, trailers)
}

// sniffs reports whether net/http would sniff the Content-Type of a
// response with these headers (the writer's, then the response's, which
// replace them) from its body: when none is set, not even to an empty
// value, and the body is neither content- nor transfer-encoded.
func sniffs(writer, resp http.Header) bool {
	for _, h := range []http.Header{writer, resp} {
		if _, set := h["Content-Type"]; set || h.Get("Content-Encoding") != "" || h.Get("Transfer-Encoding") != "" {
			return false
		}
	}
	return true
}

// bodyAllowed reports whether a response with this status may have a body
// (RFC 9110: not 1xx, 204 or 304).
func bodyAllowed(code int) bool {
	return code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified
}

// StatusError returns an error that makes a Func respond with status. Its
// message is err's (or the status text if err is nil); it unwraps to err.
// Only 4xx and 5xx statuses are honoured; others become 500.
func StatusError(status int, err error) error {
	return &statusError{status, err}
}

// Errorf is StatusError(status, fmt.Errorf(format, args...)); %w works.
func Errorf(status int, format string, args ...any) error {
	return &statusError{status, fmt.Errorf(format, args...)}
}

type statusError struct {
	code int
	err  error
}

func (e *statusError) Error() string {
	if e.err == nil {
		return strconv.Itoa(e.code) + " " + http.StatusText(e.code)
	}
	return e.err.Error()
}

func (e *statusError) StatusCode() int { return e.code }
func (e *statusError) Unwrap() error   { return e.err }
