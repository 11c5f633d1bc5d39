package fixes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// files is an in-memory file system for Apply.
type files map[string]string

func (fs files) read(name string) ([]byte, error) {
	s, ok := fs[name]
	if !ok {
		return nil, &os.PathError{Op: "open", Path: name, Err: os.ErrNotExist}
	}
	return []byte(s), nil
}

// edit returns an edit of file replacing the first occurrence of old,
// which must be there, with new.
func (fs files) edit(t *testing.T, file, old, new string) Edit {
	t.Helper()
	i := strings.Index(fs[file], old)
	if i < 0 {
		t.Fatalf("%q not in %s", old, file)
	}
	return Edit{File: file, Start: i, End: i + len(old), New: new}
}

// changed returns the new content of each file Apply changed.
func changed(res *Result) map[string]string {
	m := make(map[string]string)
	for _, f := range res.Files {
		m[f.Name] = string(f.New)
	}
	return m
}

const src = `package m

func bad()  {}
func good() {}

func F() {
	bad()
	bad()
}
`

func TestApplyFormats(t *testing.T) {
	fs := files{"m.go": src}
	fix := Fix{Message: "rename", Edits: []Edit{fs.edit(t, "m.go", "bad()\n\tbad()", "good()\n\t\tgood()")}}
	res, err := Apply([]Fix{fix}, Options{ReadFile: fs.read})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, "bad()\n\tbad()", "good()\n\tgood()", 1)
	if got := changed(res)["m.go"]; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if res.Applied != 1 || len(res.Skipped) != 0 {
		t.Errorf("applied %d, skipped %v", res.Applied, res.Skipped)
	}
	if string(res.Files[0].Old) != src {
		t.Errorf("Old is not the original content")
	}
}

func TestApplyDuplicates(t *testing.T) {
	fs := files{"m.go": src}
	rename := fs.edit(t, "m.go", "bad()\n\tbad()", "good()\n\tbad()")
	// The same fix twice (a file in a package and its test variant), and
	// another fix that shares one identical edit with it.
	fixes := []Fix{
		{Source: "p", Message: "rename", Edits: []Edit{rename}},
		{Source: "p [p.test]", Message: "rename", Edits: []Edit{rename}},
		{Message: "rename and add", Edits: []Edit{rename, {File: "m.go", Start: len(src), End: len(src), New: "\nfunc G() {}\n"}}},
	}
	res, err := Apply(fixes, Options{ReadFile: fs.read})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, "bad()\n\tbad()", "good()\n\tbad()", 1) + "\nfunc G() {}\n"
	if got := changed(res)["m.go"]; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if res.Applied != 2 || len(res.Skipped) != 0 {
		t.Errorf("applied %d, skipped %v; want 2 applied (the duplicate dropped)", res.Applied, res.Skipped)
	}
}

func TestApplyConflict(t *testing.T) {
	fs := files{"a.go": src, "b.go": src}
	first := Fix{Message: "first", Edits: []Edit{fs.edit(t, "a.go", "bad()\n\tbad()", "good()\n\tbad()")}}
	// The second fix edits b.go cleanly but conflicts in a.go: none of
	// it may be applied.
	second := Fix{Source: "a.go:7:2", Message: "second", Edits: []Edit{
		fs.edit(t, "b.go", "func F", "func H"),
		fs.edit(t, "a.go", "bad()\n\tbad()", "worse()\n\tbad()"),
	}}
	third := Fix{Message: "third", Edits: []Edit{fs.edit(t, "b.go", "func bad", "func bad2")}}
	res, err := Apply([]Fix{first, second, third}, Options{ReadFile: fs.read})
	if err != nil {
		t.Fatal(err)
	}
	got := changed(res)
	if want := strings.Replace(src, "bad()\n\tbad()", "good()\n\tbad()", 1); got["a.go"] != want {
		t.Errorf("a.go:\n%s\nwant:\n%s", got["a.go"], want)
	}
	if want := strings.Replace(src, "func bad()  {}", "func bad2() {}", 1); got["b.go"] != want {
		t.Errorf("b.go:\n%s\nwant:\n%s", got["b.go"], want)
	}
	if res.Applied != 2 || len(res.Skipped) != 1 || res.Skipped[0].Fix.Message != "second" || res.Skipped[0].Err != ErrConflict {
		t.Errorf("applied %d, skipped %+v; want the second fix skipped as a conflict", res.Applied, res.Skipped)
	}
	if res.Incomplete() != 1 {
		t.Errorf("Incomplete() = %d, want 1", res.Incomplete())
	}
	if len(res.Files) != 2 || res.Files[0].Name != "a.go" || res.Files[1].Name != "b.go" {
		t.Errorf("files not sorted by name: %v", res.Files)
	}
}

func TestMergeEdits(t *testing.T) {
	for _, test := range []struct {
		name string
		x, y []offsetEdit
		want []offsetEdit // nil: conflict
	}{
		{"disjoint", []offsetEdit{{0, 1, "a"}}, []offsetEdit{{2, 3, "b"}}, []offsetEdit{{0, 1, "a"}, {2, 3, "b"}}},
		{"identical", []offsetEdit{{0, 1, "a"}}, []offsetEdit{{0, 1, "a"}}, []offsetEdit{{0, 1, "a"}}},
		{"insertions at one point", []offsetEdit{{2, 2, "x"}}, []offsetEdit{{2, 2, "y"}}, []offsetEdit{{2, 2, "x"}, {2, 2, "y"}}},
		{"insertion where a deletion starts", []offsetEdit{{2, 4, ""}}, []offsetEdit{{2, 2, "y"}}, []offsetEdit{{2, 2, "y"}, {2, 4, ""}}},
		{"insertion where a deletion ends", []offsetEdit{{2, 4, ""}}, []offsetEdit{{4, 4, "y"}}, []offsetEdit{{2, 4, ""}, {4, 4, "y"}}},
		{"longer deletion ending alike", []offsetEdit{{0, 4, "a"}}, []offsetEdit{{2, 4, "a"}}, []offsetEdit{{0, 2, ""}, {2, 4, "a"}}},
		{"same text replaced differently", []offsetEdit{{0, 4, "a"}}, []offsetEdit{{0, 4, "b"}}, nil},
		{"overlap", []offsetEdit{{0, 4, "a"}}, []offsetEdit{{2, 6, "b"}}, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			got, ok := mergeEdits(test.x, test.y)
			if test.want == nil {
				if ok {
					t.Errorf("merged to %v, want conflict", got)
				}
				return
			}
			if !ok || !equalEdits(got, test.want) {
				t.Errorf("got %v, %v; want %v", got, ok, test.want)
			}
		})
	}
}

func equalEdits(x, y []offsetEdit) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func TestApplySkips(t *testing.T) {
	fs := files{"m.go": src, "gen.go": src}
	generated := Fix{Message: "generated", Edits: []Edit{fs.edit(t, "gen.go", "bad()\n", "good()\n")}}
	missing := Fix{Message: "missing", Edits: []Edit{{File: "gone.go", Start: 0, End: 0, New: "x"}}}
	overlapping := Fix{Message: "overlapping", Edits: []Edit{{File: "m.go", Start: 0, End: 5}, {File: "m.go", Start: 3, End: 7}}}
	beyond := Fix{Message: "beyond", Edits: []Edit{{File: "m.go", Start: 0, End: len(src) + 1}}}
	res, err := Apply([]Fix{generated, missing, overlapping, beyond}, Options{
		ReadFile:  fs.read,
		Generated: func(name string) bool { return name == "gen.go" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 0 || res.Applied != 0 {
		t.Errorf("changed %v, applied %d; want nothing", res.Files, res.Applied)
	}
	if len(res.Skipped) != 4 {
		t.Fatalf("skipped %v, want all 4", res.Skipped)
	}
	if res.Skipped[0].Err != ErrGenerated {
		t.Errorf("generated fix: %v", res.Skipped[0].Err)
	}
	if !errors.Is(res.Skipped[1].Err, os.ErrNotExist) {
		t.Errorf("missing file: %v", res.Skipped[1].Err)
	}
	for _, s := range res.Skipped[2:] {
		if s.Err == nil || s.Err == ErrConflict {
			t.Errorf("%s: %v, want an invalid-fix error", s.Fix.Message, s.Err)
		}
	}
	if res.Incomplete() != 3 {
		t.Errorf("Incomplete() = %d, want 3 (generated files do not count)", res.Incomplete())
	}
}

func TestApplyModifiedFile(t *testing.T) {
	fs := files{"m.go": src}
	fix := Fix{Edits: []Edit{fs.edit(t, "m.go", "bad()\n", "good()\n")}}
	_, err := Apply([]Fix{fix}, Options{ReadFile: fs.read, Sizes: map[string]int{"m.go": len(src) - 1}})
	if err == nil || !strings.Contains(err.Error(), "changed since it was analyzed") {
		t.Errorf("got %v, want an error about m.go changing", err)
	}
}

func TestApplyNotFormatted(t *testing.T) {
	fs := files{"notes.txt": "a  b\n", "broken.go": "package m\nfunc  F( {\n"}
	fixes := []Fix{
		{Edits: []Edit{fs.edit(t, "notes.txt", "a", "A")}},
		{Edits: []Edit{fs.edit(t, "broken.go", "F", "G")}},
	}
	res, err := Apply(fixes, Options{ReadFile: fs.read})
	if err != nil {
		t.Fatal(err)
	}
	got := changed(res)
	if got["notes.txt"] != "A  b\n" {
		t.Errorf("notes.txt = %q: a file that is not Go must not be formatted", got["notes.txt"])
	}
	if got["broken.go"] != "package m\nfunc  G( {\n" {
		t.Errorf("broken.go = %q: a file that does not parse must be left as edited", got["broken.go"])
	}
}

func TestApplyRemovesUnusedImports(t *testing.T) {
	const before = `package m

import (
	"fmt"
	str "strings"
	"example.com/added"
	_ "embed"
)

func F() string { return str.ToUpper(fmt.Sprint(1)) }
`
	const after = `package m

import (
	_ "embed"
	"example.com/added"
	"fmt"
)

func F() string { return fmt.Sprint(1) }
`
	fs := files{"m.go": before}
	fix := Fix{Edits: []Edit{fs.edit(t, "m.go", "str.ToUpper(fmt.Sprint(1))", "fmt.Sprint(1)")}}
	res, err := Apply([]Fix{fix}, Options{
		ReadFile: fs.read,
		PackageNames: func(string) map[string]string {
			return map[string]string{"fmt": "fmt", "strings": "strings", "embed": "embed"}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := changed(res)["m.go"]; got != after {
		t.Errorf("got:\n%s\nwant:\n%s", got, after)
	}
}

func TestApplyNoChange(t *testing.T) {
	fs := files{"m.go": src}
	// A fix that only reformats what gofmt puts back is no change.
	fix := Fix{Edits: []Edit{fs.edit(t, "m.go", "func good() {}", "func good()   {}")}}
	res, err := Apply([]Fix{fix}, Options{ReadFile: fs.read})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 0 {
		t.Errorf("changed %s, want no change", res.Files[0].Name)
	}
}

func TestApplyReadsDisk(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "m.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(src, "bad()\n")
	fix := Fix{Edits: []Edit{{File: name, Start: i, End: i + 3, New: "good"}}}
	res, err := Apply([]Fix{fix}, Options{Sizes: map[string]int{name: len(src)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 {
		t.Fatalf("changed %d files, want 1", len(res.Files))
	}
	diff := res.Files[0].Diff()
	want := "--- " + name + " (old)\n+++ " + name + " (new)\n@@ -4,6 +4,6 @@\n func good() {}\n \n func F() {\n-\tbad()\n+\tgood()\n \tbad()\n }\n"
	if diff != want {
		t.Errorf("diff:\n%s\nwant:\n%s", diff, want)
	}
}
