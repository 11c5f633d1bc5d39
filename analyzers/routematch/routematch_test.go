package routematch_test

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/routematch"
	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/effects/effectstest"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(effectstest.FactsElsewhere{T: t}, testdata(t), routematch.Analyzer,
		"routematch/helpers", "routematch/servemux", "routematch/chirouter", "routematch/chiescape",
		"routematch/gorillarouter", "routematch/tested", "routematch/conflicts", "routematch/conflictslib")
}

// TestFix checks the renames against servemux.go.golden and the others.
func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(effectstest.FactsElsewhere{T: t}, testdata(t), routematch.Analyzer,
		"routematch/servemux", "routematch/chirouter", "routematch/gorillarouter")
}

// TestDoc checks that the Doc users read is doc.go's and that it
// documents every category.
func TestDoc(t *testing.T) {
	doc := routematch.Analyzer.Doc
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	if got := analyzerdoc.MustExtract(string(src), "routematch"); got != doc || !strings.HasPrefix(doc, "routematch: ") {
		t.Errorf("Doc differs from doc.go, or lacks its summary line")
	}
	for _, c := range routematch.Categories {
		if !strings.Contains(doc, c+":") {
			t.Errorf("doc.go does not document category %s", c)
		}
	}
}

// TestFixIdempotent runs the analyzer on the fixed fixtures (the goldens,
// without their want comments, beside the stubs they import): they must
// be gofmt-clean and compile, and get no further fix.
func TestFixIdempotent(t *testing.T) {
	src := filepath.Join(testdata(t), "src")
	dir := t.TempDir()
	for _, stub := range []string{"github.com/go-chi/chi/v5", "github.com/gorilla/mux", "routematch/helpers"} {
		if err := os.CopyFS(filepath.Join(dir, "src", stub), os.DirFS(filepath.Join(src, stub))); err != nil {
			t.Fatal(err)
		}
	}
	fixtures := []string{"servemux", "chirouter", "gorillarouter"}
	var pkgs []string
	for _, name := range fixtures {
		golden, err := os.ReadFile(filepath.Join(src, "routematch", name, name+".go.golden"))
		if err != nil {
			t.Fatal(err)
		}
		if formatted, err := format.Source(golden); err != nil || !bytes.Equal(formatted, golden) {
			t.Errorf("%s.go.golden is not gofmt-clean (err=%v)", name, err)
		}
		fixed := regexp.MustCompile(`// want .*`).ReplaceAll(golden, nil)
		out := filepath.Join(dir, "src", "fixed", name, name+".go")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, fixed, 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, "fixed/"+name)
	}
	rec := &recorder{}
	remaining := 0
	for _, r := range analysistest.Run(rec, dir, routematch.Analyzer, pkgs...) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Pass.Pkg.Path(), r.Err)
		}
		remaining += len(r.Diagnostics)
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: the fixed output still gets a fix: %s", r.Pass.Pkg.Path(), d.Message)
			}
		}
	}
	if remaining == 0 {
		t.Error("the fixed fixtures have no findings left: those without a fix should remain")
	}
	for _, msg := range rec.msgs {
		if !strings.Contains(msg, "unexpected diagnostic") && !strings.Contains(msg, "unexpected fact") {
			t.Error(msg) // a load or type error: the fixed code does not compile
		}
	}
}

type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}
