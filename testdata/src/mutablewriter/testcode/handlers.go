// Package testcode has a correct handler and, in its test file, handlers
// that break the rules on purpose: with the default configuration
// (tests off) nothing in the test file is reported.
package testcode

import "net/http"

func health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("ok"))
}
