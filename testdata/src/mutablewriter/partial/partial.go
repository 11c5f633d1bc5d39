// Package partial exercises reply-after-partial-write: replies on the
// error path of templates executed into the response.
package partial

import (
	"bytes"
	"html/template"
	"log"
	"net/http"
	"strings"
	texttemplate "text/template"
)

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html><html><body><h1>{{.Title}}</h1>{{range .Items}}<p>{{.}}</p>{{end}}</body></html>`))

var plain = texttemplate.Must(texttemplate.New("plain").Parse("title: {{.Title}}\n{{range .Items}}- {{.}}\n{{end}}"))

type Data struct {
	Title string
	Items []string
}

func data(r *http.Request) Data {
	n := len(r.URL.Query().Get("n"))
	return Data{Title: "Items", Items: []string{strings.Repeat("x", n)}}
}

// Big renders more than net/http's 4 KiB buffer, so its response is
// chunked on both sides of the fix.
func bigData() Data {
	items := make([]string, 300)
	for i := range items {
		items[i] = "item number " + strings.Repeat("y", i%20)
	}
	return Data{Title: "Big", Items: items}
}

// --- positives with a fix ---

func Show(w http.ResponseWriter, r *http.Request) {
	if err := page.Execute(w, data(r)); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `http.Error replies after page.Execute failed, but a template that fails while executing has usually written part of the page already, so the status is ignored \(net/http logs "http: superfluous response.WriteHeader call"\) and the reply is appended to half a page; execute the template into a bytes.Buffer and write the buffer only on success$`
		return
	}
}

func ShowBig(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := page.Execute(w, bigData()); err != nil {
		http.Error(w, "render failed", http.StatusInternalServerError) // want `http.Error replies after page.Execute failed`
	}
}

func Plain(w http.ResponseWriter, r *http.Request) {
	err := plain.ExecuteTemplate(w, "plain", data(r))
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError) // want `w.WriteHeader sends a status after plain.ExecuteTemplate failed`
	}
}

// --- positives without a fix ---

func Logged(w http.ResponseWriter, r *http.Request) {
	if err := page.Execute(w, data(r)); err != nil {
		log.Printf("render: %v", err)
		http.Error(w, "render failed", http.StatusInternalServerError) // want `http.Error replies after page.Execute failed.* \(no automatic fix: the error branch does more than reply, and would no longer run when writing the page to the client fails\)$`
	}
}

func render(w http.ResponseWriter, name string, v any) error {
	return page.ExecuteTemplate(w, name, v)
}

func ViaHelper(w http.ResponseWriter, r *http.Request) {
	if err := render(w, "page", data(r)); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `http.Error replies after render failed.* \(no automatic fix: the template is executed by render, which would have to render into a buffer itself\)$`
	}
}

// --- look-alikes ---

func Buffered(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, data(r)); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	buf.WriteTo(w)
}

func OnlyLogged(w http.ResponseWriter, r *http.Request) {
	if err := page.Execute(w, data(r)); err != nil {
		log.Printf("render: %v", err)
	}
}

// Written before: superfluous-writeheader's finding, not this rule's.
func WrittenBefore(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("<!-- header -->"))
	if err := page.Execute(w, data(r)); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError) // want `http.Error sends a status after the response was committed by w.Write`
	}
}

func ReturnsErr(w http.ResponseWriter, r *http.Request) error {
	if err := page.Execute(w, data(r)); err != nil {
		return err
	}
	return nil
}
