package condreply

// An error helper that replies when its error is not nil, except for one
// error it answers by serving the request again (caddy's admin API:
// handleError calls serveHTTP back for an internal redirect). The call
// back is recursion: the helper gets a summary all the same (it replies
// or hands the writer to a handler), and a call given an error that
// cannot be nil, with no return after it, serves the request twice.

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

var errInternalRedirect = errors.New("internal redirect")

type admin struct {
	mux *http.ServeMux
}

func (h admin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.serveHTTP(w, r)
}

func (h admin) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.Header.Get("Upgrade"), "websocket") {
		h.handleError(w, r, apiError{Code: http.StatusBadRequest, Err: errors.New("websocket connections are not allowed")})
		return
	}
	if r.Header.Get("Origin") == "null" {
		h.handleError(w, r, apiError{Code: http.StatusBadRequest, Err: errors.New("invalid origin 'null'")}) // want `^h.handleError replies or hands the writer to a handler, but every path after it uses the writer again \(h.handleError at line 36: the request is served again after the reply\); return after the reply \(no automatic fix: a return would also skip h.checkHost at line 35\)$`
	}
	if err := h.checkHost(r); err != nil {
		h.handleError(w, r, err)
		return
	}
	if r.Method == http.MethodHead {
		w.Header().Set("Cache-Control", "no-store")
	}
	h.mux.ServeHTTP(w, r)
}

func (h admin) checkHost(r *http.Request) error { // want checkHost:`unreadbody\(p0 must=none may=none\)`
	if r.Host == "" {
		return errors.New("no host")
	}
	return nil
}

func (h admin) handleError(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil {
		return
	}
	if err == errInternalRedirect {
		h.serveHTTP(w, r)
		return
	}
	apiErr, ok := err.(apiError)
	if !ok {
		apiErr = apiError{Code: http.StatusInternalServerError, Err: err}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(apiErr.Code)
	json.NewEncoder(w).Encode(map[string]string{"error": apiErr.Error()})
}

// Look-alike: the same helper called with an error that may be nil, the
// request then served (by design: handleError does nothing for nil).
func (h admin) maybe(w http.ResponseWriter, r *http.Request) {
	h.handleError(w, r, h.checkHost(r))
	h.mux.ServeHTTP(w, r)
}

// The same cycle with the helper declared first: the helper is solved
// first, the handler inside it; the handler's solution is solved again
// once the helper's summary is known, so the finding is the same. The
// helper is exported: its conditional summary (it replies or hands the
// writer on when err is not nil) is a fact for other packages.
type adminHelperFirst struct {
	mux *http.ServeMux
}

func (h adminHelperFirst) HandleError(w http.ResponseWriter, r *http.Request, err error) { // want HandleError:`when\(0 if 2!=nil:serves\)`
	if err == nil {
		return
	}
	if err == errInternalRedirect {
		h.serveHTTP(w, r)
		return
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func (h adminHelperFirst) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Origin") == "null" {
		h.HandleError(w, r, apiError{Code: http.StatusBadRequest, Err: errors.New("invalid origin 'null'")}) // want `^h.HandleError replies or hands the writer to a handler, but every path after it uses the writer again \(h.mux.ServeHTTP at line 100: the request is served again after the reply\); return after the reply \(no automatic fix: a return would also skip h.mux.ServeHTTP at line 100, which serves the request\)$`
	}
	h.mux.ServeHTTP(w, r)
}

// A handler that serves a rewritten request by calling itself: with a
// return after the call it is fine; without one, the request is served
// twice.
type rewriter struct{ files http.Handler }

func (h *rewriter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/") {
		r2 := r.Clone(r.Context())
		r2.URL.Path += "index.html"
		h.ServeHTTP(w, r2)
		return
	}
	h.files.ServeHTTP(w, r)
}

func (h *rewriter) serveLegacy(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/old/") {
		r2 := r.Clone(r.Context())
		r2.URL.Path = strings.TrimPrefix(r.URL.Path, "/old")
		h.serveLegacy(w, r2) // want `^h.serveLegacy hands the writer to another handler, but every path after it uses the writer again \(h.files.ServeHTTP at line 124: the request is served twice\); return after handing it on \(no automatic fix: a return would also skip h.files.ServeHTTP at line 124, which serves the request\)$`
	}
	h.files.ServeHTTP(w, r)
}

// Look-alike: a recursive helper that writes a tree into the response;
// its call back into itself is not a reply and reports nothing.
type node struct {
	name     string
	children []*node
}

func writeTree(w http.ResponseWriter, n *node, depth int) {
	w.Write([]byte(strings.Repeat("  ", depth) + n.name + "\n"))
	for _, c := range n.children {
		writeTree(w, c, depth+1)
	}
}

func (h *rewriter) tree(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("root") == "" {
		http.Error(w, "no root", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	writeTree(w, &node{name: r.URL.Query().Get("root")}, 0)
}
