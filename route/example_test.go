package route_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/routevet/routevet/route"
)

// The Next.js App Router example
//
//	// app/api/hello/route.ts
//	export async function POST(request: Request) {
//	  const { name } = await request.json();
//	  return Response.json({ greeting: `Hello, ${name}` });
//	}
//
// in Go. As in Next.js, nothing parses the body for you.
func Example() {
	hello := route.Methods{
		http.MethodPost: func(r *http.Request) (*http.Response, error) {
			var req struct {
				Name string `json:"name"`
			}
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
				return nil, route.StatusError(http.StatusBadRequest, err)
			}
			return route.JSON(http.StatusOK, map[string]string{"greeting": "Hello, " + req.Name})
		},
	}
	// In a program: http.Handle("/api/hello", hello)

	w := httptest.NewRecorder()
	hello.ServeHTTP(w, httptest.NewRequest("POST", "/api/hello", strings.NewReader(`{"name": "Ada"}`)))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Print(w.Body)

	w = httptest.NewRecorder()
	hello.ServeHTTP(w, httptest.NewRequest("GET", "/api/hello", nil))
	fmt.Println(w.Code, w.Header().Get("Allow"))
	// Output:
	// 200 application/json
	// {"greeting":"Hello, Ada"}
	// 405 OPTIONS, POST
}

// A Func is tested by calling it: no ResponseWriter needed.
func ExampleFunc() {
	greet := route.Func(func(r *http.Request) (*http.Response, error) {
		q := r.URL.Query().Get("q")
		return route.Text(http.StatusOK, "you asked for "+q)
	})

	resp, _ := greet(httptest.NewRequest("GET", "/search?q=go", nil))
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	// Output: 200 you asked for go
}

func ExampleJSON() {
	h := route.Func(func(r *http.Request) (*http.Response, error) {
		return route.JSON(http.StatusOK, []string{"a", "b"},
			route.Header("Cache-Control", "no-store"),
			route.Cookie(&http.Cookie{Name: "seen", Value: "1", HttpOnly: true}))
	})

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	fmt.Println(w.Code)
	for _, k := range []string{"Content-Type", "Cache-Control", "Set-Cookie"} {
		fmt.Printf("%s: %s\n", k, w.Header().Get(k))
	}
	fmt.Print(w.Body)
	// Output:
	// 200
	// Content-Type: application/json
	// Cache-Control: no-store
	// Set-Cookie: seen=1; HttpOnly
	// ["a","b"]
}

func ExampleMethods() {
	item := route.Methods{
		http.MethodGet: func(r *http.Request) (*http.Response, error) {
			return route.Text(http.StatusOK, "item")
		},
		http.MethodDelete: func(r *http.Request) (*http.Response, error) {
			return route.Status(http.StatusNoContent)
		},
	}

	srv := httptest.NewServer(item)
	defer srv.Close()
	for _, method := range []string{"GET", "HEAD", "DELETE", "OPTIONS", "PATCH"} {
		req, _ := http.NewRequest(method, srv.URL+"/items/1", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%-7s %d Allow=%q Content-Length=%q body=%q\n",
			method, resp.StatusCode, resp.Header.Get("Allow"), resp.Header.Get("Content-Length"), body)
	}
	// Output:
	// GET     200 Allow="" Content-Length="4" body="item"
	// HEAD    200 Allow="" Content-Length="4" body=""
	// DELETE  204 Allow="" Content-Length="" body=""
	// OPTIONS 204 Allow="DELETE, GET, HEAD, OPTIONS" Content-Length="" body=""
	// PATCH   405 Allow="DELETE, GET, HEAD, OPTIONS" Content-Length="19" body="Method Not Allowed\n"
}

// Errors carry a status to the client but their text only to LogError.
func ExampleStatusError() {
	defer func(old func(*http.Request, error)) { route.LogError = old }(route.LogError)
	route.LogError = func(r *http.Request, err error) { fmt.Println("log:", err) }

	user := route.Func(func(r *http.Request) (*http.Response, error) {
		id := r.URL.Query().Get("id")
		return nil, route.Errorf(http.StatusNotFound, "no user %q in table users", id)
	})

	w := httptest.NewRecorder()
	user.ServeHTTP(w, httptest.NewRequest("GET", "/user?id=7", nil))
	fmt.Printf("%d %q\n", w.Code, w.Body)
	// Output:
	// log: no user "7" in table users
	// 404 "Not Found\n"
}

// StreamFunc sends what the function writes as it writes it, like a
// ReadableStream passed to new Response().
func ExampleStreamFunc() {
	events := route.Func(func(r *http.Request) (*http.Response, error) {
		return route.StreamFunc(http.StatusOK, "text/event-stream", func(w io.Writer) error {
			for i := 1; i <= 3; i++ {
				if _, err := fmt.Fprintf(w, "data: %d\n\n", i); err != nil {
					return err // the client went away
				}
			}
			return nil
		}, route.Header("Cache-Control", "no-cache"))
	})

	srv := httptest.NewServer(events)
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Header.Get("Content-Type"), resp.TransferEncoding)
	fmt.Print(string(body))
	// Output:
	// text/event-stream [chunked]
	// data: 1
	//
	// data: 2
	//
	// data: 3
}

// With adds options to a response from elsewhere, here in a middleware over
// Funcs.
func ExampleWith() {
	cors := func(next route.Func) route.Func {
		return func(r *http.Request) (*http.Response, error) {
			resp, err := next(r)
			return route.With(resp, err, route.Header("Access-Control-Allow-Origin", "*"))
		}
	}
	h := cors(func(r *http.Request) (*http.Response, error) {
		return route.Redirect(r, "/new", http.StatusMovedPermanently)
	})

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/old", nil))
	fmt.Println(w.Code, w.Header().Get("Location"), w.Header().Get("Access-Control-Allow-Origin"))
	fmt.Print(w.Body)
	// Output:
	// 301 /new *
	// <a href="/new">Moved Permanently</a>.
}

// committed records whether anything was written through it.
type committed struct {
	http.ResponseWriter
	wrote bool
}

func (c *committed) WriteHeader(code int) { c.wrote = true; c.ResponseWriter.WriteHeader(code) }

func (c *committed) Write(p []byte) (int, error) { c.wrote = true; return c.ResponseWriter.Write(p) }

// A Func with nothing to write returns nil, nil, and one that only sets
// headers returns Status(ImplicitOK, ...): either way the writer is not
// committed, so whatever called the Func can still answer, here a
// dispatcher that writes a 404 after a handler that wrote nothing.
func ExampleImplicitOK() {
	touch := route.Func(func(r *http.Request) (*http.Response, error) {
		id := r.URL.Query().Get("id")
		if id == "" {
			return nil, nil
		}
		return route.Status(route.ImplicitOK, route.Header("X-Touched", id))
	})
	dispatch := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := &committed{ResponseWriter: w}
			h.ServeHTTP(c, r)
			if !c.wrote && w.Header().Get("X-Touched") == "" {
				http.NotFound(w, r)
			}
		})
	}

	for _, target := range []string{"/touch?id=7", "/touch"} {
		w := httptest.NewRecorder()
		dispatch(touch).ServeHTTP(w, httptest.NewRequest("POST", target, nil))
		fmt.Printf("%s: %d X-Touched=%q %q\n", target, w.Code, w.Header().Get("X-Touched"), w.Body)
	}
	// Output:
	// /touch?id=7: 200 X-Touched="7" ""
	// /touch: 404 X-Touched="" "404 page not found\n"
}
