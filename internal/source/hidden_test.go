package source

import (
	"go/build"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// identTokens returns the identifier tokens go/scanner finds in src.
func identTokens(src []byte) map[string]bool {
	idents := map[string]bool{}
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("x.go", -1, len(src)), src, nil, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return idents
		}
		if tok == token.IDENT {
			idents[lit] = true
		}
	}
}

// checkIdentsIn fails unless identsIn, asked for every word of src,
// finds the identifier tokens go/scanner does, or leaves src to it (and
// reports whether it did not). With realCode, the words are asked
// without their suffixes (1iabc), as names of real code are.
func checkIdentsIn(t *testing.T, name string, src []byte, realCode bool) (decided bool) {
	t.Helper()
	words := strings.FieldsFunc(string(src), func(r rune) bool { return !isIdentLetter(r) && !isIdentDigit(r) })
	if !realCode {
		for _, w := range words { // and their suffixes: 1iabc
			for j := range w {
				if j > 0 {
					words = append(words, w[j:])
				}
			}
		}
	}
	found := map[string]bool{}
	if !identsIn(src, newNameSet(words), found) {
		return false
	}
	want := identTokens(src)
	for id := range want {
		if !found[id] {
			t.Errorf("%s: identifier %q not found", name, id)
		}
	}
	for id := range found {
		if !want[id] {
			t.Errorf("%s: %q found, not an identifier", name, id)
		}
	}
	return true
}

func TestIdentsInFindsWhatTheScannerDoes(t *testing.T) {
	odd := []string{
		"package p\nvar x = y.Z\n",
		"x := 1.e5abc + 0x.p1def + 1iabc + 0x1Gname + 1_000z + 08q + 0b12r",
		"a := 1.5; b := x1.y; c := f().g; d := 1.e; e := .5; g := xs[1:].h",
		"a→b ∑c d·e αβγ x٣ _x9 __",
		"// handleLogin in a comment\n\"handleLogout\" `raw handleX` 'h' '\\'' \"a\\\"b\" c",
		"/* block\nhandleY */ z /**/.w",
		"bad\xffutf8\xc3 \xef\xbb\xbfbom x",
		"func range type var if else",
		"\"unterminated\nx",
		"'u\ny",
		"\"esc\\\nz\"",
		"/* open",
		"`open",
		"",
		"9",
		".x",
	}
	for i, src := range odd {
		checkIdentsIn(t, "odd "+string(rune('a'+i)), []byte(src), false)
	}
	files, _ := filepath.Glob(filepath.Join(build.Default.GOROOT, "src", "net", "http", "*.go"))
	more, _ := filepath.Glob(filepath.Join(build.Default.GOROOT, "src", "go", "scanner", "*.go"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no standard library sources found")
	}
	decided := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkIdentsIn(t, filepath.Base(f), src, true) {
			decided++
		}
	}
	// Real code has no identifier glued to a number: identsIn leaves a
	// file to the scanner only when a word asked is the end of a number
	// (F of 0x1F), which names of handlers seldom are.
	if decided < len(files)*3/4 {
		t.Errorf("identsIn decided %d files of %d", decided, len(files))
	}
}

// TestIdentsInOddCode asks for a few names in code go/scanner reads in
// unusual ways: identsIn must agree with it or leave the code to it.
func TestIdentsInOddCode(t *testing.T) {
	for _, tc := range []struct {
		src   string
		names []string
	}{
		{"x := 1.e5abc", []string{"e5abc", "abc", "x"}},
		{"x := 0x.p1def", []string{"p1def", "def"}},
		{"x := 1iabc + 0x1Gname", []string{"iabc", "abc", "Gname", "name"}},
		{"x := 1.5.y + z.w", []string{"y", "w", "z"}},
		{"x /* c */ .e5 .y", []string{"e5", "y"}},
		{"s := \"a\\\nb\" + c", []string{"b", "c"}},
		{"r := 'a\nb' + c", []string{"b", "c"}},
		{"s := \"a\nb\" + c", []string{"b", "c"}},
		{"a\xffb c\u00a0d e", []string{"a", "b", "c", "d"}},
		{"x // y\nz", []string{"y", "z"}},
		{"`a\nb` c", []string{"a", "b", "c"}},
		{"if range x", []string{"if", "range", "x"}},
	} {
		found := map[string]bool{}
		if !identsIn([]byte(tc.src), newNameSet(tc.names), found) {
			continue // left to the scanner
		}
		idents := identTokens([]byte(tc.src))
		for _, n := range tc.names {
			if found[n] != idents[n] {
				t.Errorf("%q: %s found %v, the scanner %v", tc.src, n, found[n], idents[n])
			}
		}
	}
}

func TestIdentsInDecidesGoCode(t *testing.T) {
	src := []byte("package p\n\nfunc handleLogin() { x := `getUsers` // listUsers\n}\n")
	found := map[string]bool{}
	if !identsIn(src, newNameSet([]string{"handleLogin", "getUsers", "listUsers", "handle", "x"}), found) {
		t.Fatal("left to the scanner")
	}
	if len(found) != 2 || !found["handleLogin"] || !found["x"] {
		t.Errorf("found %v, want handleLogin and x", found)
	}
}
