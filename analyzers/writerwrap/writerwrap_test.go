package writerwrap_test

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/writerwrap"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/effects/effectstest"
)

// TestWrappers checks wrapper findings, look-alikes and the Unwrap fix.
// flusher-assertion is off: the packages' assertions are not reported.
func TestWrappers(t *testing.T) {
	analysistest.RunWithSuggestedFixes(effectstest.FactsElsewhere{T: t}, effectstest.Testdata(t), writerwrap.Analyzer,
		"writerwrap/mw", "writerwrap/app", "writerwrap/quiet")
}

func TestFlusherAssertionIsOptIn(t *testing.T) {
	results := analysistest.Run(lenient{t}, effectstest.Testdata(t), writerwrap.Analyzer, "writerwrap/stream")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			t.Errorf("reported while off by default: %s", d.Message)
		}
	}
}

func TestFlusherAssertion(t *testing.T) {
	config.SetCommandLine(map[string]bool{"writerwrap/flusher-assertion": true})
	t.Cleanup(func() { config.SetCommandLine(nil) })
	analysistest.RunWithSuggestedFixes(effectstest.FactsElsewhere{T: t}, effectstest.Testdata(t), writerwrap.Analyzer, "writerwrap/stream")
}

// TestFixesAreFinal analyzes the fixed code (the golden files, each
// package as one of its own): it must be gofmt-clean, compile and get no
// further fix.
func TestFixesAreFinal(t *testing.T) {
	config.SetCommandLine(map[string]bool{"writerwrap/flusher-assertion": true})
	t.Cleanup(func() { config.SetCommandLine(nil) })
	gopath := t.TempDir()
	src := filepath.Join(effectstest.Testdata(t), "src")
	goldens, _ := filepath.Glob(filepath.Join(src, "writerwrap", "*", "*.go.golden"))
	more, _ := filepath.Glob(filepath.Join(src, "writerwrap", "*", "*", "*.go.golden"))
	goldens = append(goldens, more...)
	if len(goldens) < 3 {
		t.Fatalf("found %d golden files, want 3 or more", len(goldens))
	}
	// The packages the goldens import come along unchanged.
	copyFile(t, filepath.Join(src, "writerwrap", "app", "handlers", "handlers.go"), filepath.Join(gopath, "src", "writerwrap", "app", "handlers", "handlers.go"))
	var pkgs []string
	for _, golden := range goldens {
		data, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if formatted, err := format.Source(data); err != nil || !bytes.Equal(formatted, data) {
			t.Errorf("%s is not gofmt-clean (%v)", golden, err)
		}
		var lines []string
		for line := range strings.SplitSeq(string(data), "\n") {
			if i := strings.Index(line, " // want "); i >= 0 {
				line = line[:i]
			}
			lines = append(lines, line)
		}
		rel, _ := filepath.Rel(src, strings.TrimSuffix(golden, ".golden"))
		dst := filepath.Join(gopath, "src", rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, filepath.Dir(rel))
	}
	results := analysistest.Run(lenient{t}, gopath, writerwrap.Analyzer, pkgs...)
	if len(results) != len(pkgs) {
		t.Fatalf("analyzed %d packages, want %d", len(results), len(pkgs))
	}
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("fixed code: %v", r.Err)
		}
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%v: fixed code gets another fix: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// lenient ignores analysistest's complaints about diagnostics and facts
// nobody wanted, keeping those about loading and analysis errors.
type lenient struct{ *testing.T }

func (l lenient) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, ignored := range []string{"unexpected diagnostic", "no diagnostic was reported", "unexpected fact", "no fact was reported"} {
		if strings.Contains(msg, ignored) {
			return
		}
	}
	l.T.Error(msg)
}
