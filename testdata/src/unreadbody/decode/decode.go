// Package decode exercises ignored-decode-error and its 400 fix.
package decode

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
)

type CreateUser struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type Feed struct {
	Title string `xml:"title"`
}

type Users struct{ db map[string]CreateUser }

// --- positives with a fix ---

func (u *Users) Create(w http.ResponseWriter, r *http.Request) {
	var req CreateUser
	json.NewDecoder(r.Body).Decode(&req) // want `the error of Decode is discarded, so a malformed JSON body leaves req partly filled and the handler goes on with it; check it and reply 400 Bad Request`
	u.db[req.Email] = req
	w.WriteHeader(http.StatusCreated)
}

func (u *Users) Update(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	var patch map[string]string
	_ = json.Unmarshal(body, &patch) // want `the error of json.Unmarshal is discarded, so a malformed JSON body leaves patch partly filled`
	for k, v := range patch {
		log.Printf("set %s=%s", k, v)
	}
	json.NewEncoder(w).Encode(patch)
}

func Subscribe(w http.ResponseWriter, r *http.Request) {
	r.ParseForm() // want `the error of r.ParseForm is discarded, so a malformed or oversized form reads as missing fields; check it and reply 400 Bad Request`
	email := r.PostForm.Get("email")
	fmt.Fprintf(w, "subscribed %s", email)
}

func (u *Users) Strict(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var req CreateUser
	dec.Decode(&req) // want `the error of Decode is discarded`
	if req.Name == "" {
		http.Error(w, "name is required", http.StatusUnprocessableEntity)
		return
	}
	u.db[req.Email] = req
}

func ImportFeed(w http.ResponseWriter, r *http.Request) {
	var feed Feed
	switch r.Header.Get("Content-Type") {
	case "application/xml":
		xml.NewDecoder(r.Body).Decode(&feed) // want `the error of Decode is discarded, so a malformed XML body leaves feed partly filled`
	default:
		http.Error(w, "unsupported", http.StatusUnsupportedMediaType)
		return
	}
	fmt.Fprintln(w, feed.Title)
}

// --- positives without a fix, and why ---

func Greet(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "processing")
	var req CreateUser
	json.NewDecoder(r.Body).Decode(&req) // want `the error of Decode is discarded.*\(no automatic fix: the response may already be written here\)`
	fmt.Fprintln(w, req.Name)
}

func Upload(w http.ResponseWriter, r *http.Request) {
	r.ParseMultipartForm(32 << 20) // want `the error of r.ParseMultipartForm is discarded.*\(no automatic fix: a url-encoded form makes it fail with http.ErrNotMultipart, which the handler may need to accept\)`
	fmt.Fprintln(w, r.FormValue("title"))
}

func Anonymous(_ http.ResponseWriter, r *http.Request) {
	var req CreateUser
	json.NewDecoder(r.Body).Decode(&req) // want `\(no automatic fix: the response writer has no usable name\)`
	log.Println(req.Name)
}

func Shadowed(w http.ResponseWriter, r *http.Request) {
	if w := r.Header.Get("X-Requested-By"); w != "" {
		var req CreateUser
		json.NewDecoder(r.Body).Decode(&req) // want `\(no automatic fix: the response writer is shadowed here\)`
		log.Println(w, req.Name)
	}
}

// --- negatives ---

func Checked(w http.ResponseWriter, r *http.Request) {
	var req CreateUser
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, req.Name)
}

// The value is never used: discarding the body is deliberate.
func Drain(w http.ResponseWriter, r *http.Request) {
	var ignored any
	json.NewDecoder(r.Body).Decode(&ignored)
	w.WriteHeader(http.StatusNoContent)
}

// Not the request body.
func Defaults(w http.ResponseWriter, r *http.Request) {
	data, _ := os.ReadFile("defaults.json")
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	f, _ := os.Open("seed.json")
	json.NewDecoder(f).Decode(&cfg)
	fmt.Fprintln(w, cfg)
}

// The parse's error is checked through an assignment.
func Assigned(w http.ResponseWriter, r *http.Request) {
	err := r.ParseForm()
	if err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, r.PostForm.Get("q"))
}

// A goroutine's statement belongs to another function.
func Background(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	go func() {
		var ev map[string]any
		json.Unmarshal(body, &ev)
		log.Println(ev)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// A parse whose form is never used afterwards.
func Touch(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	w.WriteHeader(http.StatusNoContent)
}

// r.FormValue parsed the form already: the later parse returns nil, its
// error was gone before (from net/http/cgi/cgi_main.go).
func AlreadyParsed(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("nil-request-body") == "1" {
		fmt.Fprintf(w, "nil-request-body=%v\n", r.Body == nil)
		return
	}
	r.ParseForm()
	if eb, ok := r.Form["exact-body"]; ok {
		fmt.Fprintln(w, eb[0])
	}
}

// r.FormFile returns the parse's error again, and it is checked (from
// net/http/serve_test.go).
func FileAfterParse(w http.ResponseWriter, r *http.Request) {
	r.ParseMultipartForm(1 << 20)
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.Close()
}
