// Package main registers patterns that make ServeMux panic at start-up,
// and look-alikes that do not.
package main

import (
	"net/http"
	_ "net/http/pprof"
	"os"
)

func main() {
	http.HandleFunc("/debug/pprof/{name}", profile) // want `registering "/debug/pprof/{name}" panics when the program starts, since it conflicts with "GET /debug/pprof/" registered by net/http/pprof when it is imported \(/debug/pprof/{name} matches more methods than GET /debug/pprof/, but has a more specific path pattern\); make one of the patterns more specific, or remove one`
	http.HandleFunc("/debug/", debug)               // more general in both: no conflict

	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", item)
	mux.HandleFunc("GET /items/{name}", item)      // want `registering "GET /items/{name}" panics when the program starts, since it conflicts with "GET /items/{id}" at line 16 \(GET /items/{name} matches the same requests as GET /items/{id}\); make one of the patterns more specific, or remove one`
	mux.HandleFunc("GET /items/new", item)         // more specific than {id}: fine
	mux.HandleFunc("POST /items/{id}", item)       // another method: fine
	mux.HandleFunc("example.com/items/{id}", item) // a host wins: fine

	paths := http.NewServeMux()
	paths.HandleFunc("/a/{x}", item)
	paths.HandleFunc("/{y}/b", item) // want `registering "/{y}/b" panics when the program starts, since it conflicts with "/a/{x}" at line 23 \(/{y}/b and /a/{x} both match some paths, like "/a/b". But neither is more specific than the other. /{y}/b matches "/y/b", but /a/{x} doesn't. /a/{x} matches "/a/x", but /{y}/b doesn't.\); make one of the patterns more specific, or remove one`

	// Registrations that never both run.
	if len(os.Args) > 1 {
		mux.HandleFunc("GET /other/{a}", item)
	} else {
		mux.HandleFunc("GET /other/{b}", item)
	}

	// Another mux: its patterns do not meet the first one's.
	admin := http.NewServeMux()
	admin.HandleFunc("GET /items/{name}", item)

	http.ListenAndServe(":8080", mux)
}

func profile(w http.ResponseWriter, r *http.Request) {}
func debug(w http.ResponseWriter, r *http.Request)   {}
func item(w http.ResponseWriter, r *http.Request)    {}
