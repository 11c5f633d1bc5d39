package chirouter

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

func list(w http.ResponseWriter, r *http.Request)   {} // want `handler list`
func create(w http.ResponseWriter, r *http.Request) {} // want `handler create`

func auth(next http.Handler) http.Handler { return next }

func Router() http.Handler {
	r := chi.NewRouter()
	r.Use(cors.Handler(cors.Options{}))
	r.Get("/items", list)                                    // want `route chi#r\(local\) GET /items -> list mux-mw=github.com/go-chi/cors.Handler$`
	r.Post("/items", create)                                 // want `route chi#r\(local\) POST /items -> create`
	r.Method("PUT", "/items/{id}", http.HandlerFunc(create)) // want `route chi#r\(local\) PUT /items/{id} -> create`
	r.MethodFunc(http.MethodPatch, "/items/{id}", create)    // want `route chi#r\(local\) PATCH /items/{id} -> create`
	r.Route("/api", func(r chi.Router) {
		r.Get("/", list) // want `route chi\(derived\) GET /api/ -> list`
		r.Route("/v1", v1)
		r.Group(func(g chi.Router) {
			g.Use(auth)
			g.Delete("/items/{id}", create) // want `route chi\(derived\) DELETE /api/items/{id} -> create mux-mw=auth,github.com/go-chi/cors.Handler$`
		})
	})
	r.With(auth).Post("/admin", create) // want `route chi\(derived\) POST /admin -> create mux-mw=auth,github.com/go-chi/cors.Handler$`
	admin := chi.NewRouter()
	admin.Options("/*", list)  // want `route chi#admin\(local\) OPTIONS /admin/\* subtree -> list`
	r.Mount("/admin", admin)   // want `route chi#r\(local\) \* /admin subtree -> \?`
	r.HandleFunc("/any", list) // want `route chi#r\(local\) \* /any -> list`
	// chi 5.1: a method in the pattern, as on a ServeMux.
	r.HandleFunc("DELETE /items/{id}", create)          // want `route chi#r\(local\) DELETE /items/{id} -> create`
	r.Handle("post /uploads", http.HandlerFunc(create)) // want `route chi#r\(local\) POST /uploads -> create`
	return r
}

func v1(r chi.Router) {
	r.Put("/items", create) // want `route chi\(derived\) PUT /api/v1/items -> create`
}
