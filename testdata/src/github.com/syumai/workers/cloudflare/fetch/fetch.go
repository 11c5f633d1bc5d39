// Package fetch is a stub of github.com/syumai/workers/cloudflare/fetch.
package fetch

import (
	"context"
	"io"
	"net/http"
)

type RedirectMode string

const (
	RedirectModeError  RedirectMode = "error"
	RedirectModeFollow RedirectMode = "follow"
	RedirectModeManual RedirectMode = "manual"
)

type Client struct{}

type ClientOption func(*Client)

func NewClient(opts ...ClientOption) *Client { return &Client{} }

// HTTPClient returns an *http.Client whose Transport is the Workers fetch.
func (c *Client) HTTPClient(redirect RedirectMode) *http.Client { return nil }

type Request struct {
	*http.Request
}

func NewRequest(ctx context.Context, method string, url string, body io.Reader) (*Request, error) {
	return nil, nil
}

func (c *Client) Do(req *Request) (*http.Response, error) { return nil, nil }
