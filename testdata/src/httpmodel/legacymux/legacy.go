//go:build go1.21

// Package legacymux is built with Go 1.21 rules, where a ServeMux pattern
// is a plain path: "POST /x" is a path with a space in it, not a method.
package legacymux

import "net/http"

func h(w http.ResponseWriter, r *http.Request) {} // want `handler h`

func init() {
	http.HandleFunc("POST /x", h) // want `route ServeMux \* POST  /x -> h$`
}
