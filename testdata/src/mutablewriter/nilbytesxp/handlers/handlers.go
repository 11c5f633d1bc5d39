// Package handlers writes, after an error reply, bytes that another
// package's function returns: nothing is written when they are empty on
// the error's path (#27), something is when they can be non-empty.
package handlers

import (
	"io"
	"net/http"

	"mutablewriter/nilbytesxp/codec"
)

type note struct{ ID string }

func getNote(w http.ResponseWriter, r *http.Request) {
	b, err := codec.Render(note{ID: r.PathValue("id")})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
	w.Write(b)
}

func getText(w http.ResponseWriter, r *http.Request) {
	s, err := codec.RenderText(note{ID: r.PathValue("id")})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
	io.WriteString(w, s)
}

// Look-alike: "{}" is appended to the error reply.
func getObject(w http.ResponseWriter, r *http.Request) {
	b, err := codec.RenderOrEmptyObject(note{ID: r.PathValue("id")})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `^http.Error replies, but every path after it uses the writer again \(w.Write at line 37`
	}
	w.Write(b)
}

// Look-alike: a function whose results come from a call proves nothing.
func getVia(w http.ResponseWriter, r *http.Request) {
	b, err := codec.RenderVia(note{ID: r.PathValue("id")})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `^http.Error replies, but every path after it uses the writer again \(w.Write at line 46`
	}
	w.Write(b)
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /notes/{id}", getNote)
	mux.HandleFunc("GET /notes/{id}/text", getText)
	mux.HandleFunc("GET /notes/{id}/object", getObject)
	mux.HandleFunc("GET /notes/{id}/via", getVia)
}
