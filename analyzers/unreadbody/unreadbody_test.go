package unreadbody_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routevet/routevet/internal/effects/effectstest"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/unreadbody"
	"github.com/routevet/routevet/internal/config"
)

// TestFindings checks findings and non-findings. The facts the want
// comments expect are the effects analyzer's, which internal/effects'
// tests check on these packages.
func TestFindings(t *testing.T) {
	analysistest.Run(effectstest.FactsElsewhere{T: t}, effectstest.Testdata(t), unreadbody.Analyzer,
		"unreadbody/forms", "unreadbody/bodies", "unreadbody/helpers", "unreadbody/crosspkg",
		"unreadbody/routed", "unreadbody/oddcode", "unreadbody/callees/sp", "unreadbody/callees", "unreadbody/drained")
}

func TestBadRequestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, effectstest.Testdata(t), unreadbody.Analyzer, "unreadbody/decode")
}

// TestFixIsFinal analyzes the fixed code (the golden files, as a package of
// their own): it must compile and get no further fix.
func TestFixIsFinal(t *testing.T) {
	src := filepath.Join(effectstest.Testdata(t), "src", "unreadbody", "decode")
	gopath := t.TempDir()
	dst := filepath.Join(gopath, "src", "fixed")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	goldens, _ := filepath.Glob(filepath.Join(src, "*.go.golden"))
	if len(goldens) == 0 {
		t.Fatal("no golden files")
	}
	for _, golden := range goldens {
		data, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		// The want comments are about the original; drop them.
		var lines []string
		for line := range strings.SplitSeq(string(data), "\n") {
			if i := strings.Index(line, " // want "); i >= 0 {
				line = line[:i]
			}
			lines = append(lines, line)
		}
		name := strings.TrimSuffix(filepath.Base(golden), ".golden")
		if err := os.WriteFile(filepath.Join(dst, name), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	results := analysistest.Run(lenient{t}, gopath, unreadbody.Analyzer, "fixed")
	if len(results) == 0 {
		t.Fatal("the fixed package did not load")
	}
	unfixable := 0
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("fixed code: %v", r.Err)
		}
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%v: fixed code gets another fix: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
			if d.Category == unreadbody.CategoryIgnoredDecodeError {
				unfixable++
			}
		}
	}
	// Greet, Upload, Anonymous and Shadowed keep their findings: proof
	// that the analysis ran on the fixed code.
	if unfixable != 4 {
		t.Errorf("fixed code: got %d ignored-decode-error findings without fix, want 4", unfixable)
	}
}

// lenient ignores analysistest's complaints about diagnostics nobody
// wanted, keeping those about loading and analysis errors.
type lenient struct{ *testing.T }

func (l lenient) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, "unexpected diagnostic") || strings.Contains(msg, "no diagnostic was reported") {
		return
	}
	l.T.Error(msg)
}

func TestBodyNeverReadIsOptIn(t *testing.T) {
	results := analysistest.Run(lenient{t}, effectstest.Testdata(t), unreadbody.Analyzer, "unreadbody/neverread")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category == unreadbody.CategoryBodyNeverRead {
				t.Errorf("reported while off by default: %s", d.Message)
			}
		}
	}
}

func TestBodyNeverReadEnabled(t *testing.T) {
	config.SetCommandLine(map[string]bool{"unreadbody/body-never-read": true})
	t.Cleanup(func() { config.SetCommandLine(nil) })
	analysistest.Run(t, effectstest.Testdata(t), unreadbody.Analyzer, "unreadbody/neverread")
}

func TestUnboundedBodyEnabled(t *testing.T) {
	config.SetCommandLine(map[string]bool{"unreadbody/unbounded-body": true})
	t.Cleanup(func() { config.SetCommandLine(nil) })
	analysistest.RunWithSuggestedFixes(t, effectstest.Testdata(t), unreadbody.Analyzer, "unreadbody/unbounded/api")
	analysistest.Run(t, effectstest.Testdata(t), unreadbody.Analyzer, "unreadbody/unbounded/routed")
}

// TestUnboundedBodyConfigured: body.limit-set-by naming the package
// silences its handlers.
func TestUnboundedBodyConfigured(t *testing.T) {
	config.SetCommandLine(map[string]bool{"unreadbody/unbounded-body": true})
	config.SetOverride(&config.Config{Body: config.Body{LimitSetBy: []string{"unreadbody/unbounded/..."}}})
	t.Cleanup(func() { config.SetCommandLine(nil); config.SetOverride(nil) })
	analysistest.Run(t, effectstest.Testdata(t), unreadbody.Analyzer, "unreadbody/unbounded/configured")
}

// TestLimitFixIsFinal analyzes the code unbounded-body's fix makes: it
// compiles and gets no further finding but the one without a fix.
func TestLimitFixIsFinal(t *testing.T) {
	config.SetCommandLine(map[string]bool{"unreadbody/unbounded-body": true})
	t.Cleanup(func() { config.SetCommandLine(nil) })
	src := effectstest.Testdata(t)
	gopath := t.TempDir()
	copyWithoutWants(t, filepath.Join(src, "src", "unreadbody", "helpers", "helpers.go"), filepath.Join(gopath, "src", "unreadbody", "helpers", "helpers.go"))
	copyWithoutWants(t, filepath.Join(src, "src", "unreadbody", "unbounded", "api", "api.go.golden"), filepath.Join(gopath, "src", "fixedapi", "api.go"))
	results := analysistest.Run(lenient{t}, gopath, unreadbody.Analyzer, "fixedapi")
	if len(results) == 0 {
		t.Fatal("the fixed package did not load")
	}
	left := 0
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("fixed code: %v", r.Err)
		}
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%v: fixed code gets another fix: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
			if d.Category == unreadbody.CategoryUnboundedBody {
				left++
			}
		}
	}
	if left != 1 { // Wrapped, which has no fix
		t.Errorf("fixed code: got %d unbounded-body findings, want 1", left)
	}
}

// copyWithoutWants copies a fixture file, dropping its want comments.
func copyWithoutWants(t *testing.T, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line := range strings.SplitSeq(string(data), "\n") {
		if i := strings.Index(line, " // want "); i >= 0 {
			line = line[:i]
		}
		lines = append(lines, line)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}
