// Package render is a stub of github.com/go-chi/render v1.0.x for the
// purehandler fixtures: the responders the migration maps to route
// helpers, behaving as the library documents them (the status comes
// from the request's context; JSON is encoded into a buffer first and an
// encoding error is answered with http.Error).
package render

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

type ctxKey struct{ name string }

// StatusCtxKey is the context key of the status to respond with.
var StatusCtxKey = &ctxKey{"Status"}

// Status sets the status the responders send for r.
func Status(r *http.Request, status int) {
	*r = *r.WithContext(context.WithValue(r.Context(), StatusCtxKey, status))
}

func writeStatus(w http.ResponseWriter, r *http.Request) {
	if code, ok := r.Context().Value(StatusCtxKey).(int); ok {
		w.WriteHeader(code)
	}
}

// JSON responds with v as JSON.
func JSON(w http.ResponseWriter, r *http.Request, v interface{}) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	writeStatus(w, r)
	w.Write(buf.Bytes())
}

// PlainText responds with v as text.
func PlainText(w http.ResponseWriter, r *http.Request, v string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	writeStatus(w, r)
	w.Write([]byte(v))
}

// HTML responds with v as HTML.
func HTML(w http.ResponseWriter, r *http.Request, v string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	writeStatus(w, r)
	w.Write([]byte(v))
}

// Data responds with v as bytes.
func Data(w http.ResponseWriter, r *http.Request, v []byte) {
	w.Header().Set("Content-Type", "application/octet-stream")
	writeStatus(w, r)
	w.Write(v)
}
