package analyzers_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/analyzers/purehandler"
	"github.com/routevet/routevet/internal/config"
)

// TestWithoutIdleMigration checks that purehandler is left out only where
// nothing turns it on: not in a directory whose configuration enables it
// or one of its categories, not when the command line does, not when a
// configuration cannot be read.
func TestWithoutIdleMigration(t *testing.T) {
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
		return slices.Contains(analyzers.WithoutIdleMigration(all, packagesIn(dirs)), purehandler.Analyzer)
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
	if got := analyzers.WithoutIdleMigration(all[:1], packagesIn([]string{plain})); len(got) != 1 {
		t.Errorf("a suite without purehandler changed: %v", got)
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
