package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVetCache checks go vet's cache, which GOCACHEPROG shares between
// machines (testdata/scale measures that): an unchanged run replays the
// findings without running the tool, and whatever decides the findings —
// a .routevet.yaml anywhere in the module, an analyzer's flag, the
// routevet executable — makes the next run analyze again instead of
// replaying findings that no longer hold. The go command keys a vet
// action by the tool's ID (-V=full, which hashes the executable and the
// project's configuration files), the vet flags, the package's sources
// and its dependencies' facts.
func TestVetCache(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	dir := writeModule(t, module)
	cache := t.TempDir()
	// vet runs go vet -json and returns its findings and how many times
	// it ran the tool.
	vet := func(tool string, flags ...string) (string, int) {
		t.Helper()
		args := append([]string{"vet", "-x", "-json", "-vettool=" + tool}, flags...)
		cmd := exec.Command("go", append(args, "./...")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local", "GOCACHE="+cache)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		// -x prints each run of the tool, whose last argument is the
		// package's vet.cfg.
		return stdout.String(), strings.Count(stderr.String(), "vet.cfg\n")
	}
	const finding = `"message": "call of bad"`

	first, ran := vet(tool)
	if ran == 0 || !strings.Contains(first, finding) {
		t.Fatalf("cold cache: tool ran %d times, findings:\n%s", ran, first)
	}
	if again, ran := vet(tool); ran != 0 || again != first {
		t.Errorf("warm cache: tool ran %d times (want 0), findings:\n%s\nwant:\n%s", ran, again, first)
	}

	config := filepath.Join(dir, ".routevet.yaml")
	writeFile(t, config, "disable: [badcall]\n")
	if out, ran := vet(tool); ran == 0 || strings.Contains(out, finding) {
		t.Errorf("after disabling badcall in .routevet.yaml: tool ran %d times, findings:\n%s", ran, out)
	}
	writeFile(t, filepath.Join(dir, "sub", ".routevet.yaml"), "disable: [purehandler]\n")
	if _, ran := vet(tool); ran == 0 {
		t.Error("after adding a .routevet.yaml in a subdirectory: the tool did not run")
	}
	if err := os.RemoveAll(filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(config); err != nil {
		t.Fatal(err)
	}
	// Back to the first configuration: its results are still right.
	if out, ran := vet(tool); ran != 0 || out != first {
		t.Errorf("configuration restored: tool ran %d times (want 0), findings:\n%s\nwant:\n%s", ran, out, first)
	}

	if out, ran := vet(tool, "-badcall.name=good"); ran == 0 || strings.Contains(out, finding) {
		t.Errorf("with -badcall.name=good: tool ran %d times, findings:\n%s", ran, out)
	}
	if out, ran := vet(tool, "-badcall=false", "-purehandler"); ran == 0 || strings.Contains(out, finding) {
		t.Errorf("with -badcall=false: tool ran %d times, findings:\n%s", ran, out)
	}

	// Another build of routevet: the same program with a byte more.
	changed := filepath.Join(t.TempDir(), filepath.Base(tool))
	exe, err := os.ReadFile(tool)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(changed, append(exe, 0), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, ran := vet(changed); ran == 0 || out != first {
		t.Errorf("another executable: tool ran %d times (want some), findings:\n%s\nwant:\n%s", ran, out, first)
	}
}
