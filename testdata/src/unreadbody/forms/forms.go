// Package forms exercises form-before-parse and multipart-before-parse:
// HTML form posts and file uploads served by handlers whose callers are
// out of sight (registered by another package).
package forms

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
)

var page = template.Must(template.New("page").Parse(`{{.}}`))

// --- form-before-parse: positives ---

func Search(w http.ResponseWriter, r *http.Request) {
	q := r.Form.Get("q") // want `r.Form is read before the form is parsed on any path, so it is nil and every field reads empty; call r.ParseForm \(and check its error\) first, or use r.FormValue`
	page.Execute(w, q)
}

func Signup(w http.ResponseWriter, r *http.Request) {
	profile := map[string]string{}
	for key, vals := range r.PostForm { // want `r.PostForm is read before the form is parsed on any path.*use r.PostFormValue`
		profile[key] = vals[0]
	}
	fmt.Fprintln(w, len(profile))
}

func Feedback(w http.ResponseWriter, r *http.Request) {
	if len(r.PostForm) == 0 { // want `r.PostForm is read before the form is parsed`
		http.Error(w, "empty feedback", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func UpdateSettings(w http.ResponseWriter, r *http.Request) {
	if err := validateSettings(r.PostForm); err != nil { // want `r.PostForm is read before the form is parsed`
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func validateSettings(v url.Values) error {
	if v.Get("email") == "" {
		return fmt.Errorf("email is required")
	}
	return nil
}

// The parse comes too late: the first read is before it.
func Comment(w http.ResponseWriter, r *http.Request) {
	author := r.PostForm.Get("author") // want `r.PostForm is read before the form is parsed`
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "thanks %s: %s", author, r.PostForm.Get("text"))
}

// clientIP is harmless to the request (its fact says so), so the form is
// still unparsed after it.
func clientIP(r *http.Request) string { // want clientIP:`unreadbody\(p0 must=none may=none\)`
	if ip := r.Header.Get("X-Real-IP"); ip != "" {
		return ip
	}
	return r.RemoteAddr
}

func Vote(w http.ResponseWriter, r *http.Request) {
	voter := clientIP(r)
	choice, _ := strconv.Atoi(r.Form["choice"][0]) // want `r.Form is read before the form is parsed`
	fmt.Fprintln(w, voter, choice)
}

// Through an alias of the request.
func Subscribe(w http.ResponseWriter, r *http.Request) {
	req := r
	if !req.PostForm.Has("email") { // want `req.PostForm is read before the form is parsed.*req.ParseForm`
		http.Error(w, "email required", http.StatusBadRequest)
	}
}

// A handler factory's literal: routers, its only callers, never parse.
func NewsletterHandler(list string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		email := r.PostForm.Get("email") // want `r.PostForm is read before the form is parsed`
		fmt.Fprintln(w, list, email)
	}
}

// --- multipart-before-parse: positives ---

func UploadAvatar(w http.ResponseWriter, r *http.Request) {
	files := r.MultipartForm.File["avatar"] // want `r.MultipartForm is used before the multipart form is parsed on any path, so it is nil and this panics; call r.ParseMultipartForm and check its error first`
	fmt.Fprintln(w, len(files))
}

func ImportContacts(w http.ResponseWriter, r *http.Request) {
	defer r.MultipartForm.RemoveAll() // want `r.MultipartForm is used before the multipart form is parsed`
	if err := r.ParseMultipartForm(10 << 20); err != nil {
		http.Error(w, "invalid upload", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, len(r.MultipartForm.File["contacts"]))
}

// r.ParseForm does not parse multipart bodies.
func AttachDocuments(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	title := r.PostForm.Get("title")
	for _, fh := range r.MultipartForm.File["docs"] { // want `r.MultipartForm is used before the multipart form is parsed`
		fmt.Fprintln(w, title, fh.Filename)
	}
}

// --- negatives ---

func Login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	user, pass := r.PostForm.Get("user"), r.PostForm.Get("password")
	fmt.Fprintln(w, user, len(pass))
}

func Filter(w http.ResponseWriter, r *http.Request) {
	status := r.FormValue("status") // parses the form implicitly
	tags := r.Form["tag"]
	fmt.Fprintln(w, status, tags)
}

func Register(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	defer r.MultipartForm.RemoveAll()
	name := r.PostForm.Get("name")
	for _, fh := range r.MultipartForm.File["photo"] {
		fmt.Fprintln(w, name, fh.Filename)
	}
}

// The code knows the form may be nil and parses it itself.
func Lazy(w http.ResponseWriter, r *http.Request) {
	if r.Form == nil {
		r.ParseForm() // want `the error of r.ParseForm is discarded`
	}
	fmt.Fprintln(w, r.Form.Get("page"))
}

// A parse on one path: the read may see a parsed form, so it is not
// reported.
func Preferences(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "invalid form", http.StatusBadRequest)
			return
		}
	}
	fmt.Fprintln(w, r.Form.Get("theme"))
}

// parseFilters parses the form on every path that returns normally.
func parseFilters(r *http.Request) (url.Values, error) { // want parseFilters:`unreadbody\(p0 must=form may=form,reads-form form-use="r.Form at forms.go:181"\)`
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.Form, nil
}

func Report(w http.ResponseWriter, r *http.Request) {
	if _, err := parseFilters(r); err != nil {
		http.Error(w, "bad filters", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, r.Form.Get("from"), r.Form.Get("to"))
}

type Auditor interface {
	Audit(r *http.Request)
}

type Admin struct{ audit Auditor }

// Unknown code may parse the form.
func (a *Admin) Ban(w http.ResponseWriter, r *http.Request) {
	a.audit.Audit(r)
	fmt.Fprintln(w, r.PostForm.Get("user"))
}

// A parse in a closure happens at some unknown time: nothing is known
// after it.
func Deferred(w http.ResponseWriter, r *http.Request) {
	parse := func() { r.ParseForm() }
	parse()
	fmt.Fprintln(w, r.Form.Get("x"))
}

// The handler fills the form itself.
func Synthetic(w http.ResponseWriter, r *http.Request) {
	r.Form = url.Values{}
	r.Form.Set("source", "synthetic")
	fmt.Fprintln(w, r.Form.Encode())
}

// A request the handler builds is not the one it serves.
func Proxy(w http.ResponseWriter, r *http.Request) {
	out, err := http.NewRequest(http.MethodPost, "http://backend/", nil)
	if err != nil {
		return
	}
	fmt.Fprintln(w, out.Form.Get("x"))
}

func SaveUpload(w http.ResponseWriter, r *http.Request) {
	file, header, err := r.FormFile("upload")
	if err != nil {
		http.Error(w, "missing upload", http.StatusBadRequest)
		return
	}
	defer file.Close()
	dst, err := os.Create(filepath.Join(os.TempDir(), filepath.Base(header.Filename)))
	if err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	defer dst.Close()
	io.Copy(dst, file)
	fmt.Fprintln(w, len(r.MultipartForm.File))
}

func OptionalAttachments(w http.ResponseWriter, r *http.Request) {
	r.ParseMultipartForm(1 << 20) //nolint:unreadbody // tested in package decode
	if r.MultipartForm != nil {
		fmt.Fprintln(w, len(r.MultipartForm.File["extra"]))
	}
}

// Handing the multipart form on is not a dereference.
func Inspect(w http.ResponseWriter, r *http.Request) {
	describe(w, r.MultipartForm)
}

func describe(w io.Writer, v any) { fmt.Fprintln(w, v) }

// A dispatcher parses, then calls handlers that rely on it: those are
// referenced, so their callers are in sight and they are not checked.
func Dispatch(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	switch r.PostForm.Get("action") {
	case "archive":
		archive(w, r)
	case "delete":
		remove(w, r)
	}
}

func archive(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "archived", r.PostForm["id"])
}

func remove(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "deleted", r.PostForm.Get("id"))
}

// A loop that parses at the end of each turn: the first turn reads an
// unparsed form, later ones a parsed form; not reported (may be parsed).
func Poll(w http.ResponseWriter, r *http.Request) {
	for i := 0; i < 3; i++ {
		if r.Form.Get("done") != "" {
			return
		}
		r.ParseForm()
	}
}

type ctxKey struct{}

// r = r.WithContext(ctx) keeps the same form: still unparsed.
func Tenant(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "acme"))
	fmt.Fprintln(w, r.Form.Get("plan")) // want `r.Form is read before the form is parsed`
}

var next http.Handler = http.NotFoundHandler()

// A copy handed to unknown code: what happens to r is unknown after it.
func Forwarded(w http.ResponseWriter, r *http.Request) {
	next.ServeHTTP(w, r.WithContext(context.Background()))
	fmt.Fprintln(w, r.Form.Get("plan"))
}
