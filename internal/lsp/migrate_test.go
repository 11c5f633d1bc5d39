package lsp

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/lsp/protocol"
)

// TestMigrationInEditor checks that the pure-handler migration reaches the
// editor with the real analyzers: in a module whose .routevet.yaml turns
// purehandler on, the migration of each handler is a quick fix on its
// diagnostic, the fix-all action migrates the rest, the result is the
// analyzer's golden file, and the module then builds against the real
// route package.
func TestMigrationInEditor(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes net/http from source")
	}
	fixture := filepath.Join("..", "..", "testdata", "src", "purehandler", "nosplit")
	original, golden := readWithoutWants(t, filepath.Join(fixture, "hello.go")), readWithoutWants(t, filepath.Join(fixture, "hello.go.golden"))
	config, err := os.ReadFile(filepath.Join(fixture, ".routevet.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	routeDir, err := filepath.Abs(filepath.Join("..", "..", "route"))
	if err != nil {
		t.Fatal(err)
	}
	root := writeModule(t, map[string]string{"hello/hello.go": original, ".routevet.yaml": string(config)})
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/notes\n\ngo 1.26\n\n"+
		"require github.com/routevet/routevet/route v0.0.0\n\n"+
		"replace github.com/routevet/routevet/route => "+filepath.ToSlash(routeDir)+"\n")
	file := filepath.Join(root, "hello", "hello.go")
	c := startServer(t, root, documentChanges, analyzers.All())

	mark := c.mark()
	c.open(file, original)
	diags, _ := c.diagnostics(mark, file)
	var hello *protocol.Diagnostic
	for i, d := range diags {
		if d.Source != "purehandler" {
			t.Errorf("unexpected diagnostic %+v", d)
		}
		if strings.HasPrefix(d.Message, "handler hello ") {
			hello = &diags[i]
		}
	}
	if len(diags) != 2 || hello == nil {
		t.Fatalf("want purehandler's diagnostics of hello and items, got %+v", diags)
	}
	if hello.Code != "migratable" {
		t.Errorf("hello's category %q, want migratable", hello.Code)
	}

	// The quick fix on hello's line migrates hello alone.
	actions := c.codeActions(file, hello.Range, "quickfix")
	if len(actions) != 1 {
		t.Fatalf("quick fixes of hello: %+v", actions)
	}
	mark = c.mark()
	c.apply(actions[0].Edit)
	diags, _ = c.diagnostics(mark, file)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Message, "handler items ") {
		t.Fatalf("after migrating hello, want items' diagnostic alone, got %+v", diags)
	}
	if text := c.text(file); !strings.Contains(text, "func hello(r *http.Request) (*http.Response, error) {") ||
		!strings.Contains(text, `mux.Handle("/api/hello", route.Func(hello))`) ||
		!strings.Contains(text, "func items(w http.ResponseWriter, r *http.Request) {") {
		t.Errorf("after the quick fix:\n%s", text)
	}

	// Fix all migrates the rest: the golden file.
	actions = c.codeActions(file, diags[0].Range, "source.fixAll")
	if len(actions) != 1 {
		t.Fatalf("fix-all actions: %+v; diagnostic %+v; text:\n%s", actions, diags[0], c.text(file))
	}
	mark = c.mark()
	c.apply(actions[0].Edit)
	if diags, _ := c.diagnostics(mark, file); len(diags) != 0 {
		t.Errorf("diagnostics after fixing all: %+v", diags)
	}
	got := c.text(file)
	if got != golden {
		t.Errorf("after fixing all:\n%s\nwant:\n%s", got, golden)
	}
	c.shutdown()

	writeFile(t, file, got)
	build := exec.Command("go", "vet", "./...")
	build.Dir = root
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Errorf("go vet of the migrated module: %v\n%s", err, out)
	}
}

var wantComment = regexp.MustCompile(` // want .*`)

// readWithoutWants reads an analysistest fixture without its // want
// comments.
func readWithoutWants(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return wantComment.ReplaceAllString(string(data), "")
}
