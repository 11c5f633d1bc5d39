//go:build routevetother

package blocked

import "net/http"

func platformError(w http.ResponseWriter, r *http.Request, msg string) {
	http.Error(w, msg, http.StatusTeapot)
}
