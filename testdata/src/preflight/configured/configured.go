// Package configured is configured by its .routevet.yaml: CORS routes
// the code does not show, the origins and headers of generated
// preflights, and a middleware that answers them.
package configured

import (
	"net/http"
	"os"
)

// receiveHook gets CORS headers from the proxy in front of the server,
// as the configuration says.
func receiveHook(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
}

// importData echoes the origin it is given: not a constant.
func importData(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", os.Getenv("ALLOWED_ORIGIN"))
	w.WriteHeader(http.StatusAccepted)
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/hooks", receiveHook)      // want `CORS route "POST /api/hooks" has no OPTIONS route: a browser's preflight gets 405 with Allow: POST, so the cross-origin POST is never sent; add an OPTIONS route for the path$`
	mux.HandleFunc("PUT /api/imports/{id}", importData) // want `CORS route "PUT /api/imports/{id}" has no OPTIONS route`
	mux.HandleFunc("PUT /api/imports", receiveHook)     // want `CORS route "PUT /api/imports" has no OPTIONS route`
	mux.HandleFunc("POST /api/other", receiveHook)
	return mux
}

func serve() {
	http.ListenAndServe(":8080", routes())
}

// gateway's wrap answers preflights, as the configuration says.
type gateway struct{ origins []string }

func (g *gateway) wrap(next http.Handler) http.Handler { return next }

func serveBehindGateway(g *gateway) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/hooks", receiveHook)
	http.ListenAndServe(":8081", g.wrap(mux))
}
