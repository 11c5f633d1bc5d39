package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// xpkgModule has handlers replying through helpers of another package of
// the module (httputil) and of another module (example.com/dep, replaced
// by a directory of its own).
func xpkgModule(t *testing.T) map[string]string {
	route, err := filepath.Abs("../../route")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/dep v0.0.0\n\tgithub.com/routevet/routevet/route v0.0.0\n)\n\n" +
			"replace example.com/dep => ./dep\n\nreplace github.com/routevet/routevet/route => " + route + "\n",
		"dep/go.mod": "module example.com/dep\n\ngo 1.22\n",
		"dep/render/render.go": `package render

import "net/http"

// JSON is a helper of another module: never edited.
func JSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(body))
}
`,
		"httputil/httputil.go": `package httputil

import "net/http"

// JSON is a helper of the module, in a package of its own.
func JSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(body))
}
`,
		"api/api.go": `package api

import (
	"net/http"

	"example.com/app/httputil"
	"example.com/dep/render"
)

func local(w http.ResponseWriter, r *http.Request) {
	httputil.JSON(w, http.StatusOK, "{}")
}

func remote(w http.ResponseWriter, r *http.Request) {
	render.JSON(w, http.StatusOK, "{}")
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/local", local)
	mux.HandleFunc("/remote", remote)
}
`,
	}
}

// TestForeignHelpers checks the migration of handlers calling helpers of
// other packages in each driver: routevet migrates the one whose helper
// is in the module, editing the helper's package too, and blocks the one
// whose helper is in another module; go vet, which loads dependencies
// from export data, blocks both and says why.
func TestForeignHelpers(t *testing.T) {
	t.Parallel()
	tool := buildRoutevet(t)
	files := xpkgModule(t)
	dir := writeModule(t, files)

	own := runIn(t, dir, tool, "-purehandler", "./...")
	for _, want := range []string{
		"api/api.go:10:6: handler local writes its response through http.ResponseWriter, so the response exists only as side effects",
		"api/api.go:14:6: handler remote writes its response through http.ResponseWriter but cannot be migrated to a pure route.Func automatically: the writer is passed to render.JSON, a function of the module example.com/dep, a dependency, which the fix does not edit",
	} {
		if !strings.Contains(own.stderr, want) {
			t.Errorf("routevet -purehandler: want %q in:\n%s", want, own.stderr)
		}
	}
	vet := runIn(t, dir, "go", "vet", "-vettool="+tool, "-purehandler", "./...")
	for _, want := range []string{
		"handler local writes its response through http.ResponseWriter but cannot be migrated to a pure route.Func automatically: the writer is passed to httputil.JSON, a helper of example.com/app/httputil, whose source this driver did not load (go vet reads dependencies from export data)",
		"[blocked: foreign-helper]",
	} {
		if !strings.Contains(vet.stderr, want) {
			t.Errorf("go vet -purehandler: want %q in:\n%s", want, vet.stderr)
		}
	}

	runIn(t, dir, tool, "-purehandler", "-fix", "./...").want(t, "routevet -purehandler -fix", 0, "", "")
	if got := readFile(t, filepath.Join(dir, "dep", "render", "render.go")); got != files["dep/render/render.go"] {
		t.Errorf("the fix edited the other module:\n%s", got)
	}
	helper := readFile(t, filepath.Join(dir, "httputil", "httputil.go"))
	if !strings.Contains(helper, "func JSONPure(status int, body string) (*http.Response, error) {") {
		t.Errorf("httputil.go has no counterpart:\n%s", helper)
	}
	if api := readFile(t, filepath.Join(dir, "api", "api.go")); !strings.Contains(api, "return httputil.JSONPure(http.StatusOK, \"{}\")") {
		t.Errorf("api.go does not call the counterpart:\n%s", api)
	}
	runIn(t, dir, "go", "build", "./...").want(t, "go build after the fix", 0, "", "")
	runIn(t, dir, "go", "vet", "./...").want(t, "go vet after the fix", 0, "", "")
	before := readFile(t, filepath.Join(dir, "api", "api.go")) + helper
	runIn(t, dir, tool, "-purehandler", "-fix", "./...").want(t, "routevet -purehandler -fix, again", 0, "", "")
	if after := readFile(t, filepath.Join(dir, "api", "api.go")) + readFile(t, filepath.Join(dir, "httputil", "httputil.go")); after != before {
		t.Errorf("a second fix changed the module:\n%s", after)
	}
}
