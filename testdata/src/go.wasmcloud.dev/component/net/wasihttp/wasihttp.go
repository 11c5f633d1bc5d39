// Package wasihttp is a stub of go.wasmcloud.dev/component/net/wasihttp.
package wasihttp

import (
	"net/http"
	"time"
)

// Handle sets the handler for the incoming-handler export.
func Handle(h http.Handler) {}

// HandleFunc sets the handler function for the incoming-handler export.
func HandleFunc(h http.HandlerFunc) {}

// Transport implements http.RoundTripper for wasi:http.
type Transport struct {
	ConnectTimeout time.Duration
}

func (r *Transport) RoundTrip(req *http.Request) (*http.Response, error) { return nil, nil }

var DefaultTransport = &Transport{ConnectTimeout: 30 * time.Second}

var DefaultClient = &http.Client{Transport: DefaultTransport}
