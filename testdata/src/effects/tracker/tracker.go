// Package tracker exercises the tracker of values derived from a writer:
// the probe reports, for each argument of use, what it is to each tracked
// writer.
package tracker

import (
	"encoding/json"
	"net/http"
)

func use(...any) {}

func derived(w http.ResponseWriter, other http.ResponseWriter) {
	rw := w
	h := w.Header()
	h2 := h
	enc := json.NewEncoder(rw)
	var mixed http.Header
	if len(h) > 0 {
		mixed = w.Header()
	} else {
		mixed = other.Header()
	}
	p := w
	_ = &p
	use(w, rw, h, h2, enc, http.NewResponseController(w), mixed, p, other) // want `w 0:writer` `w 1:writer` `w 2:header` `w 3:header` `w 4:encoder` `w 5:controller` `other 8:writer`
}

func reassigned(w http.ResponseWriter) {
	w = nil
	use(w)
}

func closure(w http.ResponseWriter) {
	reply := func() { w.WriteHeader(http.StatusNoContent) }
	use(reply) // want `w 0:closure`
}
