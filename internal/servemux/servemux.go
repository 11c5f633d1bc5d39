// Package servemux models how net/http's ServeMux (Go 1.22 and later)
// compares patterns: which of two patterns takes precedence, and which
// pairs make registration panic, with the message net/http gives. It is
// written from net/http's documented rules and checked against a real
// http.ServeMux by a randomised differential test.
package servemux

import (
	"fmt"
	"go/version"
	"strings"

	"github.com/routevet/routevet/internal/httpmodel"
)

// A Pattern is a parsed ServeMux pattern in the terms net/http compares
// patterns in.
type Pattern struct {
	Raw    string
	Method string // "" matches every method
	Host   string // "" matches every host
	Segs   []Seg
}

// A Seg is one path segment: a literal (S), a single wildcard (Wild), or a
// multi wildcard (Multi; S is its name, "" for a trailing slash). A final
// {$} is the literal "/".
type Seg struct {
	S           string
	Wild, Multi bool
}

// New returns the Pattern of a parsed ServeMux pattern.
func New(p *httpmodel.Pattern) *Pattern {
	mp := &Pattern{Raw: p.Raw, Method: p.Method, Host: p.Host}
	for _, s := range p.Segments {
		switch {
		case s.Multi:
			mp.Segs = append(mp.Segs, Seg{S: s.Wild, Wild: true, Multi: true})
		case s.Wild != "":
			mp.Segs = append(mp.Segs, Seg{S: s.Wild, Wild: true})
		default:
			mp.Segs = append(mp.Segs, Seg{S: s.Literal})
		}
	}
	if p.ExactEnd {
		mp.Segs = append(mp.Segs, Seg{S: "/"})
	}
	return mp
}

// LastMulti reports whether the pattern ends in a multi wildcard.
func (p *Pattern) LastMulti() bool {
	return len(p.Segs) > 0 && p.Segs[len(p.Segs)-1].Multi
}

// ConflictsWith reports whether registering p1 and p2 on one ServeMux
// panics: both match some request and neither takes precedence. A pattern
// with a host takes precedence over one without.
func (p1 *Pattern) ConflictsWith(p2 *Pattern) bool {
	if p1.Host != p2.Host {
		return false
	}
	rel := p1.Compare(p2)
	return rel == Equivalent || rel == Overlaps
}

// A Relationship is how the sets of requests two patterns match compare.
type Relationship int

const (
	Equivalent   Relationship = iota // the same requests
	MoreGeneral                      // p1 matches all p2 does and more
	MoreSpecific                     // p2 matches all p1 does and more
	Disjoint                         // no request matches both
	Overlaps                         // some requests match both; neither is more specific
)

// Compare compares the methods and paths of two patterns (not their
// hosts).
func (p1 *Pattern) Compare(p2 *Pattern) Relationship {
	mrel := compareMethods(p1.Method, p2.Method)
	if mrel == Disjoint {
		return Disjoint
	}
	return combine(mrel, comparePaths(p1, p2))
}

func compareMethods(m1, m2 string) Relationship {
	switch {
	case m1 == m2:
		return Equivalent
	case m1 == "":
		return MoreGeneral
	case m2 == "":
		return MoreSpecific
	case m1 == "GET" && m2 == "HEAD":
		return MoreGeneral // GET also serves HEAD
	case m2 == "GET" && m1 == "HEAD":
		return MoreSpecific
	}
	return Disjoint
}

func comparePaths(p1, p2 *Pattern) Relationship {
	if len(p1.Segs) != len(p2.Segs) && !p1.LastMulti() && !p2.LastMulti() {
		return Disjoint
	}
	segs1, segs2 := p1.Segs, p2.Segs
	rel := Equivalent
	for ; len(segs1) > 0 && len(segs2) > 0; segs1, segs2 = segs1[1:], segs2[1:] {
		if rel = combine(rel, compareSegments(segs1[0], segs2[0])); rel == Disjoint {
			return rel
		}
	}
	switch {
	case len(segs1) == 0 && len(segs2) == 0:
		return rel
	case len(segs1) < len(segs2) && p1.LastMulti():
		return combine(rel, MoreGeneral)
	case len(segs2) < len(segs1) && p2.LastMulti():
		return combine(rel, MoreSpecific)
	}
	return Disjoint
}

func compareSegments(s1, s2 Seg) Relationship {
	switch {
	case s1.Multi && s2.Multi:
		return Equivalent
	case s1.Multi:
		return MoreGeneral
	case s2.Multi:
		return MoreSpecific
	case s1.Wild && s2.Wild:
		return Equivalent
	case s1.Wild:
		if s2.S == "/" {
			return Disjoint // a single wildcard does not match a trailing slash
		}
		return MoreGeneral
	case s2.Wild:
		if s1.S == "/" {
			return Disjoint
		}
		return MoreSpecific
	case s1.S == s2.S:
		return Equivalent
	}
	return Disjoint
}

// combine is the relationship of two patterns given those of two parts of
// them (method and path, or two runs of segments).
func combine(r1, r2 Relationship) Relationship {
	switch r1 {
	case Equivalent:
		return r2
	case Disjoint:
		return Disjoint
	case Overlaps:
		if r2 == Disjoint {
			return Disjoint
		}
		return Overlaps
	}
	switch r2 {
	case Equivalent:
		return r1
	case inverse(r1):
		return Overlaps
	}
	return r2
}

func inverse(r Relationship) Relationship {
	switch r {
	case MoreSpecific:
		return MoreGeneral
	case MoreGeneral:
		return MoreSpecific
	}
	return r
}

// Conflict returns the reason net/http gives when registering p1 panics
// because p2 is registered, the text after "conflicts with pattern ...:".
// p1 and p2 must conflict.
func Conflict(p1, p2 *Pattern) string {
	mrel := compareMethods(p1.Method, p2.Method)
	prel := comparePaths(p1, p2)
	switch rel := combine(mrel, prel); {
	case rel == Equivalent:
		return fmt.Sprintf("%s matches the same requests as %s", p1.Raw, p2.Raw)
	case prel == Overlaps:
		return fmt.Sprintf("%[1]s and %[2]s both match some paths, like %[3]q.\nBut neither is more specific than the other.\n%[1]s matches %[4]q, but %[2]s doesn't.\n%[2]s matches %[5]q, but %[1]s doesn't.",
			p1.Raw, p2.Raw, pathBoth(p1, p2), pathOnly(p1, p2), pathOnly(p2, p1))
	case mrel == MoreGeneral && prel == MoreSpecific:
		return fmt.Sprintf("%s matches more methods than %s, but has a more specific path pattern", p1.Raw, p2.Raw)
	case mrel == MoreSpecific && prel == MoreGeneral:
		return fmt.Sprintf("%s matches fewer methods than %s, but has a more general path pattern", p1.Raw, p2.Raw)
	}
	return ""
}

// RegistrationPanic returns the message of the panic of registering p1
// (at loc1) on a ServeMux where p2 (registered at loc2) conflicts with it.
func RegistrationPanic(p1, p2 *Pattern, loc1, loc2 string) string {
	return fmt.Sprintf("pattern %q (registered at %s) conflicts with pattern %q (registered at %s):\n%s",
		p1.Raw, loc1, p2.Raw, loc2, Conflict(p1, p2))
}

// segPath writes a path segment that matches s: a literal as written, a
// wildcard by its name, nothing for a multi wildcard or a {$}.
func segPath(b *strings.Builder, s Seg) {
	b.WriteByte('/')
	if !s.Multi && s.S != "/" {
		b.WriteString(s.S)
	}
}

func restPath(b *strings.Builder, segs []Seg) {
	for _, s := range segs {
		segPath(b, s)
	}
}

// pathBoth returns the example path net/http gives of one that both
// patterns match (they overlap).
func pathBoth(p1, p2 *Pattern) string {
	var b strings.Builder
	segs1, segs2 := p1.Segs, p2.Segs
	for ; len(segs1) > 0 && len(segs2) > 0; segs1, segs2 = segs1[1:], segs2[1:] {
		if segs1[0].Wild {
			segPath(&b, segs2[0])
		} else {
			segPath(&b, segs1[0])
		}
	}
	restPath(&b, segs1)
	restPath(&b, segs2)
	return b.String()
}

// pathOnly returns the example path net/http gives of one that p1 matches
// and p2 does not (they overlap, neither more specific).
func pathOnly(p1, p2 *Pattern) string {
	var b strings.Builder
	segs1, segs2 := p1.Segs, p2.Segs
	for ; len(segs1) > 0 && len(segs2) > 0; segs1, segs2 = segs1[1:], segs2[1:] {
		s1, s2 := segs1[0], segs2[0]
		switch {
		case s1.Multi && s2.Multi:
			b.WriteByte('/')
			return b.String()
		case s1.Multi:
			// Only p1 goes on: a trailing slash tells them apart, or, when
			// p2 ends in {$}, any segment (the wildcard's name if any).
			b.WriteByte('/')
			if s2.S == "/" {
				if s1.S != "" {
					b.WriteString(s1.S)
				} else {
					b.WriteString("x")
				}
			}
			return b.String()
		case s1.Wild && !s2.Wild && !s2.Multi && s1.S == s2.S:
			// Any segment but the literal: the literal, changed.
			b.WriteByte('/')
			b.WriteString(s2.S + "x")
		default:
			segPath(&b, s1)
		}
	}
	restPath(&b, segs1)
	restPath(&b, segs2)
	return b.String()
}

// Modern reports whether a file of the given Go version ("go1.21", or ""
// when unknown) registers patterns by Go 1.22's rules. A program whose
// main module says an older version runs ServeMux with the
// httpmuxgo121 setting: no methods, hosts or wildcards, and only a
// pattern registered twice panics.
func Modern(fileVersion string) bool {
	return fileVersion == "" || !version.IsValid(fileVersion) || version.Compare(fileVersion, "go1.22") >= 0
}
