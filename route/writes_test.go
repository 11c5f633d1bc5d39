package route_test

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	texttemplate "text/template"

	"github.com/routevet/routevet/route"
)

var (
	page   = template.Must(template.New("page").Parse(`{{.Empty}}<!DOCTYPE html><title>{{.Title}}</title>{{range .Items}}<li>{{.}}{{end}}`))
	broken = texttemplate.Must(texttemplate.New("broken").Parse(`partial {{.Title}} then {{index .Items 5}} never`))
	plain  = texttemplate.Must(texttemplate.New("plain").Parse(`hello {{.Title}}`))
)

type pageData struct {
	Empty, Title string
	Items        []string
}

// TestWriteFuncLikeHandler checks that a Func returning what a template
// writes, through route.WriteFunc, makes on its writer the calls of a
// handler executing the template into its writer: same Writes, so the
// same sniffed Content-Type under a ResponseRecorder, the same calls on
// a spy; also when the template fails half-way and the handler ignores
// the error, sending the partial page.
func TestWriteFuncLikeHandler(t *testing.T) {
	data := pageData{Title: "T", Items: strings.Split(strings.Repeat("item,", 400), ",")}
	type executor interface {
		Execute(io.Writer, any) error
	}
	for _, tc := range []struct {
		name   string
		tmpl   executor
		status int
		ct     string
	}{
		{"html, sniffed", page, route.ImplicitOK, ""},
		{"html, typed, status", page, http.StatusCreated, "text/html; charset=utf-8"},
		{"failing half-way", broken, route.ImplicitOK, ""},
		{"plain", plain, http.StatusAccepted, ""},
	} {
		handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tc.ct != "" {
				w.Header().Set("Content-Type", tc.ct)
			}
			if tc.status != route.ImplicitOK {
				w.WriteHeader(tc.status)
			}
			tc.tmpl.Execute(w, data)
		})
		f := route.Func(func(r *http.Request) (*http.Response, error) {
			resp, _ := route.WriteFunc(tc.status, tc.ct, func(w io.Writer) error { return tc.tmpl.Execute(w, data) })
			return resp, nil
		})
		for _, method := range []string{"GET", "HEAD"} {
			want, got := observe(t, handler, method), observe(t, f, method)
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s %s:\nhandler: %+v\nFunc:    %+v", tc.name, method, want, got)
			}
		}
	}
}

// TestWriteFuncError checks what WriteFunc returns when fn fails: the
// error, and the response with what fn wrote before.
func TestWriteFuncError(t *testing.T) {
	boom := errors.New("boom")
	resp, err := route.WriteFunc(http.StatusOK, "text/plain", func(w io.Writer) error {
		fmt.Fprint(w, "part")
		return boom
	})
	if err != boom || resp == nil {
		t.Fatalf("got %v, %v", resp, err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "part" || resp.ContentLength != 4 {
		t.Errorf("body %q, length %d", b, resp.ContentLength)
	}
}
