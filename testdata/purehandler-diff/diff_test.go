// Package difftest drives every purehandler fixture handler, before and
// after the migration, with the same requests and compares the responses
// as every observer sees them: a client of a real server, an
// httptest.ResponseRecorder (how most handler tests look at a handler), a
// spy writer logging every call made on it, a recorder whose Write fails
// (the test double of a handler's failed write), a logging middleware
// that records the status given to WriteHeader, and a dispatcher that
// writes an error response after a handler that wrote nothing.
//
// analyzers/purehandler's TestDifferential copies this file into a
// temporary module next to the original fixture packages (orig/...) and
// their golden versions (fixed/...), with the route runtime and the router
// stubs replaced by their local copies, and runs go test there.
package difftest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	origadapters "difftest/orig/adapters"
	origxapi "difftest/orig/api"
	origchirender "difftest/orig/chirender"
	origclosures "difftest/orig/closures"
	origdispatch "difftest/orig/dispatch"
	orighelpers "difftest/orig/helpers"
	origlastcall "difftest/orig/lastcall"
	origlegacy "difftest/orig/legacy"
	origlimits "difftest/orig/limits"
	orignosplit "difftest/orig/nosplit"
	orignotes "difftest/orig/notes"
	origokresults "difftest/orig/okresults"
	origresults "difftest/orig/results"
	origrouters "difftest/orig/routers"
	origstreams "difftest/orig/streams"
	origtemplates "difftest/orig/templates"

	fixedadapters "difftest/fixed/adapters"
	fixedxapi "difftest/fixed/api"
	fixedchirender "difftest/fixed/chirender"
	fixedclosures "difftest/fixed/closures"
	fixeddispatch "difftest/fixed/dispatch"
	fixedhelpers "difftest/fixed/helpers"
	fixedlastcall "difftest/fixed/lastcall"
	fixedlegacy "difftest/fixed/legacy"
	fixedlimits "difftest/fixed/limits"
	fixednosplit "difftest/fixed/nosplit"
	fixednotes "difftest/fixed/notes"
	fixedokresults "difftest/fixed/okresults"
	fixedresults "difftest/fixed/results"
	fixedrouters "difftest/fixed/routers"
	fixedstreams "difftest/fixed/streams"
	fixedtemplates "difftest/fixed/templates"
)

// A pair is a fixture package's handlers before and after the fix, the
// paths that reach each of its handlers, and the paths of handlers split
// through route.Methods with the methods they name.
type pair struct {
	name        string
	orig, fixed http.Handler
	// origLog and fixedLog, when set, return what the package's own
	// middleware logged since they were last called.
	origLog, fixedLog func() []string
	paths             []string
	split             map[string][]string
	requestCount      int
}

func pairs() []*pair {
	origApp, fixedApp := origdispatch.NewApp(), fixeddispatch.NewApp()
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
		{
			name:     "dispatch",
			orig:     origdispatch.Mux(origApp),
			fixed:    fixeddispatch.Mux(fixedApp),
			origLog:  origApp.TakeLog,
			fixedLog: fixedApp.TakeLog,
			paths: []string{
				"/items/apple", "/items/kiwi", "/item/apple", "/item/kiwi", "/items/kiwi", "/touch?name=apple", "/touch",
				"/page", "/page?missing=1", "/created", "/listed", "/export.csv", "/ready", "/logout",
			},
		},
		{
			// Bodies past the limits: net/http closes the connection
			// after the response only when told by the handler's writer.
			name:  "limits",
			orig:  origlimits.Mux(),
			fixed: fixedlimits.Mux(),
			paths: []string{"/limits/hello", "/limits/echo", "/limits/echo2", "/limits/form", "/limits/user"},
		},
		{
			// Pages written by templates in many Writes, one failing
			// half-way: the spy sees every Write, the recorder sniffs
			// from the first.
			name:  "templates",
			orig:  origtemplates.Mux(),
			fixed: fixedtemplates.Mux(),
			paths: []string{"/tmpl/home", "/tmpl/about?title=Ada", "/tmpl/about", "/tmpl/report", "/tmpl/missing", "/tmpl/logged", "/tmpl/logged?quiet=1"},
		},
		{
			name:  "helpers",
			orig:  orighelpers.Mux(),
			fixed: fixedhelpers.Mux(),
			paths: []string{
				"/items/apple", "/items/kiwi", "/set/kiwi?count=2", "/items/kiwi", "/set/kiwi?count=x", "/set/kiwi?count=-1",
				"/set/kiwi?count=5000", "/raw?data=abc", "/raw?empty=1", "/raw", "/tagged", "/teapot", "/conflict",
				"/stream", "/stream?json=1", "/hello?name=ada", "/brewing",
				"/tagged?name=pear", "/cached", "/queued", "/note", "/note?note=hi", "/plainnote", "/plainnote?note=hi",
				"/lookup/apple", "/lookup/kiwi",
			},
		},
		{
			// Helpers with results that write only when they fail:
			// every failing and passing path, and the look-alikes left
			// as they were calling the helpers' adapters.
			name:  "results",
			orig:  origresults.Mux(),
			fixed: fixedresults.Mux(),
			paths: []string{
				"/users", "/users?limit=2", "/users?limit=x", "/users?limit=900&offset=1", "/users?offset=x", "/users?order=desc", "/users?order=up",
				"/whoami", "/whoami?token=t&user=ada", "/whoami?token=t&user=eve", "/whoami?busy=1", "/whoami?accept=text/html",
				"/admin", "/admin?busy=1", "/admin?token=t", "/admin?accept=html", "/page", "/page?limit=0", "/page?limit=x", "/page?limit=3",
				"/more", "/more?details=1", "/users2", "/users2?limit=1&prefix=u-", "/users2?limit=x",
				"/profile?user=ada", "/profile", "/count?n=3", "/count?n=0", "/count", "/again?limit=x", "/again",
				"/logged?limit=x", "/logged", "/unchecked?offset=x", "/dropped?order=x", "/quietly?limit=x&verbose=1", "/quietly?limit=x",
				"/tagged?limit=x", "/tagged", "/hello?name=ada", "/hello", "/counted", "/counted?refuse=1",
			},
		},
		{
			// Error closures capturing the writer, in handlers and
			// helpers: every path through them, the dispatcher seeing
			// the one that writes nothing, and the look-alikes left as
			// they were.
			name:  "closures",
			orig:  origclosures.Mux(),
			fixed: fixedclosures.Mux(),
			paths: []string{
				"/share", "/share?id=s1", "/share?id=s2", "/share?id=s2&web=1", "/share?web=1",
				"/logout", "/logout?admin=1", "/logout?token=t", "/quiet", "/quiet?verbose=1", "/quiet?ok=1",
				"/aliased", "/aliased?deny=1", "/api/user", "/api/user?token=basic", "/api/user?token=api:x", "/api/user?token=web:x",
				"/web/user", "/web/user?token=basic", "/web/user?token=web:1", "/web/user?token=api:1",
				"/user?name=ada", "/user?name=bob", "/user", "/buffered", "/buffered?fail=1", "/report",
				"/deferred", "/deferred?ok=1", "/deferred?now=1", "/passed", "/passed?name=x", "/goon", "/goon?odd=1", "/twice",
				"/page", "/page?q=x", "/sharepage", "/sharepage?share=1", "/counted", "/retagged", "/retagged?ok=1", "/ingoroutine", "/lenient", "/lenient?bad=1",
			},
		},
		{
			// Helpers with results called last, their results dropped:
			// every answer, the path writing nothing (an empty body),
			// and the look-alikes.
			name:  "lastcall",
			orig:  origlastcall.Mux(),
			fixed: fixedlastcall.Mux(),
			paths: []string{
				"/upload", "/upload?name=a", "/upload?name=..%2Fx", "/upload?name=b", "/tagged", "/length", "/length?skip=1",
				"/checked", "/goon", "/retyped", "/quietly", "/greet?name=ada", "/greet",
			},
		},
		{
			// Helpers returning (value, ok bool) that answer when ok is
			// false.
			name:  "okresults",
			orig:  origokresults.Mux(),
			fixed: fixedokresults.Mux(),
			paths: []string{
				"/message?id=m1", "/message?id=zz", "/message?id=latest", "/message?id=latest&empty=1", "/message",
				"/headers?id=m1", "/headers?id=x1", "/headers?id=latest&empty=1", "/headers?id=latest",
				"/computed?id=m1", "/computed?id=zz", "/inverted?id=latest", "/inverted?id=latest&empty=1",
			},
		},
		{
			name:  "chirender",
			orig:  origchirender.Mux(),
			fixed: fixedchirender.Mux(),
			paths: []string{
				"/user", "/user?name=ada", "/user?name=root", "/create?name=bad", "/create?name=bob", "/mean", "/mean?n=4",
				"/ping", "/ping?html=1", "/blob?data=xyz", "/blob", "/pooled", "/accepted", "/healthz",
			},
		},
		{
			// Bodies streamed through the writer: short ones (a
			// Content-Length), long ones (chunked, flushed as they
			// go), and sources failing before and after the first
			// bytes reached the client, which abort the response.
			name:  "streams",
			orig:  origstreams.Mux(),
			fixed: fixedstreams.Mux(),
			paths: []string{
				"/items?limit=2&n=5", "/items?limit=3&n=300", "/items?limit=x", "/items?limit=2&n=0", "/items?limit=2&n=10&fail=4",
				"/items?limit=50&n=1000&fail=500", "/items?limit=5&n=10&fail=2", "/tagged?n=9",
				"/export.csv?n=3", "/export.csv?n=400", "/download?name=ada&n=2", "/download?name=bob&n=900", "/download",
				"/events?n=3", "/events?n=300", "/archive?n=3", "/archive?n=200", "/bracketed?n=3", "/rows?n=3", "/lines", "/lines?n=3", "/lines?n=500", "/parts", "/parts?more=1", "/listing?n=4", "/deferred?n=4", "/footer?n=3", "/closure?n=2", "/late",
			},
		},
		{
			// Handlers calling the helpers of another package
			// (purehandler/xpkg/httputil), migrated with them.
			name:  "xpkg/api",
			orig:  mux(origxapi.Routes),
			fixed: mux(fixedxapi.Routes),
			paths: []string{"/user", "/user?name=root", "/user?name=ada", "/health", "/vary", "/typed", "/boom", "/list?limit=2", "/list?limit=x", "/list"},
		},
		{
			// A third package calling the same helpers, left as it
			// is: after the fix it calls their adapters.
			name:  "xpkg/legacy",
			orig:  legacyMux(origlegacy.Routes, origlegacy.Reply),
			fixed: legacyMux(fixedlegacy.Routes, fixedlegacy.Reply),
			paths: []string{"/count", "/reply", "/reply?err=1"},
		},
	}
}

// mux returns a ServeMux with the routes that routes registers.
func mux(routes func(*http.ServeMux)) http.Handler {
	m := http.NewServeMux()
	routes(m)
	return m
}

// legacyMux serves the legacy package's routes and its Reply function,
// which is no handler, as one.
func legacyMux(routes func(*http.ServeMux), reply func(http.ResponseWriter, error)) http.Handler {
	m := http.NewServeMux()
	routes(m)
	m.HandleFunc("/reply", func(w http.ResponseWriter, r *http.Request) {
		var err error
		if r.URL.Query().Get("err") != "" {
			err = fmt.Errorf("failed %s", r.Method)
		}
		reply(w, err)
	})
	return m
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

// A request is one request of the test, sent to each handler anew.
type request struct{ method, path, contentType, body string }

func (rq request) new() *http.Request {
	r := httptest.NewRequest(rq.method, rq.path, strings.NewReader(rq.body))
	if rq.contentType != "" {
		r.Header.Set("Content-Type", rq.contentType)
	}
	return r
}

// A target is a handler under test, served by a real server as it is and
// under the dispatcher.
type target struct {
	h               http.Handler
	srv, dispatched *httptest.Server
	log             func() []string
}

func newTarget(h http.Handler, log func() []string) *target {
	return &target{h: h, srv: httptest.NewServer(h), dispatched: httptest.NewServer(dispatch(h)), log: log}
}

func (tg *target) close() {
	tg.srv.Close()
	tg.dispatched.Close()
}

// A view is one way of observing a handler: it serves a request and
// returns what it saw. Views with wire set see what a client sees.
type view struct {
	name  string
	wire  bool
	serve func(t *testing.T, tg *target, rq request) response
}

var views = []view{
	{"real server", true, func(t *testing.T, tg *target, rq request) response { return do(t, tg.srv, rq) }},
	{"real server, dispatcher", true, func(t *testing.T, tg *target, rq request) response { return do(t, tg.dispatched, rq) }},
	{"ResponseRecorder", false, func(t *testing.T, tg *target, rq request) response { return record(tg.h, rq) }},
	{"ResponseRecorder, dispatcher", false, func(t *testing.T, tg *target, rq request) response { return record(dispatch(tg.h), rq) }},
	{"status middleware", false, func(t *testing.T, tg *target, rq request) response {
		rec := httptest.NewRecorder()
		sr := &statusRecorder{ResponseWriter: rec}
		p := caught(func() { tg.h.ServeHTTP(sr, rq.new()) })
		return response{status: rec.Code, header: rec.HeaderMap, body: rec.Body.Bytes(), extra: fmt.Sprintf("recorded status %d%s", sr.status, p)}
	}},
	{"failing writer", false, func(t *testing.T, tg *target, rq request) response {
		// A test double whose Write fails before anything is recorded:
		// what a handler does about a failed write shows here.
		rec := httptest.NewRecorder()
		p := caught(func() { tg.h.ServeHTTP(failingWriter{rec}, rq.new()) })
		return response{status: rec.Code, header: rec.HeaderMap, body: rec.Body.Bytes(), extra: p}
	}},
	{"spy writer", false, func(t *testing.T, tg *target, rq request) response {
		s := &spy{}
		p := caught(func() { tg.h.ServeHTTP(s, rq.new()) })
		return response{header: s.header, extra: strings.Join(s.calls, "\n") + p}
	}},
}

func TestDifferential(t *testing.T) {
	total := 0
	for _, p := range pairs() {
		t.Run(p.name, func(t *testing.T) {
			orig, fixed := newTarget(p.orig, p.origLog), newTarget(p.fixed, p.fixedLog)
			defer orig.close()
			defer fixed.close()
			for _, path := range p.paths {
				for _, method := range methods {
					for _, b := range bodies {
						rq := request{method, path, b.contentType, b.body}
						for _, v := range views {
							p.requestCount++
							a := v.serve(t, orig, rq)
							a.log(orig)
							f := v.serve(t, fixed, rq)
							f.log(fixed)
							p.compare(t, v, rq, a, f)
						}
					}
				}
			}
			t.Logf("%s: %d requests, in %d views", p.name, p.requestCount, len(views))
			total += p.requestCount
		})
	}
	if total < 1000*len(views) {
		t.Errorf("only %d requests", total)
	}
}

// A response is what a view saw: for a client, the response minus the
// Date header; extra holds what else the view observes.
type response struct {
	status int
	header http.Header
	body   []byte
	extra  string
}

// log adds what the target's own middleware logged to the response.
func (r *response) log(tg *target) {
	if tg.log != nil {
		r.extra += fmt.Sprintf("\nlogged %q", tg.log())
	}
}

func do(t *testing.T, srv *httptest.Server, rq request) response {
	t.Helper()
	req, err := http.NewRequest(rq.method, srv.URL+rq.path, strings.NewReader(rq.body))
	if err != nil {
		t.Fatal(err)
	}
	if rq.contentType != "" {
		req.Header.Set("Content-Type", rq.contentType)
	}
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		// The handler aborted the response before sending anything.
		return response{extra: "no response"}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	resp.Header.Del("Date")
	return response{status: resp.StatusCode, header: resp.Header, body: b,
		extra: fmt.Sprintf("length %d, transfer encoding %q, close %v, truncated %v", resp.ContentLength, resp.TransferEncoding, resp.Close, err != nil)}
}

// record serves a request to h with an httptest.ResponseRecorder: the
// code, the header map, the body, and the headers as the recorder's
// Result has them (a snapshot taken at WriteHeader), and whether it was
// flushed.
func record(h http.Handler, rq request) response {
	rec := httptest.NewRecorder()
	p := caught(func() { h.ServeHTTP(rec, rq.new()) })
	return response{status: rec.Code, header: rec.HeaderMap, body: rec.Body.Bytes(),
		extra: fmt.Sprintf("Result headers %s, flushed %v%s", dump(rec.Result().Header), rec.Flushed, p)}
}

// caught runs f and describes the panic it ended with, if any: a test
// calling a handler that panics sees the panic.
func caught(f func()) (p string) {
	defer func() {
		if v := recover(); v != nil {
			p = fmt.Sprintf(", panic %v", v)
		}
	}()
	f()
	return ""
}

// dispatch calls h and, when h wrote nothing, neither WriteHeader nor
// Write, answers 404 itself with the headers h set.
func dispatch(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &tracker{ResponseWriter: w}
		h.ServeHTTP(tw, r)
		if !tw.wrote {
			w.Header().Set("X-Dispatcher", "1")
			http.Error(w, "dispatched", http.StatusNotFound)
		}
	})
}

type tracker struct {
	http.ResponseWriter
	wrote bool
}

func (t *tracker) WriteHeader(code int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(code)
}

func (t *tracker) Write(p []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(p)
}

// statusRecorder records the status given to WriteHeader, and nothing
// else, as logging middleware commonly does.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// failingWriter is a ResponseRecorder whose Write fails without
// recording anything, as the test doubles real modules use to test how
// their handlers answer a failed write.
type failingWriter struct{ *httptest.ResponseRecorder }

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("write failed") }

func (failingWriter) WriteString(string) (int, error) { return 0, errors.New("write failed") }

// spy is a ResponseWriter, and a Flusher, that logs every call made on it
// with the headers at the time.
type spy struct {
	header http.Header
	calls  []string
}

func (s *spy) Header() http.Header {
	if s.header == nil {
		s.header = http.Header{}
	}
	return s.header
}

func (s *spy) WriteHeader(code int) {
	s.calls = append(s.calls, fmt.Sprintf("WriteHeader(%d) %s", code, dump(s.header)))
}

func (s *spy) Write(p []byte) (int, error) {
	s.calls = append(s.calls, fmt.Sprintf("Write(%q) %s", p, dump(s.header)))
	return len(p), nil
}

func (s *spy) WriteString(str string) (int, error) { return s.Write([]byte(str)) }

func (s *spy) Flush() { s.calls = append(s.calls, "Flush") }

func (p *pair) compare(t *testing.T, v view, rq request, orig, fixed response) {
	t.Helper()
	route := strings.SplitN(rq.path, "?", 2)[0]
	if named, ok := p.split[route]; ok && !slices.Contains(named, rq.method) {
		// route.Methods answers these itself, on purpose.
		if v.name == "real server" || v.name == "ResponseRecorder" {
			checkMethodsAnswer(t, v, rq.method, rq.path, named, orig, fixed)
		}
		return
	}
	if orig.status != fixed.status || !equalHeaders(orig.header, fixed.header) || !bytes.Equal(orig.body, fixed.body) || orig.extra != fixed.extra {
		t.Errorf("%s: %s %s with body %q:\noriginal: %d %v %q\n%s\nmigrated: %d %v %q\n%s",
			v.name, rq.method, rq.path, rq.body, orig.status, dump(orig.header), orig.body, orig.extra,
			fixed.status, dump(fixed.header), fixed.body, fixed.extra)
	}
}

// checkMethodsAnswer checks a request to a split handler with a method
// the handler did not name: the original answered 405 from its default
// branch (or its method check), the migrated one answers as route.Methods
// documents: OPTIONS with 204 and Allow, HEAD through the GET function
// without a body, anything else with 405 and Allow.
func checkMethodsAnswer(t *testing.T, v view, method, path string, named []string, orig, fixed response) {
	t.Helper()
	if orig.status != http.StatusMethodNotAllowed {
		t.Errorf("%s: %s %s: the original answered %d, not 405", v.name, method, path, orig.status)
	}
	allow := fixed.header.Get("Allow")
	switch {
	case method == http.MethodHead && slices.Contains(named, http.MethodGet):
		// GET's body is written to HEAD as a handler writes it: a
		// recorder keeps it, a real server drops it.
		if fixed.status == http.StatusMethodNotAllowed || v.wire && len(fixed.body) > 0 {
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
