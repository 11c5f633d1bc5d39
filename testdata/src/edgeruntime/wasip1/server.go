//go:build wasip1

//routevet:edge

// Package server is built only for wasip1, where net.Listen "succeeds"
// with a socket that never receives.
package server

import (
	"net"
	"net/http"
	"os"
)

// Status reports the build.
func Status(w http.ResponseWriter, r *http.Request) { // want Status:"reaches net.Listen"
	ln, err := net.Listen("tcp", ":9090") // want `edge handler Status \(wasm\) calls net.Listen: a WebAssembly handler cannot listen; the host delivers requests to it; register the handler with the platform's entry point`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer ln.Close()
	w.Write([]byte(os.Args[0]))
}
