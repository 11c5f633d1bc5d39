// Package lastcall is the shape of a module whose handlers end by calling
// a helper with results that writes a response on every path, success
// included, and drop its results (an upload that answers 201 or an
// error); and of the look-alikes that must stay as they are.
package lastcall

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

type apiResponse struct {
	Error   string `json:"error,omitempty"`
	Message string `json:"message"`
}

// sendAPIResponse writes an API answer as JSON.
func sendAPIResponse(w http.ResponseWriter, r *http.Request, err error, message string, code int) {
	resp := apiResponse{Message: message}
	if err != nil {
		resp.Error = err.Error()
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(resp)
}

type store struct {
	mu    sync.Mutex
	files map[string]string
}

// doUpload stores the body and answers 201, or an error; its error
// result says whether it stored the file, not whether it wrote.
func (s *store) doUpload(w http.ResponseWriter, r *http.Request, name string) error {
	if strings.Contains(name, "..") {
		err := errors.New("invalid name")
		sendAPIResponse(w, r, err, fmt.Sprintf("cannot store %q", name), http.StatusBadRequest)
		return err
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		sendAPIResponse(w, r, err, "cannot read the body", http.StatusInternalServerError)
		return err
	}
	if len(b) == 0 {
		// Nothing to store: nothing written either.
		return errors.New("empty body")
	}
	s.mu.Lock()
	s.files[name] = string(b)
	s.mu.Unlock()
	sendAPIResponse(w, r, nil, "Upload completed", http.StatusCreated)
	return nil
}

// measure answers with the body's length, and returns it.
func measure(w http.ResponseWriter, r *http.Request) (int, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusInternalServerError)
		return 0, err
	}
	w.Header().Set("X-Length", fmt.Sprint(len(b)))
	return len(b), nil
}

func (s *store) upload(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).upload writes its response`
	name := r.URL.Query().Get("name")
	if name == "" {
		sendAPIResponse(w, r, errors.New("no name"), "please set a file name", http.StatusBadRequest)
		return
	}
	s.doUpload(w, r, name) //nolint:errcheck
}

// tagged sets a header the helper never sets, then drops the results with
// a blank assignment.
func tagged(w http.ResponseWriter, r *http.Request) { // want `handler tagged writes its response`
	w.Header().Set("X-Measured", "1")
	_, _ = measure(w, r)
}

func length(w http.ResponseWriter, r *http.Request) { // want `handler length writes its response`
	if r.URL.Query().Has("skip") {
		return
	}
	measure(w, r) //nolint:errcheck
}

// checked tests the error of a helper that also writes when it succeeds.
func (s *store) checked(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).checked writes .* the writer is passed to store.doUpload, which cannot be made pure: it may write a response and return a nil error, so a caller testing its error would go on as if it wrote nothing.* \[blocked: helper-result\]`
	if err := s.doUpload(w, r, "checked"); err != nil {
		return
	}
	fmt.Fprint(w, "stored")
}

// goOn writes again after the helper.
func (s *store) goOn(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).goOn writes .* \[blocked: code-after-write\]`
	s.doUpload(w, r, "again") //nolint:errcheck
	fmt.Fprint(w, "done")
}

// retyped sets a header the helper sets too.
func (s *store) retyped(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).retyped writes .* the header Content-Type is set before the writer is passed to store.doUpload, which may set it too.* \[blocked: header-before-helper\]`
	w.Header().Set("Content-Type", "text/plain")
	s.doUpload(w, r, "retyped") //nolint:errcheck
}

// quietly sets a header before a helper that may write nothing.
func (s *store) quietly(w http.ResponseWriter, r *http.Request) { // want `handler \(\*store\).quietly writes .* headers are set before the writer is passed to store.doUpload, which writes nothing on some path.* \[blocked: header-before-helper\]`
	w.Header().Set("X-Quiet", "1")
	s.doUpload(w, r, "quiet") //nolint:errcheck
}

// Mux serves the handlers.
func Mux() *http.ServeMux {
	s := &store{files: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/upload", s.upload)
	mux.HandleFunc("/tagged", tagged)
	mux.HandleFunc("/length", length)
	mux.HandleFunc("/checked", s.checked)
	mux.HandleFunc("/goon", s.goOn)
	mux.HandleFunc("/retyped", s.retyped)
	mux.HandleFunc("/quietly", s.quietly)
	Greetings(mux)
	return mux
}
