// Package difftest drives every purehandler fixture handler, before and
// after the migration, with the same requests and compares the responses.
//
// analyzers/purehandler's TestDifferential copies this file into a
// temporary module next to the original fixture packages (orig/...) and
// their golden versions (fixed/...), with the route runtime and the router
// stubs replaced by their local copies, and runs go test there.
package difftest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	origadapters "difftest/orig/adapters"
	orignosplit "difftest/orig/nosplit"
	orignotes "difftest/orig/notes"
	origrouters "difftest/orig/routers"

	fixedadapters "difftest/fixed/adapters"
	fixednosplit "difftest/fixed/nosplit"
	fixednotes "difftest/fixed/notes"
	fixedrouters "difftest/fixed/routers"
)

// A pair is a fixture package's handlers before and after the fix, the
// paths that reach each of its handlers, and the paths of handlers split
// through route.Methods with the methods they name.
type pair struct {
	name         string
	orig, fixed  http.Handler
	paths        []string
	split        map[string][]string
	requestCount int
}

func pairs() []*pair {
	return []*pair{
		{
			name:  "notes",
			orig:  orignotes.Routes(orignotes.NewStore()),
			fixed: fixednotes.Routes(fixednotes.NewStore()),
			paths: []string{
				"/stats", // before any note: the average is NaN, which JSON cannot encode
				"/count", "/count?quiet=1", "/export.csv", "/etag",
				"/notes", // POST creates note 1 (and more)
				"/etag", "/touch?id=1", "/touch?id=42", "/notes/1", "/notes/2", "/notes/abc", "/notes/999",
				"/notes?q=milk", "/api/notes?page=2", "/healthz", "/version", "/export.csv", "/login", "/stats",
				"/count", "/count?quiet=1",
				"/search?q=milk&format=text", "/search?format=json&q=x", "/search", "/search?q=a",
				"/api/hello", "/collection", "/ping", "/notes/1", "/notes/3",
			},
			split: map[string][]string{"/api/hello": {"POST"}, "/collection": {"GET", "HEAD", "POST"}},
		},
		{
			name:  "adapters",
			orig:  origadapters.Mux(),
			fixed: fixedadapters.Mux(),
			paths: []string{"/profiles/ada", "/profiles/bob", "/", "/elsewhere", "/status", "/status2", "/admin", "/items"},
			split: map[string][]string{"/items": {"GET", "DELETE"}},
		},
		{
			name:  "routers",
			orig:  origrouters.ServeMux(),
			fixed: fixedrouters.ServeMux(),
			paths: []string{"/items", "/items/apple", "/items/kiwi", "/items/apple/restock", "/items", "/audit", "/hello?name=Ada", "/hello", "/version", "/maintenance"},
		},
		{
			name:  "nosplit",
			orig:  orignosplit.Mux(),
			fixed: fixednosplit.Mux(),
			paths: []string{"/api/hello", "/items"},
		},
	}
}

var methods = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}

// bodies are the request bodies: none, valid JSON for the notes and the
// hello route, bad JSON, JSON missing every field, a form.
var bodies = []struct{ contentType, body string }{
	{"", ""},
	{"application/json", `{"title":"Buy milk","body":"2 litres"}`},
	{"application/json", `{"name":"Ada"}`},
	{"application/json", `{`},
	{"application/json", `{}`},
	{"application/x-www-form-urlencoded", "user=ada"},
}

func TestDifferential(t *testing.T) {
	total := 0
	for _, p := range pairs() {
		t.Run(p.name, func(t *testing.T) {
			origSrv := httptest.NewServer(p.orig)
			defer origSrv.Close()
			fixedSrv := httptest.NewServer(p.fixed)
			defer fixedSrv.Close()
			for _, path := range p.paths {
				for _, method := range methods {
					for _, b := range bodies {
						p.requestCount++
						a := do(t, origSrv, method, path, b.contentType, b.body)
						f := do(t, fixedSrv, method, path, b.contentType, b.body)
						p.compare(t, method, path, b.body, a, f)
					}
				}
			}
			t.Logf("%s: %d requests", p.name, p.requestCount)
			total += p.requestCount
		})
	}
	if total < 1000 {
		t.Errorf("only %d requests", total)
	}
}

// A response is what the client sees, minus the Date header.
type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, srv *httptest.Server, method, path, contentType, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	resp.Header.Del("Date")
	return response{resp.StatusCode, resp.Header, b}
}

func (p *pair) compare(t *testing.T, method, path, body string, orig, fixed response) {
	t.Helper()
	route := strings.SplitN(path, "?", 2)[0]
	if named, ok := p.split[route]; ok && !slices.Contains(named, method) {
		checkMethodsAnswer(t, method, path, named, orig, fixed)
		return
	}
	if orig.status != fixed.status || !equalHeaders(orig.header, fixed.header) || !bytes.Equal(orig.body, fixed.body) {
		t.Errorf("%s %s with body %q:\noriginal: %d %v %q\nmigrated: %d %v %q",
			method, path, body, orig.status, dump(orig.header), orig.body, fixed.status, dump(fixed.header), fixed.body)
	}
}

// checkMethodsAnswer checks a request to a split handler with a method
// the handler did not name: the original answered 405 from its default
// branch (or its method check), the migrated one answers as route.Methods
// documents: OPTIONS with 204 and Allow, HEAD through the GET function
// without a body, anything else with 405 and Allow.
func checkMethodsAnswer(t *testing.T, method, path string, named []string, orig, fixed response) {
	t.Helper()
	if orig.status != http.StatusMethodNotAllowed {
		t.Errorf("%s %s: the original answered %d, not 405", method, path, orig.status)
	}
	allow := fixed.header.Get("Allow")
	switch {
	case method == http.MethodHead && slices.Contains(named, http.MethodGet):
		if fixed.status == http.StatusMethodNotAllowed || len(fixed.body) > 0 {
			t.Errorf("HEAD %s: route.Methods did not serve it through GET: %d %v %q", path, fixed.status, dump(fixed.header), fixed.body)
		}
	case allow == "" || !strings.Contains(allow, "OPTIONS"):
		t.Errorf("%s %s: route.Methods answered without an Allow header: %d %v", method, path, fixed.status, dump(fixed.header))
	case method == http.MethodOptions && fixed.status != http.StatusNoContent:
		t.Errorf("OPTIONS %s: route.Methods answered %d, want 204", path, fixed.status)
	case method != http.MethodOptions && fixed.status != http.StatusMethodNotAllowed:
		t.Errorf("%s %s: route.Methods answered %d, want 405", method, path, fixed.status)
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		if !slices.Equal(va, b[k]) {
			return false
		}
	}
	return true
}

func dump(h http.Header) string {
	var keys []string
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%q ", k, h[k])
	}
	return b.String()
}
