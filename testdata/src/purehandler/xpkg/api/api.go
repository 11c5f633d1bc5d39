// Package api is the shape of handlers that reply through the helpers of
// another package of their module (purehandler/xpkg/httputil).
package api

import (
	"net/http"

	"purehandler/xpkg/httputil"
)

type user struct {
	Name string `json:"name"`
}

var page = &httputil.Renderer{Server: "api"}

func getUser(w http.ResponseWriter, r *http.Request) { // want `handler getUser writes its response through http.ResponseWriter.*the fix also keeps Renderer.Text, httputil.BadRequest, httputil.Error, httputil.JSON, httputil.Limit, httputil.plain as adapters`
	name := r.URL.Query().Get("name")
	if name == "" {
		httputil.BadRequest(w, "missing %s", "name")
		return
	}
	if name == "root" {
		httputil.Error(w, r, http.StatusForbidden, "forbidden")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	httputil.JSON(w, http.StatusOK, user{Name: name})
}

func health(w http.ResponseWriter, r *http.Request) { // want `handler health writes its response through http.ResponseWriter`
	page.Text(w, "ok")
}

// list tests the error of a helper with results and returns at once.
func list(w http.ResponseWriter, r *http.Request) { // want `handler list writes its response through http.ResponseWriter`
	n, err := httputil.Limit(w, r)
	if err != nil {
		return
	}
	httputil.JSON(w, http.StatusOK, make([]user, n))
}

// Vary adds to a header: blocked with the helper's own reason.
func vary(w http.ResponseWriter, r *http.Request) { // want `handler vary .*the writer is passed to httputil.Vary, which cannot be made pure: it adds to or deletes the header Vary.*\[blocked: helper-merges-header\]`
	httputil.Vary(w, user{Name: "v"})
}

// typed sets the Content-Type the helper sets too.
func typed(w http.ResponseWriter, r *http.Request) { // want `handler typed .*the header Content-Type is set before the writer is passed to httputil.JSON, which may set it too; refactor that part by hand \[blocked: header-before-helper\]`
	w.Header().Set("Content-Type", "application/problem+json")
	httputil.JSON(w, http.StatusBadRequest, user{})
}

// boom replies through a helper over a builder holding the writer.
func boom(w http.ResponseWriter, r *http.Request) { // want `handler boom .*the writer is passed to httputil.ServerError → httputil.NewBuilder, which cannot be made pure: it returns the writer inside its result \(a \*httputil.Builder\), through which its callers write the response later; refactor that part by hand \[blocked: writer-escapes\]`
	httputil.ServerError(w, http.ErrAbortHandler)
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /user", getUser)
	mux.HandleFunc("GET /health", health)
	mux.HandleFunc("GET /vary", vary)
	mux.HandleFunc("GET /typed", typed)
	mux.HandleFunc("GET /boom", boom)
	mux.HandleFunc("GET /list", list)
}
