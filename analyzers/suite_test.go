package analyzers_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/analyzers/edgeruntime"
	"github.com/routevet/routevet/analyzers/purehandler"
	"github.com/routevet/routevet/internal/config"
)

// TestIdleMigration checks that purehandler is left out only where
// nothing turns it on: not in a directory whose configuration enables it
// or one of its categories, not when the command line does, not when a
// configuration cannot be read.
func TestIdleMigration(t *testing.T) {
	root := t.TempDir()
	write := func(dir, content string) string {
		d := filepath.Join(root, dir)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "go.mod"), []byte("module "+dir+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if content != "" {
			if err := os.WriteFile(filepath.Join(d, config.FileName), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	plain := write("plain", "")
	enabled := write("enabled", "enable: [purehandler]\n")
	category := write("category", "enable: [purehandler/"+purehandler.Categories[0]+"]\n")
	broken := write("broken", "enable: [nosuchanalyzer]\n")
	t.Cleanup(func() { config.SetCommandLine(nil); config.Reload() })

	all := analyzers.All()
	kept := func(dirs ...string) bool {
		config.Reload()
		return slices.Contains(analyzers.WithoutIdle(all, packagesIn(dirs)), purehandler.Analyzer)
	}
	for _, tc := range []struct {
		name string
		dirs []string
		want bool
	}{
		{"off everywhere", []string{plain, plain}, false},
		{"enabled in one", []string{plain, enabled}, true},
		{"one category enabled", []string{category}, true},
		{"unreadable configuration", []string{plain, broken}, true},
		{"no directory", []string{""}, true},
	} {
		if got := kept(tc.dirs...); got != tc.want {
			t.Errorf("%s: purehandler kept = %v, want %v", tc.name, got, tc.want)
		}
	}
	config.SetCommandLine(map[string]bool{"purehandler": true})
	if !kept(plain) {
		t.Errorf("-purehandler: purehandler left out")
	}
	config.SetCommandLine(nil)
	if got := analyzers.WithoutIdle(all[:1], packagesIn([]string{plain})); len(got) != 1 {
		t.Errorf("a suite without purehandler changed: %v", got)
	}
}

// TestIdleEdgeRuntime checks that edgeruntime is left out only when no
// package analyzed can have an edge handler: kept for one package that
// mentions the directive, imports a platform's SDK or configures edge,
// and for one whose configuration cannot be read. (edgeruntime's own
// tests check CanReport against the analyzer on its fixtures.)
func TestIdleEdgeRuntime(t *testing.T) {
	root := t.TempDir()
	module := func(dir, cfg, src string) *packages.Package {
		d := filepath.Join(root, dir)
		files := map[string]string{"go.mod": "module " + dir + "\n", "app.go": src}
		if cfg != "" {
			files[config.FileName] = cfg
		}
		for name, text := range files {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(d, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return &packages.Package{Dir: d, PkgPath: dir, GoFiles: []string{filepath.Join(d, "app.go")}, Imports: map[string]*packages.Package{}}
	}
	const handler = "package app\n\nimport \"net/http\"\n\nfunc H(w http.ResponseWriter, r *http.Request) {}\n"
	plain := module("plain", "", handler)
	directive := module("directive", "", "// Package app runs on Fastly.\n//\n//routevet:edge fastly\n"+handler)
	sdk := module("sdk", "", handler)
	sdk.Imports["github.com/fastly/compute-sdk-go/fsthttp"] = &packages.Package{PkgPath: "github.com/fastly/compute-sdk-go/fsthttp"}
	configured := module("configured", "edge:\n  packages:\n    - path: configured\n", handler)
	broken := module("broken", "enable: [nosuchanalyzer]\n", handler)
	t.Cleanup(config.Reload)
	config.Reload()

	all := analyzers.All()
	for _, tc := range []struct {
		name string
		pkgs []*packages.Package
		want bool
	}{
		{"no edge handler anywhere", []*packages.Package{plain, plain}, false},
		{"a directive", []*packages.Package{plain, directive}, true},
		{"an SDK imported", []*packages.Package{sdk}, true},
		{"configured", []*packages.Package{configured, plain}, true},
		{"unreadable configuration", []*packages.Package{broken}, true},
		{"no directory", []*packages.Package{{}}, true},
	} {
		if got := slices.Contains(analyzers.WithoutIdle(all, tc.pkgs), edgeruntime.Analyzer); got != tc.want {
			t.Errorf("%s: edgeruntime kept = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// packagesIn returns a package for each directory.
func packagesIn(dirs []string) []*packages.Package {
	pkgs := make([]*packages.Package, len(dirs))
	for i, d := range dirs {
		pkgs[i] = &packages.Package{Dir: d}
	}
	return pkgs
}
