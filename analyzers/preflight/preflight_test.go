package preflight_test

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers/preflight"
	"github.com/routevet/routevet/internal/effects/effectstest"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// The fixture packages. Those with fixes have .golden files: the source
// after every fix of the package is applied at once.
var (
	withFixes = []string{
		"preflight/servemux", "preflight/methodcheck", "preflight/chirouter", "preflight/gorillarouter",
		"preflight/crosspkg", "preflight/configured", "preflight/defaultmux",
		"preflight/namecollision", "preflight/existingfactory", "preflight/legacy", "preflight/odd", "preflight/e2e",
		"preflight/xpkg/muxapi", "preflight/xpkg/chiapi", "preflight/xpkg/gorillaapi", "preflight/xpkg/lib", "preflight/xpkg/e2e/api",
	}
	withoutFixes = []string{"preflight/servemuxneg", "preflight/helpers", "preflight/nofix"}
)

// fixtureResults holds TestAnalyzer's results, which
// TestGoldenFilesAreFixed compares with: loading net/http and its facts
// dominates the time of a run.
var fixtureResults []*analysistest.Result

// TestAnalyzer checks every finding and fix of the fixtures; their facts
// are the effects analyzer's, checked by its tests.
func TestAnalyzer(t *testing.T) {
	fixtureResults = analysistest.RunWithSuggestedFixes(effectstest.FactsElsewhere{T: t}, testdata(t), preflight.Analyzer, append(withFixes, withoutFixes...)...)
}

// TestBrokenCode checks that a package with type errors causes no panic
// and no error: the analyzer does not run on it, as the control-flow
// graphs it needs are not built for it.
func TestBrokenCode(t *testing.T) {
	for _, r := range analysistest.Run(quiet{t}, testdata(t), preflight.Analyzer, "preflight/broken") {
		if r.Err != nil && !strings.Contains(r.Err.Error(), "failed prerequisites") {
			t.Errorf("analysis error: %v", r.Err)
		}
	}
}

// quiet is a testing.T that ignores analysistest's complaints about
// diagnostics, for runs whose diagnostics the test checks itself.
type quiet struct{ *testing.T }

func (quiet) Errorf(string, ...any) {}

var wantComment = regexp.MustCompile(`\s*// want .*`)

// TestGoldenFilesAreFixed checks that the fixed code is done: every
// golden file is gofmt-clean, its package compiles, and analyzing it
// again offers no fix, so applying the fixes twice changes nothing. What
// is still reported has no fix, and was reported without one before.
func TestGoldenFilesAreFixed(t *testing.T) {
	src := testdata(t)
	gopath := t.TempDir()
	if err := os.CopyFS(filepath.Join(gopath, "src"), os.DirFS(filepath.Join(src, "src"))); err != nil {
		t.Fatal(err)
	}
	for _, pkg := range withFixes {
		dir := filepath.Join(gopath, "src", pkg)
		goldens, _ := filepath.Glob(filepath.Join(dir, "*.go.golden"))
		if len(goldens) == 0 {
			t.Errorf("%s has no golden file", pkg)
		}
		for _, golden := range goldens {
			content, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if formatted, err := format.Source(content); err != nil || !bytes.Equal(formatted, content) {
				t.Errorf("%s is not gofmt-clean (err=%v)", golden, err)
			}
			// The golden file replaces the source, without the
			// expectations of the original findings.
			fixed := wantComment.ReplaceAll(content, nil)
			if err := os.WriteFile(strings.TrimSuffix(golden, ".golden"), fixed, 0o644); err != nil {
				t.Fatal(err)
			}
			os.Remove(golden)
		}
	}

	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  filepath.Join(gopath, "src"),
		Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, withFixes...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Errorf("fixed package %s does not compile: %v", p.PkgPath, e)
		}
	}

	if fixtureResults == nil { // run alone
		fixtureResults = analysistest.Run(quiet{t}, src, preflight.Analyzer, append(withFixes, withoutFixes...)...)
	}
	before := fixlessFindings(t, fixtureResults)
	after := analysistest.Run(quiet{t}, gopath, preflight.Analyzer, withFixes...)
	var still []string
	for _, r := range after {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: the fixed code still gets a fix: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
			still = append(still, d.Message)
		}
	}
	slices.Sort(still)
	if strings.Join(still, "\n") != strings.Join(before, "\n") {
		t.Errorf("after the fixes, findings are\n%s\nwant the findings that had no fix:\n%s", strings.Join(still, "\n"), strings.Join(before, "\n"))
	}
}

// fixlessFindings returns, sorted, the messages of the findings without
// a fix in the packages that have fixes.
func fixlessFindings(t *testing.T, results []*analysistest.Result) []string {
	var msgs []string
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		if !slices.Contains(withFixes, r.Pass.Pkg.Path()) {
			continue
		}
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				msgs = append(msgs, d.Message)
			}
		}
	}
	slices.Sort(msgs)
	return msgs
}

// TestAcrossPackages checks routers built in one package and served,
// wrapped or mounted in another: the findings of each package and the
// route tables exported as facts (TestAnalyzer checks the fixes of the
// packages that build them).
func TestAcrossPackages(t *testing.T) {
	analysistest.Run(t, testdata(t), preflight.Analyzer, "preflight/xpkg/...")
}

// TestPathSteps checks that findings carry their path steps as
// report/paths.go has them: an options-rejected finding starts at the
// route's registration, then the handler the preflight reaches; a
// caller's finding starts at the registration in the other package.
func TestPathSteps(t *testing.T) {
	steps := 0
	for _, r := range analysistest.Run(quiet{t}, testdata(t), preflight.Analyzer, "preflight/methodcheck", "preflight/xpkg/muxmain") {
		for _, d := range r.Diagnostics {
			pos := r.Pass.Fset.Position(d.Pos)
			switch {
			case d.Category == preflight.CategoryOptionsRejected:
				if len(d.Related) == 0 || !strings.Contains(d.Related[0].Message, "is registered here; its preflight reaches the handler") {
					t.Errorf("%s: %s: no registration step first: %+v", pos, d.Message, d.Related)
				}
				if len(d.Related) == 2 && !strings.HasPrefix(d.Related[1].Message, "handler ") {
					t.Errorf("%s: second step is not the handler: %+v", pos, d.Related[1])
				}
				steps++
			case strings.Contains(d.Message, "of muxapi.Routes (registered at"):
				if len(d.Related) != 1 || !strings.HasSuffix(r.Pass.Fset.Position(d.Related[0].Pos).Filename, filepath.Join("muxapi", "api.go")) {
					t.Errorf("%s: want the registration in muxapi as the one step: %+v", pos, d.Related)
				}
				steps++
			}
		}
	}
	if steps == 0 {
		t.Fatal("no finding with path steps")
	}
}
