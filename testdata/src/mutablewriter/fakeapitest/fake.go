// Package fakeapitest is test support, like net/http/httptest: a fake
// server for other packages' tests. Its name ends in "test" and it imports
// net/http/httptest, so it is test code, and its deliberately broken
// handler is not reported by default.
package fakeapitest

import (
	"net/http"
	"net/http/httptest"
)

// NewServer serves a handler that answers twice, to test a client's
// handling of a response whose status was already sent.
func NewServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.WriteHeader(http.StatusInternalServerError)
	}))
}
