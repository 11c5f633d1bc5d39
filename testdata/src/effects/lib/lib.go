// Package lib holds helpers whose summaries cross the package boundary
// as facts.
package lib

import (
	"encoding/json"
	"io"
	"net/http"
)

// Reply replies with an error: a library row of the table.
func Reply(w http.ResponseWriter, msg string) { // want Reply:`writes\(0:commits\+status\+replies\+header\+responds\)`
	http.Error(w, msg, http.StatusBadRequest)
}

// JSON writes through an encoder held in a local.
func JSON(w http.ResponseWriter, v any) { // want JSON:`writes\(0:commits\)`
	enc := json.NewEncoder(w)
	enc.Encode(v)
}

// Header sets a header through a local copy of the header map.
func Header(w http.ResponseWriter) { // want Header:`writes\(0:header\)`
	h := w.Header()
	h.Set("X-Lib", "1")
}

// Maybe writes on one path only: it has no summary.
func Maybe(w http.ResponseWriter, ok bool) {
	if ok {
		w.Write(nil)
	}
}

// ReadAll reads the body to its end.
func ReadAll(r *http.Request) []byte { // want ReadAll:`unreadbody\(p0 must=body may=body,touch-body unbounded="io.ReadAll at lib.go:37"\)`
	b, _ := io.ReadAll(r.Body)
	return b
}

// Parse parses the form.
func Parse(r *http.Request) error { // want Parse:`unreadbody\(p0 must=form may=form\)`
	return r.ParseForm()
}

// Drain reads a reader to its end.
func Drain(body io.Reader) { // want Drain:`unreadbody\(p0 must=body may=body,touch-body\)`
	io.Copy(io.Discard, body)
}

// Check replies only when its error is not nil: a conditional summary.
func Check(w http.ResponseWriter, err error) { // want Check:`^when\(0 if 1!=nil:commits\+status\+replies\+header\)$`
	if err == nil {
		return
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

// Always replies whatever its error: no condition says more.
func Always(w http.ResponseWriter, err error) { // want Always:`^writes\(0:commits\+status\+replies\+header\+responds\)$`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	http.Error(w, "ok", http.StatusOK)
}

// Status replies when err is not nil, and sets a header in any case.
func Status(w http.ResponseWriter, err error) { // want Status:`^writes\(0:header\) when\(0 if 1!=nil:commits\+status\+replies\+header\)$`
	w.Header().Set("X-Checked", "1")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
