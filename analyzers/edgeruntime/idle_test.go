package edgeruntime_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/edgeruntime"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/source"
)

// checkCanReport checks CanReport against what the analyzer did on each
// fixture package: wherever it reported, found an edge handler or failed,
// CanReport must have said it could (a driver leaves the analyzer out
// when it says no for every package). It returns how many fixture
// packages CanReport ruled out, so a test can check that it rules out
// some: a CanReport that always says yes would pass the rest.
func checkCanReport(t *testing.T, results []*analysistest.Result) (ruledOut int) {
	t.Helper()
	for _, r := range results {
		path := r.Pass.Pkg.Path()
		if !strings.HasPrefix(path, "edgeruntime/") {
			continue // a stub SDK or the standard library
		}
		cfg, err := config.ForDir(source.PackageDir(r.Pass))
		if err != nil {
			cfg = nil // the analyzer fails on it; so must CanReport say yes
		}
		var imports, files []string
		for _, imp := range r.Pass.Pkg.Imports() {
			imports = append(imports, imp.Path())
		}
		for _, f := range r.Pass.Files {
			files = append(files, r.Pass.Fset.File(f.FileStart).Name())
		}
		if edgeruntime.CanReport(cfg, imports, files) {
			continue
		}
		ruledOut++
		res, _ := r.Result.(*edgeruntime.Result)
		switch {
		case len(r.Diagnostics) > 0:
			t.Errorf("%s: CanReport says no, but the analyzer reported %q", path, r.Diagnostics[0].Message)
		case res != nil && len(res.EdgeHandlers()) > 0:
			t.Errorf("%s: CanReport says no, but the analyzer found %d edge handlers", path, len(res.EdgeHandlers()))
		case r.Err != nil:
			t.Errorf("%s: CanReport says no, but the analyzer failed: %v", path, r.Err)
		}
	}
	return ruledOut
}

// TestCanReport checks CanReport's rules on their own: what the
// configuration, the imports and the files' text decide.
func TestCanReport(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	plain := write("plain.go", "package app\n\nimport \"net/http\"\n\nfunc H(w http.ResponseWriter, r *http.Request) {}\n")
	marked := write("marked.go", "package app\n\n// H runs on the edge.\n//\n//routevet:edge nosuchprofile\nfunc H() {}\n")
	parse := func(text string) *config.Config {
		c, err := config.Parse(".routevet.yaml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	off := parse("disable: [edgeruntime]\n")
	offWithEdge := parse("disable: [edgeruntime]\nedge:\n  packages:\n    - path: example.com/app\n")
	entryPoints := parse("edge:\n  entry-points:\n    - {func: example.com/platform.Serve, handler: 0}\n")
	for _, tc := range []struct {
		name    string
		cfg     *config.Config
		imports []string
		files   []string
		want    bool
	}{
		{"plain handler", nil, []string{"net/http"}, []string{plain}, false},
		{"directive in a file", nil, nil, []string{plain, marked}, true},
		{"SDK package imported", nil, []string{"net/http", "github.com/syumai/workers/cloudflare/cron"}, []string{plain}, true},
		{"SDK look-alike imported", nil, []string{"github.com/syumai/workersx"}, []string{plain}, false},
		{"unreadable file", nil, nil, []string{filepath.Join(dir, "missing.go")}, true},
		{"configured entry points", entryPoints, nil, []string{plain}, true},
		{"turned off", off, nil, []string{marked}, false},
		{"turned off with an edge section", offWithEdge, nil, []string{plain}, true},
	} {
		if got := edgeruntime.CanReport(tc.cfg, tc.imports, tc.files); got != tc.want {
			t.Errorf("%s: CanReport = %v, want %v", tc.name, got, tc.want)
		}
	}
}
