package preflight

// This file routes a CORS route's preflight through its router, per
// router kind (ServeMux, chi, gorilla/mux), to what answers it.

import (
	"go/token"
	"net/http"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// The kinds of outcome of a preflight.
const (
	answered = iota // something may answer it (or the analyzer cannot tell)
	refused         // the router answers with 405, 404 or a redirect
	rejected        // a handler's method check answers with an error
)

// An outcome is what a route's preflight gets.
type outcome struct {
	kind int
	// For refused: what the preflight gets, the methods the router has
	// for the path, and the hosts (of host patterns) whose own OPTIONS
	// routes do answer it.
	gets  string
	allow []string
	hosts []string
	// For rejected.
	rj *rejection
}

// outcome routes rt's preflight through its router.
func (c *checker) outcome(rt *httpmodel.Route) outcome {
	switch rt.Router.Kind {
	case httpmodel.ServeMux:
		return c.servemuxOutcome(rt)
	case httpmodel.Chi:
		return c.chiOutcome(rt)
	case httpmodel.Gorilla:
		return c.gorillaOutcome(rt)
	}
	return outcome{}
}

// servemuxOf returns the patterns of a ServeMux, or nil when one of its
// registrations has a pattern that is not a constant (or is invalid).
func (c *checker) servemuxOf(r *httpmodel.Router) *servemux {
	if sm, ok := c.muxes[r]; ok {
		return sm
	}
	sm := &servemux{}
	for _, rt := range c.m.Routes {
		if rt.Router != r {
			continue
		}
		p := rt.Mux
		if p != nil && !c.modernPatterns(rt.Call.Pos()) {
			// A file before Go 1.22 has plain paths; they mean the same
			// under Go 1.22's rules only if they hold no braces. One with
			// a space has a "host" no request has: it never matches.
			if strings.ContainsAny(p.Host, " \t") {
				continue
			}
			p, _ = httpmodel.ParsePattern(rt.Pattern)
			if p != nil && (p.Method != "" || strings.ContainsAny(rt.Pattern, "{}")) {
				p = nil
			}
		}
		if p == nil {
			sm = nil
			break
		}
		mp := newMuxPattern(p, rt)
		if slices.ContainsFunc(sm.patterns, mp.conflictsWith) {
			sm = nil // registering it panics: the mux never serves
			break
		}
		sm.patterns = append(sm.patterns, mp)
	}
	if sm != nil {
		// OPTIONS patterns that other packages' functions register on r.
		if ps, ok := c.registeredOptions(r); ok {
			sm.patterns = append(sm.patterns, ps...)
		} else {
			sm = nil
		}
	}
	c.muxes[r] = sm
	return sm
}

// modernPatterns reports whether the file at pos uses Go 1.22 patterns.
func (c *checker) modernPatterns(pos token.Pos) bool {
	if f := code.FileOf(c.pass.Files, pos); f != nil {
		v := c.pass.TypesInfo.FileVersions[f]
		return v == "" || versionAtLeast(v, 22)
	}
	return true
}

// versionAtLeast reports whether a "go1.N[.M]" version is at least go1.minor.
func versionAtLeast(v string, minor int) bool {
	rest, ok := strings.CutPrefix(v, "go1.")
	if !ok {
		return true
	}
	n := 0
	for _, ch := range rest {
		if ch < '0' || ch > '9' {
			break
		}
		n = n*10 + int(ch-'0')
	}
	return n >= minor
}

func (c *checker) servemuxOutcome(rt *httpmodel.Route) outcome {
	sm := c.servemuxOf(rt.Router)
	if sm == nil {
		return outcome{}
	}
	var pp *muxPattern
	for _, p := range sm.patterns {
		if p.route == rt {
			pp = p
		}
	}
	if pp == nil {
		return outcome{}
	}
	host := pp.Host
	if host == "" {
		host = sm.freshHost()
	}
	path := sm.sampleRequest(pp)
	resp := sm.serve(http.MethodOptions, host, path)
	if resp.pattern != nil {
		return c.reached(resp.pattern.route)
	}
	out := outcome{kind: refused, allow: sm.matchingMethods(host, cleanPath(path))}
	switch resp.status {
	case 405:
		out.gets = "405 with Allow: " + strings.Join(resp.allow, ", ")
	case 404:
		out.gets = "404 Not Found"
	case 307:
		out.gets = "a redirect to " + resp.location
		if resp.location == path+"/" {
			out.gets = "a redirect to " + rt.Mux.Path() + "/"
		}
	}
	if pp.Host == "" {
		for _, p := range sm.patterns {
			if p.Host != "" && !slices.Contains(out.hosts, p.Host) && sm.serve(http.MethodOptions, p.Host, path).pattern != nil {
				out.hosts = append(out.hosts, p.Host)
			}
		}
	}
	return out
}

// chiOutcome looks for a route of rt's chi routing tree that answers
// OPTIONS for rt's path. chi tries every route whose pattern matches
// before answering 405, so any such route receives the preflight.
func (c *checker) chiOutcome(rt *httpmodel.Route) outcome {
	if !rt.PatternKnown || !c.chiPrefixesKnown(rt.Router) {
		return outcome{}
	}
	p := parseRouterPath(rt.Path)
	for _, q := range c.component(rootOf(rt.Router)) {
		qpath := q.Path
		if q.Methods != nil && !slices.Contains(q.Methods, http.MethodOptions) {
			continue
		}
		if !q.PatternKnown {
			return outcome{}
		}
		if q.Sub != nil && q.Sub.Kind == httpmodel.Chi {
			continue // a mounted chi router: its routes are in the tree
		}
		candidates := [][]pathSeg{parseRouterPath(qpath)}
		if q.Subtree && !strings.HasSuffix(qpath, "*") {
			// Mount(pattern, h) serves pattern, pattern/ and below.
			candidates = append(candidates, parseRouterPath(strings.TrimSuffix(qpath, "/")+"/*"))
		}
		for _, qs := range candidates {
			if pathMayMatch(qs, p) {
				return c.reached(q)
			}
		}
	}
	return outcome{kind: refused, gets: "405 Method Not Allowed"}
}

// chiPrefixesKnown reports whether every Mount on the way to r has a
// constant pattern (Route prefixes are checked with the scope).
func (c *checker) chiPrefixesKnown(r *httpmodel.Router) bool {
	for _, x := range r.Chain() {
		if x.Parent == nil || x.Origin == httpmodel.Derived {
			continue
		}
		for _, rt := range c.m.Routes {
			if rt.Sub == x && !rt.PatternKnown {
				return false
			}
		}
	}
	return true
}

// gorillaOutcome looks for a route of rt's gorilla router (and its
// subrouters) that matches rt's path for OPTIONS: gorilla/mux tries
// every route before answering 405.
func (c *checker) gorillaOutcome(rt *httpmodel.Route) outcome {
	path, ok := gorillaRoutePath(rt)
	if !ok || rt.Subtree || slices.Contains(rt.Methods, "?") {
		return outcome{}
	}
	p := parseRouterPath(path)
	for _, q := range c.component(rootOf(rt.Router)) {
		if q.Methods != nil && !slices.Contains(q.Methods, http.MethodOptions) && !slices.Contains(q.Methods, "?") {
			continue
		}
		qpath, ok := gorillaRoutePath(q)
		if slices.Contains(q.Methods, "?") || !ok || q.PrefixVar != rt.PrefixVar || q.Sub != nil {
			return outcome{} // it might answer
		}
		if q.Host != rt.Host && q.Host != "" {
			if rt.Host == "" || strings.Contains(q.Host+rt.Host, "{") {
				return outcome{} // it answers on some hosts
			}
			continue // another host
		}
		if q.Subtree && prefixMayMatch(qpath, p) || !q.Subtree && pathMayMatch(parseRouterPath(qpath), p) {
			return c.reached(q)
		}
	}
	return outcome{kind: refused, gets: "405 Method Not Allowed"}
}

// gorillaRoutePath returns the path of a gorilla route, for comparing it
// with others: its full path when constant; for a route of a router
// without a prefix whose path starts with a package-level variable, what
// follows the variable, behind a segment standing for it. Routes starting
// with the same variable then compare by what follows it, which decides
// whether they match the same requests whatever the variable holds.
func gorillaRoutePath(rt *httpmodel.Route) (string, bool) {
	switch {
	case rt.PatternKnown:
		return rt.Path, true
	case rt.PrefixVar != nil && rt.Router.Parent == nil && rt.Router.Prefix == "":
		return "/\x00" + rt.PrefixVar.Name() + "/" + rt.Pattern, true
	}
	return "", false
}

// reached is the outcome of a preflight handed to route q: what q's
// middleware and handler make of it.
func (c *checker) reached(q *httpmodel.Route) outcome {
	if q == nil || q.Sub != nil {
		return outcome{}
	}
	for _, w := range c.routeMiddleware(q) {
		if kind, _ := c.classify(w); kind != passes {
			return outcome{}
		}
	}
	hi := c.handlerOf(q)
	if hi == nil {
		return outcome{}
	}
	rj := c.rejectsOf(hi)
	if rj == nil {
		return outcome{}
	}
	return outcome{kind: rejected, rj: rj}
}

// A pathSeg is one segment of a chi or gorilla route pattern.
type pathSeg struct {
	lit   string
	param bool // {name}: any non-empty segment
	maybe bool // a regexp parameter, or a segment mixing text and parameters
	rest  bool // chi's trailing *: anything, including nothing
}

// parseRouterPath splits a chi or gorilla pattern into segments. A
// trailing slash is an empty last segment.
func parseRouterPath(p string) []pathSeg {
	p = strings.TrimPrefix(p, "/")
	var segs []pathSeg
	for s := range strings.SplitSeq(p, "/") {
		switch {
		case s == "*":
			segs = append(segs, pathSeg{rest: true})
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && strings.Count(s, "{") == 1:
			if strings.Contains(s, ":") {
				segs = append(segs, pathSeg{maybe: true})
			} else {
				segs = append(segs, pathSeg{param: true})
			}
		case strings.ContainsAny(s, "{*"):
			segs = append(segs, pathSeg{maybe: true})
		default:
			segs = append(segs, pathSeg{lit: s})
		}
	}
	return segs
}

// pathMayMatch reports whether a route pattern q may match the requests
// of pattern p that stand for all of them: p's parameters taken as a
// value no literal of q has. Unsure segments (regexps, mixed segments)
// count as matching, so a possible OPTIONS route is never missed.
func pathMayMatch(q, p []pathSeg) bool {
	for i, ps := range p {
		if i >= len(q) {
			return false
		}
		qs := q[i]
		switch {
		case qs.rest:
			return true
		case ps.rest:
			// p's sample request has one more segment here.
			return (qs.param || qs.maybe) && (len(q) == i+1 || q[i+1].rest) || qs.maybe
		case qs.maybe:
		case qs.param:
			if !ps.param && !ps.maybe && ps.lit == "" {
				return false // a parameter matches no empty segment
			}
		case ps.param || ps.maybe:
			return false // a literal does not match p's sample value
		case qs.lit != ps.lit:
			return false
		}
	}
	return len(q) == len(p)
}

// prefixMayMatch reports whether a gorilla PathPrefix template may match
// a request of pattern p.
func prefixMayMatch(prefix string, p []pathSeg) bool {
	if strings.Contains(prefix, "{") {
		return true
	}
	var b strings.Builder
	for _, s := range p {
		b.WriteByte('/')
		switch {
		case s.param, s.maybe, s.rest:
			b.WriteString("x")
		default:
			b.WriteString(s.lit)
		}
	}
	return strings.HasPrefix(b.String(), prefix)
}
