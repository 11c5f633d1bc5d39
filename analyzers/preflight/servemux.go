package preflight

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/httpmodel"
)

// This file answers, for a ServeMux whose registrations are all known,
// what a request gets: the registered pattern that serves it, or the
// mux's own 404, 405 (with its Allow header) or trailing-slash redirect.
// It follows net/http's Go 1.22+ routing (server.go findHandler and
// routing_tree.go) step by step, and servemux_test.go checks it against a
// real http.ServeMux. It also tells whether two patterns conflict, as
// registration does, so a fix never adds a pattern that would panic.

// A muxPattern is a ServeMux pattern in net/http's own terms.
type muxPattern struct {
	route  *httpmodel.Route // nil for a pattern a fix would add
	raw    string
	method string // "" matches every method
	host   string // "" matches every host
	segs   []muxSeg
}

// A muxSeg is one path segment: a literal (s), a single wildcard (wild), or
// a multi wildcard (multi; s is its name, "" for a trailing slash). A final
// {$} is the literal "/".
type muxSeg struct {
	s           string
	wild, multi bool
}

func newMuxPattern(p *httpmodel.Pattern, rt *httpmodel.Route) *muxPattern {
	mp := &muxPattern{route: rt, raw: p.Raw, method: p.Method, host: p.Host}
	for _, s := range p.Segments {
		switch {
		case s.Multi:
			mp.segs = append(mp.segs, muxSeg{s: s.Wild, wild: true, multi: true})
		case s.Wild != "":
			mp.segs = append(mp.segs, muxSeg{s: s.Wild, wild: true})
		default:
			mp.segs = append(mp.segs, muxSeg{s: s.Literal})
		}
	}
	if p.ExactEnd {
		mp.segs = append(mp.segs, muxSeg{s: "/"})
	}
	return mp
}

func (p *muxPattern) lastMulti() bool {
	return len(p.segs) > 0 && p.segs[len(p.segs)-1].multi
}

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
		if p.host == host && p.method == method {
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
			if len(p.segs) == i {
				return p
			}
		}
		return nil
	}
	seg, rest := firstSegment(path)
	var lits, wilds []*muxPattern
	var multi *muxPattern
	for _, p := range ps {
		if i >= len(p.segs) {
			continue
		}
		switch s := p.segs[i]; {
		case s.multi:
			multi = p
		case s.wild:
			wilds = append(wilds, p)
		case s.s == seg:
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
	if !p.lastMulti() {
		return true
	}
	if len(path) > 0 && path[len(path)-1] != '/' {
		return false
	}
	return len(p.segs) == strings.Count(path, "/")
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
				if p.host == h && p.method != "" && !set[p.method] && matchPath(m.group(h, p.method), 0, path) != nil {
					set[p.method] = true
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

// conflictsWith reports whether registering p1 and p2 on one ServeMux
// panics: both match some request and neither takes precedence. A pattern
// with a host takes precedence over one without.
func (p1 *muxPattern) conflictsWith(p2 *muxPattern) bool {
	if p1.host != p2.host {
		return false
	}
	rel := p1.comparePathsAndMethods(p2)
	return rel == equivalent || rel == overlaps
}

// A relationship is how the requests two patterns match compare.
type relationship int

const (
	equivalent   relationship = iota // the same requests
	moreGeneral                      // p1 matches all p2 does and more
	moreSpecific                     // p2 matches all p1 does and more
	disjoint                         // no request matches both
	overlaps                         // some requests match both; neither is more specific
)

func (p1 *muxPattern) comparePathsAndMethods(p2 *muxPattern) relationship {
	mrel := compareMethods(p1.method, p2.method)
	if mrel == disjoint {
		return disjoint
	}
	return combine(mrel, comparePaths(p1, p2))
}

func compareMethods(m1, m2 string) relationship {
	switch {
	case m1 == m2:
		return equivalent
	case m1 == "":
		return moreGeneral
	case m2 == "":
		return moreSpecific
	case m1 == "GET" && m2 == "HEAD":
		return moreGeneral
	case m2 == "GET" && m1 == "HEAD":
		return moreSpecific
	}
	return disjoint
}

func comparePaths(p1, p2 *muxPattern) relationship {
	if len(p1.segs) != len(p2.segs) && !p1.lastMulti() && !p2.lastMulti() {
		return disjoint
	}
	segs1, segs2 := p1.segs, p2.segs
	rel := equivalent
	for ; len(segs1) > 0 && len(segs2) > 0; segs1, segs2 = segs1[1:], segs2[1:] {
		if rel = combine(rel, compareSegments(segs1[0], segs2[0])); rel == disjoint {
			return rel
		}
	}
	switch {
	case len(segs1) == 0 && len(segs2) == 0:
		return rel
	case len(segs1) < len(segs2) && p1.lastMulti():
		return combine(rel, moreGeneral)
	case len(segs2) < len(segs1) && p2.lastMulti():
		return combine(rel, moreSpecific)
	}
	return disjoint
}

func compareSegments(s1, s2 muxSeg) relationship {
	switch {
	case s1.multi && s2.multi:
		return equivalent
	case s1.multi:
		return moreGeneral
	case s2.multi:
		return moreSpecific
	case s1.wild && s2.wild:
		return equivalent
	case s1.wild:
		if s2.s == "/" {
			return disjoint // a single wildcard does not match a trailing slash
		}
		return moreGeneral
	case s2.wild:
		if s1.s == "/" {
			return disjoint
		}
		return moreSpecific
	case s1.s == s2.s:
		return equivalent
	}
	return disjoint
}

// combine is the relationship of two patterns given those of two parts of
// them (method and path, or two runs of segments).
func combine(r1, r2 relationship) relationship {
	switch r1 {
	case equivalent:
		return r2
	case disjoint:
		return disjoint
	case overlaps:
		if r2 == disjoint {
			return disjoint
		}
		return overlaps
	}
	switch r2 {
	case equivalent:
		return r1
	case inverse(r1):
		return overlaps
	}
	return r2
}

func inverse(r relationship) relationship {
	switch r {
	case moreSpecific:
		return moreGeneral
	case moreGeneral:
		return moreSpecific
	}
	return r
}

// sampleRequest returns a request path that p matches and that stands for
// all of them: literal segments as written, and for each wildcard a value
// that no pattern of the mux has as a literal, so it matches only what
// any value would. A trailing multi wildcard gets one such segment.
func (m *servemux) sampleRequest(p *muxPattern) string {
	var b strings.Builder
	for i, s := range p.segs {
		switch {
		case s.s == "/" && !s.wild:
			b.WriteByte('/') // {$}
		case s.wild:
			b.WriteByte('/')
			b.WriteString(m.freshSegment(i))
		default:
			b.WriteByte('/')
			b.WriteString(url.PathEscape(s.s))
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
			if i < len(p.segs) && !p.segs[i].wild && p.segs[i].s == fresh {
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
			if p.host == host {
				host = "x" + host
				taken = true
			}
		}
	}
	return host
}
