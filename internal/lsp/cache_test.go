package lsp

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/config"
)

// cachedAPIGo is a package of the module that imports the notes package, so an
// edit of notes re-checks it too.
const cachedAPIGo = `package api

import (
	"net/http"

	"example.com/notes"
)

func Routes(s *notes.Store) http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
		w.WriteHeader(200)
	})
	return mux
}
`

const notesTestGo = `package notes

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGet(t *testing.T) {
	s := &Store{notes: map[string]Note{}}
	w := httptest.NewRecorder()
	s.getNote(w, httptest.NewRequest("GET", "/notes/1", nil))
	if w.Code != http.StatusNotFound {
		t.Fatal(w.Code)
	}
}
`

// TestCacheMatchesFreshCheck edits a package the way a user types (lines
// added above every finding, a finding removed and brought back, an
// error made and fixed, an edit of a package another open one imports)
// and, after each edit, compares what the kept workspace reports with a
// fresh load and analysis of the same text.
func TestCacheMatchesFreshCheck(t *testing.T) {
	config.SetCommandLine(map[string]bool{"purehandler": true})
	t.Cleanup(func() { config.SetCommandLine(nil) })
	root := writeModule(t, map[string]string{
		"handlers.go":      handlersGo,
		"create.go":        createGo,
		"handlers_test.go": notesTestGo,
		"api/api.go":       cachedAPIGo,
	})
	r, err := newRunner(analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	var logs []string
	c := newCache(r, func(format string, args ...any) { logs = append(logs, fmt.Sprintf(format, args...)) })
	handlers := filepath.Join(root, "handlers.go")
	api := filepath.Join(root, "api", "api.go")
	create := filepath.Join(root, "create.go")
	dirs := []string{root, filepath.Dir(api)}

	steps := []struct {
		name string
		file string
		edit func(string) string
	}{
		{"open", handlers, func(s string) string { return s }},
		{"a second file of the package opened", create, func(s string) string { return s }},
		{"lines above every finding", handlers, func(s string) string {
			return strings.Replace(s, "// A Note", "// Notes.\n\n\n// A Note", 1)
		}},
		{"a finding removed", handlers, func(s string) string {
			return strings.Replace(s, "json.NewEncoder(w).Encode(note)", "_ = json.NewEncoder(w)", 1)
		}},
		{"a type error", handlers, func(s string) string {
			return strings.Replace(s, "s.mu.Lock()", "s.mu.Lock(1)", 1)
		}},
		{"the error fixed", handlers, func(s string) string {
			return strings.Replace(s, "s.mu.Lock(1)", "s.mu.Lock()", 1)
		}},
		{"an exported method renamed", handlers, func(s string) string {
			return strings.Replace(s, "func (s *Store) Register(", "func (s *Store) Register2(", 1)
		}},
		{"the dependent package edited", api, func(s string) string {
			return strings.Replace(s, "s.Register(mux)", "s.Register2(mux)\n\t// more\n", 1)
		}},
		{"an import added", handlers, func(s string) string {
			return strings.Replace(s, `"sync"`, `"sync"`+"\n\t\"strings\"", 1) + "\nvar _ = strings.ToUpper\n"
		}},
	}
	texts := map[string]string{handlers: handlersGo, api: cachedAPIGo}
	version := int32(0)
	for _, step := range steps {
		if _, ok := texts[step.file]; !ok {
			texts[step.file] = createGo
		}
		texts[step.file] = step.edit(texts[step.file])
		version++
		snap := &snapshot{overlay: map[string][]byte{}, versions: map[string]int32{}, uris: map[string]string{}}
		for path, text := range texts {
			snap.overlay[path] = []byte(text)
			snap.versions[path] = version
		}
		logs = nil
		got := c.check(context.Background(), dirs, snap)
		want := r.check(context.Background(), dirs, snap)
		if g, w := describe(got), describe(want); g != w {
			t.Errorf("%s: the kept workspace reports\n%s\na fresh check\n%s", step.name, g, w)
		}
		if step.name != "open" && step.name != "an import added" {
			for _, l := range logs {
				if strings.Contains(l, "loaded") || strings.Contains(l, "reloads") {
					t.Errorf("%s: loaded again: %s", step.name, l)
				}
			}
		}
		if step.name == "a second file of the package opened" && !strings.Contains(strings.Join(logs, ";"), "(0 packages re-checked)") {
			t.Errorf("%s: packages checked again: %s", step.name, logs)
		}
		t.Logf("%s: %s", step.name, strings.Join(logs, "; "))
	}
}

// describe prints every finding of a check, with its fixes, and its errors.
func describe(res *checkResult) string {
	var b strings.Builder
	for _, dir := range slices.Sorted(maps.Keys(res.packages)) {
		state := res.packages[dir]
		fmt.Fprintf(&b, "package %s deps=%d\n", dir, len(state.deps))
		for _, file := range slices.Sorted(maps.Keys(state.results)) {
			fr := state.results[file]
			fmt.Fprintf(&b, " file %s %s\n", filepath.Base(file), fr.uri)
			for _, f := range fr.findings {
				d := f.diag
				href := ""
				if d.CodeDescription != nil {
					href = d.CodeDescription.Href
				}
				d.CodeDescription = nil
				fmt.Fprintf(&b, "  %d %s %+v\n", f.start, href, d)
				for _, fx := range f.fixes {
					fmt.Fprintf(&b, "   fix %q\n", fx.title)
					for _, e := range fx.edits {
						fmt.Fprintf(&b, "    %s %d-%d %q\n", filepath.Base(e.file), e.start, e.end, e.newText)
					}
				}
			}
		}
	}
	for _, e := range res.errors {
		fmt.Fprintf(&b, "error %s\n", e)
	}
	return b.String()
}
