package protocol

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"
)

// A Mapper converts between byte offsets in a document's content and LSP
// positions, whose characters count UTF-16 code units: "é" is one unit and
// two bytes, "😀" two units and four bytes. Lines end at "\n" (a "\r"
// before it is part of the line ending, not of the line).
type Mapper struct {
	content []byte
	lines   []int // offset of the start of each line
}

// NewMapper returns a Mapper for content, which it does not copy.
func NewMapper(content []byte) *Mapper {
	lines := []int{0}
	for i, b := range content {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &Mapper{content: content, lines: lines}
}

// Position returns the position of a byte offset, clamped to the content.
// An offset inside a multi-byte character is the position of that
// character.
func (m *Mapper) Position(offset int) Position {
	offset = max(0, min(offset, len(m.content)))
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > offset }) - 1
	var units uint32
	for i := m.lines[line]; i < offset; {
		r, size := utf8.DecodeRune(m.content[i:])
		if i+size > offset {
			break
		}
		units += utf16Len(r)
		i += size
	}
	return Position{Line: uint32(line), Character: units}
}

// Offset returns the byte offset of a position. As the protocol asks, a
// character beyond the end of its line means the end of the line (before
// its line ending), and a line beyond the last means the end of the
// content. A character inside a surrogate pair rounds down to the start of
// its character.
func (m *Mapper) Offset(p Position) int {
	if int(p.Line) >= len(m.lines) {
		return len(m.content)
	}
	start, end := m.lines[p.Line], m.lineEnd(int(p.Line))
	var units uint32
	i := start
	for i < end {
		r, size := utf8.DecodeRune(m.content[i:])
		if units+utf16Len(r) > p.Character {
			break
		}
		units += utf16Len(r)
		i += size
	}
	return i
}

// lineEnd returns the offset of the end of line n, before "\n" or "\r\n".
func (m *Mapper) lineEnd(n int) int {
	end := len(m.content)
	if n+1 < len(m.lines) {
		end = m.lines[n+1] - 1
		if end > m.lines[n] && m.content[end-1] == '\r' {
			end--
		}
	}
	return end
}

// Range returns the range of the byte offsets [start, end).
func (m *Mapper) Range(start, end int) Range {
	return Range{Start: m.Position(start), End: m.Position(end)}
}

// utf16Len returns the number of UTF-16 code units of r; an invalid byte,
// decoded as utf8.RuneError, is one unit, as clients see it (U+FFFD).
func utf16Len(r rune) uint32 {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// ApplyChanges returns text with the changes of a textDocument/didChange
// notification applied in order: a change with a range replaces it, one
// without replaces the whole text.
func ApplyChanges(text []byte, changes []TextDocumentContentChangeEvent) ([]byte, error) {
	for _, c := range changes {
		if c.Range == nil {
			text = []byte(c.Text)
			continue
		}
		m := NewMapper(text)
		start, end := m.Offset(c.Range.Start), m.Offset(c.Range.End)
		if end < start {
			return nil, fmt.Errorf("invalid change range %v", *c.Range)
		}
		next := make([]byte, 0, len(text)-(end-start)+len(c.Text))
		next = append(next, text[:start]...)
		next = append(next, c.Text...)
		text = append(next, text[end:]...)
	}
	return text, nil
}

// URIToPath returns the file path of a "file:" URI, or an error for any
// other URI.
func URIToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("not a file URI: %s", uri)
	}
	path := u.Path
	if runtime.GOOS == "windows" {
		// file:///C:/dir/x.go has the path /C:/dir/x.go.
		path = strings.TrimPrefix(path, "/")
	}
	return filepath.Clean(filepath.FromSlash(path)), nil
}

// PathToURI returns the "file:" URI of an absolute file path.
func PathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/dir/x.go
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
