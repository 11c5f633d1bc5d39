// Package helpers holds response helpers that handlers in other packages
// call; their effects on the writer cross the package boundary as facts.
package helpers

import (
	"encoding/json"
	"html/template"
	"log"
	"net/http"
)

// WriteJSON commits w on every path: it sets a header, sends the status
// and writes the body.
func WriteJSON(w http.ResponseWriter, status int, v any) { // want WriteJSON:`writes\(0:commits\+status\+header\+responds\)`
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("helpers: encoding response: %v", err)
	}
}

// WriteError replies with http.Error, so callers must return after it.
func WriteError(w http.ResponseWriter, err error, status int) { // want WriteError:`writes\(0:commits\+status\+replies\+header\+responds\)`
	log.Printf("helpers: %v", err)
	http.Error(w, http.StatusText(status), status)
}

// SetCORS only sets headers.
func SetCORS(w http.ResponseWriter, origin string) { // want SetCORS:`writes\(0:header\)`
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
}

// NoStore sets caching headers on the writer it is given as second
// parameter.
func NoStore(reason string, w http.ResponseWriter) { // want NoStore:`writes\(1:header\)`
	w.Header().Set("Cache-Control", "no-store")
	_ = reason
}

// MaybeWriteJSON writes only when v is not nil: no fact.
func MaybeWriteJSON(w http.ResponseWriter, v any) {
	if v == nil {
		return
	}
	json.NewEncoder(w).Encode(v)
}

var page = template.Must(template.New("page").Parse(`<h1>{{.}}</h1>`))

// Render returns the error of template execution, which may fail before
// writing anything: callers that check it learn nothing certain.
func Render(w http.ResponseWriter, title string) error { // want Render:`writes\(0:commits\)`
	return page.Execute(w, title)
}

// RenderOrLog renders and only logs a failure.
func RenderOrLog(w http.ResponseWriter, title string) { // want RenderOrLog:`writes\(0:commits\)`
	if err := page.Execute(w, title); err != nil {
		log.Printf("helpers: rendering %q: %v", title, err)
		http.Error(w, "rendering failed", http.StatusInternalServerError) // want `http.Error replies after page.Execute failed`
	}
}

// Status is a method helper: facts work for methods too.
type Responder struct{ Logger *log.Logger }

// NotFound replies 404.
func (rs *Responder) NotFound(w http.ResponseWriter, r *http.Request) { // want NotFound:`writes\(0:commits\+status\+replies\+header\+responds\)`
	rs.Logger.Printf("not found: %s", r.URL.Path)
	http.NotFound(w, r)
}
