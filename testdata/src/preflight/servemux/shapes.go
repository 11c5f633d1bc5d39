package servemux

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// upload stores a file under the path below /api/uploads/.
func upload(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	f, err := os.Create(filepath.Join("uploads", filepath.Base(r.URL.Path)))
	if err != nil {
		http.Error(w, "cannot store the file", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	io.Copy(f, r.Body)
	w.WriteHeader(http.StatusCreated)
}

func renameFile(w http.ResponseWriter, r *http.Request) {
	w.Header()["Access-Control-Allow-Origin"] = []string{"*"}
	w.WriteHeader(http.StatusNoContent)
}

func listDir(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "[]")
}

// searchItems is a GET route, but the browser preflights it: its
// callers send an Authorization header, which the handler allows.
func searchItems(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Headers", "Authorization")
	io.WriteString(w, "[]")
}

func patchItem(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Access-Control-Allow-Origin", appOrigin)
	w.WriteHeader(http.StatusNoContent)
}

func files() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/uploads/", upload) // want `CORS route "POST /api/uploads/" has no OPTIONS route: a browser's preflight gets 405 with Allow: POST, so the cross-origin POST is never sent`
	// The method-less directory pattern makes the mux redirect the
	// preflight of a file to the directory.
	mux.HandleFunc("PUT /files/{name}", renameFile) // want `CORS route "PUT /files/{name}" has no OPTIONS route: a browser's preflight gets a redirect to /files/{name}/, so the cross-origin PUT is never sent`
	mux.HandleFunc("/files/{name}/", listDir)
	mux.HandleFunc("GET /api/search", searchItems) // want `CORS route "GET /api/search" has no OPTIONS route: a browser's preflight gets 405 with Allow: GET, HEAD, so the cross-origin GET or HEAD is never sent`
	// An OPTIONS route for one host leaves the others unanswered.
	mux.HandleFunc("PATCH /api/items/{id}", patchItem) // want `CORS route "PATCH /api/items/{id}" has no OPTIONS route for hosts other than api.example.com: a browser's preflight gets 405 with Allow: PATCH`
	mux.HandleFunc("OPTIONS api.example.com/api/items/{id}", listDir)
	return mux
}

func serveFiles() {
	http.ListenAndServe(":8081", files())
}
