// Package http is a stub of github.com/spinframework/spin-go-sdk/v3/http, the Spin SDK's HTTP package.
package http

import "net/http"

// Handle sets the handler function for the http trigger.
func Handle(fn func(http.ResponseWriter, *http.Request)) {}

// Send sends an outbound request through Spin.
func Send(req *http.Request) (*http.Response, error) { return nil, nil }

// NewClient returns an HTTP client whose transport is Spin's.
func NewClient() *http.Client { return nil }

// NewTransport returns Spin's http.RoundTripper.
func NewTransport() http.RoundTripper { return nil }
