package routematch

import (
	"strings"
	"testing"
)

// FuzzTemplateNames: any chi or gorilla/mux template gives names that are
// written in it, without panicking.
func FuzzTemplateNames(f *testing.F) {
	for _, seed := range []string{"/items/{id}", "/items/{id:[0-9]{1,8}}/x", "/static/*", "/{a}/{b:{{}}}", "}{", "/{", "/{:x}", "{a}{b}"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tpl string) {
		for _, syntax := range []templateSyntax{chiSyntax, gorillaSyntax} {
			for _, name := range templateNames(tpl, syntax) {
				if !strings.Contains(tpl, name) {
					t.Fatalf("templateNames(%q) gave %q, which it does not contain", tpl, name)
				}
			}
		}
	})
}

func TestTemplateNames(t *testing.T) {
	for _, test := range []struct {
		tpl    string
		syntax templateSyntax
		want   string
	}{
		{"/items/{id}", chiSyntax, "id"},
		{"/items/{id:[0-9]{1,8}}/parts/{part}", gorillaSyntax, "id,part"},
		{"/static/*", chiSyntax, "*"},
		{"/static/*", gorillaSyntax, ""},
		{"/orgs/{org}/teams/{team:[a-z]+}", chiSyntax, "org,team"},
	} {
		if got := strings.Join(templateNames(test.tpl, test.syntax), ","); got != test.want {
			t.Errorf("templateNames(%q) = %q, want %q", test.tpl, got, test.want)
		}
	}
}
