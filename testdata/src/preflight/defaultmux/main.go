// Command defaultmux registers its API on DefaultServeMux and serves it.
package main

import (
	"log"
	"net/http"
)

func createReport(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("POST /api/reports", createReport) // want `CORS route "POST /api/reports" has no OPTIONS route: a browser's preflight gets 405 with Allow: POST`
	log.Fatal(http.ListenAndServe(":8080", nil))
}
