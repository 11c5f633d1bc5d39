// Package shapes holds every handler shape the model must find, and
// look-alikes it must not.
package shapes

import (
	"fmt"
	"net/http"
)

func Hello(w http.ResponseWriter, r *http.Request) { // want `handler Hello w=w r=r exported referenced`
	fmt.Fprintln(w, "hello")
}

func unnamed(http.ResponseWriter, *http.Request) {} // want `handler unnamed w= r=$`

func blank(_ http.ResponseWriter, _ *http.Request) {} // want `handler blank w=_ r=_$`

type Server struct{ greeting string }

func (s *Server) handleGreet(rw http.ResponseWriter, req *http.Request) { // want `handler \(\*Server\).handleGreet w=rw r=req referenced$`
	fmt.Fprintln(rw, s.greeting)
}

func (s Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want `handler \(Server\).ServeHTTP w=w r=r servehttp exported`
	s.handleGreet(w, r)
}

type hidden struct{}

func (hidden) ServeHTTP(w http.ResponseWriter, r *http.Request) {} // want `handler \(hidden\).ServeHTTP w=w r=r servehttp$`

// Look-alikes: wrong order, extra results, other types.
func reversed(r *http.Request, w http.ResponseWriter)         {}
func withResult(w http.ResponseWriter, r *http.Request) error { return nil }
func valueRequest(w http.ResponseWriter, r http.Request)      {}
func variadic(w http.ResponseWriter, r ...*http.Request)      {}
func three(w http.ResponseWriter, r *http.Request, extra int) {}
func (s *Server) helper(w http.ResponseWriter, msg string)    {}

// Generic handlers are handlers too.
func Generic[T any](w http.ResponseWriter, r *http.Request) { // want `handler Generic w=w r=r exported$`
	var zero T
	fmt.Fprint(w, zero)
}

func register(s *Server) {
	http.HandleFunc("/hello", Hello)                                       // want `route ServeMux \* /hello -> Hello$`
	http.HandleFunc("/greet", s.handleGreet)                               // want `route ServeMux \* /greet -> \(\*Server\).handleGreet$`
	http.Handle("/server", s)                                              // want `route ServeMux \* /server -> \(Server\).ServeHTTP$`
	http.Handle("/hidden", hidden{})                                       // want `route ServeMux \* /hidden -> \(hidden\).ServeHTTP$`
	http.Handle("/conv", http.HandlerFunc(unnamed))                        // want `route ServeMux \* /conv -> unnamed$`
	http.HandleFunc("/lit", func(w http.ResponseWriter, r *http.Request) { // want `route ServeMux \* /lit -> func literal$` `handler func literal w=w r=r$`
		fmt.Fprintln(w, "lit")
	})
	http.HandleFunc("/generic", Generic[int])                 // want `route ServeMux \* /generic -> Generic$`
	http.Handle("/made", makeHandler("x"))                    // want `route ServeMux \* /made -> \?$`
	http.Handle("/wrapped", logging(http.HandlerFunc(blank))) // want `route ServeMux \* /wrapped -> blank mw=logging$`

	// A handler value used elsewhere is referenced.
	h := Hello
	_ = h
	// A literal not passed to a registration is a handler that is referenced.
	_ = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}) // want `handler func literal w=w r=r referenced`
}

// A handler built by another function is not guessed.
func makeHandler(msg string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `handler func literal w=w r=r referenced`
		fmt.Fprintln(w, msg)
	})
}

func logging(next http.Handler) http.Handler { return next }

// Pure handlers, and look-alikes that are not.
func PureHello(r *http.Request) (*http.Response, error) { return nil, nil } // want `pure handler`

var pureLit = func(*http.Request) (*http.Response, error) { return nil, nil } // want `pure handler`

func notPure(r *http.Request) (*http.Response, bool)               { return nil, false }
func roundTrip(r *http.Request, extra int) (*http.Response, error) { return nil, nil }
