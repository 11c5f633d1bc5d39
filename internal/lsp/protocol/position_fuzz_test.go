package protocol

import (
	"testing"
	"unicode/utf8"
)

// FuzzMapper: for any content, the position of every character boundary
// maps back to that offset, positions only grow with offsets, and no
// position or offset, however far out, panics.
func FuzzMapper(f *testing.F) {
	for _, seed := range []string{"", "a\nb", "é😀\r\nx", "\n\n\xff\xfe", "line\r\n\r\n", "😀😀\n😀"} {
		f.Add([]byte(seed), uint32(1), uint32(3))
	}
	f.Fuzz(func(t *testing.T, content []byte, line, char uint32) {
		m := NewMapper(content)
		m.Offset(Position{Line: line, Character: char}) // any position: no panic
		prev := Position{}
		for off := 0; off <= len(content); {
			p := m.Position(off)
			if p.Line < prev.Line || p.Line == prev.Line && p.Character < prev.Character {
				t.Fatalf("offset %d: position %v before the previous one's %v", off, p, prev)
			}
			prev = p
			if got := m.Offset(p); got != off && !lineEnding(content, off) {
				t.Fatalf("offset %d → %v → offset %d in %q", off, p, got, content)
			}
			if off == len(content) {
				break
			}
			_, size := utf8.DecodeRune(content[off:])
			off += size
		}
	})
}

// lineEnding reports whether offset is inside a "\r\n" line ending, whose
// "\n" a position cannot name (it is the end of the line).
func lineEnding(content []byte, offset int) bool {
	return offset < len(content) && content[offset] == '\n' && offset > 0 && content[offset-1] == '\r'
}
