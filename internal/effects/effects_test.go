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
	analysistest.Run(diagnosticsElsewhere{T: t}, testdata(t), effects.Analyzer,
		"mutablewriter/helpers", "mutablewriter/api", "mutablewriter/odd")
	// unreadbody's fixtures state the request part of the summaries only.
	analysistest.Run(diagnosticsElsewhere{T: t, writerFacts: true}, testdata(t), effects.Analyzer,
		"unreadbody/forms", "unreadbody/bodies", "unreadbody/helpers", "unreadbody/crosspkg",
		"unreadbody/routed", "unreadbody/oddcode")
}

// diagnosticsElsewhere ignores the diagnostic expectations of the want
// comments: those are the analyzers' findings.
// With writerFacts, it also ignores facts that have only a writer part.
type diagnosticsElsewhere struct {
	*testing.T
	writerFacts bool
}

func (d diagnosticsElsewhere) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, "no diagnostic was reported matching") {
		return
	}
	if d.writerFacts && strings.Contains(msg, "unexpected fact: writes(") && !strings.Contains(msg, "unreadbody(") {
		return
	}
	d.T.Error(msg)
}
