package servemux

import (
	"net/http"

	"github.com/rs/cors"
)

func items(w http.ResponseWriter, r *http.Request) {} // want `handler items`

type api struct{ mux *http.ServeMux }

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/items", items)           // want `route ServeMux#mux\(local\) POST /api/items -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	mux.HandleFunc("GET /api/items/{id}", items)       // want `route ServeMux#mux\(local\) GET,HEAD /api/items/{id} -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	mux.HandleFunc("PUT example.com/x/{id...}", items) // want `route ServeMux#mux\(local\) PUT example.com /x/{id...} subtree -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	mux.HandleFunc("/static/", items)                  // want `route ServeMux#mux\(local\) \* /static/ subtree -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	mux.HandleFunc("/{$}", items)                      // want `route ServeMux#mux\(local\) \* /{\$} -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	mux.HandleFunc("OPTIONS /api/", items)             // want `route ServeMux#mux\(local\) OPTIONS /api/ subtree -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	mux.HandleFunc("GET /bad/{x", items)               // want `route ServeMux#mux\(local\) \? GET /bad/{x -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	var pattern = dynamic()
	mux.HandleFunc(pattern, items) // want `route ServeMux#mux\(local\) \? \? -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	return cors.Default().Handler(mux)
}

func dynamic() string { return "/" }

func (a *api) routes() {
	a.mux.HandleFunc("DELETE /api/items/{id}", items) // want `route ServeMux#mux\(unknown\) DELETE /api/items/{id} -> items$`
}

func middleware() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /a", items) // want `route ServeMux#mux\(local\) POST /a -> items mux-mw=\(\*github.com/rs/cors.Cors\).Handler$`
	c := cors.New(cors.Options{})
	http.ListenAndServe(":8080", c.Handler(mux))
}
