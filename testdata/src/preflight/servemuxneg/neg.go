// Package servemuxneg holds ServeMux routes that look like the findings
// of package servemux but whose preflights are answered, or that are not
// CORS routes, or whose routers the analyzer cannot see whole.
package servemuxneg

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/rs/cors"
)

func allowAll(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

func createOrder(w http.ResponseWriter, r *http.Request) {
	allowAll(w)
	var order struct{ Items []string }
	if err := json.NewDecoder(r.Body).Decode(&order); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func preflight(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Methods", "POST, PUT, DELETE")
	w.WriteHeader(http.StatusNoContent)
}

// internal is not a CORS handler: it sets no Access-Control-Allow-Origin.
func internal(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	w.WriteHeader(http.StatusAccepted)
}

// publicFeed is a CORS GET: browsers send it without a preflight.
func publicFeed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	io.WriteString(w, "[]")
}

// contact reads a form: a cross-origin form POST needs no preflight.
func contact(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.FormValue("email") == "" {
		http.Error(w, "email is required", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// notes accepts every method, OPTIONS included, and answers it.
func notes(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	io.WriteString(w, "[]")
}

// The OPTIONS routes below match the CORS routes' paths the way
// net/http does: by wildcard, by subtree, by a catch-all for OPTIONS, by
// the same host, by a method-less pattern of the same path.
func answered() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/orders/{id}/cancel", createOrder)
	mux.HandleFunc("OPTIONS /api/orders/{rest...}", preflight)
	mux.HandleFunc("POST /api/carts", createOrder)
	mux.HandleFunc("OPTIONS /api/", preflight)
	mux.HandleFunc("PUT api.example.com/v1/profile", createOrder)
	mux.HandleFunc("OPTIONS api.example.com/v1/profile", preflight)
	mux.HandleFunc("DELETE /sessions/{id}", createOrder)
	mux.HandleFunc("OPTIONS /{path...}", preflight)
	return mux
}

// A method-less pattern for the path gets OPTIONS (it would conflict
// with the catch-all above, so it has its own mux); routes that are not
// CORS routes, or that browsers send without a preflight.
func methodless() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/notes", createOrder)
	mux.HandleFunc("/api/notes", notes)
	mux.HandleFunc("POST /internal/jobs", internal)
	mux.HandleFunc("GET /feed", publicFeed)
	mux.HandleFunc("POST /contact", contact)
	return mux
}

func serveAnswered() {
	go http.ListenAndServe(":8080", answered())
	http.ListenAndServe(":8081", methodless())
}

// rs/cors in front of the mux answers every preflight.
func wrapped() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/orders", createOrder)
	http.ListenAndServe(":8080", cors.Default().Handler(mux))
}

// So does a hand-written middleware that answers OPTIONS, even when the
// wrapped handler travels through a variable.
func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func handWrapped() {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /api/orders/{id}", createOrder)
	handler := withCORS(mux)
	srv := &http.Server{Addr: ":8080", Handler: handler}
	srv.ListenAndServe()
}

// A mux returned by an unexported function and wrapped by its caller.
func apiRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PATCH /api/orders/{id}", createOrder)
	return mux
}

func serveWrapped() {
	c := cors.New(cors.Options{AllowedOrigins: []string{"https://app.example.com"}})
	http.ListenAndServe(":8080", c.Handler(apiRoutes()))
}

// A mux handed to another function, which may register OPTIONS routes.
func registerPreflights(mux *http.ServeMux) {
	mux.HandleFunc("OPTIONS /", preflight)
}

func handedOver() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/handed", createOrder)
	registerPreflights(mux)
	http.ListenAndServe(":8080", mux)
}

// A mux in a field or a parameter: other code may register on it.
type server struct{ mux *http.ServeMux }

func (s *server) routes() {
	s.mux.HandleFunc("POST /api/field", createOrder)
}

func onParam(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/param", createOrder)
}

// A pattern that is not a constant might be an OPTIONS route.
func dynamic(prefix string) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/dynamic", createOrder)
	mux.HandleFunc(prefix+"/", preflight)
	http.ListenAndServe(":8080", mux)
}

// A method-less route whose handler is wrapped in CORS middleware: the
// middleware answers the preflight.
func routeWrapped() {
	mux := http.NewServeMux()
	mux.Handle("/api/wrapped", cors.Default().Handler(http.HandlerFunc(createOrder)))
	http.ListenAndServe(":8080", mux)
}

// A chain of middleware, in the style of justinas/alice: what it applies
// is data, so it may be CORS middleware.
type chain []func(http.Handler) http.Handler

func (c chain) then(h http.Handler) http.Handler {
	for i := len(c) - 1; i >= 0; i-- {
		h = c[i](h)
	}
	return h
}

func chained() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/chained", createOrder)
	http.ListenAndServe(":8080", chain{withCORS}.then(mux))
}
