// Package handlers runs on a server; one handler is also deployed to
// Fastly, and marked.
package handlers

import (
	"net/http"
	"os"
)

// Avatar is served from the edge.
//
//routevet:edge fastly
func Avatar(w http.ResponseWriter, r *http.Request) { // want Avatar:"reaches os.Open via handlers.openAvatar"
	f, err := openAvatar(r.PathValue("user")) // want `edge handler Avatar \(fastly\) reaches os.Open via openAvatar: Fastly Compute has no filesystem; embed the file with //go:embed or use configstore`
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
}

func openAvatar(user string) (*os.File, error) { return os.Open("/avatars/" + user + ".png") }

// Banner is meant for the edge too, but the directive has a typo.
//
//routevet:edge fastyl // want `//routevet:edge names unknown profile "fastyl", so nothing is checked; use one of fastly, spin, wasm, wasmcloud, workers`
func Banner(w http.ResponseWriter, r *http.Request) { // want Banner:"reaches os.ReadFile"
	data, _ := os.ReadFile("banner.txt")
	w.Write(data)
}

// Upload runs on the server: it may use files.
func Upload(w http.ResponseWriter, r *http.Request) { // want Upload:"reaches os.CreateTemp"
	f, err := os.CreateTemp("", "upload-*")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
}
