// Package fsthttp is a stub of github.com/fastly/compute-sdk-go/fsthttp
// with the signatures routevet's analyzers use.
package fsthttp

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"
)

type Header map[string][]string

func (h Header) Get(key string) string { return "" }
func (h Header) Set(key, value string) {}
func (h Header) Clone() Header         { return h }

type Request struct {
	Method     string
	URL        *url.URL
	Header     Header
	Body       io.ReadCloser
	RemoteAddr string
}

func NewRequest(method string, uri string, body io.Reader) (*Request, error) { return nil, nil }

// Send sends the request to the named backend.
func (req *Request) Send(ctx context.Context, backend string) (*Response, error) { return nil, nil }

type Response struct {
	StatusCode int
	Header     Header
	Body       io.ReadCloser
}

type ResponseWriter interface {
	Header() Header
	WriteHeader(code int)
	Write(p []byte) (int, error)
	Close() error
}

type Handler interface {
	ServeHTTP(ctx context.Context, w ResponseWriter, r *Request)
}

type HandlerFunc func(ctx context.Context, w ResponseWriter, r *Request)

func (f HandlerFunc) ServeHTTP(ctx context.Context, w ResponseWriter, r *Request) { f(ctx, w, r) }

const (
	StatusOK                  = 200
	StatusBadRequest          = 400
	StatusNotFound            = 404
	StatusInternalServerError = 500
	StatusBadGateway          = 502
)

func Serve(h Handler)         {}
func ServeFunc(f HandlerFunc) {}

type ServeManyOptions struct {
	NextTimeout time.Duration
	MaxRequests int
	MaxLifetime time.Duration
}

func ServeMany(h HandlerFunc, serveOpts *ServeManyOptions) {}

// Adapt allows an http.Handler to be used as an fsthttp.Handler.
func Adapt(h http.Handler) Handler { return nil }

// Transport is an http.RoundTripper for backend requests.
type Transport struct {
	Request func(req *Request) error
}

func NewTransport(backend string) *Transport { return &Transport{} }

func (t *Transport) AddHostBackend(host, backend string) {}

func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) { return nil, nil }
