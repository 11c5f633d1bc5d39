// Package closures is the shape of a module whose handlers and helpers
// report errors through a function literal capturing the writer
// (renderError := func(...) {...}) and return right after calling it;
// and of the look-alikes that must stay as they are.
package closures

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log"
	"net/http"
	"strings"
)

var errInvalidToken = errors.New("invalid token")

type apiResponse struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

type share struct {
	ID    string
	Owner string
	Scope string
}

type server struct {
	shares map[string]share
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

var messagePage = template.Must(template.New("msg").Parse(`<p>{{.}}</p>`))

// renderMessagePage answers the template's error after a partial page.
func renderMessagePage(w http.ResponseWriter, r *http.Request, code int, message string) {
	w.WriteHeader(code)
	if err := messagePage.Execute(w, message); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// getShare answers browsers in plain text and API clients in JSON, through
// one error closure.
func (s *server) getShare(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).getShare writes its response`
	isWeb := r.URL.Query().Has("web")
	renderError := func(err error, message string, statusCode int) {
		if isWeb {
			http.Error(w, message, statusCode)
		} else {
			sendAPIResponse(w, r, err, message, statusCode)
		}
	}
	id := r.URL.Query().Get("id")
	if id == "" {
		renderError(errors.New("no id"), "an id is required", http.StatusBadRequest)
		return
	}
	sh, ok := s.shares[id]
	if !ok {
		w.Header().Set("X-Share", id)
		renderError(fmt.Errorf("share %q does not exist", id), "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "share %s of %s", sh.ID, sh.Owner)
}

// logout redirects through a closure that returns early, and logs after
// it wrote nothing more.
func (s *server) logout(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).logout writes its response`
	isAdmin := r.URL.Query().Has("admin")
	doRedirect := func() {
		http.SetCookie(w, &http.Cookie{Name: "session", MaxAge: -1})
		if isAdmin {
			http.Redirect(w, r, "/admin/login", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/login", http.StatusFound)
	}
	if r.URL.Query().Get("token") == "" {
		doRedirect()
		return
	}
	fmt.Fprint(w, "bye")
}

// quiet may write nothing: a dispatcher around it answers then.
func quiet(w http.ResponseWriter, r *http.Request) { // want `handler quiet writes its response`
	verbose := r.URL.Query().Has("verbose")
	fail := func(message string) {
		if verbose {
			http.Error(w, message, http.StatusTeapot)
		}
	}
	if !r.URL.Query().Has("ok") {
		fail("not ok")
		return
	}
	w.Write([]byte("ok"))
}

// aliased writes through a copy of the writer made before the closure.
func aliased(w http.ResponseWriter, r *http.Request) { // want `handler aliased writes its response`
	rw := w
	deny := func(code int) {
		rw.Header().Set("X-Denied", "1")
		rw.WriteHeader(code)
	}
	if r.URL.Query().Has("deny") {
		deny(http.StatusForbidden)
		return
	}
	rw.Write([]byte("allowed"))
}

// checkToken is a helper with results whose error closure writes before
// each failing return.
func checkToken(w http.ResponseWriter, r *http.Request, audience string) error {
	isAPI := audience == "api"
	doRedirect := func(message string, err error) {
		if isAPI {
			sendAPIResponse(w, r, err, message, http.StatusUnauthorized)
		} else {
			http.Redirect(w, r, "/login", http.StatusFound)
		}
	}
	token := r.URL.Query().Get("token")
	if token == "" {
		doRedirect(http.StatusText(http.StatusUnauthorized), nil)
		return errInvalidToken
	}
	if token == "basic" {
		w.Header().Set("WWW-Authenticate", `Basic realm="closures"`)
		doRedirect(http.StatusText(http.StatusUnauthorized), errors.New("basic auth required"))
		return errInvalidToken
	}
	if !strings.HasPrefix(token, audience+":") {
		doRedirect("Your token audience is not valid", errors.New("wrong audience"))
		return errInvalidToken
	}
	return nil
}

func apiUser(w http.ResponseWriter, r *http.Request) { // want `handler apiUser writes its response`
	if err := checkToken(w, r, "api"); err != nil {
		return
	}
	sendAPIResponse(w, r, nil, "welcome", http.StatusOK)
}

func webUser(w http.ResponseWriter, r *http.Request) { // want `handler webUser writes its response`
	if err := checkToken(w, r, "web"); err != nil {
		return
	}
	fmt.Fprint(w, "welcome")
}

// renderUser is a helper without results with an error closure.
func renderUser(w http.ResponseWriter, r *http.Request, name string) {
	notFound := func(what string) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "no %s named %q", what, name)
	}
	if name != "ada" {
		notFound("user")
		return
	}
	sendAPIResponse(w, r, nil, "user "+name, http.StatusOK)
}

func user(w http.ResponseWriter, r *http.Request) { // want `handler user writes its response`
	renderUser(w, r, r.URL.Query().Get("name"))
}

// buffered has a deferred call changing the bytes its closure sends.
func buffered(w http.ResponseWriter, r *http.Request) { // want `handler buffered writes .* the handler has deferred calls, which run before a returned body is sent, and fail may send bytes the handler can still change.* \[blocked: defer-before-send\]`
	buf := []byte("partial")
	defer func() { buf[0] = 'X' }()
	fail := func() { w.Write(buf) }
	if r.URL.Query().Has("fail") {
		fail()
		return
	}
	w.Write([]byte("ok"))
}

var reportPage = template.Must(template.New("report").Parse(`<h1>{{.Title}}</h1>{{.Title.Missing}}`))

// report answers a template's error through its closure, after a partial
// page.
func report(w http.ResponseWriter, r *http.Request) { // want `handler report writes .* the template's error is answered through the writer.* \[blocked: template-error\]`
	fail := func() { http.Error(w, "report failed", http.StatusInternalServerError) }
	if err := reportPage.Execute(w, map[string]string{"Title": "report"}); err != nil {
		fail()
	}
}

// deferred sends its error from a deferred call, or at once.
func deferred(w http.ResponseWriter, r *http.Request) { // want `handler deferred writes .* the function literal fail uses the writer and is deferred.* \[blocked: closure-write\]`
	failed := true
	fail := func() {
		if failed {
			http.Error(w, "failed", http.StatusInternalServerError)
		}
	}
	if r.URL.Query().Has("now") {
		fail()
		return
	}
	defer fail()
	if r.URL.Query().Has("ok") {
		failed = false
		w.Write([]byte("ok"))
	}
}

// passed hands the closure on.
func passed(w http.ResponseWriter, r *http.Request) { // want `handler passed writes .* the function literal fail uses the writer and is used as a value.* \[blocked: closure-write\]`
	fail := func() { http.Error(w, "failed", http.StatusBadRequest) }
	withName(r, fail)
}

func withName(r *http.Request, onMissing func()) {
	if r.URL.Query().Get("name") == "" {
		onMissing()
	}
}

// goOn calls the closure and goes on writing.
func goOn(w http.ResponseWriter, r *http.Request) { // want `handler goOn writes .* statements still run after the response is written.* \[blocked: code-after-write\]`
	warn := func() { w.Header().Set("Warning", "199 - odd") }
	if r.URL.Query().Has("odd") {
		warn()
	}
	w.Write([]byte("done"))
}

// twice writes two answers.
func twice(w http.ResponseWriter, r *http.Request) { // want `handler twice writes .* \[blocked: multiple-writes\]`
	say := func(s string) { fmt.Fprintln(w, s) }
	say("one")
	say("two")
}

// page's closure ends with a page whose template error is answered after a
// partial page.
func page(w http.ResponseWriter, r *http.Request) { // want `handler page writes .* the function literal renderError cannot be made pure: the writer is passed to closures.renderMessagePage, which cannot be made pure: the template's error is answered through the writer.* \[blocked: template-error\]`
	renderError := func(message string) {
		renderMessagePage(w, r, http.StatusBadRequest, message)
	}
	if r.URL.Query().Get("q") == "" {
		renderError("no query")
		return
	}
	fmt.Fprint(w, "results")
}

// checkShare's error closure ends in a page whose template error is
// answered after a partial page.
func checkShare(w http.ResponseWriter, r *http.Request) error {
	renderError := func(message string) {
		renderMessagePage(w, r, http.StatusForbidden, message)
	}
	if r.URL.Query().Get("share") == "" {
		renderError("no share")
		return errInvalidToken
	}
	return nil
}

func sharePage(w http.ResponseWriter, r *http.Request) { // want `handler sharePage writes .* the writer is passed to closures.checkShare → renderError → closures.renderMessagePage, which cannot be made pure: the template's error is answered through the writer.* \[blocked: template-error\]`
	if err := checkShare(w, r); err != nil {
		return
	}
	fmt.Fprint(w, "share page")
}

// counted's closure has results.
func counted(w http.ResponseWriter, r *http.Request) { // want `handler counted writes .* the function literal write uses the writer and has results, so its calls are not statements.* \[blocked: closure-write\]`
	write := func(s string) int {
		n, _ := fmt.Fprint(w, s)
		return n
	}
	n := write("hello")
	log.Print(n)
}

// retagged sets a header the closure sets too.
func retagged(w http.ResponseWriter, r *http.Request) { // want `handler retagged writes .* the header Content-Type is set before the function literal fail writing the response is called, which may set it too.* \[blocked: header-before-helper\]`
	fail := func() { http.Error(w, "failed", http.StatusBadRequest) }
	w.Header().Set("Content-Type", "text/html")
	if !r.URL.Query().Has("ok") {
		fail()
		return
	}
	w.Write([]byte("<p>ok</p>"))
}

// inGoroutine calls the closure from another literal.
func inGoroutine(w http.ResponseWriter, r *http.Request) { // want `handler inGoroutine writes .* the function literal fail uses the writer and is used inside another function literal.* \[blocked: closure-write\]`
	fail := func() { http.Error(w, "failed", http.StatusBadRequest) }
	done := make(chan bool)
	go func() {
		fail()
		done <- true
	}()
	<-done
}

// lenient returns a nil error after its closure wrote.
func lenient(w http.ResponseWriter, r *http.Request) error {
	fail := func() { http.Error(w, "lenient", http.StatusBadRequest) }
	if r.URL.Query().Has("bad") {
		fail()
		return nil
	}
	return nil
}

func useLenient(w http.ResponseWriter, r *http.Request) { // want `handler useLenient writes .* the writer is passed to closures.lenient, which cannot be made pure: it may write a response and return a nil error.* \[blocked: helper-result\]`
	if err := lenient(w, r); err != nil {
		return
	}
	fmt.Fprint(w, "lenient ok")
}

// Mux serves the handlers.
func Mux() *http.ServeMux {
	s := &server{shares: map[string]share{"s1": {ID: "s1", Owner: "ada", Scope: "read"}}}
	mux := http.NewServeMux()
	mux.HandleFunc("/share", s.getShare)
	mux.HandleFunc("/logout", s.logout)
	mux.HandleFunc("/quiet", quiet)
	mux.HandleFunc("/aliased", aliased)
	mux.HandleFunc("/api/user", apiUser)
	mux.HandleFunc("/web/user", webUser)
	mux.HandleFunc("/deferred", deferred)
	mux.HandleFunc("/passed", passed)
	mux.HandleFunc("/goon", goOn)
	mux.HandleFunc("/twice", twice)
	mux.HandleFunc("/page", page)
	mux.HandleFunc("/counted", counted)
	mux.HandleFunc("/sharepage", sharePage)
	mux.HandleFunc("/retagged", retagged)
	mux.HandleFunc("/ingoroutine", inGoroutine)
	mux.HandleFunc("/lenient", useLenient)
	mux.HandleFunc("/user", user)
	mux.HandleFunc("/buffered", buffered)
	mux.HandleFunc("/report", report)
	return mux
}
