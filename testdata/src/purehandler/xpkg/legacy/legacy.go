// Package legacy still calls the helpers of purehandler/xpkg/httputil
// directly, in code the migration leaves alone: the adapters the fix of
// purehandler/xpkg/api leaves keep it compiling, and answering the same.
package legacy

import (
	"net/http"

	"purehandler/xpkg/httputil"
)

// count writes after the helper: blocked, and it keeps calling it.
func count(w http.ResponseWriter, r *http.Request) { // want `handler count .*\[blocked: code-after-write\]`
	httputil.JSON(w, http.StatusOK, 1)
	w.Write([]byte("\n"))
}

// Reply is no handler: it calls the helpers as any function would.
func Reply(w http.ResponseWriter, err error) {
	if err != nil {
		httputil.Error(w, nil, http.StatusInternalServerError, err.Error())
		return
	}
	httputil.BadRequest(w, "no error")
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /count", count)
}
