package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoTool checks the install path of Go 1.24's tool directive, as the
// README gives it, in a fresh module: go get -tool adds routevet to
// go.mod, then go tool routevet and go vet -vettool=$(go tool -n
// routevet) report a handler's bug. routevet is not published, so the
// module replaces it with this checkout, and the module proxy is asked
// for nothing routevet's own go.mod does not name (see goToolProxy).
//
// It builds routevet and its dependencies in the fresh module, so it is
// slow; ROUTEVET_GOTOOL=1 turns it on.
func TestGoTool(t *testing.T) {
	if os.Getenv("ROUTEVET_GOTOOL") != "1" {
		t.Skip("set ROUTEVET_GOTOOL=1 to test go get -tool and go tool routevet")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOPROXY", goToolProxy(t))
	dir := writeModule(t, map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.26\n\nreplace github.com/routevet/routevet => " + root + "\n",
		"main.go": `package main

import "net/http"

func hello(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusCreated)
	w.Header().Set("Location", "/hello/1")
}

func main() {
	http.HandleFunc("/hello", hello)
	http.ListenAndServe(":8080", nil)
}
`,
	})
	const finding = `main.go:7:2: w.Header().Set("Location") after the response was committed by w.WriteHeader at line 6`

	r := runIn(t, dir, "go", "get", "-tool", "github.com/routevet/routevet/cmd/routevet")
	if r.code != 0 {
		t.Fatalf("go get -tool: exit %d\n%s", r.code, r.stderr)
	}
	if gomod := readFile(t, filepath.Join(dir, "go.mod")); !strings.Contains(gomod, "\ntool github.com/routevet/routevet/cmd/routevet\n") {
		t.Fatalf("go get -tool left go.mod without the tool directive:\n%s", gomod)
	}

	// Standalone: exit status 3 for findings.
	r = runIn(t, dir, "go", "tool", "routevet", "./...")
	if r.code != 3 || !strings.HasPrefix(r.stderr, finding) {
		t.Errorf("go tool routevet ./...: exit %d, stderr:\n%s\nwant 3 and %s", r.code, r.stderr, finding)
	}

	// As a vet tool: go tool -n prints the executable's path.
	r = runIn(t, dir, "go", "tool", "-n", "routevet")
	exe := strings.TrimSpace(r.stdout)
	if r.code != 0 || !filepath.IsAbs(exe) {
		t.Fatalf("go tool -n routevet: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := exec.LookPath(exe); err != nil {
		t.Fatalf("go tool -n routevet printed %s: %v", exe, err)
	}
	r = runIn(t, dir, "go", "vet", "-vettool="+exe, "./...")
	if r.code != 1 || !strings.Contains(r.stderr, finding) {
		t.Errorf("go vet -vettool=$(go tool -n routevet) ./...: exit %d, stderr:\n%s\nwant 1 and %s", r.code, r.stderr, finding)
	}

	// The SARIF the workflow uploads.
	r = runIn(t, dir, "go", "tool", "routevet", "-format", "sarif", "-o", "routevet.sarif", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("go tool routevet -format sarif: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	sarif := readFile(t, filepath.Join(dir, "routevet.sarif"))
	if !strings.Contains(sarif, `"ruleId": "mutablewriter/header-after-commit"`) || !strings.Contains(sarif, `"uri": "main.go"`) {
		t.Errorf("routevet.sarif does not report the header at main.go:\n%s", sarif)
	}
}

// goToolProxy returns the GOPROXY for TestGoTool: the proxies of the
// current one, each falling through to the next on any error and, last,
// to "off". A query for the unpublished routevet (which go get makes for
// github.com/routevet/routevet/cmd/routevet as a module path) then fails
// as "not found", as proxy.golang.org answers, and not with the error
// some proxies and gateways give (403), which would stop go get; the
// replaced module is used instead. "direct" is dropped: it would try to
// clone the unpublished repository.
func goToolProxy(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	var proxies []string
	for p := range strings.FieldsFuncSeq(strings.TrimSpace(string(out)), func(r rune) bool { return r == ',' || r == '|' }) {
		if p != "direct" && p != "off" {
			proxies = append(proxies, p)
		}
	}
	return strings.Join(append(proxies, "off"), "|")
}
