// want package:"streams in handlers.Events"

// Command app wires unexported middleware to handlers that stream, in
// another package of the module: the fact says so.
package main

import (
	"log"
	"net/http"

	"writerwrap/app/handlers"
)

type statusWriter struct { // want `statusWriter wraps the http.ResponseWriter .* \(handlers.Events in this module does\)`
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		log.Println(r.URL.Path, sw.status)
	})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /events", handlers.Events)
	log.Fatal(http.ListenAndServe(":8080", logged(mux)))
}
