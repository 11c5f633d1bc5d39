package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/cmd/routevet/testdata/fake"
	"github.com/routevet/routevet/internal/config"
)

// module is the throwaway module the standalone tests analyze: the fake
// suite's, with a file built only with a tag.
var module = func() map[string]string {
	m := maps.Clone(fake.Module)
	m["tagged.go"] = `//go:build special

package m

func T() { bad() }
`
	return m
}()

// setup writes files into a new directory, makes it the current one,
// and makes the go command work offline on it.
func setup(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOWORK", "off")
	t.Setenv("GOPROXY", "off")
	return dir
}

// run runs the standalone command in process and returns its exit code
// and output, with the module's directory written as $DIR.
func run(t *testing.T, suite []analyzers.Entry, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	// Analyzer flags are global, as in every x/tools driver: reset them.
	fake.BadCall.Flags.Set("name", "bad")
	fake.BadCall.Flags.Set("fail", "")
	t.Cleanup(func() { config.SetCommandLine(nil) })
	var out, errs bytes.Buffer
	code = Run(append([]string{"routevet"}, args...), suite, &out, &errs)
	dir, _ := os.Getwd()
	clean := func(s string) string { return strings.ReplaceAll(s, dir, "$DIR") }
	return code, clean(out.String()), clean(errs.String())
}

func check(t *testing.T, what string, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n%s\nwant:\n%s", what, got, want)
	}
}

func TestRunText(t *testing.T) {
	setup(t, module)
	code, stdout, stderr := run(t, fake.Entries(), "./...")
	// m.go's finding is in both example.com/m and its test variant, and
	// is printed once.
	check(t, "stderr", stderr, `m.go:7:2: call of bad
m.go:3:6: 	bad is declared here
m_test.go:3:12: call of bad
m.go:3:6: 	bad is declared here
`)
	check(t, "stdout", stdout, "")
	if code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
}

func TestRunClean(t *testing.T) {
	setup(t, map[string]string{"go.mod": module["go.mod"], "m.go": "package m\n"})
	code, stdout, stderr := run(t, fake.Entries(), "./...")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
}

func TestRunContext(t *testing.T) {
	setup(t, module)
	_, _, stderr := run(t, fake.Entries(), "-c=1", "-test=false", ".")
	check(t, "stderr", stderr, `m.go:7:2: call of bad
6	func F() {
7		bad()
8	}
m.go:3:6: 	bad is declared here
2	
3	func bad()  {}
4	func good() {}
`)
}

func TestRunFlags(t *testing.T) {
	setup(t, module)
	for _, test := range []struct {
		args []string
		want string
	}{
		// Opt-in analyzers report only when turned on.
		{[]string{"-test=false", "."}, "m.go:7:2: call of bad\n"},
		{[]string{"-test=false", "-purehandler", "."}, "m.go:10:6: handler could be pure\n"},
		{[]string{"-test=false", "-badcall=false", "."}, ""},
		{[]string{"-test=false", "-badcall.name=good", "."}, ""},
		{[]string{"-test=false", "-tags=special", "."}, "m.go:7:2: call of bad\ntagged.go:5:12: call of bad\n"},
		{[]string{"."}, "m.go:7:2: call of bad\nm_test.go:3:12: call of bad\n"},
	} {
		_, _, stderr := run(t, fake.Entries(), test.args...)
		var got []string
		for _, line := range strings.SplitAfter(stderr, "\n") {
			if !strings.Contains(line, "declared here") {
				got = append(got, line)
			}
		}
		check(t, fmt.Sprint(test.args), strings.Join(got, ""), test.want)
	}
}

func TestRunConfig(t *testing.T) {
	setup(t, map[string]string{
		"go.mod":             module["go.mod"],
		"m.go":               module["m.go"],
		"sub/sub.go":         "package sub\n\nfunc bad() {}\n\nfunc H() { bad() }\n\nfunc handler() {}\n",
		"sub/.routevet.yaml": "enable: [purehandler]\ndisable: [badcall/call]\n",
		// In no package's directory, and never read.
		"unused/.routevet.yaml": "this is not a configuration",
	})
	_, _, stderr := run(t, fake.Entries(), "-test=false", "./...")
	check(t, "stderr", stderr, `m.go:7:2: call of bad
m.go:3:6: 	bad is declared here
sub/sub.go:7:6: handler could be pure
`)
	// The command line wins over the file.
	_, _, stderr = run(t, fake.Entries(), "-test=false", "-purehandler=false", "./...")
	check(t, "stderr with -purehandler=false", stderr, `m.go:7:2: call of bad
m.go:3:6: 	bad is declared here
`)
}

// TestRunConfigErrors checks that a configuration error is printed once,
// however many packages it applies to, and stops the analysis.
func TestRunConfigErrors(t *testing.T) {
	setup(t, map[string]string{
		"go.mod":         module["go.mod"],
		"m.go":           module["m.go"],
		".routevet.yaml": "disable: [badcall]\nbogus: 1\n",
		"a/a.go":         "package a\n",
		"b/b.go":         "package b\n",
	})
	for _, args := range [][]string{{"./..."}, {"-json", "./..."}, {"-fix", "./..."}} {
		code, stdout, stderr := run(t, fake.Entries(), args...)
		check(t, fmt.Sprint(args, " stderr"), stderr, ".routevet.yaml:2: unknown key \"bogus\"\n")
		check(t, fmt.Sprint(args, " stdout"), stdout, "")
		if code != 1 {
			t.Errorf("%v: exit code %d, want 1", args, code)
		}
	}
	os.WriteFile(".routevet.yaml", []byte("disable:\n  - badcall\n  - nosuch\n"), 0o666)
	code, _, stderr := run(t, fake.Entries(), "./...")
	check(t, "stderr", stderr, ".routevet.yaml:3: disable: unknown analyzer or category \"nosuch\"\n")
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
}

// TestRunAnalysisErrors checks that an analysis error is printed once for
// all packages, without the errors of the analyzers that required it.
func TestRunAnalysisErrors(t *testing.T) {
	setup(t, map[string]string{
		"go.mod": module["go.mod"],
		"m.go":   module["m.go"],
		"a/a.go": "package a\n",
	})
	code, stdout, stderr := run(t, fake.Entries(), "-badcall.fail=the model is broken", "./...")
	check(t, "stderr", stderr, "fakemodel: the model is broken\n")
	check(t, "stdout", stdout, "")
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	// JSON shows every failed analysis, as go vet -json does, and
	// exits 0 as x/tools does.
	code, stdout, stderr = run(t, fake.Entries(), "-json", "-test=false", "-badcall.fail=the model is broken", "./...")
	var tree map[string]map[string]jsonError
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("%v in:\n%s", err, stdout)
	}
	want := map[string]map[string]jsonError{
		"example.com/m": {
			"badcall":     {"failed prerequisites: fakemodel@example.com/m"},
			"purehandler": {"failed prerequisites: fakemodel@example.com/m"},
			"fakemodel":   {"the model is broken"},
		},
		"example.com/m/a": {
			"badcall":     {"failed prerequisites: fakemodel@example.com/m/a"},
			"purehandler": {"failed prerequisites: fakemodel@example.com/m/a"},
			"fakemodel":   {"the model is broken"},
		},
	}
	if !reflect.DeepEqual(tree, want) {
		t.Errorf("JSON errors:\n%v\nwant:\n%v", tree, want)
	}
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
}

// The JSON schema of go vet -json, as cmd/go/internal/vet declares it to
// parse a vet tool's output.
type (
	jsonTree  map[string]map[string]json.RawMessage
	jsonError struct {
		Err string `json:"error"`
	}
	jsonDiagnostic struct {
		Category       string             `json:"category,omitempty"`
		Posn           string             `json:"posn"`
		End            string             `json:"end"`
		Message        string             `json:"message"`
		SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated      `json:"related,omitempty"`
	}
	jsonSuggestedFix struct {
		Message string         `json:"message"`
		Edits   []jsonTextEdit `json:"edits"`
	}
	jsonTextEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
)

func TestRunJSON(t *testing.T) {
	setup(t, module)
	code, stdout, stderr := run(t, fake.Entries(), "-json", "./...")
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing (findings do not fail -json)", code, stderr)
	}
	var tree jsonTree
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tree); err != nil {
		t.Fatalf("%v in:\n%s", err, stdout)
	}
	callInM := jsonDiagnostic{
		Category: "call",
		Posn:     "$DIR/m.go:7:2",
		End:      "$DIR/m.go:7:7",
		Message:  "call of bad",
		SuggestedFixes: []jsonSuggestedFix{{
			Message: "call good instead",
			Edits:   []jsonTextEdit{{Filename: "$DIR/m.go", Start: 54, End: 57, New: "good"}},
		}},
		Related: []jsonRelated{{Posn: "$DIR/m.go:3:6", End: "$DIR/m.go:3:6", Message: "bad is declared here"}},
	}
	callInTest := jsonDiagnostic{
		Category: "call",
		Posn:     "$DIR/m_test.go:3:12",
		End:      "$DIR/m_test.go:3:17",
		Message:  "call of bad",
		SuggestedFixes: []jsonSuggestedFix{{
			Message: "call good instead",
			Edits:   []jsonTextEdit{{Filename: "$DIR/m_test.go", Start: 22, End: 25, New: "good"}},
		}},
		Related: []jsonRelated{{Posn: "$DIR/m.go:3:6", End: "$DIR/m.go:3:6", Message: "bad is declared here"}},
	}
	want := map[string]map[string][]jsonDiagnostic{
		"example.com/m":                      {"badcall": {callInM}},
		"example.com/m [example.com/m.test]": {"badcall": {callInM, callInTest}},
	}
	got := make(map[string]map[string][]jsonDiagnostic)
	for pkg, results := range tree {
		got[pkg] = make(map[string][]jsonDiagnostic)
		for analyzer, raw := range results {
			var diags []jsonDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("%s %s: %v", pkg, analyzer, err)
			}
			got[pkg][analyzer] = diags
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%v", stdout, want)
	}
	// The form is go vet's: tab-indented, with a final newline.
	if !strings.HasPrefix(stdout, "{\n\t\"example.com/m\": {\n\t\t\"badcall\": [\n\t\t\t{\n\t\t\t\t\"category\"") || !strings.HasSuffix(stdout, "\n}\n") {
		t.Errorf("not go vet's layout:\n%s", stdout)
	}
}

func TestRunJSONEmpty(t *testing.T) {
	setup(t, map[string]string{"go.mod": module["go.mod"], "m.go": "package m\n"})
	code, stdout, _ := run(t, fake.Entries(), "-json", "./...")
	if code != 0 || stdout != "{}\n" {
		t.Errorf("exit %d, stdout %q; want 0 and {}", code, stdout)
	}
}

func TestRunFix(t *testing.T) {
	dir := setup(t, module)
	code, stdout, stderr := run(t, fake.Entries(), "-fix", "-diff", "./...")
	check(t, "diff", stdout, fake.ModuleFixDiff)
	check(t, "stderr", stderr, "")
	if code != 1 {
		t.Errorf("-fix -diff: exit code %d, want 1 (the diff is not empty)", code)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "m.go")); string(data) != module["m.go"] {
		t.Errorf("-diff changed m.go")
	}

	code, stdout, stderr = run(t, fake.Entries(), "-fix", "./...")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("-fix: exit %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "m_test.go"))
	check(t, "m_test.go", string(data), "package m\n\nfunc G() { good() }\n")

	// Nothing is left to fix: the diff is empty, and succeeds.
	code, stdout, _ = run(t, fake.Entries(), "-fix", "-diff", "./...")
	if code != 0 || stdout != "" {
		t.Errorf("second -fix -diff: exit %d, stdout %q; want 0 and nothing", code, stdout)
	}
}

// twoFixes reports each call of bad twice, with different fixes, the first
// time with an alternative: the second report's fix conflicts with the first.
var twoFixes = &analysis.Analyzer{
	Name: "twofixes",
	Doc:  "report calls of bad, twice",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "bad" {
						fix := func(name string) analysis.SuggestedFix {
							return analysis.SuggestedFix{
								Message:   "call " + name,
								TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte(name)}},
							}
						}
						pass.Report(analysis.Diagnostic{Pos: id.Pos(), Message: "first", SuggestedFixes: []analysis.SuggestedFix{fix("good"), fix("better")}})
						pass.Report(analysis.Diagnostic{Pos: id.Pos(), Message: "second", SuggestedFixes: []analysis.SuggestedFix{fix("worse")}})
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestRunFixConflicts(t *testing.T) {
	dir := setup(t, map[string]string{"go.mod": module["go.mod"], "m.go": module["m.go"]})
	suite := []analyzers.Entry{{Analyzer: twoFixes}}
	code, stdout, stderr := run(t, suite, "-fix", "-diff", "./...")
	check(t, "stderr", stderr, `routevet: m.go:7:2 (twofixes): ignoring alternative fix "call better"
routevet: m.go:7:2 (twofixes): skipped fix "call worse": conflicts with another fix
routevet: 1 of 2 fixes skipped (e.g. due to conflicts)
`)
	if !strings.Contains(stdout, "+\tgood()\n") || code != 1 {
		t.Errorf("exit %d, diff:\n%s\nwant 1 and the first fix", code, stdout)
	}
	code, _, stderr = run(t, suite, "-fix", "./...")
	if !strings.HasSuffix(stderr, "routevet: applied 1 of 2 fixes; 1 file updated. (Re-run the command to apply more.)\n") || code != 1 {
		t.Errorf("exit %d, stderr:\n%s\nwant 1 and a note to re-run", code, stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "m.go")); !strings.Contains(string(data), "\tgood()\n") {
		t.Errorf("m.go not fixed:\n%s", data)
	}
}

func TestRunUsage(t *testing.T) {
	setup(t, module)
	for _, test := range []struct {
		args   []string
		code   int
		stderr string // a line of it
	}{
		{nil, 1, "Run 'routevet help' for the analyzers and flags."},
		{[]string{"-nosuch", "./..."}, 2, "flag provided but not defined: -nosuch"},
		{[]string{"-diff", "./..."}, 2, "routevet: -diff requires -fix"},
		{[]string{"-badcall=maybe", "./..."}, 2, `invalid boolean value "maybe" for -badcall: want true or false`},
		{[]string{"./nosuch/..."}, 1, "-: pattern ./nosuch/...: lstat ./nosuch/: no such file or directory"},
		{[]string{"help", "nosuch"}, 1, `routevet: no analyzer "nosuch" (run 'routevet help' for the list)`},
	} {
		code, _, stderr := run(t, fake.Entries(), test.args...)
		if code != test.code || !strings.Contains(stderr, test.stderr+"\n") {
			t.Errorf("%q: exit %d, stderr:\n%s\nwant %d and %q", test.args, code, stderr, test.code, test.stderr)
		}
	}
}

func TestRunHelp(t *testing.T) {
	code, stdout, _ := run(t, fake.Entries(), "help")
	for _, want := range []string{
		"go vet -vettool=$(command -v routevet)",
		"go fix -fixtool=$(command -v routevet)",
		"routevet [flags] [packages]",
		"    badcall          report calls of bad\n",
		"    purehandler      report functions named handler\n",
		"turned on, with -NAME or in .routevet.yaml",
		"  -fix\n",
		"  -json\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, stdout)
		}
	}
	if code != 0 {
		t.Errorf("exit code %d", code)
	}
	code, stdout, _ = run(t, fake.Entries(), "help", "badcall")
	check(t, "help badcall", stdout, `badcall: report calls of bad

The badcall analyzer reports each call of the function named by
-badcall.name, and suggests calling good instead.

Categories (to enable or disable in .routevet.yaml):

    badcall/call

Analyzer flags:

  -badcall.fail string
    	make every analysis fail with this message
  -badcall.name string
    	name of the function whose calls are reported (default "bad")
`)
	if code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestRunVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-V"}} {
		code, stdout, _ := run(t, fake.Entries(), args...)
		want := "routevet (devel)\n"
		if args[0] == "-V" {
			want = "routevet version (devel)\n"
		}
		if code != 0 || stdout != want {
			t.Errorf("%v: exit %d, stdout %q; want 0 and %q", args, code, stdout, want)
		}
	}
}
