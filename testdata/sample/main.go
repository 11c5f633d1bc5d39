// Command sample is a small notes API with the handler bugs routevet finds.
// The end-to-end tests and the README's first command run routevet on it.
package main

import (
	"log"

	"example.com/sample/notes"
)

func main() {
	store := notes.NewStore()
	log.Fatal(store.Server("localhost:8080").ListenAndServe())
}
