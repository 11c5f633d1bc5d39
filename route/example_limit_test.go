package route_test

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/routevet/routevet/route"
)

// MaxBytesReader limits a request body as http.MaxBytesReader does in a
// handler, telling the server through the writer route.Func serves the
// request with.
func ExampleMaxBytesReader() {
	upload := route.Func(func(r *http.Request) (*http.Response, error) {
		r.Body = route.MaxBytesReader(r, r.Body, 8)
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return route.Error(http.StatusRequestEntityTooLarge, err.Error())
		}
		return route.Text(http.StatusOK, fmt.Sprintf("%d bytes", len(b)))
	})

	srv := httptest.NewServer(upload)
	defer srv.Close()
	for _, body := range []string{"small", "far too large"} {
		resp, err := http.Post(srv.URL, "text/plain", strings.NewReader(body))
		if err != nil {
			panic(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%d %q, connection closed: %v\n", resp.StatusCode, b, resp.Close)
	}
	// Output:
	// 200 "5 bytes", connection closed: false
	// 413 "http: request body too large\n", connection closed: true
}

var greet = template.Must(template.New("greet").Parse(`<p>Hello, {{.}}!</p>`))

// WriteFunc responds with what a template writes.
func ExampleWriteFunc() {
	page := route.Func(func(r *http.Request) (*http.Response, error) {
		return route.WriteFunc(http.StatusOK, "text/html; charset=utf-8", func(w io.Writer) error {
			return greet.Execute(w, r.URL.Query().Get("name"))
		})
	})

	rec := httptest.NewRecorder()
	page.ServeHTTP(rec, httptest.NewRequest("GET", "/?name=Ada", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body.String())
	// Output:
	// 200 text/html; charset=utf-8
	// <p>Hello, Ada!</p>
}
