// Package assets holds templates that another package executes into its
// responses, as a gateway's assets package does.
package assets

import "html/template"

type PageData struct {
	Path  string
	Items []string
}

// Page is set once at start-up; its callers execute it into the writer.
var Page = template.Must(template.New("page").Parse(`<html><body><h1>{{.Path}}</h1>{{range .Items}}<p>{{.}}</p>{{end}}</body></html>`))

var ErrorPage = template.Must(template.New("error").Parse(`<html><body><h1>{{.}}</h1></body></html>`))
