package preflight

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/httpmodel"
	smux "github.com/routevet/routevet/internal/servemux"
)

// This file answers, for a ServeMux whose registrations are all known,
// what a request gets: the registered pattern that serves it, or the
// mux's own 404, 405 (with its Allow header) or trailing-slash redirect.
// It follows net/http's Go 1.22+ routing (server.go findHandler and
// routing_tree.go) step by step, and servemux_test.go checks it against a
// real http.ServeMux. It also tells whether two patterns conflict, as
// registration does, so a fix never adds a pattern that would panic.

// A muxPattern is a ServeMux pattern in net/http's own terms, with the
// route that registered it (nil for a pattern a fix would add).
type muxPattern struct {
	*smux.Pattern
	route *httpmodel.Route
}

func newMuxPattern(p *httpmodel.Pattern, rt *httpmodel.Route) *muxPattern {
	return &muxPattern{Pattern: smux.New(p), route: rt}
}

// conflictsWith reports whether registering p1 and p2 on one ServeMux
// panics (internal/servemux decides, by net/http's rules).
func (p1 *muxPattern) conflictsWith(p2 *muxPattern) bool { return p1.ConflictsWith(p2.Pattern) }

// A servemux is the set of patterns registered on one ServeMux.
type servemux struct{ patterns []*muxPattern }

// A muxResponse is what the mux does with a request: hand it to the
// handler of pattern, or answer itself with status (404, 405 with allow,
// or a redirect to location).
type muxResponse struct {
	pattern  *muxPattern
	status   int
	allow    []string
	location string
}

// serve routes a request as (*http.ServeMux).findHandler does for every
// method but CONNECT. host has no port; path is the request's escaped
// path.
func (m *servemux) serve(method, host, escapedPath string) muxResponse {
	p := cleanPath(escapedPath)
	n := m.match(host, method, p)
	// A path that matches only with a trailing slash added redirects.
	if !exactMatch(n, p) && !strings.HasSuffix(p, "/") && p != "" {
		if n2 := m.match(host, method, p+"/"); exactMatch(n2, p+"/") {
			unescaped, err := url.PathUnescape(escapedPath)
			if err != nil {
				unescaped = escapedPath
			}
			return muxResponse{status: 307, location: redirectLocation(cleanPath(unescaped) + "/")}
		}
	}
	if p != escapedPath {
		return muxResponse{status: 307, location: redirectLocation(p)}
	}
	if n == nil {
		if allow := m.matchingMethods(host, p); len(allow) > 0 {
			return muxResponse{status: 405, allow: allow}
		}
		return muxResponse{status: 404}
	}
	return muxResponse{pattern: n}
}

// match finds the pattern for a request: patterns with the request's host
// first, then host-less ones; within each, the method's own patterns, GET
// patterns for HEAD, then method-less patterns.
func (m *servemux) match(host, method, path string) *muxPattern {
	if host != "" {
		if p := m.matchMethodAndPath(host, method, path); p != nil {
			return p
		}
	}
	return m.matchMethodAndPath("", method, path)
}

func (m *servemux) matchMethodAndPath(host, method, path string) *muxPattern {
	if p := matchPath(m.group(host, method), 0, path); p != nil {
		return p
	}
	if method == "HEAD" {
		if p := matchPath(m.group(host, "GET"), 0, path); p != nil {
			return p
		}
	}
	return matchPath(m.group(host, ""), 0, path)
}

// group returns the patterns with exactly this host and method.
func (m *servemux) group(host, method string) []*muxPattern {
	var g []*muxPattern
	for _, p := range m.patterns {
		if p.Host == host && p.Method == method {
			g = append(g, p)
		}
	}
	return g
}

// matchPath matches path against the segments from index i on of the
// candidate patterns, with routing_tree.go's precedence: a literal
// segment before a single wildcard before a multi wildcard, backtracking
// when a branch fails.
func matchPath(ps []*muxPattern, i int, path string) *muxPattern {
	if len(ps) == 0 {
		return nil
	}
	if path == "" {
		for _, p := range ps {
			if len(p.Segs) == i {
				return p
			}
		}
		return nil
	}
	seg, rest := firstSegment(path)
	var lits, wilds []*muxPattern
	var multi *muxPattern
	for _, p := range ps {
		if i >= len(p.Segs) {
			continue
		}
		switch s := p.Segs[i]; {
		case s.Multi:
			multi = p
		case s.Wild:
			wilds = append(wilds, p)
		case s.S == seg:
			lits = append(lits, p)
		}
	}
	if p := matchPath(lits, i+1, rest); p != nil {
		return p
	}
	// A single wildcard does not match the trailing slash.
	if seg != "/" {
		if p := matchPath(wilds, i+1, rest); p != nil {
			return p
		}
	}
	return multi
}

// firstSegment splits path into its first segment, unescaped, and the
// rest; "/" alone is the segment "/".
func firstSegment(path string) (seg, rest string) {
	if path == "/" {
		return "/", ""
	}
	path = path[1:]
	i := strings.IndexByte(path, '/')
	if i < 0 {
		i = len(path)
	}
	seg = path[:i]
	if u, err := url.PathUnescape(seg); err == nil {
		seg = u
	}
	return seg, path[i:]
}

// exactMatch reports whether p matches path without its multi wildcard
// taking a non-empty part of it.
func exactMatch(p *muxPattern, path string) bool {
	if p == nil {
		return false
	}
	if !p.LastMulti() {
		return true
	}
	if len(path) > 0 && path[len(path)-1] != '/' {
		return false
	}
	return len(p.Segs) == strings.Count(path, "/")
}

// matchingMethods returns, sorted, the methods of the patterns that match
// host and path, or path with a trailing slash added: the Allow header of
// the mux's 405. GET brings HEAD.
func (m *servemux) matchingMethods(host, path string) []string {
	set := map[string]bool{}
	paths := []string{path}
	if !strings.HasSuffix(path, "/") {
		paths = append(paths, path+"/")
	}
	hosts := []string{""}
	if host != "" {
		hosts = append(hosts, host)
	}
	for _, path := range paths {
		for _, h := range hosts {
			for _, p := range m.patterns {
				if p.Host == h && p.Method != "" && !set[p.Method] && matchPath(m.group(h, p.Method), 0, path) != nil {
					set[p.Method] = true
				}
			}
		}
		if set["GET"] {
			set["HEAD"] = true
		}
	}
	var methods []string
	for method := range set {
		methods = append(methods, method)
	}
	slices.Sort(methods)
	return methods
}

// redirectLocation is the Location header http.Redirect sends for a
// redirect to the path p.
func redirectLocation(p string) string {
	loc := (&url.URL{Path: p}).String()
	trailing := strings.HasSuffix(loc, "/")
	loc = path.Clean(loc)
	if trailing && !strings.HasSuffix(loc, "/") {
		loc += "/"
	}
	return loc
}

// cleanPath is net/http's cleanPath: path.Clean keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		if len(p) == len(np)+1 && strings.HasPrefix(p, np) {
			np = p
		} else {
			np += "/"
		}
	}
	return np
}

// sampleRequest returns a request path that p matches and that stands for
// all of them: literal segments as written, and for each wildcard a value
// that no pattern of the mux has as a literal, so it matches only what
// any value would. A trailing multi wildcard gets one such segment.
func (m *servemux) sampleRequest(p *muxPattern) string {
	var b strings.Builder
	for i, s := range p.Segs {
		switch {
		case s.S == "/" && !s.Wild:
			b.WriteByte('/') // {$}
		case s.Wild:
			b.WriteByte('/')
			b.WriteString(m.freshSegment(i))
		default:
			b.WriteByte('/')
			b.WriteString(url.PathEscape(s.S))
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// freshSegment returns a segment value unlike any literal at position i.
func (m *servemux) freshSegment(i int) string {
	fresh := "x"
	for taken := true; taken; {
		taken = false
		for _, p := range m.patterns {
			if i < len(p.Segs) && !p.Segs[i].Wild && p.Segs[i].S == fresh {
				fresh += "x"
				taken = true
			}
		}
	}
	return fresh
}

// freshHost returns a host name no pattern of the mux names.
func (m *servemux) freshHost() string {
	host := "client.invalid"
	for taken := true; taken; {
		taken = false
		for _, p := range m.patterns {
			if p.Host == host {
				host = "x" + host
				taken = true
			}
		}
	}
	return host
}
