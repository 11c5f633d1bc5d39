package api

import (
	"net/http"
	"os"
)

// Routes registers the handlers; inside a literal handler is an edge
// handler too.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /notes/{id}", Get)
	mux.HandleFunc("GET /motd", func(w http.ResponseWriter, r *http.Request) {
		motd, _ := os.ReadFile("/etc/motd") // want `edge handler func literal \(wasm\) calls os.ReadFile: edge WebAssembly runtimes mount no files by default; embed the file with //go:embed`
		w.Write(motd)
	})
}
