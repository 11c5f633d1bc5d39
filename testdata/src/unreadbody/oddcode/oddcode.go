// Package oddcode is unusual but valid code the analyzer must survive:
// generics, method values and expressions, recursion, goto, select,
// handlers made by other functions.
package oddcode

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

type Decoder[T any] struct{ limit int64 }

// A generic handler method.
func (d Decoder[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var v T
	json.NewDecoder(io.LimitReader(r.Body, d.limit)).Decode(&v) // want `the error of Decode is discarded`
	raw, _ := io.ReadAll(r.Body)                                // the limited read may have left the rest
	fmt.Fprintln(w, v, len(raw))
}

// A generic helper: its fact is on the generic function.
func Bind[T any](r *http.Request) (T, error) { // want Bind:`unreadbody\(p0 must=body may=body,touch-body unbounded="json.NewDecoder at oddcode.go:26"\)`
	var v T
	err := json.NewDecoder(r.Body).Decode(&v)
	return v, err
}

func UseBind(w http.ResponseWriter, r *http.Request) {
	v, err := Bind[map[string]any](r)
	if err != nil {
		return
	}
	more, _ := Bind[[]int](r) // want `Bind reads the request body, which Bind already consumed`
	fmt.Fprintln(w, v, more)
}

type Server struct{}

func (s *Server) parse(r *http.Request) error { // want parse:`unreadbody\(p0 must=form may=form\)`
	return r.ParseForm()
}

// A method expression passes the receiver first.
func (s *Server) Expr(w http.ResponseWriter, r *http.Request) {
	if err := (*Server).parse(s, r); err != nil {
		return
	}
	fmt.Fprintln(w, r.Form.Get("q"))
}

// A method value is a function value: unknown code.
func (s *Server) Value(w http.ResponseWriter, r *http.Request) {
	f := s.parse
	f(r)
	fmt.Fprintln(w, r.Form.Get("q"))
}

// Recursion: a function in a cycle is unknown to its caller in the cycle.
func walk(r *http.Request, depth int) {
	if depth > 0 {
		walk(r, depth-1)
	}
}

func Recursive(w http.ResponseWriter, r *http.Request) {
	walk(r, 3)
	fmt.Fprintln(w, r.Form.Get("q"))
}

// goto and labels.
func Goto(w http.ResponseWriter, r *http.Request) {
	tries := 0
again:
	if tries > 2 {
		fmt.Fprintln(w, r.Form.Get("q"))
		return
	}
	tries++
	if err := r.ParseForm(); err != nil {
		goto again
	}
}

// The request sent on a channel in a select case: not visible in the
// graph, so nothing is reported for the handler.
func Select(w http.ResponseWriter, r *http.Request, ch chan *http.Request) {
	select {
	case ch <- r:
	default:
	}
	fmt.Fprintln(w, r.Form.Get("q"))
}

func SelectHandler(w http.ResponseWriter, r *http.Request) {
	ch := make(chan *http.Request, 1)
	select {
	case ch <- r:
	default:
	}
	fmt.Fprintln(w, r.Form.Get("q"))
}

// A handler made by another function.
func Make(prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, prefix, r.PostForm.Get("x")) // want `r.PostForm is read before the form is parsed`
	})
}

// Unnamed parameters.
func Unnamed(http.ResponseWriter, *http.Request) {}

func Blank(_ http.ResponseWriter, _ *http.Request) {}

// A variadic helper taking requests: not followed.
func Many(rs ...*http.Request) {
	for _, r := range rs {
		r.ParseForm()
	}
}

func Variadic(w http.ResponseWriter, r *http.Request) {
	Many(r)
	fmt.Fprintln(w, r.Form.Get("q"))
}

// A request pointer taken and dereferenced.
func Deref(w http.ResponseWriter, r *http.Request) {
	p := &r
	(*p).ParseForm()
	copied := *r
	fmt.Fprintln(w, r.Form.Get("q"), copied.Method)
}
