// Package okresults is the shape of a module whose handlers resolve a
// parameter through a helper returning (value, ok bool), which answers
// 404 itself when it cannot and returns false; and of the look-alikes
// that must stay as they are.
package okresults

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

var messages = map[string]string{"m1": "hello", "m2": "world"}

var errNoMessages = errors.New("no messages")

func latestID(r *http.Request) (string, error) {
	if r.URL.Query().Has("empty") {
		return "", errNoMessages
	}
	return "m2", nil
}

// resolveMessageID resolves "latest" to the newest message's ID; when it
// cannot, it answers 404 in plain text and returns false.
func resolveMessageID(w http.ResponseWriter, r *http.Request, id string) (string, bool) {
	if id != "latest" {
		return id, true
	}
	id, err := latestID(r)
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = fmt.Fprint(w, err.Error())
		return "", false
	}
	return id, true
}

// found answers 404 through http.NotFound and returns whether the message
// exists: a bool computed at run time.
func found(w http.ResponseWriter, r *http.Request, id string) (string, bool) {
	msg, ok := messages[id]
	if !ok {
		http.NotFound(w, r)
		return "", ok
	}
	return msg, ok
}

// getMessage answers the message's text.
func getMessage(w http.ResponseWriter, r *http.Request) { // want `handler getMessage writes its response`
	id, ok := resolveMessageID(w, r, r.URL.Query().Get("id"))
	if !ok {
		return
	}
	msg, exists := messages[id]
	if !exists {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, msg)
}

// getHeaders tests ok with another condition, in the if statement's init.
func getHeaders(w http.ResponseWriter, r *http.Request) { // want `handler getHeaders writes its response`
	if id, ok := resolveMessageID(w, r, r.URL.Query().Get("id")); !ok || strings.HasPrefix(id, "x") {
		return
	}
	w.Header().Set("X-Headers", "1")
	w.WriteHeader(http.StatusNoContent)
}

// computed's helper returns a bool computed at run time where it wrote.
func computed(w http.ResponseWriter, r *http.Request) { // want `handler computed writes .* the writer is passed to okresults.found, which cannot be made pure: it may write a response and return true, so a caller testing its ok result would go on as if it wrote nothing.* \[blocked: helper-result\]`
	msg, ok := found(w, r, r.URL.Query().Get("id"))
	if !ok {
		return
	}
	fmt.Fprint(w, msg)
}

// inverted returns when ok is true.
func inverted(w http.ResponseWriter, r *http.Request) { // want `handler inverted writes .* okresults.resolveMessageID writes a response when its ok result is false, and the call is not followed at once by if !ok \{ return \}.* \[blocked: helper-result\]`
	id, ok := resolveMessageID(w, r, r.URL.Query().Get("id"))
	if ok {
		fmt.Fprint(w, id)
		return
	}
	fmt.Fprint(w, "none")
}

// Mux serves the handlers.
func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/message", getMessage)
	mux.HandleFunc("/headers", getHeaders)
	mux.HandleFunc("/computed", computed)
	mux.HandleFunc("/inverted", inverted)
	return mux
}
