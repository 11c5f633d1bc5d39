package effects_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
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

// TestSummariesAcrossPackages checks summaries made of table rows, of the
// tracker's derived values, and of other packages' summaries read from
// facts; and the result the analyzers read.
func TestSummariesAcrossPackages(t *testing.T) {
	results := analysistest.Run(t, testdata(t), effects.Analyzer, "effects/lib", "effects/use")
	for _, r := range results {
		if r.Pass.Pkg.Path() != "effects/use" {
			continue
		}
		res := r.Result.(*effects.Result)
		got := map[string]string{}
		for _, f := range res.WriterFuncs() {
			if f.Obj == nil {
				continue
			}
			var steps []string
			for _, sol := range f.Solutions {
				for _, st := range sol.Steps {
					steps = append(steps, fmt.Sprintf("%s/%d/helper=%v", st.Op.What, st.Op.Kind, st.Op.Helper))
				}
			}
			got[f.Obj.Name()] = fmt.Sprintf("%s %v", f.Effects[f.Writers[0]], steps)
		}
		want := map[string]string{
			"Fail":    "commits+status+replies+header [lib.Reply/4/helper=true]",
			"Relay":   "commits+header [lib.Header/1/helper=true lib.JSON/2/helper=true]",
			"Partial": "none []",
			"fail":    "commits+status+replies+header [lib.Reply/4/helper=true]",
		}
		for name, w := range want {
			if got[name] != w {
				t.Errorf("%s: got %q, want %q", name, got[name], w)
			}
		}
	}
}

// TestTracker checks which expressions the tracker derives from each
// writer, through a probe reporting them for the arguments of use(...).
func TestTracker(t *testing.T) {
	analysistest.Run(t, testdata(t), probe, "effects/tracker")
}

var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "reports what the arguments of use(...) are to each tracked writer",
	Requires: []*analysis.Analyzer{effects.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		kinds := map[effects.Kind]string{effects.IsWriter: "writer", effects.IsHeader: "header", effects.IsEncoder: "encoder", effects.IsController: "controller"}
		for _, f := range pass.ResultOf[effects.Analyzer].(*effects.Result).WriterFuncs() {
			for _, sol := range f.Solutions {
				if sol == nil {
					continue
				}
				w := sol.Writer
				ast.Inspect(sol.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok || types.ExprString(call.Fun) != "use" {
						return true
					}
					for i, arg := range call.Args {
						kind := kinds[w.Derived(arg)]
						if id, ok := arg.(*ast.Ident); ok && w.Closure(pass.TypesInfo.Uses[id]) != nil {
							kind = "closure"
						}
						if kind != "" {
							pass.Reportf(arg.Pos(), "%s %d:%s", w.Param.Name(), i, kind)
						}
					}
					return true
				})
			}
		}
		return nil, nil
	},
}
