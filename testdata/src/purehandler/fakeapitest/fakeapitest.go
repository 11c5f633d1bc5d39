// Package fakeapitest is a test-support package (its name ends in "test"
// and it imports net/http/httptest): a fake API server for other
// packages' tests. Its handlers are test code, so purehandler reports
// none of them and the migration summary counts none of them.
package fakeapitest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
)

// NewServer starts the fake API.
func NewServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/version", version)
	return httptest.NewServer(mux)
}

func version(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, "v1.0.0")
}

func broken(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusTeapot)
	w.Header().Set("X-Late", "dropped on purpose, to test a client")
}
