package chirouter

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

func preflight(w http.ResponseWriter, r *http.Request) {
	allowApp(w)
	w.WriteHeader(http.StatusNoContent)
}

// OPTIONS routes that chi finds for the paths: the same path, a
// parameter, a catch-all, MethodFunc, and Handle for every method.
func answered() http.Handler {
	r := chi.NewRouter()
	r.Post("/a/comments", createComment)
	r.Options("/a/comments", preflight)
	r.Put("/b/comments/{id}", editComment)
	r.Options("/b/comments/{commentID}", preflight)
	r.Delete("/c/comments/{id}", editComment)
	r.Options("/c/*", preflight)
	r.Patch("/d/comments", editComment)
	r.MethodFunc("OPTIONS", "/d/comments", preflight)
	r.Post("/e/comments", createComment)
	r.HandleFunc("/e/comments", preflight)
	return r
}

// go-chi/cors before routing answers every preflight.
func withCORSMiddleware() http.Handler {
	r := chi.NewRouter()
	r.Use(cors.Handler(cors.Options{AllowedOrigins: []string{"https://app.example.com"}}))
	r.Post("/comments", createComment)
	r.Route("/posts", func(r chi.Router) {
		r.Put("/{id}", editComment)
	})
	return r
}

// So does CORS middleware on the subrouter of a Route.
func subrouterCORS() http.Handler {
	r := chi.NewRouter()
	r.Route("/api", func(api chi.Router) {
		api.Use(cors.AllowAll().Handler)
		api.Post("/comments", createComment)
	})
	return r
}

// A chi router that is a parameter: other code may add OPTIONS routes;
// callers in other packages decide (its fact).
func Mount(r chi.Router) { // want Mount:`registers\(0, chi: \*POST /mounted/comments gets 405 Method Not Allowed\)`
	r.Post("/mounted/comments", createComment)
}

// A custom 405 handler might answer OPTIONS.
func custom405() http.Handler {
	r := chi.NewRouter()
	r.MethodNotAllowed(preflight)
	r.Post("/comments", createComment)
	return r
}

// A route whose method is not a constant might be OPTIONS.
func dynamicMethod(method string) http.Handler {
	r := chi.NewRouter()
	r.Post("/comments", createComment)
	r.MethodFunc(method, "/comments", preflight)
	return r
}

func serveNegatives() {
	http.ListenAndServe(":1", answered())
	http.ListenAndServe(":2", withCORSMiddleware())
	http.ListenAndServe(":3", subrouterCORS())
	http.ListenAndServe(":4", custom405())
	http.ListenAndServe(":5", dynamicMethod("OPTIONS"))
}
