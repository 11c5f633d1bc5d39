package fixes

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "h.go")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(name)
	if err != nil || string(got) != "new" {
		t.Fatalf("content %q, %v", got, err)
	}
	if info, _ := os.Stat(name); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the file's 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only h.go (no temporary file left)", len(entries))
	}
}

// TestWriteFileFailureKeepsOriginal: when the new content cannot be
// written (here, the directory refuses new files), the original stays
// whole and no temporary file is left.
func TestWriteFileFailureKeepsOriginal(t *testing.T) {
	if os.Getuid() == 0 {
		// root writes into read-only directories; make the rename fail
		// instead, by putting a directory where the file's name is.
		dir := t.TempDir()
		name := filepath.Join(dir, "h.go")
		if err := os.Mkdir(name, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(name, "keep"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(name, []byte("new")); err == nil {
			t.Fatal("writing over a non-empty directory succeeded")
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("the directory holds %d entries after the failure, want 1", len(entries))
		}
		return
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "h.go")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	if err := WriteFile(name, []byte("new")); err == nil {
		t.Fatal("writing in a read-only directory succeeded")
	}
	if got, _ := os.ReadFile(name); string(got) != "old" {
		t.Errorf("the original reads %q after a failed write", got)
	}
}
