package lsp

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routevet/routevet/analyzers"
)

// TestForeignHelperInEditor checks the migration of a handler replying
// through the helpers of another package of its module in the editor:
// the server loads that package from source, and the quick fix edits
// both documents, as the analyzer's golden files have them.
func TestForeignHelperInEditor(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes net/http from source")
	}
	fixture := filepath.Join("..", "..", "testdata", "src", "purehandler", "xpkg")
	rename := func(s string) string { return strings.ReplaceAll(s, `"purehandler/xpkg/`, `"example.com/xm/`) }
	api := rename(readWithoutWants(t, filepath.Join(fixture, "api", "api.go")))
	helpers, helpersGolden := readWithoutWants(t, filepath.Join(fixture, "httputil", "httputil.go")), readWithoutWants(t, filepath.Join(fixture, "httputil", "httputil.go.golden"))
	routeDir, err := filepath.Abs(filepath.Join("..", "..", "route"))
	if err != nil {
		t.Fatal(err)
	}
	root := writeModule(t, map[string]string{"api/api.go": api, "httputil/httputil.go": helpers, ".routevet.yaml": "migrate: true\n"})
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/xm\n\ngo 1.26\n\n"+
		"require github.com/routevet/routevet/route v0.0.0\n\n"+
		"replace github.com/routevet/routevet/route => "+filepath.ToSlash(routeDir)+"\n")
	apiFile, helpersFile := filepath.Join(root, "api", "api.go"), filepath.Join(root, "httputil", "httputil.go")
	c := startServer(t, root, documentChanges, analyzers.All())

	mark := c.mark()
	c.open(helpersFile, helpers)
	c.open(apiFile, api)
	diags, _ := c.diagnostics(mark, apiFile)
	health := -1
	for i, d := range diags {
		if strings.HasPrefix(d.Message, "handler health ") {
			health = i
		}
	}
	if health < 0 || diags[health].Code != "migratable" {
		t.Fatalf("want health migratable, got %+v", diags)
	}
	actions := c.codeActions(apiFile, diags[health].Range, "quickfix")
	if len(actions) != 1 {
		t.Fatalf("quick fixes of health: %+v", actions)
	}
	c.apply(actions[0].Edit)
	if text := c.text(apiFile); !strings.Contains(text, `return page.TextPure("ok")`) {
		t.Errorf("api.go after the quick fix:\n%s", text)
	}
	// The helpers' package gets its counterparts, as in every fix.
	if got := c.text(helpersFile); got != helpersGolden {
		t.Errorf("httputil.go after the quick fix:\n%s\nwant:\n%s", got, helpersGolden)
	}
	c.shutdown()

	writeFile(t, apiFile, c.text(apiFile))
	writeFile(t, helpersFile, c.text(helpersFile))
	build := exec.Command("go", "vet", "./...")
	build.Dir = root
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Errorf("go vet of the module after one fix: %v\n%s", err, out)
	}
}
