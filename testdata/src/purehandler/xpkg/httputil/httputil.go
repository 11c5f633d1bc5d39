// Package httputil is the shape of a module's response helpers, kept in a
// package of their own and called by the handlers of other packages
// (purehandler/xpkg/api, purehandler/xpkg/legacy).
package httputil

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// JSON writes v as JSON with a status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// Error writes a plain-text error through http.Error.
func Error(w http.ResponseWriter, r *http.Request, code int, msg string) {
	http.Error(w, msg, code)
}

// BadRequest is an error helper over an unexported one.
func BadRequest(w http.ResponseWriter, format string, args ...any) {
	plain(w, http.StatusBadRequest, fmt.Sprintf(format, args...))
}

func plain(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprint(w, msg)
}

// Limit reads the limit parameter, answering 400 itself when it is not a
// number: a helper with results, which writes only when it fails.
func Limit(w http.ResponseWriter, r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil {
		http.Error(w, "bad limit", http.StatusBadRequest)
		return 0, err
	}
	return min(max(n, 0), 3), nil
}

// A Renderer writes pages with its own header.
type Renderer struct {
	Server string
}

// Text writes msg as text, as a method.
func (rd *Renderer) Text(w http.ResponseWriter, msg string) {
	w.Header().Set("Server", rd.Server)
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintln(w, msg)
}

// Vary adds to a header its callers may have set: it cannot be made pure.
func Vary(w http.ResponseWriter, v any) {
	w.Header().Add("Vary", "Accept")
	JSON(w, http.StatusOK, v)
}

// A Builder keeps the writer; its Send method writes the response later.
type Builder struct {
	w      http.ResponseWriter
	status int
}

// NewBuilder returns a Builder writing to w.
func NewBuilder(w http.ResponseWriter) *Builder {
	return &Builder{w: w, status: http.StatusOK}
}

// Send writes the response.
func (b *Builder) Send(body string) {
	b.w.WriteHeader(b.status)
	fmt.Fprint(b.w, body)
}

// ServerError answers through a Builder: it cannot be made pure.
func ServerError(w http.ResponseWriter, err error) {
	b := NewBuilder(w)
	b.status = http.StatusInternalServerError
	b.Send(err.Error())
}
