package source

import (
	"errors"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.go")
	if err := os.WriteFile(name, []byte("package a // on disk\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fset, other := token.NewFileSet(), token.NewFileSet()
	pass := &analysis.Pass{Fset: fset}
	read := func(fset *token.FileSet) string {
		t.Helper()
		data, err := ReadAny(fset, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}

	remove := Overlay(fset, map[string][]byte{name: []byte("package a // unsaved\n")})
	if got := read(fset); got != "package a // unsaved\n" {
		t.Errorf("ReadAny with an overlay: %q", got)
	}
	if got, _ := ReadFile(pass, name); string(got) != "package a // unsaved\n" {
		t.Errorf("ReadFile with an overlay: %q", got)
	}
	if got := read(other); got != "package a // on disk\n" {
		t.Errorf("another load's ReadAny: %q", got)
	}
	remove()
	if got := read(fset); got != "package a // on disk\n" {
		t.Errorf("ReadAny after the overlay's removal: %q", got)
	}

	// Without an overlay, ReadFile asks the pass (whose driver decides
	// what it may read).
	refused := errors.New("not a file of the package")
	pass.ReadFile = func(string) ([]byte, error) { return nil, refused }
	if _, err := ReadFile(pass, name); err != refused {
		t.Errorf("ReadFile without an overlay: %v, want the pass's error", err)
	}
}
