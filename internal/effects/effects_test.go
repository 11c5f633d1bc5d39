package effects_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/internal/effects"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAnalyzerFixtures checks the summaries exported as facts against the
// fact expectations of the analyzers' fixtures (the diagnostics expected
// there are the analyzers' own, checked by their tests).
func TestAnalyzerFixtures(t *testing.T) {
	analysistest.Run(diagnosticsElsewhere{t}, testdata(t), effects.Analyzer,
		"mutablewriter/helpers", "mutablewriter/api", "mutablewriter/odd")
}

// diagnosticsElsewhere ignores the diagnostic expectations of the want
// comments: those are the analyzers' findings.
type diagnosticsElsewhere struct{ *testing.T }

func (d diagnosticsElsewhere) Errorf(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "no diagnostic was reported matching") {
		d.T.Error(msg)
	}
}
