package gorillarouter

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

// Webroot is the base path of every route, set from a flag at start-up;
// AllowOrigin is the --api-cors flag.
var (
	Webroot     = "/"
	AllowOrigin = ""
	Other       = "/"
)

// withCORS sets Access-Control-Allow-Origin when configured.
func withCORS(fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if AllowOrigin != "" {
			w.Header().Set("Access-Control-Allow-Origin", AllowOrigin)
		}
		fn(w, r)
	}
}

// apiCORS sets it only for the API's paths: which routes are CORS routes
// depends on their paths, which the analyzer does not follow. (It lets
// OPTIONS through without credentials.)
func apiCORS(fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if AllowOrigin != "" && (strings.HasPrefix(r.URL.Path, Webroot+"api/") || r.RequestURI == "/preview") {
			w.Header().Set("Access-Control-Allow-Origin", AllowOrigin)
		}
		if r.Method != http.MethodOptions && r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		fn(w, r)
	}
}

func (a *api) health(w http.ResponseWriter, r *http.Request) {}

// webrootRouter registers every route under Webroot: routes compare by
// what follows it, whatever it holds.
func (a *api) webrootRouter() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc(Webroot+"api/v1/tasks", withCORS(a.createTask)).Methods("GET")
	r.HandleFunc(Webroot+"api/v1/tasks", withCORS(a.updateTask)).Methods("PUT")         // want `CORS route "PUT <gorillarouter.Webroot>api/v1/tasks" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed and never reaches the CORS middleware around the handler, so the cross-origin PUT is never sent; add an OPTIONS route for the path \(no automatic fix: the allowed origin is not a constant and .routevet.yaml sets no cors.allow-origins\)$`
	r.HandleFunc(Webroot+"api/v1/imports", a.createTask).Methods("POST")                // want `CORS route "POST <gorillarouter.Webroot>api/v1/imports" has no OPTIONS route: a browser's preflight gets 405 Method Not Allowed, so the cross-origin POST is never sent; add an OPTIONS route for the path$`
	r.HandleFunc(Webroot+"api/v1/tasks/{id}", withCORS(a.updateTask)).Methods("DELETE") // want `CORS route "DELETE <gorillarouter.Webroot>api/v1/tasks/{id}" has no OPTIONS route`
	// Answered: an OPTIONS route, and a route for every method, under the
	// same variable.
	r.HandleFunc(Webroot+"api/v1/tags", withCORS(a.updateTask)).Methods("PUT")
	r.HandleFunc(Webroot+"api/v1/tags", a.preflight).Methods("OPTIONS")
	r.HandleFunc(Webroot+"api/v1/labels/{name}", withCORS(a.updateTask)).Methods("PUT")
	r.HandleFunc(Webroot+"api/v1/labels/{label}", a.preflight)
	// CORS for some paths only.
	r.HandleFunc(Webroot+"metrics", apiCORS(a.health)).Methods("PUT")
	// Other paths under the same variable that take every method.
	r.HandleFunc(Webroot+"livez", a.health)
	r.PathPrefix(Webroot + "static/").HandlerFunc(a.health)
	return r
}

// Routes under another variable, or a constant path, might match the
// same requests: nothing is reported.
func (a *api) mixedRouter() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc(Webroot+"api/v1/tasks", withCORS(a.updateTask)).Methods("PUT")
	r.HandleFunc(Other+"api/v1/tasks", a.health)
	m := mux.NewRouter()
	m.HandleFunc(Webroot+"api/v1/tasks", withCORS(a.updateTask)).Methods("PUT")
	m.PathPrefix("/").HandlerFunc(a.health)
	k := mux.NewRouter()
	k.HandleFunc("/api/v1/tasks", withCORS(a.updateTask)).Methods("PUT")
	k.HandleFunc(Webroot+"livez", a.health)
	http.ListenAndServe(":4", m)
	http.ListenAndServe(":5", k)
	return r
}

func serveWebroot(a *api) {
	http.ListenAndServe(":3", a.webrootRouter())
	http.ListenAndServe(":6", a.mixedRouter())
}
