package edgeruntime_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/edgeruntime"
)

func testdata(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEdgeRuntime runs every fixture built for the host platform in one
// load, since loading net/http's dependencies dominates the time.
func TestEdgeRuntime(t *testing.T) {
	results := analysistest.Run(t, testdata(t), edgeruntime.Analyzer,
		// Cloudflare Workers: a ServeMux, DefaultServeMux, cron, queues.
		"edgeruntime/workers", "edgeruntime/workerstasks",
		// Fastly: ServeFunc, Serve, ServeMany, Adapt over chi, and a chain
		// of three packages.
		"edgeruntime/fastly", "edgeruntime/fastlyadapt", "edgeruntime/chain/...",
		// Spin under each import path, and wasmCloud over gorilla/mux.
		"edgeruntime/spin", "edgeruntime/spinpaths", "edgeruntime/wasmcloud",
		// Directives and configuration.
		"edgeruntime/directive", "edgeruntime/directivefunc", "edgeruntime/configured/...",
		// Method values, closures, constructors, middleware, recursion.
		"edgeruntime/shapes", "edgeruntime/transport", "edgeruntime/feeds")
	if checkCanReport(t, results) == 0 {
		t.Errorf("CanReport ruled out none of the fixture packages, among them libraries no edge handler is in")
	}
}

// TestWasip1 analyzes a package built only for wasip1.
func TestWasip1(t *testing.T) {
	t.Setenv("GOOS", "wasip1")
	t.Setenv("GOARCH", "wasm")
	checkCanReport(t, analysistest.Run(t, testdata(t), edgeruntime.Analyzer, "edgeruntime/wasip1"))
}

// TestJS analyzes a Worker built only for js/wasm.
func TestJS(t *testing.T) {
	t.Setenv("GOOS", "js")
	t.Setenv("GOARCH", "wasm")
	checkCanReport(t, analysistest.Run(t, testdata(t), edgeruntime.Analyzer, "edgeruntime/jsworker"))
}

// TestUnknownProfileInConfiguration checks that a profile name the
// configuration misspells is an error naming the file, not a silent
// default.
func TestUnknownProfileInConfiguration(t *testing.T) {
	results := analysistest.Run(quiet{t}, testdata(t), edgeruntime.Analyzer, "edgeruntime/configbad")
	checkCanReport(t, results)
	for _, r := range results {
		if r.Pass.Pkg.Path() != "edgeruntime/configbad" {
			continue
		}
		if r.Err == nil || !strings.Contains(r.Err.Error(), ".routevet.yaml: edge: packages: unknown profile \"fastlyy\"") {
			t.Errorf("got error %v, want one naming .routevet.yaml and the unknown profile", r.Err)
		}
		return
	}
	t.Errorf("edgeruntime/configbad was not analyzed")
}

// quiet is a testing.T that ignores analysistest's own complaints, for a
// fixture whose analysis is expected to fail.
type quiet struct{ *testing.T }

func (quiet) Errorf(string, ...any) {}

// TestPathSteps checks that a finding carries its path as related
// positions (report.IsPath's convention for edgeruntime): the edge
// handler, then each call of the chain in the package, the last one the
// host-only call.
func TestPathSteps(t *testing.T) {
	results := analysistest.Run(t, testdata(t), edgeruntime.Analyzer, "edgeruntime/shapes")
	want := map[string][]string{
		"showConfig": {"edge handler showConfig runs on workers", "loadConfig calls parseConfigFile", "parseConfigFile calls readConfig", "readConfig calls os.ReadFile"},
		// A path longer than the messages name stops where they do.
		"deep": {"edge handler deep runs on workers", "step1 calls step2", "step2 calls step3", "step3 calls step4"},
	}
	found := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			name, _, _ := strings.Cut(strings.TrimPrefix(d.Message, "edge handler "), " ")
			steps, ok := want[name]
			if !ok {
				continue
			}
			found++
			var got []string
			last := d.Pos
			for i, rel := range d.Related {
				got = append(got, rel.Message)
				// The chain's calls follow the finding, each after the
				// one before it in this fixture.
				if i > 0 && rel.Pos <= last {
					t.Errorf("%s: step %q is not after the one before", name, rel.Message)
				}
				if i > 0 {
					last = rel.Pos
				}
			}
			if strings.Join(got, "\n") != strings.Join(steps, "\n") {
				t.Errorf("%s: path steps\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(steps, "\n"))
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the %d findings", found, len(want))
	}
}
