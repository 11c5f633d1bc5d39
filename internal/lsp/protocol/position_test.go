package protocol

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// sample has characters of every UTF-16 width before Go code on the same
// line, a CRLF line, an invalid byte and no final newline.
const sample = "package notes\n" +
	"\t/* é 😀 */ w.WriteHeader(404)\n" +
	"// naïve café\r\n" +
	"x := \"\xff\" + \"日本\"\n" +
	"end"

// utf16Column is an independent count of the UTF-16 code units of a line
// prefix, with the standard library's encoder.
func utf16Column(prefix string) uint32 {
	return uint32(len(utf16.Encode([]rune(prefix))))
}

func TestMapperKnownPositions(t *testing.T) {
	m := NewMapper([]byte(sample))
	line1 := strings.Index(sample, "\t/*")
	for _, tc := range []struct {
		name   string
		offset int
		want   Position
	}{
		{"start", 0, Position{0, 0}},
		{"end of first line", len("package notes"), Position{0, 13}},
		// tab(1) "/* "(3) é(1) " "(1) 😀(2) " */ "(4): 12 units, 16 bytes.
		{"after emoji", line1 + strings.Index(sample[line1:], "w.Write"), Position{1, 12}},
		{"404", line1 + strings.Index(sample[line1:], "404"), Position{1, 26}},
		{"inside é", line1 + strings.Index(sample[line1:], "é") + 1, Position{1, 4}},
		{"inside emoji", line1 + strings.Index(sample[line1:], "😀") + 2, Position{1, 6}},
		{"after invalid byte", strings.Index(sample, "\xff") + 1, Position{3, 7}},
		{"after 日本", strings.Index(sample, "本") + len("本"), Position{3, 14}},
		{"end", len(sample), Position{4, 3}},
		{"beyond end", len(sample) + 10, Position{4, 3}},
		{"negative", -1, Position{0, 0}},
	} {
		if got := m.Position(tc.offset); got != tc.want {
			t.Errorf("%s: Position(%d) = %v, want %v", tc.name, tc.offset, got, tc.want)
		}
	}
}

// TestMapperRoundTrip checks every character boundary against the
// standard library's UTF-16 encoder, both ways.
func TestMapperRoundTrip(t *testing.T) {
	m := NewMapper([]byte(sample))
	lineStart, line := 0, uint32(0)
	for off := 0; off <= len(sample); {
		want := Position{line, utf16Column(sample[lineStart:off])}
		if got := m.Position(off); got != want {
			t.Fatalf("Position(%d) = %v, want %v", off, got, want)
		}
		if got := m.Offset(want); got != off && !(off < len(sample) && sample[off] == '\n' && off > 0 && sample[off-1] == '\r') {
			t.Fatalf("Offset(%v) = %d, want %d", want, got, off)
		}
		if off == len(sample) {
			break
		}
		_, size := utf8.DecodeRuneInString(sample[off:])
		if sample[off] == '\n' {
			lineStart, line = off+1, line+1
		}
		off += size
	}
}

func TestMapperOffsetClamps(t *testing.T) {
	m := NewMapper([]byte(sample))
	crlf := strings.Index(sample, "\r\n")
	emoji := strings.Index(sample, "😀")
	for _, tc := range []struct {
		name string
		pos  Position
		want int
	}{
		{"beyond line end", Position{0, 99}, len("package notes")},
		{"beyond CRLF line end", Position{2, 99}, crlf},
		{"inside surrogate pair", Position{1, 7}, emoji},
		{"beyond last line", Position{9, 0}, len(sample)},
		{"last line", Position{4, 1}, len(sample) - 2},
	} {
		if got := m.Offset(tc.pos); got != tc.want {
			t.Errorf("%s: Offset(%v) = %d, want %d", tc.name, tc.pos, got, tc.want)
		}
	}
	// A final newline starts an empty line that exists.
	if got := NewMapper([]byte("a\n")).Offset(Position{1, 0}); got != 2 {
		t.Errorf("Offset(line after final newline) = %d, want 2", got)
	}
}

func TestApplyChanges(t *testing.T) {
	text := []byte("func f() {\n\t/* é😀 */ w.WriteHeader(404)\n}\n")
	rng := func(l1, c1, l2, c2 uint32) *Range { return &Range{Position{l1, c1}, Position{l2, c2}} }
	for _, tc := range []struct {
		name    string
		changes []TextDocumentContentChangeEvent
		want    string
	}{
		{
			"replace after non-ASCII", // tab and "/* é😀 */ " are 11 units: 404 is at 25
			[]TextDocumentContentChangeEvent{{Range: rng(1, 25, 1, 28), Text: "http.StatusNotFound"}},
			"func f() {\n\t/* é😀 */ w.WriteHeader(http.StatusNotFound)\n}\n",
		},
		{
			"insert then delete, in order",
			[]TextDocumentContentChangeEvent{
				{Range: rng(0, 5, 0, 5), Text: "xx"},
				{Range: rng(0, 5, 0, 7), Text: ""},
			},
			string(text),
		},
		{
			"multi-line replacement",
			[]TextDocumentContentChangeEvent{{Range: rng(0, 10, 2, 0), Text: "\n\treturn\n"}},
			"func f() {\n\treturn\n}\n",
		},
		{
			"full text, then incremental",
			[]TextDocumentContentChangeEvent{{Text: "é😀x\n"}, {Range: rng(0, 3, 0, 4), Text: "y"}},
			"é😀y\n",
		},
		{
			"append at the end",
			[]TextDocumentContentChangeEvent{{Range: rng(3, 0, 3, 0), Text: "// end\n"}},
			string(text) + "// end\n",
		},
	} {
		got, err := ApplyChanges(text, tc.changes)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, err := ApplyChanges(text, []TextDocumentContentChangeEvent{{Range: rng(1, 5, 0, 0)}}); err == nil {
		t.Errorf("ApplyChanges accepted a range that ends before it starts")
	}
}

func TestURIs(t *testing.T) {
	for _, path := range []string{"/tmp/notes/handlers.go", "/home/me/my project/café.go"} {
		uri := PathToURI(path)
		got, err := URIToPath(uri)
		if err != nil || got != path {
			t.Errorf("URIToPath(PathToURI(%q) = %q) = %q, %v", path, uri, got, err)
		}
	}
	if got := PathToURI("/home/me/my project/x.go"); got != "file:///home/me/my%20project/x.go" {
		t.Errorf("PathToURI escapes a space as %q", got)
	}
	// Clients escape more than they must; both forms are the same file.
	if got, _ := URIToPath("file:///home/me/caf%C3%A9%2Bx.go"); got != "/home/me/café+x.go" {
		t.Errorf("URIToPath did not unescape: %q", got)
	}
	if _, err := URIToPath("untitled:Untitled-1"); err == nil {
		t.Errorf("URIToPath accepted a non-file URI")
	}
}
