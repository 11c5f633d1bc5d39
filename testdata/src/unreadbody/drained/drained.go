// Package drained has functions that take a request without being
// handlers (generated gateway code, helpers): the body checks hold there
// too.
package drained

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

type Message struct {
	Name string `json:"name"`
}

type Client interface {
	Get(ctx context.Context, m *Message) (*Message, error)
}

// --- positives ---

// The shape of generated gateway code for a method without body: the
// body is drained, then the form is parsed for query parameters, and a
// url-encoded body's fields are gone.
func requestGet(ctx context.Context, client Client, req *http.Request, pathParams map[string]string) (*Message, error) {
	var protoReq Message
	io.Copy(io.Discard, req.Body)
	if err := req.ParseForm(); err != nil { // want `req.ParseForm parses the form after io.Copy drained the request body to io.Discard, so the fields of a url-encoded body are lost and callers get only the query string's; parse the form before draining the body`
		return nil, err
	}
	protoReq.Name = req.Form.Get("name")
	return client.Get(ctx, &protoReq)
}

// The generated shape of grpc-gateway v2.29 (fixed by its PR #7192): the
// drain is guarded by a nil test that a server request always passes.
func requestEcho(ctx context.Context, client Client, req *http.Request) (*Message, error) {
	var protoReq Message
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
	}
	if err := req.ParseForm(); err != nil { // want `req.ParseForm parses the form after io.Copy drained the request body`
		return nil, err
	}
	protoReq.Name = req.Form.Get("name")
	return client.Get(ctx, &protoReq)
}

func valueAfterDrain(req *http.Request) string {
	_, _ = io.Copy(io.Discard, req.Body)
	return req.FormValue("name") // want `req.FormValue parses the form after io.Copy drained`
}

// A helper reading the body twice, whoever calls it.
func decodeTwice(r *http.Request) (Message, map[string]any, error) {
	var m Message
	var raw map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		return m, nil, err
	}
	err := json.NewDecoder(r.Body).Decode(&raw) // want `json.NewDecoder reads the request body, which json.NewDecoder already consumed`
	return m, raw, err
}

// --- look-alikes ---

func parseThenDrain(req *http.Request) url.Values {
	if err := req.ParseForm(); err != nil {
		return nil
	}
	io.Copy(io.Discard, req.Body)
	return req.Form
}

func drainThenRestore(req *http.Request, body []byte) string {
	io.Copy(io.Discard, req.Body)
	req.Body = io.NopCloser(bytesReader(body))
	return req.FormValue("name")
}

// The drain's error tested: where it failed, the body was not consumed.
func drainChecked(req *http.Request) string {
	if _, err := io.Copy(io.Discard, req.Body); err != nil {
		return req.FormValue("name")
	}
	return ""
}

// Drained on some paths only.
func drainSometimes(req *http.Request, drain bool) string {
	if drain {
		io.Copy(io.Discard, req.Body)
	}
	return req.FormValue("name")
}

// A drain after a read throws away what is left, on purpose.
func decodeThenDrain(req *http.Request) (Message, error) {
	var m Message
	err := json.NewDecoder(req.Body).Decode(&m)
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
	}
	return m, err
}

// A copy elsewhere is a read, not a drain: ParseForm after a raw read is
// routinely for query parameters of a JSON request.
func copyThenParse(w io.Writer, req *http.Request) string {
	io.Copy(w, req.Body)
	req.ParseForm()
	return req.Form.Get("q")
}

func bytesReader(b []byte) io.Reader { return &reader{b} }

type reader struct{ b []byte }

func (r *reader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

var _ = fmt.Sprint
