// Package analyzerdoc takes an analyzer's documentation from its package's
// doc.go, so the text users read with "routevet help NAME" and on pkg.go.dev
// is written once.
package analyzerdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the documentation of the analyzer called name from
// the source of a doc.go file (embedded with //go:embed): the text after
// the heading "# Analyzer NAME" in the package comment, up to the next such
// heading. Its first line is the one-line summary, "NAME: does what". It
// panics when the heading is missing, since that is a build mistake.
func MustExtract(src, name string) string {
	doc, err := extract(src, name)
	if err != nil {
		panic(err)
	}
	return doc
}

func extract(src, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name + "\n"
	i := strings.Index(text, heading)
	if i < 0 {
		return "", fmt.Errorf("package comment has no %q heading", strings.TrimSpace(heading))
	}
	body := text[i+len(heading):]
	if j := strings.Index(body, "\n# Analyzer "); j >= 0 {
		body = body[:j]
	}
	body = strings.TrimSpace(body)
	if !strings.HasPrefix(body, name+": ") {
		return "", fmt.Errorf("analyzer %s doc must start with %q", name, name+": ")
	}
	return body, nil
}
