//go:build unix

package plugin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"gopkg.in/yaml.v3"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/fixes"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/plugin"
)

// TestGolangci proves the plugin on a real golangci-lint: it builds
// golangci-lint with the plugin (testdata/golangci/build.sh, cached) and
// runs it on copies of testdata/sample. What golangci-lint must report is
// computed in this process by running the same analyzers, with the same
// settings, through golang.org/x/tools/go/analysis/checker, so the test
// stays right as analyzers are added or changed.
//
// It takes minutes the first time (building golangci-lint), so it runs only
// with ROUTEVET_GOLANGCI=1.
func TestGolangci(t *testing.T) {
	if os.Getenv("ROUTEVET_GOLANGCI") != "1" {
		t.Skip("set ROUTEVET_GOLANGCI=1 to build golangci-lint with the routevet plugin and run it on testdata/sample")
	}
	gcl := &golangci{bin: buildGolangci(t), cache: t.TempDir()}

	t.Run("bad-settings", func(t *testing.T) {
		cases := []struct{ config, want string }{
			{"bad-key.golangci.yml", `unknown key "cors.max-agee"`},
		}
		if len(analyzers.All()) > 0 {
			cases = append(cases, struct{ config, want string }{"bad-name.golangci.yml", `disable: unknown analyzer or category "mutablewritr"`})
		}
		for _, tc := range cases {
			dir := copySample(t, tc.config)
			out, code := gcl.fail(t, dir)
			if code == 0 || code == 1 || !strings.Contains(out, tc.want) {
				t.Errorf("golangci-lint with %s: exit status %d, output:\n%s\nwant a failure mentioning %s", tc.config, code, out, tc.want)
			}
		}
	})

	if len(analyzers.All()) == 0 {
		t.Skip("analyzers/suite.go lists no analyzer yet: nothing to compare golangci-lint's findings with")
	}

	t.Run("findings", func(t *testing.T) {
		dir := copySample(t, "golangci.yml")
		want := routevetFindings(t, dir)
		if len(want.findings) == 0 {
			t.Fatalf("routevet's analyzers find nothing in testdata/sample; it is meant to have findings")
		}
		got := gcl.run(t, dir)
		compareFindings(t, "golangci-lint run", got.findings(), want.findings)
	})

	t.Run("nolint", func(t *testing.T) {
		dir := copySample(t, "golangci.yml")
		before := routevetFindings(t, dir)
		line := addNolint(t, dir, before.findings)
		// At the end of a line that starts no declaration, the comment
		// silences that line alone: its findings, with their related
		// information wherever that is.
		drop := map[string]int{}
		for _, f := range before.findings {
			if strings.HasPrefix(f, line+":") && !strings.Contains(f, "(related information): ") {
				drop[f]++
				for _, rel := range before.related[f] {
					drop[rel]++
				}
			}
		}
		var want []string
		for _, f := range before.findings {
			if drop[f] > 0 {
				drop[f]--
				continue
			}
			want = append(want, f)
		}
		compareFindings(t, "routevet after adding //nolint:routevet to "+line, routevetFindings(t, dir).findings, want)
		got := gcl.run(t, dir)
		compareFindings(t, "golangci-lint run after adding //nolint:routevet to "+line, got.findings(), want)
	})

	t.Run("fix", func(t *testing.T) {
		dir := copySample(t, "golangci.yml")
		want := routevetFindings(t, dir)
		if len(want.fixes) == 0 {
			t.Skip("no analyzer of the suite suggests a fix on testdata/sample")
		}
		// The fixes as routevet -fix applies them: golangci-lint must
		// produce the same files, up to formatting.
		applied, err := fixes.Apply(want.fixes, fixes.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range applied.Skipped {
			// golangci-lint drops every routevet edit to a file when two
			// of them conflict.
			t.Errorf("fix %s (%s) is not applied: %v; golangci-lint skips all of routevet's fixes to that file", s.Fix.Source, s.Fix.Message, s.Err)
		}
		originals := readGoFiles(t, dir)
		gcl.run(t, dir, "--fix")

		fixed := readGoFiles(t, dir)
		wantFiles := make(map[string][]byte)
		for name, content := range originals {
			wantFiles[name] = content
		}
		for _, f := range applied.Files {
			wantFiles[f.Name] = f.New
		}
		for name, got := range fixed {
			formatted, err := format.Source(got)
			if err != nil {
				t.Errorf("%s after golangci-lint run --fix does not parse: %v\n%s", name, err, got)
				continue
			}
			want, err := format.Source(wantFiles[name])
			if err != nil {
				t.Fatalf("%s as routevet fixes it does not parse: %v\n%s", name, err, wantFiles[name])
			}
			switch {
			case !bytes.Equal(formatted, want):
				t.Errorf("golangci-lint run --fix made %s:\n%s", name, fixes.Unified("routevet", "golangci-lint", want, formatted))
			case !bytes.Equal(formatted, got) && !bytes.Equal(got, originals[name]):
				// golangci-lint formats the files it fixes.
				t.Errorf("%s after golangci-lint run --fix is not gofmt-clean:\n%s", name, fixes.Unified("gofmt", "golangci-lint", formatted, got))
			}
		}
		if out, err := goCommand(dir, "build", "./...").CombinedOutput(); err != nil {
			t.Errorf("go build ./... after golangci-lint run --fix: %v\n%s", err, out)
		}

		// Fixing is done in one run: what remains has no fix, and is
		// what routevet finds in the fixed code.
		again := gcl.run(t, dir)
		for _, is := range again.Issues {
			if len(is.SuggestedFixes) > 0 {
				t.Errorf("after run --fix, golangci-lint still suggests a fix for %s", is.finding())
			}
		}
		compareFindings(t, "golangci-lint run after run --fix", again.findings(), routevetFindings(t, dir).findings)
	})
}

// buildGolangci runs testdata/golangci/build.sh and returns the binary.
// A cold build takes minutes; it is stopped, with its go build children,
// a minute before the test's deadline so the failure says what to do
// rather than leaving a build running after a timeout panic.
func buildGolangci(t *testing.T) string {
	t.Helper()
	start := time.Now()
	ctx := t.Context()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Minute))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, "bash", testdata(t, "golangci", "build.sh"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("building golangci-lint took more than %v, too long for the test's -timeout; run testdata/golangci/build.sh first, or go test -timeout 30m\n%s", time.Since(start).Round(time.Second), stderr.Bytes())
	}
	if err != nil {
		t.Fatalf("testdata/golangci/build.sh: %v\n%s", err, stderr.Bytes())
	}
	t.Logf("golangci-lint with routevet ready in %v", time.Since(start).Round(time.Second))
	return strings.TrimSpace(string(out))
}

// A golangci runs one golangci-lint binary, with a results cache shared
// by the runs of one test (the standard library is analyzed once).
type golangci struct {
	bin, cache string
}

// report is golangci-lint's JSON output.
type report struct {
	Issues []issue
}

type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
	SuggestedFixes []json.RawMessage
}

// finding formats an issue as routevetFindings formats a diagnostic.
func (is issue) finding() string {
	return fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(is.Pos.Filename), is.Pos.Line, is.Pos.Column, is.Text)
}

func (r *report) findings() []string {
	var findings []string
	for _, is := range r.Issues {
		findings = append(findings, is.finding())
	}
	slices.Sort(findings)
	return findings
}

func (g *golangci) command(dir string, args ...string) *exec.Cmd {
	args = append([]string{"run", "--output.json.path=stdout", "--show-stats=false"}, args...)
	cmd := exec.Command(g.bin, append(args, "./...")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+g.cache, "GOWORK=off")
	return cmd
}

// run runs golangci-lint in dir, which must succeed (exit status 0, or 1
// for findings), and returns its report with paths relative to dir.
func (g *golangci) run(t *testing.T, dir string, args ...string) *report {
	t.Helper()
	start := time.Now()
	cmd := g.command(dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	elapsed := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("golangci-lint %s: %v\n%s%s", strings.Join(cmd.Args[1:], " "), err, out, stderr.Bytes())
	}
	var r report
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("golangci-lint output is not its JSON report: %v\n%s\n%s", err, out, stderr.Bytes())
	}
	for i := range r.Issues {
		if r.Issues[i].FromLinter != plugin.Name {
			t.Errorf("issue from linter %q, want only %q: %s", r.Issues[i].FromLinter, plugin.Name, r.Issues[i].finding())
		}
		if name := r.Issues[i].Pos.Filename; filepath.IsAbs(name) {
			if rel, err := filepath.Rel(dir, name); err == nil {
				r.Issues[i].Pos.Filename = rel
			}
		}
	}
	t.Logf("golangci-lint %s: %d issues in %v", strings.Join(cmd.Args[1:], " "), len(r.Issues), elapsed.Round(100*time.Millisecond))
	return &r
}

// fail runs golangci-lint in dir and returns its combined output and exit
// status.
func (g *golangci) fail(t *testing.T, dir string) (string, int) {
	t.Helper()
	out, err := g.command(dir).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	t.Fatalf("golangci-lint: %v", err)
	return "", 0
}

// expected is what routevet itself finds in a directory.
type expected struct {
	findings []string // "file:line:col: analyzer: message", sorted
	fixes    []fixes.Fix
	// related holds, for each diagnostic's entry in findings, the
	// entries of its related information.
	related map[string][]string
}

// routevetFindings runs the plugin's analyzers, configured by the settings
// in dir/.golangci.yml, over the packages in dir, and returns what
// golangci-lint should report there: each diagnostic as
// "analyzer: message" (golangci-lint prefixes the analyzer's name when it
// is not the linter's) and each related information as golangci-lint
// turns it into an issue of its own.
func routevetFindings(t *testing.T, dir string) expected {
	t.Helper()
	t.Chdir(dir) // ignore patterns are relative to where golangci-lint runs
	p, err := plugin.New(golangciSettings(t, filepath.Join(dir, ".golangci.yml")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { config.SetOverride(nil) })
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOWORK=off"),
	}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("%s does not load", dir)
	}
	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var exp expected
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		fset := act.Package.Fset
		position := func(pos, fallback token.Pos) string {
			p := fset.Position(pos)
			if fallback.IsValid() && p.Filename != fset.Position(fallback).Filename {
				p = fset.Position(fallback)
			}
			rel, err := filepath.Rel(dir, p.Filename)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(rel), p.Line, p.Column)
		}
		name := act.Analyzer.Name
		for _, d := range act.Diagnostics {
			at := position(d.Pos, token.NoPos)
			diag := fmt.Sprintf("%s: %s: %s", at, name, d.Message)
			exp.findings = append(exp.findings, diag)
			for _, rel := range d.Related {
				entry := fmt.Sprintf("%s: %s(related information): %s", position(rel.Pos, d.Pos), name, rel.Message)
				exp.findings = append(exp.findings, entry)
				if exp.related == nil {
					exp.related = map[string][]string{}
				}
				exp.related[diag] = append(exp.related[diag], entry)
			}
			// golangci-lint applies every fix of a diagnostic, which is
			// right only when there is one.
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %s: %d suggested fixes; golangci-lint would apply them all", at, name, len(d.SuggestedFixes))
			}
			for _, sf := range d.SuggestedFixes {
				fix := fixes.Fix{Source: at + " (" + name + ")", Message: sf.Message}
				for _, e := range sf.TextEdits {
					end := e.End
					if !end.IsValid() {
						end = e.Pos
					}
					f := fset.File(e.Pos)
					fix.Edits = append(fix.Edits, fixes.Edit{File: f.Name(), Start: f.Offset(e.Pos), End: f.Offset(end), New: string(e.NewText)})
				}
				exp.fixes = append(exp.fixes, fix)
			}
		}
	}
	slices.Sort(exp.findings)
	return exp
}

// golangciSettings returns routevet's settings in a .golangci.yml, decoded
// as golangci-lint hands them to the plugin.
func golangciSettings(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Linters struct {
			Settings struct {
				Custom map[string]struct {
					Settings any `yaml:"settings"`
				} `yaml:"custom"`
			} `yaml:"settings"`
		} `yaml:"linters"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc.Linters.Settings.Custom[plugin.Name].Settings
}

// compareFindings reports the difference between two sorted lists.
func compareFindings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	var b strings.Builder
	for _, f := range want {
		if !slices.Contains(got, f) {
			fmt.Fprintf(&b, "\n  missing: %s", f)
		}
	}
	for _, f := range got {
		if !slices.Contains(want, f) {
			fmt.Fprintf(&b, "\n  unexpected: %s", f)
		}
	}
	if b.Len() == 0 {
		fmt.Fprintf(&b, "\n  got  %q\n  want %q", got, want)
	}
	t.Errorf("%s differs from routevet's own findings:%s", what, b.String())
}

// addNolint appends //nolint:routevet to the line of a diagnostic (not
// a related information) on a line that has no comment and starts no
// function, and returns the line as "file:line".
func addNolint(t *testing.T, dir string, findings []string) string {
	t.Helper()
	for _, f := range findings {
		file, rest, _ := strings.Cut(f, ":")
		lineStr, rest, _ := strings.Cut(rest, ":")
		_, text, _ := strings.Cut(rest, ": ")
		analyzer, _, _ := strings.Cut(text, ": ")
		if strings.HasSuffix(analyzer, "(related information)") {
			continue
		}
		var line int
		if _, err := fmt.Sscan(lineStr, &line); err != nil {
			t.Fatalf("finding %q: %v", f, err)
		}
		name := filepath.Join(dir, filepath.FromSlash(file))
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		if l := lines[line-1]; strings.Contains(l, "//") || strings.Contains(l, "`") || strings.Contains(l, "func") {
			continue
		}
		lines[line-1] += " //nolint:routevet // checked by the end-to-end test"
		if err := os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		return file + ":" + lineStr
	}
	t.Fatalf("no finding on a line to silence with //nolint:routevet: %q", findings)
	return ""
}

// copySample copies testdata/sample to a new directory, with
// testdata/golangci/<config> as its .golangci.yml.
func copySample(t *testing.T, config string) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(dir, "sample")
	if err := os.CopyFS(dir, os.DirFS(testdata(t, "sample"))); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(testdata(t, "golangci", config))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readGoFiles returns the content of every Go file below dir.
func readGoFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte)
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".go") {
			return err
		}
		files[name], err = os.ReadFile(name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func goCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	return cmd
}

func testdata(t *testing.T, elem ...string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(append([]string{"..", "testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
