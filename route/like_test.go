package route_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/routevet/routevet/route"
)

// spy is a ResponseWriter, and a Flusher, that logs the calls made on it
// with the headers at the time of each.
type spy struct {
	header http.Header
	calls  []string
}

func (s *spy) Header() http.Header {
	if s.header == nil {
		s.header = http.Header{}
	}
	return s.header
}

func (s *spy) WriteHeader(code int) {
	s.calls = append(s.calls, fmt.Sprintf("WriteHeader(%d) %v", code, s.header))
}

func (s *spy) Write(p []byte) (int, error) {
	s.calls = append(s.calls, fmt.Sprintf("Write(%q) %v", p, s.header))
	return len(p), nil
}

func (s *spy) WriteString(str string) (int, error) { return s.Write([]byte(str)) }

func (s *spy) Flush() { s.calls = append(s.calls, "Flush") }

// statusRecorder is the usual logging middleware's wrapper: it records the
// status given to WriteHeader, and nothing else.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// dispatch calls h and, when h wrote nothing (neither WriteHeader nor
// Write), writes a 404 itself, with the headers h set: the dispatcher of
// a module whose handlers report errors in the request's context.
func dispatch(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &trackWriter{ResponseWriter: w}
		h.ServeHTTP(tw, r)
		if !tw.wrote {
			w.Header().Set("X-Dispatcher", "1")
			http.Error(w, "dispatched", http.StatusNotFound)
		}
	})
}

type trackWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackWriter) WriteHeader(code int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(code)
}

func (t *trackWriter) Write(p []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(p)
}

// A view is everything one way of observing a handler sees.
type view struct {
	Calls      []string    // on a spy writer
	Code       int         // ResponseRecorder.Code
	HeaderMap  http.Header // ResponseRecorder.HeaderMap
	Result     http.Header // ResponseRecorder.Result().Header
	Body       string      // ResponseRecorder.Body
	Flushed    bool        // ResponseRecorder.Flushed
	Status     int         // statusRecorder.status
	Dispatched *httptest.ResponseRecorder
	Wire       wireResult
	Dwire      wireResult // through dispatch, on the wire
}

func observe(t *testing.T, h http.Handler, method string) view {
	t.Helper()
	var v view
	req := func() *http.Request { return httptest.NewRequest(method, "/p", strings.NewReader("")) }
	s := &spy{}
	h.ServeHTTP(s, req())
	v.Calls = s.calls
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req())
	v.Code, v.HeaderMap, v.Result, v.Body, v.Flushed = rec.Code, rec.Header(), rec.Result().Header, rec.Body.String(), rec.Flushed
	sr := &statusRecorder{ResponseWriter: httptest.NewRecorder()}
	h.ServeHTTP(sr, req())
	v.Status = sr.status
	v.Dispatched = httptest.NewRecorder()
	dispatch(h).ServeHTTP(v.Dispatched, req())
	v.Wire = wire(t, h, method, "/p")
	v.Dwire = wire(t, dispatch(h), method, "/p")
	return v
}

// TestLikeHandler checks that a Func makes on its writer exactly the
// calls a handler writing the same response makes, so that nothing
// around it can tell them apart: a spy writer, httptest.ResponseRecorder,
// a status-recording middleware, a dispatcher writing after a handler
// that wrote nothing, and a real server.
func TestLikeHandler(t *testing.T) {
	html := []byte("<!DOCTYPE html><p>hello</p>")
	long := bytes.Repeat([]byte("<p>long</p>\n"), 500) // past net/http's 2048-byte buffer
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		f       route.Func
	}{
		{
			"nothing",
			func(w http.ResponseWriter, r *http.Request) {},
			fixed(nil, nil),
		},
		{
			"nothing, as a Status",
			func(w http.ResponseWriter, r *http.Request) {},
			fixed(route.Status(route.ImplicitOK)),
		},
		{
			"headers only",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Cache-Control", "no-store")
				w.Header().Add("Vary", "Accept")
				w.Header().Add("Vary", "Origin")
			},
			fixed(route.Status(route.ImplicitOK, route.Header("Cache-Control", "no-store"), route.Header("Vary", "Accept", "Origin"))),
		},
		{
			"status only",
			func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) },
			fixed(route.Status(http.StatusNotFound)),
		},
		{
			"explicit 200",
			func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) },
			fixed(route.Status(http.StatusOK)),
		},
		{
			"204",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-A", "1")
				w.WriteHeader(http.StatusNoContent)
			},
			fixed(route.Status(http.StatusNoContent, route.Header("X-A", "1"))),
		},
		{
			"write, sniffed",
			func(w http.ResponseWriter, r *http.Request) { w.Write(html) },
			fixed(route.Bytes(route.ImplicitOK, "", html)),
		},
		{
			"WriteHeader then write, unsniffed by a recorder",
			func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusOK)
				w.Write(html)
			},
			fixed(route.Bytes(http.StatusOK, "", html)),
		},
		{
			"empty write",
			func(w http.ResponseWriter, r *http.Request) { w.Write(nil) },
			fixed(route.Bytes(route.ImplicitOK, "", nil)),
		},
		{
			"empty string",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				io.WriteString(w, "")
			},
			fixed(route.Text(route.ImplicitOK, "")),
		},
		{
			"long body",
			func(w http.ResponseWriter, r *http.Request) { w.Write(long) },
			fixed(route.Bytes(route.ImplicitOK, "", long)),
		},
		{
			"long body with a status",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusAccepted)
				w.Write(long)
			},
			fixed(route.Bytes(http.StatusAccepted, "text/html", long)),
		},
		{
			"own Content-Length",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "2")
				w.Write([]byte("hi"))
			},
			fixed(route.Bytes(route.ImplicitOK, "", []byte("hi"), route.Header("Content-Length", "2"))),
		},
		{
			"JSON",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusCreated)
				json.NewEncoder(w).Encode(map[string]int{"id": 1})
			},
			fixed(route.JSON(http.StatusCreated, map[string]int{"id": 1})),
		},
		{
			"JSON, no Content-Type",
			func(w http.ResponseWriter, r *http.Request) { json.NewEncoder(w).Encode([]int{1}) },
			fixed(route.JSON(route.ImplicitOK, []int{1}, route.Header("Content-Type"))),
		},
		{
			"JSON, no Content-Type, WriteHeader",
			func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusOK)
				json.NewEncoder(w).Encode([]int{1})
			},
			fixed(route.JSON(http.StatusOK, []int{1}, route.Header("Content-Type"))),
		},
		{
			"text",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				fmt.Fprintf(w, "%d items\n", 3)
			},
			fixed(route.Text(route.ImplicitOK, "3 items\n")),
		},
		{
			"body refused by 304",
			func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusNotModified)
				w.Write([]byte("x"))
			},
			fixed(route.Bytes(http.StatusNotModified, "", []byte("x"))),
		},
		{
			"Error",
			func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Cache-Control", "no-store")
				http.Error(w, "nope", http.StatusForbidden)
			},
			fixed(route.Error(http.StatusForbidden, "nope", route.Header("Cache-Control", "no-store"))),
		},
		{
			"NotFound",
			http.NotFound,
			route.NotFound,
		},
		{
			"Redirect",
			func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/there", http.StatusFound) },
			func(r *http.Request) (*http.Response, error) { return route.Redirect(r, "/there", http.StatusFound) },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD", "POST"} {
				want, got := observe(t, tc.handler, method), observe(t, tc.f, method)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s:\nroute.Func %+v\nhandler    %+v", method, got, want)
				}
			}
		})
	}
}

// TestStreamFlushes checks that streams, unlike bodies known in full,
// are flushed as they are written.
func TestStreamFlushes(t *testing.T) {
	s := &spy{}
	fixed(route.Stream(route.ImplicitOK, "text/plain", strings.NewReader("abc"))).ServeHTTP(s, httptest.NewRequest("GET", "/", nil))
	want := []string{`Write("abc") map[Content-Type:[text/plain]]`, "Flush"}
	if !reflect.DeepEqual(s.calls, want) {
		t.Errorf("calls %q, want %q", s.calls, want)
	}
	// An empty stream with ImplicitOK writes nothing after the headers.
	s = &spy{}
	fixed(route.Stream(route.ImplicitOK, "text/plain", strings.NewReader(""))).ServeHTTP(s, httptest.NewRequest("GET", "/", nil))
	if len(s.calls) != 0 || s.header.Get("Content-Type") != "text/plain" {
		t.Errorf("empty stream: calls %q, header %v", s.calls, s.header)
	}
}

// TestFullBodyRead checks that a helper's body partly read before
// ServeHTTP (by a middleware peeking at it) is written from where the
// reading stopped, as a stream would be.
func TestFullBodyRead(t *testing.T) {
	resp, _ := route.Text(http.StatusOK, "abcdef")
	io.ReadFull(resp.Body, make([]byte, 2))
	if w := serve(fixed(resp, nil), "GET", "/"); w.Body.String() != "cdef" {
		t.Errorf("got %q", w.Body)
	}
}

func TestFullBodyContentLengthShort(t *testing.T) {
	logged := captureLog(t)
	srv := httptest.NewServer(fixed(route.Text(http.StatusOK, "hello", route.Header("Content-Length", "2"))))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	srv.Close()
	if l := logged(); len(l) != 1 {
		t.Errorf("logged %v", l)
	}
	// A writer failing otherwise (the client is gone): nothing to log.
	logged = captureLog(t)
	fixed(route.Text(http.StatusOK, "hello")).ServeHTTP(failWriter{httptest.NewRecorder()}, httptest.NewRequest("GET", "/", nil))
	if l := logged(); len(l) != 0 {
		t.Errorf("logged %v", l)
	}
}

// TestFullBodyTrailers checks that trailers of a helper's response are
// announced and sent.
func TestFullBodyTrailers(t *testing.T) {
	resp, _ := route.Text(http.StatusOK, "data")
	resp.Trailer = http.Header{"X-Checksum": {"abc"}}
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
