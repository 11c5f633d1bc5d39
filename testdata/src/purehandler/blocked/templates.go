package blocked

import (
	"fmt"
	"html/template"
	"log"
	"net/http"
)

var pageTmpl = template.Must(template.New("p").Parse(`<p>{{.}}</p>`))

// When the template fails half-way, the client gets the partial page and
// then http.Error's text, under the page's 200: executing into memory
// first would send a clean 500 instead.
func templateErrorReply(w http.ResponseWriter, r *http.Request) { // want `handler templateErrorReply .* the template's error is answered through the writer, after Execute may already have sent part of the page; executing it into memory first would send the error reply alone; refactor that part by hand \[blocked: template-error\]$`
	if err := pageTmpl.Execute(w, r.URL.Path); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// The error is kept in a variable.
// The error is kept in a variable: the template and what follows it are
// a streamed tail, kept as they are (purehandler/streams); so are the
// next ones, but the error reply through http.Error above.
func templateErrorLogged(w http.ResponseWriter, r *http.Request) { // want `handler templateErrorLogged writes its response through http.ResponseWriter, so the response exists only as side effects`
	err := pageTmpl.ExecuteTemplate(w, "p", r.URL.Path)
	if err != nil {
		log.Print(err)
	}
}

// The error's branch writes a footer after the partial page.
func templateErrorFooter(w http.ResponseWriter, r *http.Request) { // want `handler templateErrorFooter writes its response through http.ResponseWriter, so the response exists only as side effects`
	if err := pageTmpl.Execute(w, r.URL.Path); err != nil {
		log.Print(err)
		fmt.Fprint(w, "<p>sorry</p>")
	}
}

// The error's branch goes on with the next page.
func templatePages(w http.ResponseWriter, r *http.Request) { // want `handler templatePages writes its response through http.ResponseWriter, so the response exists only as side effects`
	for _, p := range []string{"a", "b"} {
		if err := pageTmpl.Execute(w, p); err != nil {
			continue
		}
		return
	}
}

// A footer is written after the page.
func templateThenFooter(w http.ResponseWriter, r *http.Request) { // want `handler templateThenFooter writes its response through http.ResponseWriter, so the response exists only as side effects`
	pageTmpl.Execute(w, r.URL.Path)
	fmt.Fprint(w, "<footer>")
}

// One template per item: a streamed response.
func templatePerItem(w http.ResponseWriter, r *http.Request) { // want `handler templatePerItem writes its response through http.ResponseWriter, so the response exists only as side effects`
	for _, item := range r.URL.Query()["item"] {
		pageTmpl.Execute(w, item)
	}
}

// TemplateRoutes registers the look-alikes.
func TemplateRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/t/reply", templateErrorReply)
	mux.HandleFunc("/t/logged", templateErrorLogged)
	mux.HandleFunc("/t/footer", templateThenFooter)
	mux.HandleFunc("/t/errfooter", templateErrorFooter)
	mux.HandleFunc("/t/pages", templatePages)
	mux.HandleFunc("/t/items", templatePerItem)
}
