package mutablewriter_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/mutablewriter"
	"github.com/routevet/routevet/internal/effects/effectstest"
)

// TestPartialWrite checks reply-after-partial-write and its buffer fix
// against the goldens, then analyzes the goldens: they compile and get no
// further fix, and the two findings without a fix remain.
func TestPartialWrite(t *testing.T) {
	src := effectstest.Testdata(t)
	analysistest.RunWithSuggestedFixes(t, src, mutablewriter.Analyzer, "mutablewriter/partial")

	dir := t.TempDir()
	for _, name := range []string{"partial.go", "noimport.go"} {
		copyFile(t, "", filepath.Join(dir, "src", "mutablewriter", "fixedpartial", name), withoutWants(t, filepath.Join(src, "src", "mutablewriter", "partial", name+".golden")))
	}
	left := 0
	for _, d := range findings(t, dir, "mutablewriter/fixedpartial") {
		if len(d.SuggestedFixes) > 0 {
			t.Errorf("fixed output still gets a fix: %s", d.Message)
		}
		if d.Category == mutablewriter.CategoryReplyAfterPartialWrite {
			left++
		}
	}
	if left != 2 { // Logged and ViaHelper
		t.Errorf("fixed output has %d reply-after-partial-write findings, want 2", left)
	}
}

// TestPartialWriteDifferential runs each fixed handler and its original on
// a real net/http server and compares what a client gets on success:
// status, headers (Content-Type sniffing included) and framing, and body.
func TestPartialWriteDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	src := filepath.Join(effectstest.Testdata(t), "src", "mutablewriter", "partial")
	dir := t.TempDir()
	for _, name := range []string{"partial.go", "noimport.go"} {
		copyFile(t, "", filepath.Join(dir, "orig", name), withoutWants(t, filepath.Join(src, name)))
		copyFile(t, "", filepath.Join(dir, "fixed", name), withoutWants(t, filepath.Join(src, name+".golden")))
	}
	copyFile(t, "", filepath.Join(dir, "go.mod"), []byte("module difftest\n\ngo 1.22\n"))
	copyFile(t, "", filepath.Join(dir, "main.go"), []byte(differentialMain))
	cmd := exec.Command(goTool, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("differential run: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

func withoutWants(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(` *// want .*`).ReplaceAll(data, nil)
}

const differentialMain = `package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"

	fixed "difftest/fixed"
	orig "difftest/orig"
)

// get serves one request with h on a real server and spells the response.
func get(h http.HandlerFunc, path string) string {
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", resp.Status)
	var keys []string
	for k := range resp.Header {
		if k != "Date" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %q\n", k, resp.Header[k])
	}
	fmt.Fprintf(&b, "transfer-encoding=%v content-length=%d\n%s", resp.TransferEncoding, resp.ContentLength, body)
	return b.String()
}

func main() {
	cases := []struct {
		name string
		o, f http.HandlerFunc
		path string
	}{
		{"Show", orig.Show, fixed.Show, "/?n=abc"},
		{"ShowBig", orig.ShowBig, fixed.ShowBig, "/"},
		{"Plain", orig.Plain, fixed.Plain, "/?n=zz"},
		{"Listing", orig.Listing, fixed.Listing, "/?n=q"},
	}
	failed := false
	for _, c := range cases {
		a, b := get(c.o, c.path), get(c.f, c.path)
		if a != b {
			failed = true
			fmt.Printf("%s differs:\n--- original\n%s\n--- fixed\n%s\n", c.name, a, b)
			continue
		}
		first, _, _ := strings.Cut(a, "\n")
		fmt.Printf("%s: same (%s, %d bytes)\n", c.name, first, len(a))
	}
	if failed {
		os.Exit(1)
	}
}
`
