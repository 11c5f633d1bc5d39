package servemuxneg

import "net/http"

// One package-level mux, registered on from two functions: the OPTIONS
// route of the second covers the CORS route of the first.
var shared = http.NewServeMux()

func registerAPI() {
	shared.HandleFunc("POST /api/shared", createOrder)
}

func registerPreflight() {
	shared.HandleFunc("OPTIONS /api/shared", preflight)
}

func serveShared() {
	registerAPI()
	registerPreflight()
	http.ListenAndServe(":8080", shared)
}
