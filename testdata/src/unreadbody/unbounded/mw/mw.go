// Package mw limits request bodies for the handlers it wraps.
package mw

import "net/http"

// Limit caps every request body at n bytes.
func Limit(n int64) func(http.Handler) http.Handler { // want Limit:`limits-bodies`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}

// Logger only logs.
func Logger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
	})
}

// Wrap limits bodies and calls the handler function it wraps.
func Wrap(fn http.HandlerFunc) http.HandlerFunc { // want Wrap:`limits-bodies`
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		fn(w, r)
	}
}
