package lsp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildRoutevet builds cmd/routevet into a temporary directory.
func buildRoutevet(t *testing.T) string {
	t.Helper()
	routevet := filepath.Join(t.TempDir(), "routevet")
	build := exec.Command("go", "build", "-o", routevet, "../../cmd/routevet")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/routevet: %v\n%s", err, out)
	}
	return routevet
}

// goplsForTest returns the gopls the editor tests run behind routevet:
// $ROUTEVET_GOPLS, or one built by testdata/lsp/build-gopls.sh (cached
// next to GOCACHE; minutes the first time).
func goplsForTest(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("ROUTEVET_GOPLS"); path != "" {
		return path
	}
	cmd := exec.Command("bash", "../../testdata/lsp/build-gopls.sh")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("testdata/lsp/build-gopls.sh: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// goplsWrapper returns a script that records its pid in pidfile and runs
// gopls, so that an editor test can kill gopls mid-session.
func goplsWrapper(t *testing.T, gopls string) (wrapper, pidfile string) {
	t.Helper()
	dir := t.TempDir()
	pidfile = filepath.Join(dir, "gopls.pid")
	wrapper = filepath.Join(dir, "gopls")
	script := fmt.Sprintf("#!/bin/sh\necho $$ >'%s'\nexec '%s' \"$@\"\n", pidfile, gopls)
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return wrapper, pidfile
}

// goEnv returns the go command's cache and module directories, which
// the editor tests keep although they give the editor a home of its own.
func goEnv(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	return []string{"GOCACHE=" + v[0], "GOMODCACHE=" + v[1], "GOPATH=" + v[2]}
}

// TestEmacs runs Emacs in batch with eglot configured by
// testdata/lsp/eglot.el to start `routevet lsp -gopls` (routevet built
// from cmd/routevet, gopls by testdata/lsp/build-gopls.sh), opens
// notes/update.go of a copy of testdata/lsp/sample (not a git checkout:
// the configuration makes the module the project), and lets
// testdata/lsp/fix-eglot.el wait for gopls' and routevet's diagnostics,
// ask gopls for a hover and a definition, apply routevet's quick fix,
// kill gopls, apply fix-all and save. The file must then match its golden
// version, which is `routevet -fix`'s output. A second run does the same
// with lsp-mode (testdata/lsp/lsp-mode.el), routevet an add-on server
// beside gopls, when lsp-mode is installed. It needs Debian's emacs-nox,
// elpa-eglot and elpa-go-mode (and elpa-lsp-mode) and runs only when
// ROUTEVET_EMACS=1.
func TestEmacs(t *testing.T) {
	emacs := editorForTest(t, "ROUTEVET_EMACS", "emacs")
	realGopls := goplsForTest(t)
	routevet := buildRoutevet(t)

	t.Run("eglot", func(t *testing.T) {
		gopls, pidfile := goplsWrapper(t, realGopls)
		out := runEmacs(t, emacs, "eglot.el", "fix-eglot.el",
			"ROUTEVET_LSP_CMD="+routevet+" lsp -gopls="+gopls,
			"ROUTEVET_GOPLS_PIDFILE="+pidfile)
		for _, want := range []string{"hover: gopls answered", "definition: gopls answered", "killing gopls"} {
			if !strings.Contains(out, want) {
				t.Errorf("fix-eglot.el did not say %q", want)
			}
		}
	})
	// lsp-mode runs several servers per mode: routevet is an add-on
	// server beside gopls.
	t.Run("lsp-mode", func(t *testing.T) {
		if err := exec.Command(emacs, "--batch", "-q", "--eval",
			"(progn (package-initialize) (require 'lsp-mode))").Run(); err != nil {
			t.Skip("lsp-mode is not installed (Debian: elpa-lsp-mode)")
		}
		runEmacs(t, emacs, "lsp-mode.el", "fix-lsp-mode.el",
			"ROUTEVET_LSP_CMD="+routevet+" lsp",
			"ROUTEVET_GOPLS_BIN="+realGopls)
	})
}

// runEmacs runs Emacs in batch with the configuration config, on
// notes/update.go of a copy of testdata/lsp/sample, driven by the script
// driver, and compares the file with its golden version. It returns
// Emacs' output.
func runEmacs(t *testing.T, emacs, config, driver string, env ...string) string {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lsp"))
	if err != nil {
		t.Fatal(err)
	}
	module := t.TempDir()
	if err := os.CopyFS(module, os.DirFS(filepath.Join(testdata, "sample"))); err != nil {
		t.Fatal(err)
	}
	file := "notes/update.go"
	path := filepath.Join(module, filepath.FromSlash(file))
	home := t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, emacs, "--batch", "-q",
		"-l", filepath.Join(testdata, config),
		path,
		"-l", filepath.Join(testdata, driver))
	cmd.Dir = filepath.Dir(path)
	cmd.Env = append(os.Environ(), goEnv(t)...)
	cmd.Env = append(cmd.Env,
		"ROUTEVET_EMACS_SOURCE=unreadbody",
		"ROUTEVET_EMACS_FINDINGS=2",
		"ROUTEVET_EMACS_GOPLS_SOURCE=printf",
		"HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_CACHE_HOME="+home, "XDG_STATE_HOME="+home, "XDG_DATA_HOME="+home,
	)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	t.Logf("emacs output:\n%s", out.String())
	if err != nil {
		t.Fatalf("emacs: %v", err)
	}
	compareGolden(t, testdata, module, file)
	if !strings.Contains(out.String(), "wrote "+path) {
		t.Errorf("%s did not report writing the file", driver)
	}
	return out.String()
}

// compareGolden compares file of the module with its golden version in
// testdata/lsp/sample.
func compareGolden(t *testing.T, testdata, module, file string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(module, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(testdata, "sample", filepath.FromSlash(file)+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s after the editor applied the fixes:\n%s\nwant:\n%s", file, got, want)
	}
}
