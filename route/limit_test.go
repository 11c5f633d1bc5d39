package route_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/routevet/routevet/route"
)

// rawExchange sends raw requests on one connection to h served by a real
// server and returns what came back, up to the server closing the
// connection: the Connection header and the keep-alive decision are what
// http.MaxBytesReader's writer changes, so the test looks at the bytes.
func rawExchange(t *testing.T, h http.Handler, requests ...string) string {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out strings.Builder
	br := bufio.NewReader(c)
	for _, rq := range requests {
		if _, err := io.WriteString(c, rq); err != nil {
			fmt.Fprintf(&out, "write: closed\n")
			break
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			fmt.Fprintf(&out, "read: closed\n")
			break
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Header.Del("Date")
		fmt.Fprintf(&out, "%d %v close=%v %q\n", resp.StatusCode, resp.Header, resp.Close, b)
	}
	return out.String()
}

func post(body string) string {
	return fmt.Sprintf("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

// TestMaxBytesReaderLikeHandler checks that a Func limiting its body with
// route.MaxBytesReader answers exactly as the handler doing it with
// http.MaxBytesReader(w, ...): over the limit, "Connection: close" and a
// closed connection; under it, a connection kept alive.
func TestMaxBytesReaderLikeHandler(t *testing.T) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 4)
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		w.Write(b)
	})
	f := route.Func(func(r *http.Request) (*http.Response, error) {
		r.Body = route.MaxBytesReader(r, r.Body, 4)
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return route.Error(http.StatusRequestEntityTooLarge, err.Error())
		}
		return route.Bytes(route.ImplicitOK, "", b)
	})
	for _, reqs := range [][]string{
		{post("abc"), post("abcd")},
		{post("abcdefgh"), post("abc")},
		{post(strings.Repeat("x", 300<<10)), post("abc")}, // more than net/http discards after a handler
	} {
		want := rawExchange(t, handler, reqs...)
		got := rawExchange(t, f, reqs...)
		if got != want {
			t.Errorf("requests %.40q:\nhandler: %s\nFunc:    %s", reqs, want, got)
		}
		if strings.Contains(reqs[0], "abcdefgh") && !strings.Contains(want, "close=true") {
			t.Errorf("the test does not see the writer's effect: %s", want)
		}
	}
	// Without the writer, net/http reads the rest of a small body and
	// keeps the connection: the test sees the difference.
	nilWriter := route.Func(func(r *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 4))
		if err != nil {
			return route.Error(http.StatusRequestEntityTooLarge, err.Error())
		}
		return route.Bytes(route.ImplicitOK, "", b)
	})
	if got, want := rawExchange(t, nilWriter, post("abcdefgh"), post("a")), rawExchange(t, handler, post("abcdefgh"), post("a")); got == want {
		t.Errorf("the test does not tell a nil writer from the handler's: %s", got)
	}
	// Through route.Methods, which serves a Func with a Func.
	m := route.Methods{http.MethodPost: f}
	if got, want := rawExchange(t, m, post("abcdefgh"), post("a")), rawExchange(t, handler, post("abcdefgh"), post("a")); got != want {
		t.Errorf("through Methods:\nhandler: %s\nFunc:    %s", want, got)
	}
}

// TestMaxBytesReaderOutsideServeHTTP checks that called directly, with
// no writer to tell, route.MaxBytesReader limits the reads as
// http.MaxBytesReader(nil, ...) does.
func TestMaxBytesReaderOutsideServeHTTP(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader("abcdefgh"))
	b, err := io.ReadAll(route.MaxBytesReader(r, r.Body, 4))
	var mbe *http.MaxBytesError
	if string(b) != "abcd" || !errors.As(err, &mbe) || mbe.Limit != 4 {
		t.Errorf("got %q, %v", b, err)
	}
}

// BenchmarkServeHTTP measures what a Func costs per request, the writer's
// registration for MaxBytesReader included.
func BenchmarkServeHTTP(b *testing.B) {
	f := route.Func(func(r *http.Request) (*http.Response, error) { return nil, nil })
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		f.ServeHTTP(w, r)
	}
}

// TestMaxBytesReaderConcurrent serves one request through Funcs on many
// goroutines at once, as a handler fanning out to others may: each gets
// a writer, and nothing is left behind once they are done.
func TestMaxBytesReaderConcurrent(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(""))
	var inner route.Func = func(r *http.Request) (*http.Response, error) {
		rc := route.MaxBytesReader(r, io.NopCloser(strings.NewReader("abc")), 1)
		_, err := io.ReadAll(rc)
		return route.Text(http.StatusOK, fmt.Sprint(err))
	}
	done := make(chan string)
	for i := 0; i < 20; i++ {
		go func() {
			rec := httptest.NewRecorder()
			route.Methods{"POST": inner}.ServeHTTP(rec, r)
			done <- rec.Body.String()
		}()
	}
	for i := 0; i < 20; i++ {
		if got := <-done; got != "http: request body too large" {
			t.Errorf("got %q", got)
		}
	}
	// A Func called directly now finds no writer: the request is gone
	// from the table.
	resp, _ := inner(r)
	if b, _ := io.ReadAll(resp.Body); string(b) != "http: request body too large" {
		t.Errorf("direct call: %q", b)
	}
}
