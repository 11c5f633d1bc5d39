// Copyright 2025 The Notes Authors.

//routevet:edge

// Package api is the notes API, deployed to an edge runtime: every handler
// in it is an edge handler.
package api

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"time"
)

type Note struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Export writes every note to a file.
func Export(w http.ResponseWriter, r *http.Request) { // want Export:"reaches os.Create"
	f, err := os.Create("notes.json") // want `edge handler Export \(wasm\) calls os.Create: edge WebAssembly runtimes mount no writable files; keep the data in the platform's storage`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	json.NewEncoder(f).Encode([]Note{})
}

// Render renders a note as PDF with an external tool.
func Render(w http.ResponseWriter, r *http.Request) { // want Render:"reaches exec.Command via api.pdf; \\(\\*exec.Cmd\\).Output via api.pdf"
	out, err := pdf(r.URL.Query().Get("id")) // want `edge handler Render \(wasm\) reaches exec.Command via pdf: WebAssembly cannot start or signal processes; do the work in Go`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Write(out)
}

func pdf(id string) ([]byte, error) {
	return exec.Command("wkhtmltopdf", "/notes/"+id, "-").Output()
}

// Get returns one note; it only uses time and JSON.
func Get(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(Note{ID: r.PathValue("id"), Text: time.Now().String()})
}

// Sync pushes notes to the backup service.
func Sync(w http.ResponseWriter, r *http.Request) { // want Sync:"reaches http.DefaultClient.Do"
	req, _ := http.NewRequestWithContext(r.Context(), "POST", "https://backup.example.com/notes", r.Body)
	resp, err := http.DefaultClient.Do(req) // want `edge handler Sync \(wasm\) calls http.DefaultClient.Do: net/http's own transport dials with package net, which WebAssembly edge runtimes do not have; use the platform's HTTP client`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}
