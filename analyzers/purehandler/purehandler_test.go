package purehandler_test

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers/purehandler"
	"github.com/routevet/routevet/fixes/migrate"
	"github.com/routevet/routevet/internal/config"
)

// fixed lists the fixture packages with suggested fixes and golden files.
var fixed = []string{"purehandler/notes", "purehandler/adapters", "purehandler/routers", "purehandler/nosplit", "purehandler/dispatch", "purehandler/limits", "purehandler/templates", "purehandler/helpers", "purehandler/chirender", "purehandler/results", "purehandler/closures", "purehandler/lastcall", "purehandler/okresults", "purehandler/streams", "purehandler/xpkg/httputil", "purehandler/xpkg/api", "purehandler/xpkg/legacy"}

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDiagnostics checks the findings without fixes: every blocked reason,
// the look-alikes that are not reported, and the analyzer being off by
// default.
func TestDiagnostics(t *testing.T) {
	analysistest.Run(t, testdata(t), purehandler.Analyzer, "purehandler/blocked", "purehandler/librarywrites", "purehandler/fakeapitest", "purehandler/quiet", "purehandler/off", "purehandler/hint")
}

// TestNetHTTPItself runs the analyzer, turned on from the command line, on
// net/http: its own handlers cannot import the route module and are not
// reported (a run over std once reported them as blocked).
func TestNetHTTPItself(t *testing.T) {
	if testing.Short() {
		t.Skip("loads net/http from source")
	}
	config.SetCommandLine(map[string]bool{"purehandler": true})
	defer config.SetCommandLine(nil)
	// std's test files hold // want comments of their own: check the
	// diagnostics directly.
	results := analysistest.Run(&quietT{T: t}, testdata(t), purehandler.Analyzer, "net/http")
	if len(results) == 0 {
		t.Fatal("net/http was not analyzed")
	}
	for _, res := range results {
		for _, d := range res.Diagnostics {
			t.Errorf("%s: %s", res.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
}

// TestFixes checks the fixes against the golden files.
func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), purehandler.Analyzer, fixed...)
}

// TestEachFixCompiles applies every fix on its own, as an editor would,
// without the driver's import clean-up, and type-checks the package: each
// fix must add and remove imports itself and leave valid code.
func TestEachFixCompiles(t *testing.T) {
	results := analysistest.Run(&quietT{T: t}, testdata(t), purehandler.Analyzer, fixed...)
	deps := loadDeps(t, append([]string{migrate.RoutePath}, fixed...))
	fixtures := map[string]*analysis.Pass{}
	for _, res := range results {
		if !hasTestFiles(res.Pass) {
			fixtures[res.Pass.Pkg.Path()] = res.Pass
		}
	}
	n := 0
	for _, res := range results {
		for _, d := range res.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				n++
				checkFixCompiles(t, res.Pass, d, fix, fixtures, deps)
			}
		}
	}
	if n < 25 {
		t.Errorf("only %d fixes checked", n)
	}
}

// quietT lets analysistest.Run load packages whose // want comments are
// checked elsewhere.
type quietT struct{ *testing.T }

func (q *quietT) Errorf(format string, args ...any) {}

// loadDeps loads packages from testdata and returns every package they
// depend on, by path, from one load so that they share their imports.
func loadDeps(t *testing.T, patterns []string) map[string]*types.Package {
	cfg := &packages.Config{
		Mode: packages.NeedTypes | packages.NeedName | packages.NeedImports | packages.NeedDeps,
		Dir:  testdata(t),
		Env:  append(os.Environ(), "GOPATH="+testdata(t), "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	deps := map[string]*types.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 {
			t.Fatalf("loading %s: %v", p.PkgPath, p.Errors)
		}
		deps[p.PkgPath] = p.Types
	})
	return deps
}

func hasTestFiles(pass *analysis.Pass) bool {
	return slices.ContainsFunc(pass.Files, func(f *ast.File) bool {
		return strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go")
	})
}

// checkFixCompiles applies one fix to the files of the packages it edits
// (the handler's, and those of the helpers of other packages whose
// counterparts it adds) and type-checks them, with every fixture package
// importing them, directly or not, against the edited packages: the
// helpers' other callers must keep compiling too.
func checkFixCompiles(t *testing.T, pass *analysis.Pass, d analysis.Diagnostic, fix analysis.SuggestedFix, fixtures map[string]*analysis.Pass, deps map[string]*types.Package) {
	t.Helper()
	edits := map[string][]analysis.TextEdit{}
	for _, e := range fix.TextEdits {
		name := pass.Fset.File(e.Pos).Name()
		edits[name] = append(edits[name], e)
	}
	affected := map[string]bool{pass.Pkg.Path(): true}
	for path, p := range fixtures {
		for _, f := range p.Files {
			if edits[p.Fset.File(f.FileStart).Name()] != nil {
				affected[path] = true
			}
		}
	}
	for grew := true; grew; {
		grew = false
		for path, p := range fixtures {
			for _, imp := range p.Pkg.Imports() {
				if affected[imp.Path()] && !affected[path] {
					affected[path], grew = true, true
				}
			}
		}
	}
	checked := map[string]*types.Package{}
	for len(checked) < len(affected) {
		progress := false
		for path := range affected {
			p := fixtures[path]
			if path == pass.Pkg.Path() {
				p = pass
			}
			if checked[path] != nil || p == nil {
				if p == nil {
					t.Fatalf("fix for %q edits %s, which is no fixture package", d.Message, path)
				}
				continue
			}
			ready := true
			for _, imp := range p.Pkg.Imports() {
				if affected[imp.Path()] && checked[imp.Path()] == nil {
					ready = false
				}
			}
			if !ready {
				continue
			}
			progress = true
			pkg, ok := checkEdited(t, p, d, edits, checked, deps)
			if !ok {
				return
			}
			checked[path] = pkg
		}
		if !progress {
			t.Fatalf("import cycle among %v", affected)
		}
	}
}

// checkEdited type-checks pass's package with edits applied, its imports
// from checked or deps.
func checkEdited(t *testing.T, pass *analysis.Pass, d analysis.Diagnostic, edits map[string][]analysis.TextEdit, checked, deps map[string]*types.Package) (*types.Package, bool) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range pass.Files {
		name := pass.Fset.File(f.FileStart).Name()
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if es := edits[name]; es != nil {
			src = applyEdits(pass.Fset, src, es)
			formatted, err := format.Source(src)
			if err != nil {
				t.Errorf("%s: fix for %q does not parse: %v\n%s", name, d.Message, err, src)
				return nil, false
			}
			src = formatted
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importerFunc(func(path string) (*types.Package, error) {
		if p := checked[path]; p != nil {
			return p, nil
		}
		if p := deps[path]; p != nil {
			return p, nil
		}
		return nil, os.ErrNotExist
	})}
	pkg, err := conf.Check(pass.Pkg.Path(), fset, files, nil)
	if err != nil {
		t.Errorf("%s: after the fix for %q alone: %v", pass.Fset.Position(d.Pos), d.Message, err)
		return nil, false
	}
	return pkg, true
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func applyEdits(fset *token.FileSet, src []byte, edits []analysis.TextEdit) []byte {
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		start, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
		out.Write(src[last:start])
		out.Write(e.NewText)
		last = end
	}
	out.Write(src[last:])
	return out.Bytes()
}

// TestGoldenGofmt checks that the golden files are gofmt-clean.
func TestGoldenGofmt(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join(testdata(t), "src", "purehandler", "*", "*.golden"))
	nested, _ := filepath.Glob(filepath.Join(testdata(t), "src", "purehandler", "*", "*", "*.golden"))
	goldens = append(goldens, nested...)
	if len(goldens) < len(fixed) {
		t.Fatalf("found %d golden files", len(goldens))
	}
	for _, g := range goldens {
		src, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		formatted, err := format.Source(src)
		if err != nil {
			t.Errorf("%s: %v", g, err)
		} else if !bytes.Equal(formatted, src) {
			t.Errorf("%s is not gofmt-clean", g)
		}
	}
}

// TestIdempotent runs the analyzer on the golden files: a migrated
// handler gets no second fix, and the adapters are not reported. Only the
// blocked handlers of the original (middleware, a dispatcher) are
// reported again, as they were.
func TestIdempotent(t *testing.T) {
	blocked := map[string]int{}
	for _, res := range analysistest.Run(&quietT{T: t}, testdata(t), purehandler.Analyzer, fixed...) {
		for _, d := range res.Diagnostics {
			if d.Category == purehandler.CategoryBlocked {
				blocked[res.Pass.Pkg.Path()+": "+d.Message]++
			}
		}
	}
	gopath := t.TempDir()
	src := filepath.Join(testdata(t), "src")
	for _, dir := range []string{"github.com/go-chi/chi/v5", "github.com/go-chi/render", "github.com/gorilla/mux", migrate.RoutePath} {
		copyDir(t, filepath.Join(src, dir), filepath.Join(gopath, "src", dir), false)
	}
	copyFile(t, filepath.Join(src, "purehandler", ".routevet.yaml"), filepath.Join(gopath, "src", "purehandler", ".routevet.yaml"))
	for _, pkg := range fixed {
		copyDir(t, filepath.Join(src, pkg), filepath.Join(gopath, "src", pkg), true)
	}
	// The golden files still hold the // want comments of the original.
	results := analysistest.Run(&quietT{T: t}, gopath, purehandler.Analyzer, fixed...)
	for _, res := range results {
		for _, d := range res.Diagnostics {
			if key := res.Pass.Pkg.Path() + ": " + d.Message; d.Category == purehandler.CategoryBlocked && blocked[key] > 0 {
				blocked[key]--
				continue
			}
			t.Errorf("%s: on migrated code: %s", res.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
	for key, n := range blocked {
		if n > 0 {
			t.Errorf("%s: reported %d times fewer on migrated code", key, n)
		}
	}
	if len(results) != len(fixed) {
		t.Errorf("analyzed %d packages, want %d", len(results), len(fixed))
	}
}

// copyDir copies the .go files of a directory (following symbolic
// links), using each file's golden version when golden is set.
func copyDir(t *testing.T, from, to string, golden bool) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		srcName := filepath.Join(from, name)
		if golden {
			if _, err := os.Stat(srcName + ".golden"); err == nil {
				srcName += ".golden"
			}
		}
		copyFile(t, srcName, filepath.Join(to, name))
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

// TestRouteCopy checks that the GOPATH copy of the route runtime the
// fixtures import is the runtime itself.
func TestRouteCopy(t *testing.T) {
	link := filepath.Join(testdata(t), "src", "github.com", "routevet", "routevet", "route")
	real, err := filepath.EvalSymlinks(link)
	if err != nil {
		t.Fatal(err)
	}
	want, err := filepath.Abs("../../route")
	if err != nil {
		t.Fatal(err)
	}
	if real != want {
		t.Errorf("%s resolves to %s, want the route module %s", link, real, want)
	}
}

func TestBlockedReason(t *testing.T) {
	for _, r := range purehandler.Reasons {
		msg := "handler h writes ... by hand [blocked: " + r + "]"
		if got, ok := purehandler.BlockedReason(msg); !ok || got != r {
			t.Errorf("BlockedReason(%q) = %q, %v", msg, got, ok)
		}
		if !strings.Contains(purehandler.Analyzer.Doc, "  - "+r) && !strings.Contains(purehandler.Analyzer.Doc, ", "+r) {
			t.Errorf("reason %s is not documented", r)
		}
	}
	if _, ok := purehandler.BlockedReason("handler h writes its response"); ok {
		t.Error("BlockedReason accepted a migratable message")
	}
}
