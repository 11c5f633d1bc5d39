package route_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/routevet/routevet/route"
)

// streamed writes n numbered lines through w in as many Writes, and
// panics with http.ErrAbortHandler at line abort (if > 0), as a handler
// streaming from a source that fails does.
func streamed(w io.Writer, n, abort int) {
	for i := 1; i <= n; i++ {
		if i == abort {
			panic(http.ErrAbortHandler)
		}
		if _, err := fmt.Fprintf(w, "line %d\n", i); err != nil {
			panic(http.ErrAbortHandler)
		}
	}
}

// throughCase is a handler writing its body itself, and the Func
// returning the same response with WriteThrough.
type throughCase struct {
	name string
	orig http.HandlerFunc
	pure route.Func
}

func throughCases() []throughCase {
	var cases []throughCase
	for _, n := range []int{0, 3, 400} { // 400 lines are past net/http's 2048-byte buffer: chunked
		for _, abort := range []int{0, 1, 2} {
			n, abort := n, abort
			cases = append(cases,
				throughCase{
					name: fmt.Sprintf("status, %d lines, abort at %d", n, abort),
					orig: func(w http.ResponseWriter, r *http.Request) {
						w.Header().Set("Content-Type", "text/plain")
						w.Header().Set("Accept-Ranges", "none")
						w.WriteHeader(http.StatusOK)
						streamed(w, n, abort)
					},
					pure: func(r *http.Request) (*http.Response, error) {
						return route.WriteThrough(http.StatusOK, "text/plain", func(w io.Writer) error {
							streamed(w, n, abort)
							return nil
						}, route.Header("Accept-Ranges", "none"))
					},
				},
				throughCase{
					// No WriteHeader, no Content-Type: the first Write
					// sends 200 and is sniffed.
					name: fmt.Sprintf("implicit, %d lines, abort at %d", n, abort),
					orig: func(w http.ResponseWriter, r *http.Request) {
						streamed(w, n, abort)
					},
					pure: func(r *http.Request) (*http.Response, error) {
						return route.WriteThrough(route.ImplicitOK, "", func(w io.Writer) error {
							streamed(w, n, abort)
							return nil
						})
					},
				})
		}
	}
	flush := func(w io.Writer) {
		io.WriteString(w, "event: one\n\n")
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		io.WriteString(w, "event: two\n\n")
	}
	cases = append(cases, throughCase{
		name: "flushed by its writer",
		orig: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			flush(w)
		},
		pure: func(r *http.Request) (*http.Response, error) {
			return route.WriteThrough(route.ImplicitOK, "text/event-stream", func(w io.Writer) error {
				flush(w)
				return nil
			})
		},
	})
	return cases
}

// observeAll serves h as a client, a ResponseRecorder, a spy and under a
// status-recording middleware see it, a panic included.
func observeAll(t *testing.T, h http.Handler, method string) []string {
	t.Helper()
	var out []string
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(method, srv.URL+"/", nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		out = append(out, "client error") // the connection was aborted
	} else {
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Header.Del("Date")
		out = append(out, fmt.Sprintf("wire %d %v %q read error %v, length %d, chunked %v", resp.StatusCode, resp.Header, b, err != nil, resp.ContentLength, resp.TransferEncoding))
	}
	caught := func(f func()) (p any) {
		defer func() { p = recover() }()
		f()
		return nil
	}
	rec := httptest.NewRecorder()
	p := caught(func() { h.ServeHTTP(rec, httptest.NewRequest(method, "/", nil)) })
	out = append(out, fmt.Sprintf("recorder %d %v %q flushed %v result %v panic %v", rec.Code, rec.Header(), rec.Body, rec.Flushed, rec.Result().Header, p))
	s := &spy{}
	p = caught(func() { h.ServeHTTP(s, httptest.NewRequest(method, "/", nil)) })
	out = append(out, fmt.Sprintf("spy %q panic %v", s.calls, p))
	rec = httptest.NewRecorder()
	sr := &statusRecorder{ResponseWriter: rec}
	p = caught(func() { h.ServeHTTP(sr, httptest.NewRequest(method, "/", nil)) })
	out = append(out, fmt.Sprintf("middleware %d %d %q panic %v", sr.status, rec.Code, rec.Body, p))
	rec = httptest.NewRecorder()
	p = caught(func() { dispatch(h).ServeHTTP(rec, httptest.NewRequest(method, "/", nil)) })
	out = append(out, fmt.Sprintf("dispatcher %d %v %q panic %v", rec.Code, rec.Header(), rec.Body, p))
	return out
}

// TestWriteThroughLikeHandler checks that a WriteThrough response is,
// to every observer, the handler writing the same body itself: on the
// wire (framing, sniffing, an aborted response), under a recorder (no
// Flush of its own, a panic reaching the test), a spy and middleware.
func TestWriteThroughLikeHandler(t *testing.T) {
	for _, c := range throughCases() {
		for _, method := range []string{"GET", "HEAD"} {
			want := observeAll(t, c.orig, method)
			got := observeAll(t, c.pure, method)
			for i := range want {
				if want[i] != got[i] {
					t.Errorf("%s, %s:\nhandler:      %s\nWriteThrough: %s", c.name, method, want[i], got[i])
				}
			}
		}
	}
}

// TestWriteThroughDetects checks that the comparison above tells the
// handler from the other ways of returning a written body: StreamFunc
// flushes every chunk and turns the panic into an error; WriteFunc runs
// fn, and panics, before anything is written.
func TestWriteThroughDetects(t *testing.T) {
	captureLog(t)
	orig := func(w http.ResponseWriter, r *http.Request) { streamed(w, 400, 300) }
	for name, pure := range map[string]route.Func{
		"StreamFunc": func(r *http.Request) (*http.Response, error) {
			return route.StreamFunc(route.ImplicitOK, "", func(w io.Writer) error { streamed(w, 400, 300); return nil })
		},
		"WriteFunc": func(r *http.Request) (*http.Response, error) {
			return route.WriteFunc(route.ImplicitOK, "", func(w io.Writer) error { streamed(w, 400, 300); return nil })
		},
	} {
		if reflect.DeepEqual(observeAll(t, http.HandlerFunc(orig), "GET"), observeAll(t, pure, "GET")) {
			t.Errorf("%s answers like the handler streaming its body", name)
		}
	}
}

// TestWriteThroughRead checks the body read by other code than
// ServeHTTP: what fn writes, and its error or panic as the read error;
// once read, ServeHTTP streams what is left.
func TestWriteThroughRead(t *testing.T) {
	resp, _ := route.WriteThrough(http.StatusOK, "text/plain", func(w io.Writer) error {
		streamed(w, 3, 0)
		return nil
	})
	b, err := io.ReadAll(resp.Body)
	if err != nil || string(b) != "line 1\nline 2\nline 3\n" {
		t.Errorf("read %q, %v", b, err)
	}
	resp.Body.Close()

	resp, _ = route.WriteThrough(http.StatusOK, "text/plain", func(w io.Writer) error {
		io.WriteString(w, "partial")
		return errors.New("disk on fire")
	})
	b, err = io.ReadAll(resp.Body)
	if string(b) != "partial" || err == nil || err.Error() != "disk on fire" {
		t.Errorf("read %q, %v", b, err)
	}

	resp, _ = route.WriteThrough(http.StatusOK, "text/plain", func(w io.Writer) error {
		streamed(w, 3, 2)
		return nil
	})
	b, err = io.ReadAll(resp.Body)
	if string(b) != "line 1\n" || err == nil || !strings.Contains(err.Error(), "WriteThrough panic: net/http: abort Handler") {
		t.Errorf("read %q, %v", b, err)
	}

	// Half read by a middleware: ServeHTTP sends the rest.
	w := serve(route.Func(func(*http.Request) (*http.Response, error) {
		resp, _ := route.WriteThrough(http.StatusOK, "text/plain", func(w io.Writer) error {
			io.WriteString(w, "head,")
			io.WriteString(w, "tail")
			return nil
		})
		resp.Body.Read(make([]byte, 5))
		return resp, nil
	}), "GET", "/")
	if w.Code != 200 || w.Body.String() != "tail" {
		t.Errorf("after a partial read: %d %q", w.Code, w.Body)
	}
}

// TestWriteThroughError checks an error fn returns under ServeHTTP: it
// is logged, and the response aborted under a server only.
func TestWriteThroughError(t *testing.T) {
	logged := captureLog(t)
	h := route.Func(func(*http.Request) (*http.Response, error) {
		return route.WriteThrough(http.StatusOK, "text/plain", func(w io.Writer) error {
			io.WriteString(w, "partial")
			return errors.New("disk on fire")
		})
	})
	w := serve(h, "GET", "/")
	if w.Code != 200 || w.Body.String() != "partial" || len(logged()) != 1 {
		t.Errorf("recorder: %d %q, logged %v", w.Code, w.Body, logged())
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Errorf("server: the response was not aborted")
	}
}

// TestWriteThroughClosed checks that a body closed unread is not
// written: fn never runs.
func TestWriteThroughClosed(t *testing.T) {
	ran := false
	resp, _ := route.WriteThrough(http.StatusOK, "", func(w io.Writer) error { ran = true; return nil })
	resp.Body.Close()
	if n, err := resp.Body.Read(make([]byte, 1)); n != 0 || err != io.EOF || ran {
		t.Errorf("read after close: %d, %v, ran %v", n, err, ran)
	}
}
