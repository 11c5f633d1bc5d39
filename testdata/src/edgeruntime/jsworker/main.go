//go:build js && wasm

// Command worker is a Cloudflare Worker built with GOOS=js.
package main

import (
	"net/http"
	"os"

	"github.com/syumai/workers"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		data, _ := os.ReadFile("index.html") // want `edge handler func literal for "/" \(workers\) calls os.ReadFile: Cloudflare Workers has no filesystem`
		w.Write(data)
	})
	workers.Serve(nil)
}
