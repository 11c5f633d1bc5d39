// Package effectstest holds what the tests of the effects analysis and of
// the analyzers built on it share: the fixtures' directory, and wrappers of
// testing.T for analysistest runs over fixtures whose want comments expect
// both the analyzers' diagnostics and the effects analyzer's facts (each
// run checks its own analyzer's part; together they check every want).
package effectstest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Testdata returns the absolute path of the module's testdata directory,
// the GOPATH-style root of the analyzers' fixtures.
func Testdata(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// FactsElsewhere ignores the fact expectations of the want comments, for
// an analyzer's run: the facts are the effects analyzer's.
type FactsElsewhere struct{ *testing.T }

func (f FactsElsewhere) Errorf(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "no fact was reported matching") {
		f.T.Error(msg)
	}
}

// DiagnosticsElsewhere ignores the diagnostic expectations of the want
// comments, for the effects analyzer's run: the diagnostics are the
// analyzers'. With WriterFacts, it also ignores facts that have only a
// writer or a CORS part, for fixtures that state the request (or CORS)
// part of summaries only. Streams and path value facts nobody expected
// are ignored unless Streams or PathValues is set: writerwrap's and
// routematch's fixtures alone state them; with PathValues, the other
// facts (those fixtures do not state them) are ignored.
type DiagnosticsElsewhere struct {
	*testing.T
	WriterFacts bool
	Streams     bool
	PathValues  bool
}

func (d DiagnosticsElsewhere) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, "no diagnostic was reported matching") {
		return
	}
	fact, isFact := factOf(msg)
	pathValues := strings.Contains(fact, "reads(") || strings.Contains(fact, `reads\(`) || strings.Contains(fact, "sets path values")
	unexpected := strings.Contains(msg, "unexpected fact:")
	if unexpected && !d.Streams && strings.Contains(fact, ") streams in ") {
		return
	}
	if unexpected && !d.PathValues && pathValues {
		return
	}
	if d.PathValues && isFact && !pathValues {
		return
	}
	if d.WriterFacts && (strings.Contains(msg, "unexpected fact: writes(") || strings.Contains(msg, "unexpected fact: cors(")) && !strings.Contains(msg, "unreadbody(") {
		return
	}
	d.T.Error(msg)
}

// factOf returns the fact an analysistest message is about: the fact
// reported, or the pattern of the one expected.
func factOf(msg string) (string, bool) {
	for _, marker := range []string{"unexpected fact: ", `fact "`, "no fact was reported matching "} {
		if i := strings.Index(msg, marker); i >= 0 {
			fact, _, _ := strings.Cut(msg[i+len(marker):], `" does not match pattern`)
			return fact, true
		}
	}
	return "", false
}
