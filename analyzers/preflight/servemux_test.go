package preflight

import (
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/routevet/routevet/internal/httpmodel"
)

func mustPattern(t *testing.T, s string) *muxPattern {
	t.Helper()
	p, err := httpmodel.ParsePattern(s)
	if err != nil {
		t.Fatalf("ParsePattern(%q): %v", s, err)
	}
	return newMuxPattern(p, nil)
}

func newServemux(t *testing.T, patterns ...string) *servemux {
	m := &servemux{}
	for _, s := range patterns {
		m.patterns = append(m.patterns, mustPattern(t, s))
	}
	return m
}

func (r muxResponse) String() string {
	switch {
	case r.pattern != nil:
		return r.pattern.Raw
	case r.status == 405:
		return "405 Allow: " + strings.Join(r.allow, ", ")
	case r.location != "":
		return fmt.Sprintf("%d %s", r.status, r.location)
	}
	return fmt.Sprint(r.status)
}

// The cases the analyzer's findings depend on: what an OPTIONS preflight
// gets on a mux.
func TestServeTable(t *testing.T) {
	for _, test := range []struct {
		patterns           []string
		method, host, path string
		want               string
	}{
		{[]string{"POST /api/items"}, "OPTIONS", "", "/api/items", "405 Allow: POST"},
		{[]string{"POST /api/items", "GET /api/items"}, "OPTIONS", "", "/api/items", "405 Allow: GET, HEAD, POST"},
		{[]string{"POST /api/items", "OPTIONS /api/items"}, "OPTIONS", "", "/api/items", "OPTIONS /api/items"},
		{[]string{"POST /api/items", "/api/items"}, "OPTIONS", "", "/api/items", "/api/items"},
		{[]string{"POST /api/items", "OPTIONS /api/"}, "OPTIONS", "", "/api/items", "OPTIONS /api/"},
		{[]string{"POST /api/items", "OPTIONS /"}, "OPTIONS", "", "/api/items", "OPTIONS /"},
		{[]string{"POST /api/items/{id}", "OPTIONS /api/items/{x}"}, "OPTIONS", "", "/api/items/7", "OPTIONS /api/items/{x}"},
		{[]string{"POST /api/items/{id}", "OPTIONS /api/{kind}/{id}"}, "OPTIONS", "", "/api/items/7", "OPTIONS /api/{kind}/{id}"},
		{[]string{"POST /files/{p...}", "OPTIONS /files/{p...}"}, "OPTIONS", "", "/files/a/b", "OPTIONS /files/{p...}"},
		{[]string{"POST /api/{$}", "OPTIONS /api/{$}"}, "OPTIONS", "", "/api/x", "404"},
		{[]string{"POST /api/", "OPTIONS /api/{$}"}, "OPTIONS", "", "/api/x", "405 Allow: POST"},
		{[]string{"POST /api/items", "OPTIONS api.example.com/api/items"}, "OPTIONS", "api.example.com", "/api/items", "OPTIONS api.example.com/api/items"},
		{[]string{"POST /api/items", "OPTIONS api.example.com/api/items"}, "OPTIONS", "other.example.com", "/api/items", "405 Allow: POST"},
		{[]string{"POST api.example.com/api/items", "OPTIONS /api/items"}, "OPTIONS", "api.example.com", "/api/items", "OPTIONS /api/items"},
		{[]string{"POST api.example.com/x", "OPTIONS other.example.com/x"}, "OPTIONS", "api.example.com", "/x", "405 Allow: POST"},
		{[]string{"POST /api/items/"}, "OPTIONS", "", "/api/items", "405 Allow: POST"},
		{[]string{"POST /api/items/", "OPTIONS /api/items/"}, "OPTIONS", "", "/api/items", "307 /api/items/"},
		{[]string{"GET /x"}, "HEAD", "", "/x", "GET /x"},
		{[]string{"GET /x"}, "OPTIONS", "", "/y", "404"},
		{[]string{"/a/{x}", "/a/b"}, "OPTIONS", "", "/a/b", "/a/b"},
		{[]string{"/a/{x}", "/a/b"}, "OPTIONS", "", "/a/c", "/a/{x}"},
	} {
		m := newServemux(t, test.patterns...)
		got := m.serve(test.method, test.host, test.path).String()
		if got != test.want {
			t.Errorf("%q: %s %s%s = %s, want %s", test.patterns, test.method, test.host, test.path, got, test.want)
		}
	}
}

func TestConflictsTable(t *testing.T) {
	for _, test := range []struct {
		p1, p2 string
		want   bool
	}{
		{"OPTIONS /", "/api/items", true},                 // fewer methods, more general path
		{"OPTIONS /api/items/{id}", "/api/items/x", true}, // the same
		{"OPTIONS /api/items", "/api/items", false},       // method more specific, same path
		{"OPTIONS /api/items", "POST /api/items", false},
		{"OPTIONS /api/items", "OPTIONS /api/items", true},
		{"OPTIONS /api/items/{a}", "OPTIONS /api/items/{b}", true},
		{"OPTIONS /a/{x}", "OPTIONS /{y}/b", true},
		{"OPTIONS a.com/x", "/x", false}, // a host wins
		{"GET /x", "HEAD /x", false},
		{"/a/", "/a/{$}", false},
	} {
		if got := mustPattern(t, test.p1).conflictsWith(mustPattern(t, test.p2)); got != test.want {
			t.Errorf("conflictsWith(%q, %q) = %v, want %v", test.p1, test.p2, got, test.want)
		}
	}
}

// TestAgainstNetHTTP registers random sets of patterns on a real ServeMux
// and on the model, and checks that they panic on the same conflicts and
// route every request alike.
func TestAgainstNetHTTP(t *testing.T) {
	pool := []string{
		"/", "/{$}", "/a", "/a/", "/a/{$}", "/a/{x}", "/a/{x}/", "/a/{x...}", "/a/b", "/a/b/{$}",
		"/{y}/b", "/{y}/{z}", "/b%2Fc", "GET /a", "POST /a", "HEAD /a", "OPTIONS /a", "OPTIONS /",
		"OPTIONS /a/", "OPTIONS /a/{x}", "GET /a/{x}", "PUT /{y}/b", "DELETE /a/{x...}",
		"example.com/a", "OPTIONS example.com/a", "POST example.com/a/{x}", "example.com/",
		"GET example.com/{y}/b", "POST /a/b/", "OPTIONS /a/b",
	}
	paths := []string{
		"/", "/a", "/a/", "/a/b", "/a/b/", "/a/c", "/a/b/c", "/b", "/c/b", "/x", "/a/x/",
		"/a//b", "/a/./b", "/b%2Fc", "/a/b%2F", "/b/c",
	}
	methods := []string{"GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE"}
	hosts := []string{"example.com", "other.invalid"}
	rng := rand.New(rand.NewSource(1))
	for round := range 400 {
		n := 1 + rng.Intn(8)
		real := http.NewServeMux()
		model := &servemux{}
		var registered []string
		for _, i := range rng.Perm(len(pool))[:n] {
			p := mustPattern(t, pool[i])
			wantPanic := false
			for _, q := range model.patterns {
				if p.conflictsWith(q) {
					wantPanic = true
				}
			}
			gotPanic := register(real, pool[i])
			if gotPanic != wantPanic {
				t.Fatalf("round %d: registering %q after %q: panic = %v, model says %v", round, pool[i], registered, gotPanic, wantPanic)
			}
			if !gotPanic {
				model.patterns = append(model.patterns, p)
				registered = append(registered, pool[i])
			}
		}
		for _, method := range methods {
			for _, host := range hosts {
				for _, path := range paths {
					want := realResponse(real, method, host, path)
					got := model.serve(method, host, path).String()
					if got != want {
						t.Fatalf("round %d: patterns %q: %s %s%s: model %s, net/http %s", round, registered, method, host, path, got, want)
					}
				}
			}
		}
	}
}

func register(mux *http.ServeMux, pattern string) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Pattern", pattern)
	})
	return false
}

func realResponse(mux *http.ServeMux, method, host, path string) string {
	req := httptest.NewRequest(method, "http://"+host+path, nil)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	res := rec.Result()
	switch {
	case res.Header.Get("X-Pattern") != "":
		return res.Header.Get("X-Pattern")
	case res.StatusCode == 405:
		return "405 Allow: " + res.Header.Get("Allow")
	case res.Header.Get("Location") != "":
		return fmt.Sprintf("%d %s", res.StatusCode, res.Header.Get("Location"))
	}
	return fmt.Sprint(res.StatusCode)
}

func TestSampleRequest(t *testing.T) {
	m := newServemux(t, "POST /api/items/{id}", "GET /api/items/x", "POST /files/{p...}", "POST /api/", "POST /{$}", "PUT /a/{$}")
	for i, want := range []string{"/api/items/xx", "/api/items/x", "/files/x", "/api/x", "/", "/a/"} {
		if got := m.sampleRequest(m.patterns[i]); got != want {
			t.Errorf("sampleRequest(%q) = %q, want %q", m.patterns[i].Raw, got, want)
		}
	}
}
