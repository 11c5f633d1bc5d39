// Package latest serves the latest release. Its name ends in "test", but
// it imports neither testing nor net/http/httptest: it is not test
// support, and its bugs are reported.
package latest

import "net/http"

func release(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	w.Header().Set("Cache-Control", "max-age=60") // want `w.Header\(\).Set\("Cache-Control"\) after the response was committed`
}
