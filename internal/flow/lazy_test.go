package flow_test

import (
	"go/ast"
	"go/types"
	"os"
	"reflect"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/flow"
)

// compared counts, per package, the graphs the comparison saw.
type compared struct{ decls, lits, noReturn int }

// TestMatchesCtrlflow checks, on real packages (dependencies included,
// where facts cross packages), that flow.Analyzer's graphs and noReturn
// functions are ctrlflow's: the same blocks, nodes and edges.
func TestMatchesCtrlflow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages from source")
	}
	patterns := []string{"net/http", "log", "testing", "go/types", "flag"}
	if p := os.Getenv("FLOW_PACKAGES"); p != "" {
		patterns = []string{p}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		total compared
	)
	compare := &analysis.Analyzer{
		Name:       "compare",
		Doc:        "compares flow's graphs with ctrlflow's",
		Requires:   []*analysis.Analyzer{ctrlflow.Analyzer, flow.Analyzer},
		FactTypes:  []analysis.Fact{new(seen)},
		ResultType: reflect.TypeFor[*compared](),
		Run: func(pass *analysis.Pass) (any, error) {
			want := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
			got := pass.ResultOf[flow.Analyzer].(*flow.Graphs)
			var c compared
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.FuncDecl:
						fn, ok := pass.TypesInfo.Defs[n.Name].(*types.Func)
						if !ok {
							return true
						}
						c.decls++
						if want.NoReturn(fn) != got.NoReturn(fn) {
							t.Errorf("%s: noReturn %v, ctrlflow says %v", fn, got.NoReturn(fn), want.NoReturn(fn))
						}
						if want.NoReturn(fn) {
							c.noReturn++
						}
						w, g := want.FuncDecl(n), got.FuncDecl(n)
						if (w == nil) != (g == nil) || w != nil && w.Format(pass.Fset) != g.Format(pass.Fset) {
							t.Errorf("%s: graphs differ", fn)
						}
					case *ast.FuncLit:
						c.lits++
						if w, g := want.FuncLit(n).Format(pass.Fset), got.FuncLit(n).Format(pass.Fset); w != g {
							t.Errorf("%s: graphs of the literal differ", pass.Fset.Position(n.Pos()))
						}
					}
					return true
				})
			}
			mu.Lock()
			total.decls += c.decls
			total.lits += c.lits
			total.noReturn += c.noReturn
			mu.Unlock()
			return &c, nil
		},
	}
	if _, err := checker.Analyze([]*analysis.Analyzer{compare}, pkgs, nil); err != nil {
		t.Fatal(err)
	}
	if total.noReturn == 0 || total.lits == 0 {
		t.Fatalf("compared too little: %+v", total)
	}
	t.Logf("compared %d declarations (%d never return) and %d literals", total.decls, total.noReturn, total.lits)
}

// seen makes the comparison run on dependencies too.
type seen struct{}

func (*seen) AFact() {}
