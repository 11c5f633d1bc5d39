// Command quiet has a status wrapper too, but nothing in it streams and
// nothing outside can use it: not reported.
package main

import (
	"fmt"
	"log"
	"net/http"
)

type statusWriter struct {
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
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "hi") })
	log.Fatal(http.ListenAndServe(":8080", logged(mux)))
}
