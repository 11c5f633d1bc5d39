package mutablewriter_test

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/routevet/routevet/internal/effects/effectstest"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/mutablewriter"
	"github.com/routevet/routevet/internal/analyzerdoc"
)

// TestAnalyzer checks findings, non-findings and the facts helpers export
// to other packages.
//
// The facts the want comments expect are the effects analyzer's, which
// internal/effects' tests check on these packages.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(effectstest.FactsElsewhere{T: t}, effectstest.Testdata(t), mutablewriter.Analyzer,
		"mutablewriter/helpers", "mutablewriter/api", "mutablewriter/odd", "mutablewriter/condreply", "mutablewriter/shapes",
		"mutablewriter/nilbytesxp/...", "mutablewriter/partialxp/...")
}

// TestFix checks the inserted return against fix.go.golden, then runs the
// analyzer on the golden output: it must compile, be gofmt-clean, and get
// no further fix (the fix is idempotent), while the findings that had no
// fix remain.
func TestFix(t *testing.T) {
	src := effectstest.Testdata(t)
	results := analysistest.RunWithSuggestedFixes(t, src, mutablewriter.Analyzer, "mutablewriter/fix")
	unfixed := 0
	for _, r := range results {
		if r.Pass.Pkg.Path() != "mutablewriter/fix" {
			continue
		}
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				unfixed++
			}
		}
	}

	golden, err := os.ReadFile(filepath.Join(src, "src", "mutablewriter", "fix", "fix.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if formatted, err := format.Source(golden); err != nil || !bytes.Equal(formatted, golden) {
		t.Errorf("fix.go.golden is not gofmt-clean (err=%v)", err)
	}
	dir := t.TempDir()
	copyFile(t, filepath.Join(src, "src", "mutablewriter", "helpers", "helpers.go"),
		filepath.Join(dir, "src", "mutablewriter", "helpers", "helpers.go"), nil)
	fixed := regexp.MustCompile(`// want .*`).ReplaceAll(golden, nil)
	copyFile(t, "", filepath.Join(dir, "src", "mutablewriter", "fixed", "fixed.go"), fixed)

	after := findings(t, dir, "mutablewriter/fixed")
	for _, d := range after {
		if len(d.SuggestedFixes) > 0 {
			t.Errorf("fixed output still gets a fix: %s", d.Message)
		}
	}
	if len(after) != unfixed || unfixed == 0 {
		t.Errorf("fixed output has %d findings, want the %d that had no fix", len(after), unfixed)
	}
}

// findings runs the analyzer on pkg, which has no want comments, and
// returns its diagnostics, failing on anything but unexpected diagnostics
// (a load or type error means the code does not compile).
func findings(t *testing.T, dir, pkg string) []analysis.Diagnostic {
	t.Helper()
	rec := &recorder{}
	results := analysistest.Run(rec, dir, mutablewriter.Analyzer, pkg)
	for _, msg := range rec.msgs {
		if !strings.Contains(msg, "unexpected diagnostic") {
			t.Errorf("%s: %s", pkg, msg)
		}
	}
	var ds []analysis.Diagnostic
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", pkg, r.Err)
		}
		if r.Pass.Pkg.Path() == pkg {
			ds = append(ds, r.Diagnostics...)
		}
	}
	return ds
}

type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func copyFile(t *testing.T, from, to string, content []byte) {
	t.Helper()
	if content == nil {
		var err error
		if content, err = os.ReadFile(from); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDoc(t *testing.T) {
	doc := mutablewriter.Analyzer.Doc
	if !strings.HasPrefix(doc, "mutablewriter: ") {
		t.Errorf("Doc does not start with the summary line: %q", doc)
	}
	if _, err := os.Stat("doc.go"); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile("doc.go")
	if got := analyzerdoc.MustExtract(string(src), "mutablewriter"); got != doc {
		t.Errorf("Doc differs from doc.go")
	}
	for _, c := range mutablewriter.Categories {
		if !strings.Contains(doc, c+":") {
			t.Errorf("doc.go does not document category %s", c)
		}
	}
}
