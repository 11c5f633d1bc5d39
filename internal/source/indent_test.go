package source

import (
	"go/token"
	"testing"
)

func TestIndent(t *testing.T) {
	src := []byte("package p\n\nfunc f() {\n\t\tx := 1\n\ty()\n}\n")
	fset := token.NewFileSet()
	tf := fset.AddFile("p.go", -1, len(src))
	tf.SetLinesForContent(src)
	at := func(off int) token.Pos { return tf.Pos(off) }
	off := func(s string) int {
		for i := range src {
			if string(src[i:min(i+len(s), len(src))]) == s {
				return i
			}
		}
		t.Fatalf("%q not in the source", s)
		return -1
	}
	for _, c := range []struct {
		pos    token.Pos
		indent string
		ok     bool
	}{
		{at(off("x :=")), "\t\t", true},
		{at(off("y()")), "\t", true},
		{at(off("1\n")), "", false},    // "\t\tx := " precedes it
		{at(off("package")), "", true}, // the start of a line
		{token.NoPos, "", false},
	} {
		if indent, ok := Indent(tf, src, c.pos); indent != c.indent || ok != c.ok {
			t.Errorf("Indent at %d = %q, %v; want %q, %v", c.pos, indent, ok, c.indent, c.ok)
		}
	}
	if got := LineIndent(src, off("1\n")); got != "\t\t" {
		t.Errorf("LineIndent in the middle of a line = %q, want its leading tabs", got)
	}
	if got := LineIndent(src, len(src)+5); got != "" {
		t.Errorf("LineIndent past the end = %q, want \"\"", got)
	}
}
