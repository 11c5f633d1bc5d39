package purehandler_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/routevet/routevet/fixes/migrate"
)

// TestDifferential proves the fixes right by running them: it builds a
// module holding each fixed fixture package twice, as written (orig/...)
// and as its golden files (fixed/...), with the real route module and the
// router stubs, and runs testdata/purehandler-diff/diff_test.go there,
// which sends the same requests to both versions of every handler and
// compares status, every header and the body as each observer sees them:
// a client of a real server, httptest.ResponseRecorder, a spy writer
// logging every call, a recorder whose Write fails, a status-recording
// middleware, and a dispatcher
// writing after a handler that wrote nothing. Building the module also
// proves that the golden files compile against the real route module.
func TestDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a module")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	src := filepath.Join(testdata(t), "src")
	routeDir, err := filepath.Abs("../../route")
	if err != nil {
		t.Fatal(err)
	}
	stubs := map[string]string{"github.com/go-chi/chi/v5": "stubs/chi", "github.com/gorilla/mux": "stubs/mux", "github.com/go-chi/render": "stubs/render"}
	versions := map[string]string{"github.com/go-chi/chi/v5": "v5.0.0", "github.com/gorilla/mux": "v1.0.0", "github.com/go-chi/render": "v1.0.3"}
	var mod strings.Builder
	fmt.Fprintf(&mod, "module difftest\n\ngo 1.22\n\nrequire (\n\t%s v0.0.0\n", migrate.RoutePath)
	for path := range stubs {
		fmt.Fprintf(&mod, "\t%s %s\n", path, versions[path])
	}
	fmt.Fprintf(&mod, ")\n\nreplace %s => %s\n", migrate.RoutePath, routeDir)
	for path, sub := range stubs {
		fmt.Fprintf(&mod, "replace %s => ./%s\n", path, sub)
		copyDir(t, filepath.Join(src, path), filepath.Join(dir, sub), false)
		writeFile(t, filepath.Join(dir, sub, "go.mod"), "module "+path+"\n\ngo 1.22\n")
	}
	writeFile(t, filepath.Join(dir, "go.mod"), mod.String())
	for _, pkg := range fixed {
		name := filepath.Base(pkg)
		copyDir(t, filepath.Join(src, pkg), filepath.Join(dir, "orig", name), false)
		copyDir(t, filepath.Join(src, pkg), filepath.Join(dir, "fixed", name), true)
		// Fixture packages importing each other (purehandler/xpkg/...)
		// import the copy of the same version.
		for _, version := range []string{"orig", "fixed"} {
			renameImports(t, filepath.Join(dir, version, name), version)
		}
	}
	copyFile(t, filepath.Join(testdata(t), "purehandler-diff", "diff_test.go"), filepath.Join(dir, "diff_test.go"))

	cmd := exec.Command(gobin, "test", "-count=1", "-v", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GO111MODULE=on")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the differential module: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "requests,") {
			t.Log(strings.TrimSpace(line))
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// renameImports makes the Go files of dir import the fixture packages as
// difftest/VERSION/NAME, where TestDifferential copies them.
func renameImports(t *testing.T, dir, version string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		for _, pkg := range fixed {
			src = strings.ReplaceAll(src, strconv.Quote(pkg), strconv.Quote("difftest/"+version+"/"+filepath.Base(pkg)))
		}
		writeFile(t, name, src)
	}
}
