// Package use calls lib's helpers: their summaries come from facts, and
// make summaries here.
package use

import (
	"net/http"

	"effects/lib"
)

// Fail replies through lib.Reply, so it replies too.
func Fail(w http.ResponseWriter) { // want Fail:`writes\(0:commits\+status\+replies\+header\+responds\)`
	lib.Reply(w, "bad")
}

// Relay has a writer part, from lib.JSON, and a request part, from
// lib.ReadAll.
func Relay(w http.ResponseWriter, r *http.Request, v any) { // want Relay:`writes\(0:commits\+header\) unreadbody\(p1 must=body may=body,touch-body unbounded="io.ReadAll at lib.go:37 in lib.ReadAll"\)`
	lib.ReadAll(r)
	lib.Header(w)
	lib.JSON(w, v)
}

// Partial calls a helper without a summary: it has none either.
func Partial(w http.ResponseWriter) {
	lib.Maybe(w, true)
}

// Body hands the body to lib.Drain.
func Body(r *http.Request) { // want Body:`unreadbody\(p0 must=body may=body,touch-body\)`
	lib.Drain(r.Body)
}

// unexported functions export no writer summary.
func fail(w http.ResponseWriter) {
	lib.Reply(w, "bad")
}
