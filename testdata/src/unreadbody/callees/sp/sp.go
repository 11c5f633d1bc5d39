// Package sp reads forms for handlers of other packages, the way a SAML
// or OAuth library parses a response posted to a handler.
package sp

import (
	"errors"
	"io"
	"net/http"
)

// ParseResponse reads the posted response: it relies on its caller having
// parsed the form.
func ParseResponse(r *http.Request, field string) (string, error) { // want ParseResponse:`unreadbody\(p0 must=none may=reads-form needs-form="r.PostForm at sp.go:14" form-use="r.PostForm at sp.go:14"\)`
	v := r.PostForm.Get(field)
	if v == "" {
		return "", errors.New("missing " + field)
	}
	return v, nil
}

// Outer hands the request to a function reading the form.
func Outer(r *http.Request) string { // want Outer:`needs-form="r.Form at sp.go:27 in sp.inner"`
	return inner(r)
}

func inner(r *http.Request) string { // want inner:`needs-form="r.Form at sp.go:27"`
	return r.Form.Get("state")
}

// Files lists the uploaded files: it relies on a multipart parse.
func Files(r *http.Request) []string { // want Files:`needs-multipart="r.MultipartForm at sp.go:33"`
	var names []string
	for name := range r.MultipartForm.File {
		names = append(names, name)
	}
	return names
}

// --- look-alikes: no reliance on the caller's parse ---

// ParsesFirst parses the form itself before reading it.
func ParsesFirst(r *http.Request) (string, error) { // want ParsesFirst:`unreadbody\(p0 must=form may=form,reads-form form-use="r.PostForm at sp.go:46"\)`
	if err := r.ParseForm(); err != nil {
		return "", err
	}
	return r.PostForm.Get("code"), nil
}

// Value uses FormValue, which parses.
func Value(r *http.Request) string { // want Value:`unreadbody\(p0 must=form may=form,multipart,reads-form form-use="r.FormValue at sp.go:51"\)`
	return r.FormValue("code")
}

// Guarded reads the form only when someone parsed it.
func Guarded(r *http.Request) string { // want Guarded:`unreadbody\(p0 must=none may=reads-form form-use="r.Form at sp.go:59"\)`
	if r.Form == nil {
		return ""
	}
	return r.Form.Get("state")
}

// Limited reads the body behind a limit.
func Limited(w http.ResponseWriter, r *http.Request) ([]byte, error) { // want Limited:`unreadbody\(p1 must=body may=body,touch-body,bounds-body\)`
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	return io.ReadAll(r.Body)
}
