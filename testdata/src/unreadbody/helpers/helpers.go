// Package helpers holds request helpers other packages call, to test the
// facts that carry what they do across packages.
package helpers

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
)

// DecodeJSON decodes the body into v, limited to 1 MiB.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error { // want DecodeJSON:`unreadbody\(p1 must=body may=body,touch-body,bounds-body\)`
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// ReadJSON reads a whole body and unmarshals it.
func ReadJSON(body io.Reader, v any) error { // want ReadJSON:`unreadbody\(p0 must=body may=body,touch-body unbounded="io.ReadAll at helpers.go:24"\)`
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return errors.New("empty body")
	}
	return json.Unmarshal(data, v)
}

// Filters parses the form and returns the filters in it.
func Filters(r *http.Request) (url.Values, error) { // want Filters:`unreadbody\(p0 must=form may=form,reads-form form-use="r.Form at helpers.go:39"\)`
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.Form, nil
}

// MaybeForm parses the form of POST requests only.
func MaybeForm(r *http.Request) { // want MaybeForm:`unreadbody\(p0 must=none may=form\)`
	if r.Method == http.MethodPost {
		r.ParseForm()
	}
}

// RequestID looks at headers only.
func RequestID(r *http.Request) string { // want RequestID:`unreadbody\(p0 must=none may=none\)`
	if id := r.Header.Get("X-Request-ID"); id != "" {
		return id
	}
	return r.URL.Query().Get("request_id")
}

// PeekBody reads the body and puts it back.
func PeekBody(r *http.Request) ([]byte, error) { // want PeekBody:`unreadbody\(p0 must=none may=body,touch-body unbounded="io.ReadAll at helpers.go:59"\)`
	data, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(data))
	return data, err
}

// Forward hands the request to another handler: unknown code, no fact.
func Forward(h http.Handler, w http.ResponseWriter, r *http.Request) {
	h.ServeHTTP(w, r)
}

// Count reads some of a reader: not to the end, so no fact.
func Count(rd io.Reader) int {
	buf := make([]byte, 512)
	n, _ := rd.Read(buf)
	return n
}

// Upload parses a multipart form and returns the named file's content.
func Upload(r *http.Request, name string) ([]byte, error) { // want Upload:`unreadbody\(p0 must=form,multipart,multipart-body may=form,multipart,multipart-body,touch-body\)`
	file, _, err := r.FormFile(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(file)
}
