package preflight_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEndToEnd starts the sample server of testdata/src/preflight/e2e
// with httptest, as written (server.go) and as fixed (server.go.golden,
// which TestAnalyzer checks is what the fixes produce), and plays a
// browser's CORS protocol against it: the preflight, then the real
// request. Before the fixes the browser refuses to send the app's
// requests; after them it sends them all.
//
// The two versions are built as packages of a temporary module with the
// go command (they need only the standard library).
func TestEndToEnd(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	src := filepath.Join(testdata(t), "src", "preflight", "e2e")
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module e2e\n\ngo 1.24\n")
	packageClause := regexp.MustCompile(`(?m)^package e2e$`)
	for _, v := range []struct {
		name, file string
		allowed    bool
	}{{"before", "server.go", false}, {"after", "server.go.golden", true}} {
		content, err := os.ReadFile(filepath.Join(src, v.file))
		if err != nil {
			t.Fatal(err)
		}
		write(v.name+"/server.go", packageClause.ReplaceAllString(string(content), "package "+v.name))
		test := strings.ReplaceAll(browserTest, "PACKAGE", v.name)
		if v.allowed {
			test = strings.ReplaceAll(test, "ALLOWED", "true")
		} else {
			test = strings.ReplaceAll(test, "ALLOWED", "false")
		}
		write(v.name+"/browser_test.go", test)
	}
	goTestModule(t, goCmd, dir)
}

// browserTest is the test run against each version of the sample server.
// browserFetch follows the Fetch standard's CORS protocol for a request
// with a JSON body from the web app's origin: the CORS-preflight fetch
// (OPTIONS with Origin, Access-Control-Request-Method and
// Access-Control-Request-Headers; its status must be 2xx, it must pass
// the CORS check, and allow the method and the content-type header),
// then the request itself, whose response must pass the CORS check.
const browserTest = `package PACKAGE

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const (
	appOrigin   = "https://notes.example.com"
	wantAllowed = ALLOWED
)

type request struct{ method, path, body string }

// The app's requests that a browser preflights.
var requests = []request{
	{"POST", "/api/notes", ` + "`" + `{"text":"buy milk"}` + "`" + `},
	{"PUT", "/api/notes/1", ` + "`" + `{"text":"buy oat milk"}` + "`" + `},
	{"DELETE", "/api/notes/1", ""},
	{"POST", "/api/archive", ""},
	{"PUT", "/api/tags", ` + "`" + `["home"]` + "`" + `},
}

func TestBrowser(t *testing.T) {
	srv := httptest.NewServer(routes())
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // a preflight does not follow redirects
	}}
	for _, req := range requests {
		err := browserFetch(client, srv.URL, req)
		switch {
		case wantAllowed && err != nil:
			t.Errorf("%s %s: the browser refuses it: %v", req.method, req.path, err)
		case !wantAllowed && err == nil:
			t.Errorf("%s %s: the browser sends it, but the unfixed server should fail its preflight", req.method, req.path)
		}
	}
}

func browserFetch(client *http.Client, base string, req request) error {
	pre, err := http.NewRequest(http.MethodOptions, base+req.path, nil)
	if err != nil {
		return err
	}
	pre.Header.Set("Origin", appOrigin)
	pre.Header.Set("Access-Control-Request-Method", req.method)
	pre.Header.Set("Access-Control-Request-Headers", "content-type")
	res, err := client.Do(pre)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("preflight: status %d", res.StatusCode)
	}
	if err := corsCheck(res); err != nil {
		return fmt.Errorf("preflight: %v", err)
	}
	methods := headerList(res, "Access-Control-Allow-Methods")
	if !slices.Contains(methods, req.method) && !slices.Contains(methods, "*") {
		return fmt.Errorf("preflight: Access-Control-Allow-Methods %q lacks %s", methods, req.method)
	}
	headers := headerList(res, "Access-Control-Allow-Headers")
	if !slices.ContainsFunc(headers, func(h string) bool { return strings.EqualFold(h, "content-type") || h == "*" }) {
		return fmt.Errorf("preflight: Access-Control-Allow-Headers %q lacks content-type", headers)
	}

	actual, err := http.NewRequest(req.method, base+req.path, strings.NewReader(req.body))
	if err != nil {
		return err
	}
	actual.Header.Set("Origin", appOrigin)
	actual.Header.Set("Content-Type", "application/json")
	res, err = client.Do(actual)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err := corsCheck(res); err != nil {
		return fmt.Errorf("%s: %v", req.method, err)
	}
	if res.StatusCode > 299 {
		return fmt.Errorf("%s: status %d", req.method, res.StatusCode)
	}
	return nil
}

// corsCheck is the Fetch standard's CORS check for a request without
// credentials: one Access-Control-Allow-Origin, "*" or the origin.
func corsCheck(res *http.Response) error {
	acao := res.Header.Values("Access-Control-Allow-Origin")
	if len(acao) != 1 || acao[0] != "*" && acao[0] != appOrigin {
		return fmt.Errorf("Access-Control-Allow-Origin %q does not allow %s", acao, appOrigin)
	}
	return nil
}

func headerList(res *http.Response, name string) []string {
	var list []string
	for _, v := range res.Header.Values(name) {
		for item := range strings.SplitSeq(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				list = append(list, item)
			}
		}
	}
	return list
}
`

// TestEndToEndAcrossPackages plays the browser's CORS protocol against
// both shapes of a router built in one package (xpkg/e2e/api) and served
// from another (xpkg/e2e/web). A handler that allows the origin itself,
// reported and fixed in package api: its preflight is refused as written
// (api.go) and accepted as fixed (api.go.golden). Routes that package
// web's middleware makes CORS routes: refused behind middleware that
// hands OPTIONS on (reported in web), accepted behind middleware that
// answers it (not reported). A route that package api registers on
// web's mux: refused on a mux with no OPTIONS route (reported in web),
// accepted on one with an OPTIONS route (not reported).
func TestEndToEndAcrossPackages(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	src := filepath.Join(testdata(t), "src", "preflight", "xpkg", "e2e")
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) string {
		t.Helper()
		content, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(content)
	}
	write("go.mod", "module e2e\n\ngo 1.24\n")
	helpers := browserTest[strings.Index(browserTest, "func browserFetch"):]
	for _, v := range []struct {
		name, api string
		fixed     bool
	}{{"before", "api/api.go", false}, {"after", "api/api.go.golden", true}} {
		write(v.name+"/api/api.go", read(v.api))
		write(v.name+"/web/web.go", strings.ReplaceAll(read("web/web.go"), `"preflight/xpkg/e2e/api"`, `"e2e/`+v.name+`/api"`))
		test := strings.ReplaceAll(crossPackageTest, "FIXED", fmt.Sprint(v.fixed)) + helpers
		write(v.name+"/web/browser_test.go", test)
	}
	goTestModule(t, goCmd, dir)
}

// crossPackageTest is the test run in package web of each version; the
// helpers of browserTest follow it.
const crossPackageTest = `package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const appOrigin = "https://notes.example.com"

type request struct{ method, path, body string }

func TestBrowser(t *testing.T) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	for _, c := range []struct {
		name    string
		handler http.Handler
		req     request
		allowed bool
	}{
		{"the handler allows the origin", Notes(), request{"POST", "/api/notes", ` + "`" + `{"text":"buy milk"}` + "`" + `}, FIXED},
		{"middleware that hands OPTIONS on", AdminBefore(), request{"DELETE", "/api/notes/1", ""}, false},
		{"middleware that answers OPTIONS", AdminAfter(), request{"DELETE", "/api/notes/1", ""}, true},
		{"registered on a mux that answers no OPTIONS", Registered(), request{"PUT", "/api/notes/1", ""}, false},
		{"registered on a mux with an OPTIONS route", RegisteredWithOptions(), request{"PUT", "/api/notes/1", ""}, true},
	} {
		srv := httptest.NewServer(c.handler)
		err := browserFetch(client, srv.URL, c.req)
		srv.Close()
		switch {
		case c.allowed && err != nil:
			t.Errorf("%s: %s %s: the browser refuses it: %v", c.name, c.req.method, c.req.path, err)
		case !c.allowed && err == nil:
			t.Errorf("%s: %s %s: the browser sends it, but its preflight should fail", c.name, c.req.method, c.req.path)
		}
	}
}

`

// goTestModule runs go test ./... in the sample module at dir, offline,
// and fails t with its output if a test fails.
func goTestModule(t *testing.T, goCmd, dir string) {
	t.Helper()
	cmd := exec.Command(goCmd, "test", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in the sample module: %v\n%s", err, out)
	}
}
