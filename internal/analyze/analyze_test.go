package analyze_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/analyze"
)

// printsFact marks a function that prints, itself or through a function
// of an imported package.
type printsFact struct{}

func (*printsFact) AFact()         {}
func (*printsFact) String() string { return "prints" }

// prints reports calls of functions that print, through facts that cross
// packages: what Run must pass along as the checker does.
var prints = &analysis.Analyzer{
	Name:      "prints",
	Doc:       "report calls of functions that print",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(printsFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		printing := func(fn *types.Func) bool {
			if fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && strings.HasPrefix(fn.Name(), "Print") {
				return true
			}
			return pass.ImportObjectFact(fn, new(printsFact))
		}
		for _, f := range pass.Files {
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if fn, ok := typeutilCallee(pass.TypesInfo, call).(*types.Func); ok && printing(fn) {
						if fn.Pkg() != pass.Pkg {
							// Edits out of order, the second without
							// an end: the driver sorts and completes
							// them as the checker does.
							pass.Report(analysis.Diagnostic{
								Pos:     call.Pos(),
								Message: fn.Name() + " prints",
								SuggestedFixes: []analysis.SuggestedFix{{
									Message: "quiet",
									TextEdits: []analysis.TextEdit{
										{Pos: call.Rparen, End: call.Rparen + 1, NewText: []byte(")")},
										{Pos: call.Pos(), NewText: []byte("_ = ")},
									},
								}},
							})
						}
						pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], new(printsFact))
					}
					return true
				})
			}
		}
		return nil, nil
	},
}

func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[fun]
	case *ast.SelectorExpr:
		return info.Uses[fun.Sel]
	}
	return nil
}

func writeModule(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var module = map[string]string{
	"go.mod":          "module example.com/m\n\ngo 1.22\n",
	"low/low.go":      "package low\n\nimport \"fmt\"\n\nfunc Say() { fmt.Println(\"hi\") }\n\nfunc quiet() {}\n\ntype Speaker struct{}\n\nfunc (Speaker) Speak() { fmt.Println(\"hi\") }\n",
	"mid/mid.go":      "package mid\n\nimport \"example.com/m/low\"\n\nfunc Relay() { low.Say() }\n\nfunc Speak() { low.Speaker{}.Speak() }\n",
	"top/top.go":      "package top\n\nimport (\n\t\"example.com/m/low\"\n\t\"example.com/m/mid\"\n)\n\nfunc Run() {\n\tmid.Relay()\n\tlow.Say()\n}\n",
	"top/top_test.go": "package top\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/mid\"\n)\n\nfunc TestRun(t *testing.T) { mid.Relay() }\n",
	"bad/bad.go":      "package bad\n\nimport \"example.com/m/low\"\n\nfunc Broken() int { low.Say(); return \"x\" }\n",
}

// findings returns the findings of the root actions, and the errors of
// every action, as text.
type outcome struct {
	findings, errors, loadErrors []string
}

// TestRunAsChecker checks that Run finds what checker.Analyze finds on a
// full load of the same packages, errors included (facts cross packages
// on functions and methods), and that it keeps no syntax or type
// information once done, nor the types of function bodies.
func TestRunAsChecker(t *testing.T) {
	want := runAsChecker(t, module, "./...")
	if len(want.findings) < 3 || len(want.loadErrors) == 0 {
		t.Errorf("the test module exercises too little: %s", dump(want))
	}
}

// TestRunWithoutTables checks that Run finds what the checker finds when
// dependencies hold large tables of constants, which it leaves out:
// valid ones, with a function with a fact beside them, and ones that do
// not check, whose errors must be reported all the same.
func TestRunWithoutTables(t *testing.T) {
	numbers := func(n int, last string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "\t%d,\n", i%250)
		}
		return b.String() + last
	}
	files := map[string]string{
		"go.mod":         "module example.com/m\n\ngo 1.22\n",
		"dep/dep.go":     "package dep\n\nimport \"fmt\"\n\nvar table = [...]byte{\n" + numbers(2000, "") + "}\n\nfunc Say() { fmt.Println(table[0]) }\n",
		"bad/bad.go":     "package bad\n\nimport \"fmt\"\n\nvar table = []byte{\n" + numbers(2000, "\t256,\n\t300,\n") + "}\n\nfunc Say() { fmt.Println(table[0]) }\n",
		"use/use.go":     "package use\n\nimport \"example.com/m/dep\"\n\nfunc Run() { dep.Say() }\n",
		"other/other.go": "package other\n\nimport \"example.com/m/bad\"\n\nfunc Run() { bad.Say() }\n",
	}
	want := runAsChecker(t, files, "./use", "./other")
	if len(want.findings) != 1 || len(want.loadErrors) != 2 {
		t.Errorf("the test module exercises too little: %s", dump(want))
	}
}

// runAsChecker checks that Run finds what checker.Analyze finds on a full
// load of the packages of patterns in the module, and keeps what it
// should; it returns the checker's outcome.
func runAsChecker(t *testing.T, module map[string]string, patterns ...string) outcome {
	t.Helper()
	dir := writeModule(t, module)
	analyzers := []*analysis.Analyzer{prints}

	want := outcome{}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: true, Dir: dir}
	full, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for p := range packages.Postorder(full) {
		for _, e := range p.Errors {
			want.loadErrors = append(want.loadErrors, e.Error())
		}
	}
	graph, err := checker.Analyze(analyzers, full, nil)
	if err != nil {
		t.Fatal(err)
	}
	for act := range graph.All() {
		if act.Err != nil {
			want.errors = append(want.errors, fmt.Sprintf("%s@%s: %v", act.Analyzer, act.Package.ID, act.Err))
			continue
		}
		if act.IsRoot {
			for _, d := range act.Diagnostics {
				want.findings = append(want.findings, fmt.Sprintf("%s %s: %s %s", act.Package.ID, act.Package.Fset.Position(d.Pos), d.Message, edits(act.Package.Fset, d)))
			}
		}
	}

	got := outcome{}
	cfg = &packages.Config{Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
		packages.NeedImports | packages.NeedDeps | packages.NeedTypesSizes | packages.NeedModule, Tests: true, Dir: dir}
	meta, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	suite := analyze.NewSuite(analyzers)
	g := analyze.Run(fset, meta, suite, true, func(p *analyze.Package) {
		for _, a := range suite.For(p.Root) {
			act := p.Actions[a]
			if act.Err != nil {
				got.errors = append(got.errors, fmt.Sprintf("%s@%s: %v", a, p.Pkg.ID, act.Err))
				continue
			}
			if p.Root && a == prints {
				for _, d := range act.Diagnostics {
					got.findings = append(got.findings, fmt.Sprintf("%s %s: %s %s", p.Pkg.ID, fset.Position(d.Pos), d.Message, edits(fset, d)))
				}
			}
		}
	})
	for p := range packages.Postorder(meta) {
		for _, e := range p.Errors {
			got.loadErrors = append(got.loadErrors, e.Error())
		}
	}
	for _, list := range [][]string{want.findings, want.errors, got.findings, got.errors} {
		slices.Sort(list)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Run found\n%s\nthe checker\n%s", dump(got), dump(want))
	}
	for _, p := range g.Packages {
		if p.Pkg.Syntax != nil || p.Pkg.TypesInfo != nil {
			t.Errorf("%s: syntax or type information kept", p.Pkg.ID)
		}
		if p.Pkg.Types == nil || !p.Pkg.Types.Complete() {
			t.Errorf("%s: types not kept", p.Pkg.ID)
		} else if scope := bodyScope(p.Pkg.Types.Scope()); scope != nil {
			t.Errorf("%s: the types of a function body kept: %s", p.Pkg.ID, scope)
		}
		for a, act := range p.Actions {
			if act.Result != nil || act.Diagnostics != nil {
				t.Errorf("%s on %s: result or diagnostics kept", a, p.Pkg.ID)
			}
		}
	}
	return want
}

// bodyScope returns a scope under a package's scope that holds a local
// variable, one of a function body, or nil.
func bodyScope(scope *types.Scope) *types.Scope {
	for _, name := range scope.Names() {
		if v, ok := scope.Lookup(name).(*types.Var); ok && v.Kind() == types.LocalVar {
			return scope
		}
	}
	for child := range scope.Children() {
		if body := bodyScope(child); body != nil {
			return body
		}
	}
	return nil
}

// edits returns the edits of d's fixes as text, in their order.
func edits(fset *token.FileSet, d analysis.Diagnostic) string {
	var b strings.Builder
	for _, fix := range d.SuggestedFixes {
		for _, e := range fix.TextEdits {
			fmt.Fprintf(&b, "[%d-%d %q]", fset.Position(e.Pos).Offset, fset.Position(e.End).Offset, e.NewText)
		}
	}
	return b.String()
}

func dump(o outcome) string {
	return fmt.Sprintf("findings:\n\t%s\nerrors:\n\t%s\nload errors:\n\t%s",
		strings.Join(o.findings, "\n\t"), strings.Join(o.errors, "\n\t"), strings.Join(o.loadErrors, "\n\t"))
}
