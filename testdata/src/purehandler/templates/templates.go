// Package templates holds handlers that render a page with html/template
// or text/template straight into their writer, ignoring the error.
package templates

import (
	"html/template"
	"log"
	"net/http"
	texttemplate "text/template"
)

var (
	pages = template.Must(template.New("home").Parse(`<!DOCTYPE html><title>{{.Title}}</title>{{range .Items}}<li>{{.}}{{end}}`))
	// about starts with an action printing nothing: a ResponseRecorder
	// sniffs the Content-Type from that first, empty, Write.
	about = template.Must(template.New("about").Parse(`{{define "about"}}{{.Note}}<p>About {{.Title}}</p>{{end}}`))
	// report fails half-way: index 5 is out of range.
	report = texttemplate.Must(texttemplate.New("report").Parse("report {{.Title}}\n{{index .Items 5}}\nend\n"))
)

type data struct {
	Title, Note string
	Items       []string
}

func home(w http.ResponseWriter, r *http.Request) { // want `handler home writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	pages.Execute(w, data{Title: "Home", Items: []string{"a", "b"}})
}

func aboutPage(w http.ResponseWriter, r *http.Request) { // want `handler aboutPage writes its response through http.ResponseWriter, so the response exists only as side effects`
	title := r.URL.Query().Get("title")
	if title == "" {
		http.Error(w, "missing title", http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusAccepted)
	_ = about.ExecuteTemplate(w, "about", data{Title: title})
}

func reportPage(w http.ResponseWriter, r *http.Request) { // want `handler reportPage writes its response through http.ResponseWriter, so the response exists only as side effects`
	report.Execute(w, data{Title: r.URL.Path, Items: []string{"only"}})
}

// missing names a template that does not exist: Execute fails before
// writing anything, so a dispatcher still writes after it.
func missing(w http.ResponseWriter, r *http.Request) { // want `handler missing writes its response through http.ResponseWriter, so the response exists only as side effects`
	pages.ExecuteTemplate(w, "nope", nil)
}

// logged logs the template's error after the partial page was sent.
func logged(w http.ResponseWriter, r *http.Request) { // want `handler logged writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := report.Execute(w, data{Title: "logged"}); err != nil {
		log.Printf("logged: %v", err)
		if r.URL.Query().Has("quiet") {
			return
		}
		log.Print("that was the report") // after the error
	}
}

// Mux registers the handlers.
func Mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/tmpl/home", home)
	mux.HandleFunc("/tmpl/about", aboutPage)
	mux.HandleFunc("/tmpl/report", reportPage)
	mux.HandleFunc("/tmpl/missing", missing)
	mux.HandleFunc("/tmpl/logged", logged)
	return mux
}
