// Package condreply has helpers that reply only when their error is not
// nil, the shape of real missing-return bugs (caddy's admin handleError
// called with an APIError literal).
package condreply

import (
	"errors"
	"fmt"
	"net/http"
)

type apiError struct {
	Code int
	Err  error
}

func (e apiError) Error() string { return e.Err.Error() }

// replyErr replies only when err is not nil.
func replyErr(w http.ResponseWriter, err error) {
	if err == nil {
		return
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func load(id string) (string, error) { return id, nil }

func literal(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("id") == "" {
		replyErr(w, apiError{Code: 400, Err: errors.New("no id")}) // want `replyErr replies, but every path after it uses the writer again \(fmt.Fprintln at line 33: the output is appended to the reply\); return after the reply`
	}
	fmt.Fprintln(w, "ok")
}

func constructed(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		replyErr(w, fmt.Errorf("method %s", r.Method)) // want `replyErr replies, but every path after it uses the writer again`
	}
	w.Write([]byte("ok"))
}

func tested(w http.ResponseWriter, r *http.Request) {
	v, err := load(r.URL.Query().Get("id"))
	if err != nil {
		replyErr(w, err) // want `replyErr replies, but every path after it uses the writer again`
	}
	fmt.Fprintln(w, v)
}

// Look-alikes: an error that may be nil, a return after the reply, a
// variable reassigned before the call, the test in the else branch.
func mayBeNil(w http.ResponseWriter, r *http.Request) {
	_, err := load(r.URL.Query().Get("id"))
	replyErr(w, err)
	fmt.Fprintln(w, "ok")
}

func returns(w http.ResponseWriter, r *http.Request) {
	v, err := load(r.URL.Query().Get("id"))
	if err != nil {
		replyErr(w, err)
		return
	}
	fmt.Fprintln(w, v)
}

func reassigned(w http.ResponseWriter, r *http.Request) {
	v, err := load(r.URL.Query().Get("id"))
	if err != nil {
		_, err = load("fallback")
		replyErr(w, err)
	}
	fmt.Fprintln(w, v)
}

func elseBranch(w http.ResponseWriter, r *http.Request) {
	v, err := load(r.URL.Query().Get("id"))
	if err != nil {
		v = "default"
	} else {
		replyErr(w, err)
	}
	fmt.Fprintln(w, v)
}
