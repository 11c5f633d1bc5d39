package effects_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"testing"

	"github.com/routevet/routevet/internal/effects/effectstest"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/internal/effects"
)

// TestAnalyzerFixtures checks the summaries exported as facts against the
// fact expectations of the analyzers' fixtures (the diagnostics expected
// there are the analyzers' own, checked by their tests).
func TestAnalyzerFixtures(t *testing.T) {
	analysistest.Run(effectstest.DiagnosticsElsewhere{T: t}, effectstest.Testdata(t), effects.Analyzer,
		"mutablewriter/helpers", "mutablewriter/api", "mutablewriter/odd", "mutablewriter/shapes", "mutablewriter/condreply")
	// unreadbody's fixtures state the request part of the summaries only.
	analysistest.Run(effectstest.DiagnosticsElsewhere{T: t, WriterFacts: true}, effectstest.Testdata(t), effects.Analyzer,
		"unreadbody/forms", "unreadbody/bodies", "unreadbody/helpers", "unreadbody/crosspkg",
		"unreadbody/routed", "unreadbody/oddcode", "unreadbody/callees/sp", "unreadbody/callees", "unreadbody/unbounded/mw")
	// preflight's fixtures state the CORS part.
	analysistest.Run(effectstest.DiagnosticsElsewhere{T: t, WriterFacts: true}, effectstest.Testdata(t), effects.Analyzer,
		"preflight/helpers", "preflight/odd")
	// writerwrap's fixtures state the Streams facts.
	analysistest.Run(effectstest.DiagnosticsElsewhere{T: t, WriterFacts: true, Streams: true}, effectstest.Testdata(t), effects.Analyzer,
		"writerwrap/mw", "writerwrap/app", "writerwrap/quiet", "writerwrap/stream")
	// routematch's fixtures state the path value facts.
	analysistest.Run(effectstest.DiagnosticsElsewhere{T: t, WriterFacts: true, PathValues: true}, effectstest.Testdata(t), effects.Analyzer,
		"routematch/helpers", "routematch/servemux", "routematch/chirouter", "routematch/chiescape",
		"routematch/gorillarouter", "routematch/tested", "routematch/conflicts", "routematch/conflictslib")
}

// TestSummariesAcrossPackages checks summaries made of table rows, of the
// tracker's derived values, and of other packages' summaries read from
// facts; and the result the analyzers read.
func TestSummariesAcrossPackages(t *testing.T) {
	results := analysistest.Run(t, effectstest.Testdata(t), effects.Analyzer, "effects/lib", "effects/use")
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
			"Fail":    "commits+status+replies+header+responds [lib.Reply/4/helper=true]",
			"Relay":   "commits+header [lib.Header/1/helper=true lib.JSON/2/helper=true]",
			"Partial": "none []",
			"fail":    "commits+status+replies+header+responds [lib.Reply/4/helper=true]",
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
	analysistest.Run(t, effectstest.Testdata(t), probe, "effects/tracker")
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
