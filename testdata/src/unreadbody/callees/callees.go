// Package callees has handlers whose form is read by functions of another
// package (sp): the facts say where.
package callees

import (
	"fmt"
	"net/http"

	"unreadbody/callees/sp"
)

// --- positives ---

// ACS is the SAML shape: the parse error is discarded, and sp reads the
// form.
func ACS(w http.ResponseWriter, r *http.Request) {
	r.ParseForm() // want `the error of r.ParseForm is discarded, so a malformed or oversized form reads as missing fields for sp.ParseResponse, which reads r.PostForm \(sp.go:\d+\); check it and reply 400 Bad Request`
	resp, err := sp.ParseResponse(r, "SAMLResponse")
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	fmt.Fprintln(w, resp)
}

func Callback(w http.ResponseWriter, r *http.Request) {
	code, err := sp.ParseResponse(r, "code") // want `sp.ParseResponse reads r.PostForm \(sp.go:\d+\), but the form is not parsed on any path before this call, so it is nil and every field reads empty; call ParseForm on the request \(and check its error\) before the call`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, code)
}

func State(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, sp.Outer(r)) // want `sp.Outer reads r.Form \(sp.go:\d+, in sp.inner\), but the form is not parsed`
}

func Uploads(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, sp.Files(r)) // want `sp.Files dereferences r.MultipartForm \(sp.go:\d+\), but the multipart form is not parsed on any path before this call, so it is nil and the call panics`
}

// --- look-alikes ---

func Parsed(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	code, _ := sp.ParseResponse(r, "code")
	fmt.Fprintln(w, code)
}

func SelfParsing(w http.ResponseWriter, r *http.Request) {
	code, err := sp.ParsesFirst(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, code, sp.Value(r), sp.Guarded(r))
}

// A discarded multipart error, then sp dereferences the multipart form:
// reported as the discarded error, the parse having run.
func Discarded(w http.ResponseWriter, r *http.Request) {
	r.ParseMultipartForm(1 << 20) // want `the error of r.ParseMultipartForm is discarded`
	fmt.Fprintln(w, sp.Files(r))
}

func Bounded(w http.ResponseWriter, r *http.Request) {
	data, err := sp.Limited(w, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	fmt.Fprintln(w, len(data))
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /acs", ACS)
	mux.HandleFunc("POST /callback", Callback)
	mux.HandleFunc("GET /state", State)
	mux.HandleFunc("POST /uploads", Uploads)
	mux.HandleFunc("POST /parsed", Parsed)
	mux.HandleFunc("POST /self", SelfParsing)
	mux.HandleFunc("POST /discarded", Discarded)
	mux.HandleFunc("POST /bounded", Bounded)
}
