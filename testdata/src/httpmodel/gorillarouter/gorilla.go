package gorillarouter

import (
	"net/http"

	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"
)

type App struct{ router *mux.Router }

func (a *App) list(w http.ResponseWriter, r *http.Request)   {} // want `handler \(\*App\).list`
func (a *App) create(w http.ResponseWriter, r *http.Request) {} // want `handler \(\*App\).create`

func (a *App) Routes() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/items", a.list).Methods("GET")                        // want `route gorilla/mux#r\(local\) GET /items -> \(\*App\).list`
	r.HandleFunc("/items", a.create).Methods(http.MethodPost, "options") // want `route gorilla/mux#r\(local\) POST,OPTIONS /items -> \(\*App\).create`
	r.Methods("PUT").Path("/items/{id}").HandlerFunc(a.create)           // want `route gorilla/mux#r\(local\) PUT /items/{id} -> \(\*App\).create`
	api := r.PathPrefix("/api").Subrouter()
	api.Use(mux.CORSMethodMiddleware(api))
	api.HandleFunc("/things", a.list).Methods("GET").Name("things")  // want `route gorilla/mux#api\(derived\) GET /api/things -> \(\*App\).list mux-mw=github.com/gorilla/mux.CORSMethodMiddleware,github.com/gorilla/handlers.CORS$`
	r.PathPrefix("/static/").Handler(http.FileServer(http.Dir("."))) // want `route gorilla/mux#r\(local\) \* /static/ subtree -> \?`
	a.router.HandleFunc("/field", a.list)                            // want `route gorilla/mux#router\(unknown\) \* /field -> \(\*App\).list`
	return handlers.CORS(handlers.AllowedOrigins([]string{"*"}))(r)
}

// Webroot is the base path, set from a flag at start-up.
var Webroot = "/"

func basePath() string { return Webroot }

func (a *App) WebrootRoutes(prefix string) *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc(Webroot+"api/"+"items", a.list).Methods("GET")       // want `route gorilla/mux#r\(local\) GET <gorillarouter.Webroot>api/items -> \(\*App\).list`
	r.Path(Webroot).HandlerFunc(a.list)                               // want `route gorilla/mux#r\(local\) \? <gorillarouter.Webroot> -> \(\*App\).list`
	r.PathPrefix(Webroot + "static/").Handler(http.NotFoundHandler()) // want `route gorilla/mux#r\(local\) \? <gorillarouter.Webroot>static/ subtree -> \?`
	r.HandleFunc(prefix+"api/items", a.create).Methods("POST")        // want `route gorilla/mux#r\(local\) POST \? -> \(\*App\).create`
	r.HandleFunc(basePath()+"x", a.create)                            // want `route gorilla/mux#r\(local\) \? \? -> \(\*App\).create`
	return r
}
