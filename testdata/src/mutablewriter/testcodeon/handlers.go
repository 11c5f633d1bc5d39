// Package testcodeon is testcode with "tests: true" in its configuration:
// the handlers that break the rules on purpose in its test file are
// reported.
package testcodeon

import "net/http"

func health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("ok"))
}
