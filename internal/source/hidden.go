package source

import (
	"bytes"
	"go/scanner"
	"go/token"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// HiddenIdents returns the identifiers used in the files of the pass's
// package directory that the pass does not see: its _test.go files and
// the files its build constraints exclude. A declaration none of them
// mentions is used only where the pass can see it. ok is false when the
// files could not all be read; idents then holds those of the files read
// before the failure, which are still names the package uses.
func HiddenIdents(pass *analysis.Pass) (idents map[string]bool, ok bool) {
	files, ok := hiddenFiles(pass)
	if !ok {
		return nil, false
	}
	return identsOf(pass, files)
}

// hiddenFiles returns the files HiddenIdents reads, ok false when they
// cannot be listed.
func hiddenFiles(pass *analysis.Pass) (files []string, ok bool) {
	dir := ""
	for _, f := range pass.Files {
		if n := pass.Fset.File(f.FileStart).Name(); strings.HasSuffix(n, ".go") {
			dir = filepath.Dir(n)
			break
		}
	}
	if dir == "" {
		return nil, false
	}
	tests, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, false
	}
	return append(tests, pass.IgnoredFiles...), true
}

// HiddenMentions answers HiddenIdents for a few names: mentioned holds
// those of names that are identifiers of the files HiddenIdents reads,
// and ok is false when the files could not all be listed and read (as
// HiddenIdents', mentioned is then not to be relied on).
//
// It costs less than HiddenIdents: identsIn reads the files without
// go/scanner, which it leaves only code it does not read the same, and
// looks the words up among the names only. A package's tests are often
// larger than its code (1.2 MB for sftpgo's httpd).
func HiddenMentions(pass *analysis.Pass, names []string) (mentioned map[string]bool, ok bool) {
	mentioned = map[string]bool{}
	files, ok := hiddenFiles(pass)
	if !ok {
		return mentioned, false
	}
	want := newNameSet(names)
	for _, name := range files {
		src, err := ReadAny(pass.Fset, name)
		if err != nil {
			return mentioned, false
		}
		if identsIn(src, want, mentioned) {
			continue
		}
		// Code identsIn does not read as go/scanner would: the scanner.
		scanIdents(name, src, func(lit string) {
			if want.has([]byte(lit)) {
				mentioned[lit] = true
			}
		})
	}
	return mentioned, true
}

// A nameSet holds the names looked for. Most words of a file are not
// among them: their length and first byte tell most apart before the
// map does.
type nameSet struct {
	names   map[string]bool
	lengths [64]bool
	long    bool // a name of 64 bytes or more
	firsts  [256]bool
}

func newNameSet(names []string) *nameSet {
	s := &nameSet{names: map[string]bool{}}
	for _, n := range names {
		if n == "" {
			continue
		}
		s.names[n] = true
		if len(n) < len(s.lengths) {
			s.lengths[len(n)] = true
		} else {
			s.long = true
		}
		s.firsts[n[0]] = true
	}
	return s
}

func (s *nameSet) has(w []byte) bool {
	if len(w) == 0 || !s.firsts[w[0]] || len(w) < len(s.lengths) && !s.lengths[len(w)] || len(w) >= len(s.lengths) && !s.long {
		return false
	}
	return s.names[string(w)]
}

// identsIn adds to found the names of want that are identifier tokens of
// src, as go/scanner reads it, and reports true; or it reports false
// when it meets what it leaves to the scanner, having added only names
// the scanner finds too.
//
// It reads only what decides where identifiers are: comments, string,
// raw string and rune literals, whose words are not identifiers, and
// the runs of the characters identifiers are made of (letters, '_',
// digits). In code, a run starting with a letter is an identifier or a
// keyword, unless it follows a '.' that follows a number (1.e5): runs
// starting with a digit, and runs after such a '.', are numbers, in
// which go/scanner can end the number and start an identifier (1iabc);
// a name among their words is left to it. So is a literal or a comment
// that does not end as Go's must: the scanner's recovery decides.
func identsIn(src []byte, want *nameSet, found map[string]bool) bool {
	afterNumber := false // the last run was a number
	for i := 0; i < len(src); {
		b := src[i]
		switch b {
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
				continue
			}
			if i+1 < len(src) && src[i+1] == '*' {
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 {
					return false
				}
				i += 2 + end + 2
				afterNumber = false
				continue
			}
		case '"', '\'':
			i++
			for i < len(src) && src[i] != b {
				switch src[i] {
				case '\\':
					if i+1 < len(src) && src[i+1] == '\n' {
						return false
					}
					i++ // the escaped byte: a quote, a backslash or the start of something longer
				case '\n':
					return false
				}
				i++
			}
			if i >= len(src) {
				return false
			}
			i++
			afterNumber = false
			continue
		case '`':
			end := bytes.IndexByte(src[i+1:], '`')
			if end < 0 {
				return false
			}
			i += 1 + end + 1
			afterNumber = false
			continue
		}
		c, size := asciiClass[b], 1
		if c == charMultibyte {
			c, size = charClass(src[i:])
		}
		if c == charOther {
			if b != '.' {
				afterNumber = false
			}
			i += size
			continue
		}
		start := i
		numeric := c == charDigit || afterNumber && start > 0 && src[start-1] == '.'
		for i += size; i < len(src); i += size {
			c, size = asciiClass[src[i]], 1
			if c == charMultibyte {
				c, size = charClass(src[i:])
			}
			if c == charOther {
				break
			}
		}
		afterNumber = numeric
		if !numeric {
			if w := src[start:i]; want.has(w) && !token.IsKeyword(string(w)) {
				found[string(w)] = true
			}
			continue
		}
		for at := start; at < i; at += size {
			c, size = asciiClass[src[at]], 1
			if c == charMultibyte {
				c, size = charClass(src[at:i])
			}
			if c == charLetter && want.has(src[at:i]) {
				return false // perhaps an identifier after a number
			}
		}
	}
	return true
}

// The classes of characters for identifiers.
const (
	charOther = iota
	charLetter
	charDigit
	charMultibyte // in asciiClass: a byte of a longer character, for charClass to decode
)

var asciiClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = charMultibyte
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
			t[c] = charLetter
		case '0' <= c && c <= '9':
			t[c] = charDigit
		}
	}
	return t
}()

// charClass returns the class of the character b starts with (not empty)
// and its length in bytes.
func charClass(b []byte) (class uint8, size int) {
	if c := asciiClass[b[0]]; c != charMultibyte {
		return c, 1
	}
	r, size := utf8.DecodeRune(b)
	switch {
	case isIdentLetter(r):
		return charLetter, size
	case isIdentDigit(r):
		return charDigit, size
	}
	return charOther, size
}

// isIdentLetter and isIdentDigit are go/scanner's classes of the
// characters of identifiers.
func isIdentLetter(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_' || r >= utf8.RuneSelf && unicode.IsLetter(r)
}

func isIdentDigit(r rune) bool {
	return '0' <= r && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r)
}

// IgnoredIdents returns the identifiers used in the files of the pass's
// package that its build constraints exclude (another GOOS's variant of
// a file): code there may declare or call what the pass sees declared
// once. ok is false when the files could not all be read.
func IgnoredIdents(pass *analysis.Pass) (idents map[string]bool, ok bool) {
	return identsOf(pass, pass.IgnoredFiles)
}

func identsOf(pass *analysis.Pass, files []string) (idents map[string]bool, ok bool) {
	idents = map[string]bool{}
	for _, name := range files {
		src, err := ReadAny(pass.Fset, name)
		if err != nil {
			return idents, false
		}
		scanIdents(name, src, func(lit string) { idents[lit] = true })
	}
	return idents, true
}

// scanIdents calls f with each identifier of src, the file name, as
// go/scanner reads them.
func scanIdents(name string, src []byte, f func(string)) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile(name, -1, len(src)), src, nil, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return
		}
		if tok == token.IDENT {
			f(lit)
		}
	}
}
