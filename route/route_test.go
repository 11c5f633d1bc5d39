package route_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/routevet/routevet/route"
)

// captureLog replaces route.LogError for the duration of the test and
// returns a function reporting the errors logged so far.
func captureLog(t *testing.T) func() []error {
	t.Helper()
	var mu sync.Mutex
	var logged []error
	old := route.LogError
	route.LogError = func(r *http.Request, err error) {
		mu.Lock()
		defer mu.Unlock()
		logged = append(logged, err)
	}
	t.Cleanup(func() { route.LogError = old })
	return func() []error {
		mu.Lock()
		defer mu.Unlock()
		return append([]error(nil), logged...)
	}
}

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func fixed(resp *http.Response, err error) route.Func {
	return func(*http.Request) (*http.Response, error) { return resp, err }
}

type wireResult struct {
	code   int
	header http.Header
	body   string
}

// wire serves h with a real server and returns what a client got (Date
// removed, no redirects followed).
func wire(t *testing.T, h http.Handler, method, path string) wireResult {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Header.Del("Date")
	return wireResult{resp.StatusCode, resp.Header, string(b)}
}

func TestHelpers(t *testing.T) {
	tests := []struct {
		name   string
		resp   *http.Response
		code   int
		header http.Header
		body   string
	}{
		{
			name:   "JSON",
			resp:   must(route.JSON(http.StatusCreated, map[string]int{"a": 1})),
			code:   201,
			header: http.Header{"Content-Type": {"application/json"}},
			body:   "{\"a\":1}\n",
		},
		{
			name:   "Text",
			resp:   must(route.Text(http.StatusOK, "héllo")),
			code:   200,
			header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
			body:   "héllo",
		},
		{
			name:   "Bytes",
			resp:   must(route.Bytes(http.StatusOK, "image/png", []byte{1, 2, 3})),
			code:   200,
			header: http.Header{"Content-Type": {"image/png"}},
			body:   "\x01\x02\x03",
		},
		{
			// WriteHeader, then Write: the recorder does not sniff (a
			// real server does: TestSniff).
			name:   "Bytes not sniffed",
			resp:   must(route.Bytes(http.StatusOK, "", []byte("<html>hi</html>"))),
			code:   200,
			header: http.Header{},
			body:   "<html>hi</html>",
		},
		{
			// Write alone: the recorder sniffs, as for a handler.
			name:   "Bytes ImplicitOK sniffed",
			resp:   must(route.Bytes(route.ImplicitOK, "", []byte("<html>hi</html>"))),
			code:   200,
			header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			body:   "<html>hi</html>",
		},
		{
			name:   "Status",
			resp:   must(route.Status(http.StatusAccepted)),
			code:   202,
			header: http.Header{},
		},
		{
			name:   "Status ImplicitOK",
			resp:   must(route.Status(route.ImplicitOK, route.Header("X-A", "1"))),
			code:   200,
			header: http.Header{"X-A": {"1"}},
		},
		{
			name:   "Status 204",
			resp:   must(route.Status(http.StatusNoContent)),
			code:   204,
			header: http.Header{},
		},
		{
			name: "options",
			resp: must(route.Text(http.StatusOK, "x",
				route.Header("Cache-Control", "no-store"),
				route.Header("vary", "Accept", "Origin"),
				route.Header("Content-Type", "text/csv"),
				route.Cookie(&http.Cookie{Name: "a", Value: "1"}),
				route.Cookie(&http.Cookie{Name: "b", Value: "2", HttpOnly: true}),
				route.Cookie(&http.Cookie{Name: "bad name"}), // invalid: dropped
				route.Cookie(nil),
			)),
			code: 200,
			header: http.Header{
				"Content-Type":  {"text/csv"},
				"Cache-Control": {"no-store"},
				"Vary":          {"Accept", "Origin"},
				"Set-Cookie":    {"a=1", "b=2; HttpOnly"},
			},
			body: "x",
		},
		{
			name:   "Header deletes",
			resp:   must(route.Text(http.StatusOK, "x", route.Header("Content-Type"))),
			code:   200,
			header: http.Header{},
			body:   "x",
		},
		{
			name:   "Stream",
			resp:   must(route.Stream(http.StatusOK, "text/plain", strings.NewReader("abc"))),
			code:   200,
			header: http.Header{"Content-Type": {"text/plain"}},
			body:   "abc",
		},
		{
			name: "StreamFunc",
			resp: must(route.StreamFunc(http.StatusOK, "text/event-stream", func(w io.Writer) error {
				_, err := io.WriteString(w, "data: 1\n\n")
				return err
			}, route.Header("Cache-Control", "no-cache"))),
			code:   200,
			header: http.Header{"Content-Type": {"text/event-stream"}, "Cache-Control": {"no-cache"}},
			body:   "data: 1\n\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(fixed(tt.resp, nil), "GET", "/")
			if w.Code != tt.code || !reflect.DeepEqual(w.Header(), tt.header) || w.Body.String() != tt.body {
				t.Errorf("got %d %v %q, want %d %v %q", w.Code, w.Header(), w.Body, tt.code, tt.header, tt.body)
			}
		})
	}
}

// TestSniff checks that with no Content-Type, a real server sniffs one, as
// for any handler.
func TestSniff(t *testing.T) {
	got := wire(t, fixed(route.Bytes(http.StatusOK, "", []byte("<html>hi</html>"))), "GET", "/")
	if ct := got.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Bytes: Content-Type %q", ct)
	}
	got = wire(t, fixed(route.Stream(http.StatusOK, "", strings.NewReader("%PDF-1.4"))), "GET", "/")
	if ct := got.header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Stream: Content-Type %q", ct)
	}
}

func must(resp *http.Response, err error) *http.Response {
	if err != nil {
		panic(err)
	}
	return resp
}

func TestResponseFields(t *testing.T) {
	resp, err := route.JSON(http.StatusOK, []int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Status != "200 OK" || resp.ContentLength != 6 || resp.ProtoMajor != 1 {
		t.Errorf("got %+v", resp)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "[1,2]\n" {
		t.Errorf("body %q", b)
	}
	if resp, _ := route.Status(http.StatusOK); resp.Body != http.NoBody || resp.ContentLength != 0 {
		t.Errorf("Status: body %v, length %d", resp.Body, resp.ContentLength)
	}
	// An empty body is still a body: ServeHTTP writes it (an empty Write
	// commits the response, as for a handler).
	if resp, _ := route.Text(http.StatusOK, ""); resp.Body == http.NoBody || resp.ContentLength != 0 {
		t.Errorf("Text empty: body %v, length %d", resp.Body, resp.ContentLength)
	}
	if resp, _ := route.Text(route.ImplicitOK, "x"); resp.StatusCode != 0 || resp.Status != "" {
		t.Errorf("ImplicitOK: status %d %q", resp.StatusCode, resp.Status)
	}
	if resp, _ := route.Stream(http.StatusOK, "", strings.NewReader("")); resp.ContentLength != -1 {
		t.Errorf("Stream: length %d", resp.ContentLength)
	}
}

func TestWith(t *testing.T) {
	resp, err := route.With(&http.Response{StatusCode: 200}, nil, route.Header("X-A", "1"))
	if err != nil || resp.Header.Get("X-A") != "1" {
		t.Errorf("got %v, %v", resp, err)
	}
	boom := errors.New("boom")
	orig := &http.Response{StatusCode: 200}
	if resp, err := route.With(orig, boom, route.Header("X-A", "1")); resp != orig || err != boom || resp.Header != nil {
		t.Errorf("With on error: %v, %v", resp, err)
	}
	if resp, err := route.With(nil, nil, route.Header("X-A", "1")); resp != nil || err != nil {
		t.Errorf("With(nil, nil): %v, %v", resp, err)
	}
}

func TestJSONMatchesEncoder(t *testing.T) {
	type T struct {
		Name  string            `json:"name"`
		Tags  []string          `json:"tags,omitempty"`
		Extra map[string]any    `json:"extra"`
		Raw   json.RawMessage   `json:"raw"`
		Ptr   *int              `json:"ptr"`
		M     map[string]string `json:"-"`
	}
	values := []any{
		nil, 0, 3.14, 1e21, "", "<a href='x'>&</a>", "line\u2028sep\u2029", "\xff invalid utf8",
		[]byte("bytes"), []int{}, map[string]int{"b": 2, "a": 1},
		T{Name: "x", Extra: map[string]any{"z": nil, "y": []any{true, 1.5}}, Raw: json.RawMessage(` {"k" : 1} `)},
	}
	for _, v := range values {
		want := httptest.NewRecorder()
		if err := json.NewEncoder(want).Encode(v); err != nil {
			t.Fatal(err)
		}
		got := serve(fixed(route.JSON(http.StatusOK, v)), "GET", "/")
		if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
			t.Errorf("JSON(%#v) = %q, encoder wrote %q", v, got.Body, want.Body)
		}
	}

	// Over the wire, the whole response matches a handler that sets the
	// Content-Type and encodes.
	v := map[string]any{"greeting": "Hello, <Ada>"}
	want := wire(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}), "GET", "/")
	got := wire(t, fixed(route.JSON(http.StatusOK, v)), "GET", "/")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("wire: got %+v, want %+v", got, want)
	}
}

func TestJSONError(t *testing.T) {
	logged := captureLog(t)
	resp, err := route.JSON(http.StatusOK, map[string]any{"ch": make(chan int)})
	var ute *json.UnsupportedTypeError
	if resp != nil || !errors.As(err, &ute) {
		t.Fatalf("got %v, %v; want nil and an *json.UnsupportedTypeError", resp, err)
	}
	w := serve(fixed(resp, err), "GET", "/")
	if w.Code != 500 || w.Body.String() != "Internal Server Error\n" {
		t.Errorf("got %d %q", w.Code, w.Body)
	}
	if l := logged(); len(l) != 1 || l[0] != err {
		t.Errorf("logged %v, want %v", l, err)
	}
}

// TestStdlibEquivalence checks that Error, NotFound and Redirect respond
// exactly as http.Error, http.NotFound and http.Redirect do, both on a
// ResponseRecorder and over the wire.
func TestStdlibEquivalence(t *testing.T) {
	type pair struct {
		name   string
		ours   route.Func
		theirs http.HandlerFunc
	}
	pairs := []pair{
		{"NotFound", route.NotFound, http.NotFound},
		{
			"Error",
			func(*http.Request) (*http.Response, error) { return route.Error(http.StatusTeapot, "short & <stout>") },
			func(w http.ResponseWriter, r *http.Request) { http.Error(w, "short & <stout>", http.StatusTeapot) },
		},
		{
			"Error multiline",
			func(*http.Request) (*http.Response, error) { return route.Error(http.StatusBadRequest, "a\nb\n") },
			func(w http.ResponseWriter, r *http.Request) { http.Error(w, "a\nb\n", http.StatusBadRequest) },
		},
	}
	targets := []string{"https://example.com/x?y=1", "/abs/path", "rel/../path?q=a b", "../up/", "/ünïcode<&>\"'", ""}
	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, target := range targets {
			pairs = append(pairs, pair{
				fmt.Sprintf("Redirect %d %q", code, target),
				func(r *http.Request) (*http.Response, error) { return route.Redirect(r, target, code) },
				func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, code) },
			})
		}
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD", "POST"} {
				want := serve(p.theirs, method, "/dir/page")
				got := serve(p.ours, method, "/dir/page")
				if got.Code != want.Code || !reflect.DeepEqual(got.Header(), want.Header()) || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
					t.Errorf("%s recorder: got %d %v %q, want %d %v %q",
						method, got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
				}
			}
			for _, method := range []string{"GET", "HEAD", "POST"} {
				want := wire(t, p.theirs, method, "/dir/page")
				got := wire(t, p.ours, method, "/dir/page")
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s wire: got %+v, want %+v", method, got, want)
				}
			}
		})
	}
}

type codeErr int

func (e codeErr) Error() string   { return fmt.Sprintf("secret detail %d", int(e)) }
func (e codeErr) StatusCode() int { return int(e) }

func TestErrors(t *testing.T) {
	base := errors.New("secret detail")
	tests := []struct {
		name string
		err  error
		code int
	}{
		{"plain", base, 500},
		{"StatusError", route.StatusError(http.StatusNotFound, base), 404},
		{"StatusError nil", route.StatusError(http.StatusForbidden, nil), 403},
		{"Errorf", route.Errorf(http.StatusBadRequest, "secret detail: %w", base), 400},
		{"wrapped", fmt.Errorf("ctx: %w", route.StatusError(http.StatusServiceUnavailable, base)), 503},
		{"custom type", codeErr(http.StatusConflict), 409},
		{"joined", errors.Join(base, codeErr(http.StatusGone)), 410},
		{"unknown 4xx", codeErr(499), 499},
		{"2xx ignored", codeErr(200), 500},
		{"3xx ignored", codeErr(302), 500},
		{"600 ignored", codeErr(600), 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logged := captureLog(t)
			w := serve(fixed(nil, tt.err), "GET", "/")
			text := http.StatusText(tt.code)
			if text == "" {
				text = fmt.Sprint(tt.code)
			}
			if w.Code != tt.code || w.Body.String() != text+"\n" {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body, tt.code, text+"\n")
			}
			if strings.Contains(w.Body.String(), "secret") {
				t.Errorf("error text leaked to the client: %q", w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("headers %v", w.Header())
			}
			if l := logged(); len(l) != 1 || l[0] != tt.err {
				t.Errorf("logged %v, want [%v]", l, tt.err)
			}
		})
	}
}

func TestStatusErrorType(t *testing.T) {
	base := errors.New("base")
	err := route.StatusError(http.StatusNotFound, base)
	if !errors.Is(err, base) || err.Error() != "base" {
		t.Errorf("StatusError: Is=%v, Error=%q", errors.Is(err, base), err)
	}
	if got := route.StatusError(http.StatusNotFound, nil).Error(); got != "404 Not Found" {
		t.Errorf("StatusError(404, nil).Error() = %q", got)
	}
	err = route.Errorf(http.StatusBadRequest, "parse %q: %w", "x", base)
	var sc interface{ StatusCode() int }
	if !errors.Is(err, base) || err.Error() != `parse "x": base` || !errors.As(err, &sc) || sc.StatusCode() != 400 {
		t.Errorf("Errorf: %v", err)
	}
}

// TestNilResponse checks that a nil response with a nil error writes
// nothing: no header, no WriteHeader, no Write, and nothing is logged.
func TestNilResponse(t *testing.T) {
	logged := captureLog(t)
	for _, method := range []string{"GET", "HEAD"} {
		w := &spy{header: http.Header{"X-Before": {"1"}}}
		fixed(nil, nil).ServeHTTP(w, httptest.NewRequest(method, "/", nil))
		if len(w.calls) != 0 || !reflect.DeepEqual(w.header, http.Header{"X-Before": {"1"}}) {
			t.Errorf("%s: calls %q, header %v", method, w.calls, w.header)
		}
	}
	if l := logged(); len(l) != 0 {
		t.Errorf("logged %v", l)
	}
}

func TestLogErrorDefault(t *testing.T) {
	var buf bytes.Buffer
	defer func(w io.Writer, flags int) { log.SetOutput(w); log.SetFlags(flags) }(log.Writer(), log.Flags())
	log.SetOutput(&buf)
	log.SetFlags(0)
	serve(fixed(nil, errors.New("boom")), "GET", "/x?secret=1")
	if got, want := buf.String(), "route: GET /x: boom\n"; got != want {
		t.Errorf("logged %q, want %q", got, want)
	}
}

func TestLogErrorNil(t *testing.T) {
	old := route.LogError
	route.LogError = nil
	defer func() { route.LogError = old }()
	if w := serve(fixed(nil, errors.New("x")), "GET", "/"); w.Code != 500 {
		t.Errorf("got %d", w.Code)
	}
}

func TestInvalidStatus(t *testing.T) {
	for _, code := range []int{-1, 42, 100, 103, 1000} {
		logged := captureLog(t)
		w := serve(fixed(route.Text(code, "body")), "GET", "/")
		if w.Code != 500 || w.Body.String() != "Internal Server Error\n" || len(logged()) != 1 {
			t.Errorf("status %d: got %d %q, logged %v", code, w.Code, w.Body, logged())
		}
	}
	// 0 (ImplicitOK) means 200.
	if w := serve(fixed(&http.Response{Body: io.NopCloser(strings.NewReader("ok"))}, nil), "GET", "/"); w.Code != 200 || w.Body.String() != "ok" {
		t.Errorf("status 0: got %d %q", w.Code, w.Body)
	}
}

func TestContentLength(t *testing.T) {
	body := func(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }
	tests := []struct {
		name string
		resp *http.Response
		cl   []string // Content-Length set by ServeHTTP (nil: none)
		body string
	}{
		{"known", &http.Response{StatusCode: 200, ContentLength: 2, Body: body("hi")}, []string{"2"}, "hi"},
		{"unknown", &http.Response{StatusCode: 200, ContentLength: -1, Body: body("hi")}, nil, "hi"},
		// A hand-built response with ContentLength left at 0 but a body:
		// net/http treats that as unknown, and so must we.
		{"zero with body", &http.Response{StatusCode: 200, Body: body("hi")}, nil, "hi"},
		// No body: written as by a handler that writes none (a real
		// server adds Content-Length: 0 itself when the handler returns).
		{"zero nil body", &http.Response{StatusCode: 200}, nil, ""},
		{"zero NoBody", &http.Response{StatusCode: 200, Body: http.NoBody}, nil, ""},
		{"NoBody with a length", &http.Response{StatusCode: 200, ContentLength: 2, Body: http.NoBody}, []string{"2"}, ""},
		// A helper's body: written as w.Write writes it, with no length
		// of route's own.
		{"helper", must(route.Text(http.StatusOK, "hi")), nil, "hi"},
		{"helper with a header", must(route.Text(http.StatusOK, "hi", route.Header("Content-Length", "2"))), []string{"2"}, "hi"},
		{"explicit header kept", &http.Response{StatusCode: 200, ContentLength: -1, Header: http.Header{"Content-Length": {"2"}}, Body: body("hi")}, []string{"2"}, "hi"},
		{"204", &http.Response{StatusCode: 204, Body: http.NoBody}, nil, ""},
		{"304 no body", &http.Response{StatusCode: 304, ContentLength: 2, Body: body("hi")}, nil, ""},
		{"trailers", &http.Response{StatusCode: 200, ContentLength: 2, Body: body("hi"), Trailer: http.Header{"X-T": nil}}, nil, "hi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(fixed(tt.resp, nil), "GET", "/")
			if cl := w.Header()["Content-Length"]; !reflect.DeepEqual(cl, tt.cl) || w.Body.String() != tt.body {
				t.Errorf("got Content-Length %q body %q, want %q %q", cl, w.Body, tt.cl, tt.body)
			}
		})
	}

	// Over the wire, the ambiguous zero-length case still delivers its body.
	got := wire(t, fixed(&http.Response{StatusCode: 200, Body: body("hello")}, nil), "GET", "/")
	if got.body != "hello" {
		t.Errorf("wire: got %+v", got)
	}
}

func TestContentLengthTooShort(t *testing.T) {
	logged := captureLog(t)
	srv := httptest.NewServer(fixed(&http.Response{
		StatusCode: 200, ContentLength: 2, Body: io.NopCloser(strings.NewReader("hello")),
	}, nil))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	// net/http refuses the whole over-long write: the client sees truncation.
	if b, err := io.ReadAll(resp.Body); err != io.ErrUnexpectedEOF {
		t.Errorf("got %q, %v; want io.ErrUnexpectedEOF", b, err)
	}
	resp.Body.Close()
	srv.Close()
	if l := logged(); len(l) != 1 || !errors.Is(l[0], http.ErrContentLength) {
		t.Errorf("logged %v", l)
	}
}

func TestHeaderMerge(t *testing.T) {
	h := fixed(route.Text(http.StatusOK, "x", route.Header("Vary", "Accept")))
	mw := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "42")
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Vary", "Origin")
		h.ServeHTTP(w, r)
	})
	w := serve(mw, "GET", "/")
	want := http.Header{
		"X-Request-Id": {"42"},
		"Content-Type": {"text/plain; charset=utf-8"},
		"Vary":         {"Accept"},
	}
	if !reflect.DeepEqual(w.Header(), want) {
		t.Errorf("got %v, want %v", w.Header(), want)
	}
}

func TestHEAD(t *testing.T) {
	// A body known in full is written to HEAD too, as a handler writes
	// it: a recorder keeps it, a real server drops it (TestHEADLikeNetHTTP).
	w := serve(fixed(route.JSON(http.StatusOK, "abc")), "HEAD", "/")
	if w.Code != 200 || w.Body.String() != "\"abc\"\n" || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("got %d %v %q", w.Code, w.Header(), w.Body)
	}
	got := wire(t, fixed(route.JSON(http.StatusOK, "abc")), "HEAD", "/")
	if got.code != 200 || got.body != "" || got.header.Get("Content-Length") != "6" {
		t.Errorf("wire: got %+v", got)
	}
	captureLog(t)
	w = serve(fixed(nil, route.StatusError(http.StatusNotFound, nil)), "HEAD", "/")
	if w.Code != 404 || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("error: got %d %q", w.Code, w.Body)
	}
	ran := false
	w = serve(fixed(route.StreamFunc(http.StatusOK, "text/plain", func(w io.Writer) error {
		ran = true
		return nil
	})), "HEAD", "/")
	if w.Code != 200 || w.Body.Len() != 0 || ran {
		t.Errorf("StreamFunc: got %d %q, ran=%v", w.Code, w.Body, ran)
	}
}

// TestHEADLikeNetHTTP checks that a Func answers HEAD with the headers
// net/http sends for a handler writing the same response: a Content-Type
// sniffed from a body that has none, and no Content-Length for an empty
// body.
func TestHEADLikeNetHTTP(t *testing.T) {
	for _, tc := range []struct {
		name string
		orig http.HandlerFunc
		f    route.Func
	}{
		{
			"sniffed",
			func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<!DOCTYPE html><p>hi")) },
			fixed(route.Bytes(http.StatusOK, "", []byte("<!DOCTYPE html><p>hi"))),
		},
		{
			"empty",
			func(w http.ResponseWriter, r *http.Request) {},
			fixed(nil, nil),
		},
		{
			"status",
			func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) },
			fixed(route.Status(http.StatusOK)),
		},
		{
			"long",
			func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("<p>"), 1000)) },
			fixed(route.Bytes(route.ImplicitOK, "", bytes.Repeat([]byte("<p>"), 1000))),
		},
		{
			"typed",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"a":1}` + "\n"))
			},
			fixed(route.JSON(http.StatusOK, map[string]int{"a": 1})),
		},
		{
			"error",
			func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) },
			fixed(route.Error(http.StatusGone, "gone")),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, got := wire(t, tc.orig, "HEAD", "/"), wire(t, tc.f, "HEAD", "/")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("HEAD: route.Func sent %+v, net/http %+v", got, want)
			}
		})
	}

	// A stream with no type runs to give its first bytes to the sniffer;
	// one with a type does not run at all.
	for _, contentType := range []string{"", "text/plain"} {
		ran := false
		w := serve(fixed(route.StreamFunc(http.StatusOK, contentType, func(w io.Writer) error {
			ran = true
			_, err := w.Write([]byte("%PDF-1.7"))
			return err
		})), "HEAD", "/")
		wantType := contentType
		if wantType == "" {
			wantType = "application/pdf"
		}
		if ran != (contentType == "") || w.Header().Get("Content-Type") != wantType || w.Body.Len() != 0 {
			t.Errorf("StreamFunc with type %q: ran=%v, headers %v, body %q", contentType, ran, w.Header(), w.Body)
		}
	}
}

type trackBody struct {
	io.Reader
	closed bool
}

func (b *trackBody) Close() error { b.closed = true; return nil }

type failWriter struct{ *httptest.ResponseRecorder }

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("client gone") }

func TestBodyAlwaysClosed(t *testing.T) {
	tests := []struct {
		name   string
		code   int
		err    error
		method string
		reader io.Reader
		w      http.ResponseWriter
	}{
		{name: "GET", code: 200, method: "GET", reader: strings.NewReader("x")},
		{name: "empty", code: 200, method: "GET", reader: strings.NewReader("")},
		{name: "HEAD", code: 200, method: "HEAD", reader: strings.NewReader("x")},
		{name: "204", code: 204, method: "GET", reader: strings.NewReader("x")},
		{name: "with error", code: 200, err: errors.New("x"), method: "GET", reader: strings.NewReader("x")},
		{name: "invalid status", code: 42, method: "GET", reader: strings.NewReader("x")},
		{name: "read error", code: 200, method: "GET", reader: io.MultiReader(strings.NewReader("x"), iotestErr{})},
		{name: "first read error", code: 200, method: "GET", reader: iotestErr{}},
		{name: "write error", code: 200, method: "GET", reader: strings.NewReader("x"), w: failWriter{httptest.NewRecorder()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			captureLog(t)
			b := &trackBody{Reader: tt.reader}
			w := tt.w
			if w == nil {
				w = httptest.NewRecorder()
			}
			fixed(&http.Response{StatusCode: tt.code, ContentLength: -1, Body: b}, tt.err).ServeHTTP(w, httptest.NewRequest(tt.method, "/", nil))
			if !b.closed {
				t.Error("body not closed")
			}
		})
	}
	// Methods' HEAD-through-GET closes the GET body too.
	b := &trackBody{Reader: strings.NewReader("x")}
	serve(route.Methods{"GET": fixed(&http.Response{StatusCode: 200, Body: b}, nil)}, "HEAD", "/")
	if !b.closed {
		t.Error("Methods HEAD: body not closed")
	}
}

type iotestErr struct{}

func (iotestErr) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestBodyErrors(t *testing.T) {
	// Failing before yielding anything: a proper error response.
	logged := captureLog(t)
	w := serve(fixed(route.StreamFunc(http.StatusOK, "text/csv", func(w io.Writer) error {
		return route.Errorf(http.StatusServiceUnavailable, "db down")
	}, route.Header("X-Dropped", "1"))), "GET", "/")
	if w.Code != 503 || w.Body.String() != "Service Unavailable\n" || w.Header().Get("X-Dropped") != "" {
		t.Errorf("got %d %v %q", w.Code, w.Header(), w.Body)
	}
	if l := logged(); len(l) != 1 || l[0].Error() != "db down" {
		t.Errorf("logged %v", l)
	}

	// A panic before writing: 500, logged with the panic value.
	logged = captureLog(t)
	w = serve(fixed(route.StreamFunc(http.StatusOK, "", func(w io.Writer) error { panic("kaboom") })), "GET", "/")
	if w.Code != 500 {
		t.Errorf("panic: got %d", w.Code)
	}
	if l := logged(); len(l) != 1 || !strings.Contains(l[0].Error(), "kaboom") {
		t.Errorf("panic: logged %v", l)
	}

	// Failing mid-stream on a recorder: headers and partial body stay, error logged.
	logged = captureLog(t)
	w = serve(fixed(route.Stream(http.StatusOK, "text/plain", io.MultiReader(strings.NewReader("partial"), iotestErr{}))), "GET", "/")
	if w.Code != 200 || w.Body.String() != "partial" {
		t.Errorf("mid-stream: got %d %q", w.Code, w.Body)
	}
	if l := logged(); len(l) != 1 || !strings.Contains(l[0].Error(), "disk on fire") {
		t.Errorf("mid-stream: logged %v", l)
	}

	// Failing mid-stream under a real server: the client sees the truncation.
	logged = captureLog(t)
	srv := httptest.NewServer(route.Func(func(*http.Request) (*http.Response, error) {
		return route.StreamFunc(http.StatusOK, "text/plain", func(w io.Writer) error {
			io.WriteString(w, "partial")
			return errors.New("lost the database")
		})
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "partial" || err == nil {
		t.Errorf("wire mid-stream: got %q, %v; want \"partial\" and an error", b, err)
	}
	srv.Close() // wait for the handler
	if l := logged(); len(l) != 1 || !strings.Contains(l[0].Error(), "lost the database") {
		t.Errorf("wire mid-stream: logged %v", l)
	}
}

func TestStreamCloses(t *testing.T) {
	b := &trackBody{Reader: strings.NewReader("abc")}
	w := serve(fixed(route.Stream(http.StatusOK, "", b)), "GET", "/")
	if w.Body.String() != "abc" || !b.closed {
		t.Errorf("got %q, closed=%v", w.Body, b.closed)
	}
}

// TestStreamFlush proves that a chunk reaches the client while the handler
// is still producing the rest.
func TestStreamFlush(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	defer unblock()
	srv := httptest.NewServer(route.Func(func(r *http.Request) (*http.Response, error) {
		return route.StreamFunc(http.StatusOK, "text/plain", func(w io.Writer) error {
			if _, err := io.WriteString(w, "first;"); err != nil {
				return err
			}
			select {
			case <-release:
			case <-r.Context().Done():
				return r.Context().Err()
			}
			_, err := io.WriteString(w, "second")
			return err
		})
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength != -1 || resp.TransferEncoding[0] != "chunked" {
		t.Errorf("ContentLength %d, TransferEncoding %v", resp.ContentLength, resp.TransferEncoding)
	}
	first := make([]byte, len("first;"))
	if _, err := io.ReadFull(resp.Body, first); err != nil || string(first) != "first;" {
		t.Fatalf("first chunk: %q, %v (not flushed before the handler finished?)", first, err)
	}
	unblock()
	rest, err := io.ReadAll(resp.Body)
	if err != nil || string(rest) != "second" {
		t.Errorf("rest: %q, %v", rest, err)
	}
}

// TestStreamFuncClientGone checks that the writer goroutine ends when the
// client goes away.
func TestStreamFuncClientGone(t *testing.T) {
	done := make(chan error, 1)
	srv := httptest.NewServer(route.Func(func(r *http.Request) (*http.Response, error) {
		return route.StreamFunc(http.StatusOK, "text/plain", func(w io.Writer) error {
			chunk := bytes.Repeat([]byte("x"), 1024)
			for {
				if _, err := w.Write(chunk); err != nil {
					done <- err
					return err
				}
			}
		})
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(resp.Body, make([]byte, 1024)); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	srv.Client().Transport.(*http.Transport).CloseIdleConnections()
	select {
	case err := <-done:
		if !errors.Is(err, io.ErrClosedPipe) {
			t.Errorf("writer got %v, want io.ErrClosedPipe", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("writer goroutine still running 10s after the client left")
	}
}

func TestTrailers(t *testing.T) {
	var resp *http.Response
	resp, _ = route.StreamFunc(http.StatusOK, "text/plain", func(w io.Writer) error {
		io.WriteString(w, "data")
		resp.Trailer.Set("X-Checksum", "abc")
		return nil
	})
	resp.Trailer = http.Header{"X-Checksum": nil}

	srv := httptest.NewServer(fixed(resp, nil))
	defer srv.Close()
	got, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	b, _ := io.ReadAll(got.Body)
	if string(b) != "data" || got.Trailer.Get("X-Checksum") != "abc" {
		t.Errorf("got %q, trailer %v", b, got.Trailer)
	}
}

// TestTrailersEmptyBody checks that trailers announced on a response
// with no body still get their values.
func TestTrailersEmptyBody(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Trailer: http.Header{"X-Count": {"0"}}}
	srv := httptest.NewServer(fixed(resp, nil))
	defer srv.Close()
	got, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	b, _ := io.ReadAll(got.Body)
	if len(b) != 0 || got.Trailer.Get("X-Count") != "0" {
		t.Errorf("got %q, trailer %v", b, got.Trailer)
	}
}

func TestMethods(t *testing.T) {
	getCalls := 0
	m := route.Methods{
		http.MethodGet: func(r *http.Request) (*http.Response, error) {
			getCalls++
			return route.Text(http.StatusOK, "got "+r.Method)
		},
		http.MethodPost: func(*http.Request) (*http.Response, error) { return route.Status(http.StatusCreated) },
		http.MethodPut:  nil, // ignored
	}
	tests := []struct {
		method string
		code   int
		header http.Header
		body   string
	}{
		{"GET", 200, http.Header{"Content-Type": {"text/plain; charset=utf-8"}}, "got GET"},
		// Written as GET's; a real server drops the body (below).
		{"HEAD", 200, http.Header{"Content-Type": {"text/plain; charset=utf-8"}}, "got HEAD"},
		{"POST", 201, http.Header{}, ""},
		{"OPTIONS", 204, http.Header{"Allow": {"GET, HEAD, OPTIONS, POST"}}, ""},
		{"PUT", 405, http.Header{
			"Allow":                  {"GET, HEAD, OPTIONS, POST"},
			"Content-Type":           {"text/plain; charset=utf-8"},
			"X-Content-Type-Options": {"nosniff"},
		}, "Method Not Allowed\n"},
		{"get", 405, nil, "Method Not Allowed\n"}, // methods are case-sensitive
	}
	for _, tt := range tests {
		w := serve(m, tt.method, "/")
		if w.Code != tt.code || (tt.header != nil && !reflect.DeepEqual(w.Header(), tt.header)) || w.Body.String() != tt.body {
			t.Errorf("%s: got %d %v %q, want %d %v %q", tt.method, w.Code, w.Header(), w.Body, tt.code, tt.header, tt.body)
		}
	}
	if getCalls != 2 {
		t.Errorf("GET handler called %d times, want 2 (GET and HEAD)", getCalls)
	}
	if got := wire(t, m, "HEAD", "/"); got.code != 200 || got.body != "" || got.header.Get("Content-Length") != "8" {
		t.Errorf("HEAD over the wire: got %+v", got)
	}

	// Explicit HEAD and OPTIONS handlers win.
	m[http.MethodHead] = func(*http.Request) (*http.Response, error) { return route.Status(http.StatusTeapot) }
	m[http.MethodOptions] = func(*http.Request) (*http.Response, error) {
		return route.Status(http.StatusNoContent, route.Header("Access-Control-Allow-Origin", "*"))
	}
	if w := serve(m, "HEAD", "/"); w.Code != 418 {
		t.Errorf("explicit HEAD: got %d", w.Code)
	}
	if w := serve(m, "OPTIONS", "/"); w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("explicit OPTIONS: got %v", w.Header())
	}

	// No GET: HEAD is not allowed. A nil Methods answers only OPTIONS.
	if w := serve(route.Methods{"DELETE": m[http.MethodPost]}, "HEAD", "/"); w.Code != 405 || w.Header().Get("Allow") != "DELETE, OPTIONS" {
		t.Errorf("HEAD without GET: got %d %v", w.Code, w.Header())
	}
	if w := serve(route.Methods(nil), "OPTIONS", "/"); w.Code != 204 || w.Header().Get("Allow") != "OPTIONS" {
		t.Errorf("nil Methods: got %d %v", w.Code, w.Header())
	}

	// Serve is a Func.
	var f route.Func = m.Serve
	if resp, err := f(httptest.NewRequest("POST", "/", nil)); err != nil || resp.StatusCode != 201 {
		t.Errorf("Serve: %v, %v", resp, err)
	}
}

func TestMethodsHEADBody(t *testing.T) {
	// HEAD through GET: Serve returns GET's response, and ServeHTTP drops
	// a streamed body without producing it; an unknown length stays
	// unknown.
	ran := false
	m := route.Methods{"GET": func(*http.Request) (*http.Response, error) {
		return route.StreamFunc(http.StatusOK, "text/plain", func(w io.Writer) error { ran = true; return nil })
	}}
	resp, err := m.Serve(httptest.NewRequest("HEAD", "/", nil))
	if err != nil || resp.StatusCode != 200 || resp.ContentLength != -1 || ran {
		t.Errorf("got %+v, %v, ran=%v", resp, err, ran)
	}
	if w := serve(m, "HEAD", "/"); w.Body.Len() != 0 || w.Header()["Content-Length"] != nil || ran {
		t.Errorf("ServeHTTP: got %v %q, ran=%v", w.Header(), w.Body, ran)
	}
	m = route.Methods{"GET": fixed(&http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("x"))}, nil)}
	if w := serve(m, "HEAD", "/"); w.Header()["Content-Length"] != nil {
		t.Errorf("zero-with-body length: got %v", w.Header())
	}
	// Errors pass through.
	captureLog(t)
	m = route.Methods{"GET": fixed(nil, route.StatusError(http.StatusNotFound, nil))}
	if w := serve(m, "HEAD", "/"); w.Code != 404 {
		t.Errorf("error: got %d %q", w.Code, w.Body)
	}
	// So do nil responses: nothing is written.
	m = route.Methods{"GET": fixed(nil, nil)}
	if resp, err := m.Serve(httptest.NewRequest("HEAD", "/", nil)); resp != nil || err != nil {
		t.Errorf("nil: got %v, %v", resp, err)
	}
}
