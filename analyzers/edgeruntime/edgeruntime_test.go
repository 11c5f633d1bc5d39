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
	analysistest.Run(t, testdata(t), edgeruntime.Analyzer,
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
}

// TestWasip1 analyzes a package built only for wasip1.
func TestWasip1(t *testing.T) {
	t.Setenv("GOOS", "wasip1")
	t.Setenv("GOARCH", "wasm")
	analysistest.Run(t, testdata(t), edgeruntime.Analyzer, "edgeruntime/wasip1")
}

// TestJS analyzes a Worker built only for js/wasm.
func TestJS(t *testing.T) {
	t.Setenv("GOOS", "js")
	t.Setenv("GOARCH", "wasm")
	analysistest.Run(t, testdata(t), edgeruntime.Analyzer, "edgeruntime/jsworker")
}

// TestUnknownProfileInConfiguration checks that a profile name the
// configuration misspells is an error naming the file, not a silent
// default.
func TestUnknownProfileInConfiguration(t *testing.T) {
	results := analysistest.Run(quiet{t}, testdata(t), edgeruntime.Analyzer, "edgeruntime/configbad")
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
