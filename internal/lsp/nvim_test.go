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

	"github.com/routevet/routevet/analyzers"
)

// serverEnv makes the test binary a language server (see TestMain): it
// serves the suite's analyzers and the test analyzer over stdio, so
// Neovim can run the test analyzer, which the routevet command lacks.
const serverEnv = "ROUTEVET_LSP_TEST_SERVER"

func serveForEditorTest() int {
	all := append(analyzers.All(), statusLiteral)
	if err := Serve(context.Background(), os.Stdin, os.Stdout, all); err != nil {
		fmt.Fprintln(os.Stderr, "routevet lsp:", err)
		return 1
	}
	return 0
}

// TestNeovim runs Neovim headless with its built-in LSP client configured
// by testdata/lsp/init.lua to start the server (`routevet lsp`, built from
// cmd/routevet, for the real analyzers), opens a sample file, and
// lets testdata/lsp/fix.lua wait for routevet's diagnostics, apply the
// quick fix and the fix-all action, and write the file; the file must then
// match its golden version. A third run fronts gopls (`routevet lsp
// -gopls`): gopls must answer a hover and a definition, its diagnostics
// must survive routevet's, and routevet must go on when gopls is killed.
// It needs Neovim (0.7 or later) and runs only when ROUTEVET_NVIM=1.
func TestNeovim(t *testing.T) {
	nvim := editorForTest(t, "ROUTEVET_NVIM", "nvim")

	// The test analyzer, served by this test binary (see TestMain).
	t.Run("statusliteral", func(t *testing.T) {
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		runNeovim(t, nvim, self, "notes/notes.go", "statusliteral", 2)
	})
	// A real analyzer, served by the real command: `routevet lsp`.
	t.Run("unreadbody", func(t *testing.T) {
		routevet := filepath.Join(t.TempDir(), "routevet")
		build := exec.Command("go", "build", "-o", routevet, "../../cmd/routevet")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/routevet: %v\n%s", err, out)
		}
		runNeovim(t, nvim, routevet+" lsp", "notes/create.go", "unreadbody", 1)
	})
	// routevet in front of gopls: `routevet lsp -gopls`, gopls built by
	// testdata/lsp/build-gopls.sh; gopls is killed after the quick fix.
	t.Run("gopls", func(t *testing.T) {
		gopls, pidfile := goplsWrapper(t, goplsForTest(t))
		routevet := buildRoutevet(t)
		runNeovim(t, nvim, routevet+" lsp -gopls="+gopls, "notes/update.go", "unreadbody", 2, append(goEnv(t),
			"ROUTEVET_NVIM_GOPLS_SOURCE=printf", "ROUTEVET_GOPLS_PIDFILE="+pidfile)...)
	})
}

// runNeovim fixes file (relative to a copy of testdata/lsp/sample) in
// Neovim, with server as the language server's command line, and
// compares the result with file.golden.
func runNeovim(t *testing.T, nvim, server, file, source string, findings int, env ...string) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lsp"))
	if err != nil {
		t.Fatal(err)
	}
	module := t.TempDir()
	if err := os.CopyFS(module, os.DirFS(filepath.Join(testdata, "sample"))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(module, filepath.FromSlash(file))
	home := t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--noplugin", "-n", "-i", "NONE",
		"-u", filepath.Join(testdata, "init.lua"),
		path,
		"-c", "luafile "+filepath.Join(testdata, "fix.lua"))
	cmd.Dir = module
	cmd.Env = append(os.Environ(),
		serverEnv+"=1",
		"ROUTEVET_LSP_CMD="+server,
		"ROUTEVET_NVIM_SOURCE="+source,
		fmt.Sprintf("ROUTEVET_NVIM_FINDINGS=%d", findings),
		"HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_CACHE_HOME="+home, "XDG_STATE_HOME="+home, "XDG_DATA_HOME="+home,
	)
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 10 * time.Second // the server may outlive Neovim by a moment
	err = cmd.Run()
	t.Logf("nvim output:\n%s", out.String())
	if err != nil {
		for _, log := range []string{"nvim/lsp.log", ".local/state/nvim/lsp.log"} {
			if data, rerr := os.ReadFile(filepath.Join(home, log)); rerr == nil {
				t.Logf("%s:\n%s", log, data)
			}
		}
		t.Fatalf("nvim: %v", err)
	}

	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(testdata, "sample", filepath.FromSlash(file)+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s after Neovim applied the fixes:\n%s\nwant:\n%s", file, got, want)
	}
	if !strings.Contains(out.String(), "wrote "+path) {
		t.Errorf("fix.lua did not report writing the file")
	}
}

// editorForTest returns the path of an editor for an end-to-end test that
// runs only when the environment variable gate is 1, skipping the test
// otherwise or when the editor is not installed, and logs its version.
func editorForTest(t *testing.T, gate, name string) string {
	t.Helper()
	if os.Getenv(gate) != "1" {
		t.Skipf("set %s=1 to run the %s test", gate, name)
	}
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	version, err := exec.Command(path, "--version").Output()
	if err != nil {
		t.Fatalf("%s --version: %v", name, err)
	}
	t.Logf("%s", bytes.SplitN(version, []byte("\n"), 2)[0])
	return path
}
