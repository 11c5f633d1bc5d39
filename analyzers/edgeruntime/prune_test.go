package edgeruntime

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestPrunedDependencies checks the facts of a library whose functions
// reach host-only APIs through declarations the pruning must not skip,
// and the findings they make in the Workers that call it.
func TestPrunedDependencies(t *testing.T) {
	analysistest.Run(t, testdataDir(t), Analyzer, "edgeruntime/prunelib/...", "edgeruntime/pruneapp/...")
}

// TestPruningChangesNothing runs the analyzer on every fixture, and on
// net/http's reverse proxy and its dependencies as application code,
// once walking only the declarations declsToWalk picks and once walking
// everything: the facts and the findings must be the same.
func TestPruningChangesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("loads net/http from source")
	}
	dir := testdataDir(t)
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off"),
	}
	// The fixtures built for js or wasip1 are left out: they need
	// another GOOS.
	pkgs, err := packages.Load(cfg, "edgeruntime/...", "net/http/httputil")
	if err != nil {
		t.Fatal(err)
	}
	analyzeStandardLibrary = true
	defer func() { analyzeStandardLibrary = false }()
	pruned := analyzeAndDump(t, pkgs)
	walkEverything = true
	defer func() { walkEverything = false }()
	whole := analyzeAndDump(t, pkgs)
	if len(pruned) < 100 {
		t.Errorf("only %d facts and findings: the packages did not load?", len(pruned))
	}
	for _, line := range diff(pruned, whole) {
		t.Error(line)
	}
}

func testdataDir(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// analyzeAndDump returns edgeruntime's facts, findings and errors on the
// packages and their dependencies, one per line, sorted.
func analyzeAndDump(t *testing.T, pkgs []*packages.Package) []string {
	graph, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for act := range graph.All() {
		if act.Analyzer != Analyzer {
			continue
		}
		path := act.Package.PkgPath
		if act.Err != nil {
			lines = append(lines, fmt.Sprintf("%s: error %v", path, act.Err))
		}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				lines = append(lines, fmt.Sprintf("%s: %s: %#v", path, f.Object, f.Fact))
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				lines = append(lines, fmt.Sprintf("%s: %#v", path, f.Fact))
			}
		}
		for _, d := range act.Diagnostics {
			lines = append(lines, fmt.Sprintf("%s: %v: %s %s %v", path, act.Package.Fset.Position(d.Pos), d.Category, d.Message, d.Related))
		}
		if res, ok := act.Result.(*Result); ok && res != nil {
			lines = append(lines, fmt.Sprintf("%s: edge handlers at %v", path, res.edgeHandlers))
		}
	}
	slices.Sort(lines)
	return lines
}

// diff returns the lines only one of got and want has.
func diff(got, want []string) []string {
	var out []string
	for _, l := range got {
		if _, found := slices.BinarySearch(want, l); !found {
			out = append(out, "only when pruned: "+l)
		}
	}
	for _, l := range want {
		if _, found := slices.BinarySearch(got, l); !found {
			out = append(out, "only when walking everything: "+l)
		}
	}
	if len(out) > 20 {
		out = append(out[:20], fmt.Sprintf("... %d more", len(out)-20))
	}
	return out
}
