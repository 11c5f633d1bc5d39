// Command sample is a small notes API with the handler bugs routevet finds.
// Package notes builds its router; this package serves it.
// The end-to-end tests and the README's first command run routevet on it.
package main

import (
	"log"
	"net/http"

	"example.com/sample/notes"
)

func main() {
	store := notes.NewStore()
	log.Fatal(http.ListenAndServe("localhost:8080", store.Routes()))
}
