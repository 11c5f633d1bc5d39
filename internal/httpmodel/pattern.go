package httpmodel

import (
	"fmt"
	"path"
	"strings"
	"unicode"
)

// A Pattern is a net/http ServeMux pattern, "[METHOD ][HOST]/[PATH]",
// parsed the way net/http parses it in Go 1.22 and later.
type Pattern struct {
	Raw      string
	Method   string // "" matches every method
	Host     string // "" matches every host
	Segments []Segment
	// Subtree is set when the pattern ends in a slash or a {name...}
	// wildcard: it then matches every path below it too.
	Subtree bool
	// ExactEnd is set by a final {$}: the pattern matches only the path
	// ending in a slash, not the tree below it.
	ExactEnd bool
}

// A Segment is one slash-separated element of a pattern's path.
type Segment struct {
	Literal string // unescaped text, for literal segments
	Wild    string // wildcard name, for {name} and {name...}; "" otherwise
	Multi   bool   // {name...}, or the anonymous wildcard of a trailing slash
}

// ParsePattern parses a ServeMux pattern as net/http does, reporting the
// same mistakes net/http would panic on at registration.
func ParsePattern(s string) (*Pattern, error) {
	if s == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	p := &Pattern{Raw: s}
	rest := s
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		p.Method, rest = s[:i], strings.TrimLeft(s[i+1:], " \t")
		// As in net/http, " /x" is an empty method: every method.
		if p.Method != "" && !isToken(p.Method) {
			return nil, fmt.Errorf("invalid method %q", p.Method)
		}
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return nil, fmt.Errorf("host/path missing /")
	}
	p.Host, rest = rest[:i], rest[i:]
	if strings.IndexByte(p.Host, '{') >= 0 {
		return nil, fmt.Errorf("host contains '{' (missing initial '/'?)")
	}
	// A request's path is cleaned before it is matched, so a method
	// pattern (CONNECT's paths are not cleaned) with an unclean path would
	// match nothing: net/http refuses it.
	if p.Method != "" && p.Method != "CONNECT" && rest != cleanPath(rest) {
		return nil, fmt.Errorf("non-CONNECT pattern with unclean path can never match")
	}
	seen := map[string]bool{}
	for len(rest) > 0 {
		rest = rest[1:] // drop the slash
		if rest == "" {
			// A trailing slash matches the whole subtree.
			p.Segments = append(p.Segments, Segment{Multi: true})
			p.Subtree = true
			break
		}
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			i = len(rest)
		}
		var seg string
		seg, rest = rest[:i], rest[i:]
		if i := strings.IndexByte(seg, '{'); i < 0 {
			p.Segments = append(p.Segments, Segment{Literal: pathUnescape(seg)})
			continue
		} else if i != 0 || seg[len(seg)-1] != '}' {
			return nil, fmt.Errorf("bad wildcard segment (must be entire segment)")
		}
		name := seg[1 : len(seg)-1]
		if name == "$" {
			if rest != "" {
				return nil, fmt.Errorf("{$} not at end")
			}
			p.ExactEnd = true
			break
		}
		name, multi := strings.CutSuffix(name, "...")
		if multi && rest != "" {
			return nil, fmt.Errorf("{...} wildcard not at end")
		}
		if name == "" || !isIdent(name) {
			return nil, fmt.Errorf("bad wildcard name %q", name)
		}
		if seen[name] {
			return nil, fmt.Errorf("duplicate wildcard name %q", name)
		}
		seen[name] = true
		p.Segments = append(p.Segments, Segment{Wild: name, Multi: multi})
		p.Subtree = p.Subtree || multi
	}
	return p, nil
}

// Path returns the pattern without its method and host.
func (p *Pattern) Path() string {
	// Neither a method nor a host can hold a slash.
	return p.Raw[strings.IndexByte(p.Raw, '/'):]
}

// Methods returns the methods the pattern accepts: nil for all, and HEAD
// along with GET, as ServeMux does.
func (p *Pattern) Methods() []string {
	switch p.Method {
	case "":
		return nil
	case "GET":
		return []string{"GET", "HEAD"}
	}
	return []string{p.Method}
}

// cleanPath is path.Clean that keeps a trailing slash, as net/http cleans
// request paths.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

func pathUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

func isIdent(s string) bool {
	// As net/http: a Go identifier by Unicode's letters and digits (an
	// invalid byte decodes to U+FFFD, neither).
	for i, c := range s {
		if !unicode.IsLetter(c) && c != '_' && (i == 0 || !unicode.IsDigit(c)) {
			return false
		}
	}
	return s != ""
}

// isToken reports whether s is an RFC 9110 token, as net/http requires of
// a pattern's method.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c >= 0x7f || c <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}
