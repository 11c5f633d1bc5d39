package main

// End-to-end tests: the command is built, and run by go vet, go fix and on
// its own, on throwaway modules. They run the real driver with the fake
// analyzers of testdata/fake, whose output is stable; the helpers here
// serve tests of the real analyzers too (see buildRoutevet).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/routevet/routevet/cmd/routevet/testdata/fake"
)

// binDir holds the commands the tests build, for the whole test run.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "routevet-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildRoutevet builds the routevet command, with the real analyzers, and
// returns the path of the executable. It is built once per test run.
func buildRoutevet(t *testing.T) string {
	return buildCommand(t, ".")
}

// buildFakevet builds the routevet driver with the fake analyzers.
func buildFakevet(t *testing.T) string {
	return buildCommand(t, "./testdata/fakevet")
}

type build struct {
	once sync.Once
	path string
	err  error
}

var builds sync.Map // package -> *build

// buildCommand builds the main package pkg, named relative to this
// directory, once per test run, into an executable named routevet (so its
// messages name routevet whatever its analyzers), and returns its path.
func buildCommand(t *testing.T, pkg string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command and runs the go command")
	}
	v, _ := builds.LoadOrStore(pkg, new(build))
	b := v.(*build)
	b.once.Do(func() {
		dir, err := os.MkdirTemp(binDir, "")
		if err != nil {
			b.err = err
			return
		}
		exe := "routevet"
		if runtime.GOOS == "windows" {
			exe += ".exe"
		}
		b.path = filepath.Join(dir, exe)
		out, err := exec.Command("go", "build", "-o", b.path, pkg).CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// writeModule writes files (slash-separated names relative to the module
// root; include go.mod) into a new temporary directory, and returns it.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	// Resolve symbolic links (macOS's /var), as the go command does,
	// so that paths in output match dir.
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	return dir
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A result is what a command did.
type result struct {
	stdout, stderr string
	code           int
}

// runIn runs a command in dir, with the go command kept to the module in
// dir (no workspace, go.mod updated as needed, no toolchain switch) but
// with the user's build and module caches, for speed. In the outputs, dir
// is written as $DIR.
func runIn(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	clean := func(s string) string { return strings.ReplaceAll(s, dir, "$DIR") }
	return result{clean(stdout.String()), clean(stderr.String()), cmd.ProcessState.ExitCode()}
}

// want checks a command's result.
func (r result) want(t *testing.T, what string, code int, stdout, stderr string) {
	t.Helper()
	if r.code != code {
		t.Errorf("%s: exit code %d, want %d", what, r.code, code)
	}
	if r.stdout != stdout {
		t.Errorf("%s: stdout:\n%s\nwant:\n%s", what, r.stdout, stdout)
	}
	if r.stderr != stderr {
		t.Errorf("%s: stderr:\n%s\nwant:\n%s", what, r.stderr, stderr)
	}
}

// sortedLines returns r with the lines of its stderr sorted: go vet
// prints a package's findings grouped by analyzer, the analyzers in no
// fixed order.
func (r result) sortedLines() result {
	lines := strings.SplitAfter(r.stderr, "\n")
	slices.Sort(lines)
	r.stderr = strings.Join(lines, "")
	return r
}

// The throwaway module (see fake.Module).
var module = fake.Module

const (
	findings = `m.go:7:2: call of bad
m.go:3:6: 	bad is declared here
m_test.go:3:12: call of bad
m.go:3:6: 	bad is declared here
`
	diff      = fake.ModuleFixDiff
	fixedM    = "package m\n\nfunc bad()  {}\nfunc good() {}\n\nfunc F() {\n\tgood()\n}\n\nfunc handler() {}\n"
	fixedTest = "package m\n\nfunc G() { good() }\n"
)

func TestVetTool(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	dir := writeModule(t, module)
	runIn(t, dir, "go", "vet", "-vettool="+tool, "./...").
		want(t, "go vet", 1, "", findings)
	// Opt-in analyzers report when turned on.
	runIn(t, dir, "go", "vet", "-vettool="+tool, "-purehandler", "./...").
		want(t, "go vet -purehandler", 1, "", "m.go:10:6: handler could be pure\n")
	runIn(t, dir, "go", "vet", "-vettool="+tool, "-badcall=false", "./...").
		want(t, "go vet -badcall=false", 0, "", "")
	runIn(t, dir, "go", "vet", "-vettool="+tool, "-badcall.name=good", "./...").
		want(t, "go vet -badcall.name=good", 0, "", "")
}

func TestVetToolDiff(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	dir := writeModule(t, module)
	runIn(t, dir, "go", "vet", "-vettool="+tool, "-fix", "-diff", "./...").
		want(t, "go vet -fix -diff", 1, diff, "")
	runIn(t, dir, "go", "fix", "-fixtool="+tool, "-diff", "./...").
		want(t, "go fix -diff", 1, diff, "")
	// The standalone command prints the same diff.
	runIn(t, dir, tool, "-fix", "-diff", "./...").
		want(t, "routevet -fix -diff", 1, diff, "")
	if readFile(t, filepath.Join(dir, "m.go")) != module["m.go"] {
		t.Errorf("-diff changed m.go")
	}
}

func TestFixTool(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	for _, args := range [][]string{
		{"go", "fix", "-fixtool=" + tool, "./..."},
		{"go", "vet", "-vettool=" + tool, "-fix", "./..."},
		{tool, "-fix", "./..."},
	} {
		dir := writeModule(t, module)
		what := strings.Join(args, " ")
		runIn(t, dir, args[0], args[1:]...).want(t, what, 0, "", "")
		if got := readFile(t, filepath.Join(dir, "m.go")); got != fixedM {
			t.Errorf("%s: m.go:\n%s\nwant:\n%s", what, got, fixedM)
		}
		if got := readFile(t, filepath.Join(dir, "m_test.go")); got != fixedTest {
			t.Errorf("%s: m_test.go:\n%s\nwant:\n%s", what, got, fixedTest)
		}
		runIn(t, dir, "go", "vet", "-vettool="+tool, "./...").want(t, what+", then go vet", 0, "", "")
	}
}

func TestStandalone(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	dir := writeModule(t, module)
	runIn(t, dir, tool, "./...").want(t, "routevet", 3, "", findings)
	runIn(t, dir, tool, "-purehandler", "./...").
		want(t, "routevet -purehandler", 3, "", "m.go:10:6: handler could be pure\n")

	// The JSON is go vet's. go vet analyzes the package with its tests,
	// under the package's own ID; the standalone command has that as
	// the package's test variant (and the package alone as well).
	vet := runIn(t, dir, "go", "vet", "-vettool="+tool, "-json", "./...")
	vet.want(t, "go vet -json", 0, vet.stdout, "")
	own := runIn(t, dir, tool, "-json", "./...")
	own.want(t, "routevet -json", 0, own.stdout, "")
	vetTree, ownTree := jsonTree(t, vet.stdout), jsonTree(t, own.stdout)
	if got, want := ownTree["example.com/m [example.com/m.test]"], vetTree["example.com/m"]; got != want || want == "" {
		t.Errorf("routevet -json:\n%s\nwant the test variant as go vet -json has the package:\n%s", own.stdout, vet.stdout)
	}
	if len(ownTree) != 2 || ownTree["example.com/m"] == "" {
		t.Errorf("routevet -json: want example.com/m and its test variant:\n%s", own.stdout)
	}
}

// jsonTree decodes go vet's JSON output, returning each package's
// results in compact JSON.
func jsonTree(t *testing.T, data string) map[string]string {
	t.Helper()
	var tree map[string]json.RawMessage
	if err := json.Unmarshal([]byte(data), &tree); err != nil {
		t.Fatalf("%v in:\n%s", err, data)
	}
	compact := make(map[string]string)
	for pkg, raw := range tree {
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			t.Fatal(err)
		}
		compact[pkg] = buf.String()
	}
	return compact
}

// TestConfig checks that go vet applies .routevet.yaml, reports a broken
// one as an error of each package it applies to, and sees it change:
// go vet caches results, and its cache keys hold the vet tool's identity,
// which depends on the configuration files.
// TestSampleTests checks the default for test code in both protocols: the
// sample's test sends a second status on purpose and is not reported,
// until .routevet.yaml asks for tests.
func TestSampleTests(t *testing.T) {
	t.Parallel()
	tool := buildRoutevet(t)
	dir := copyModule(t, filepath.Join("..", "..", "testdata", "sample"))
	writeFile(t, filepath.Join(dir, ".routevet.yaml"), "tests: true\n")
	const inTest = "notes/notes_test.go:15:3: w.WriteHeader after the response was committed by w.WriteHeader at line 14"
	for what, run := range map[string]result{
		"go vet -vettool": runIn(t, dir, "go", "vet", "-vettool="+tool, "./..."),
		"routevet ./...":  runIn(t, dir, tool, "./..."),
	} {
		if !strings.Contains(run.stdout+run.stderr, inTest) {
			t.Errorf("%s with tests: true: no finding in the test file; output:\n%s%s", what, run.stdout, run.stderr)
		}
	}
}

func TestConfig(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	dir := writeModule(t, module)
	config := filepath.Join(dir, ".routevet.yaml")

	writeFile(t, config, "disable: [badcall]\nbogus: 1\n")
	runIn(t, dir, "go", "vet", "-vettool="+tool, "./...").
		want(t, "go vet, bad config", 1, "", "# example.com/m\n# [example.com/m]\n./.routevet.yaml:2: unknown key \"bogus\"\n")
	runIn(t, dir, tool, "./...").
		want(t, "routevet, bad config", 1, "", ".routevet.yaml:2: unknown key \"bogus\"\n")

	writeFile(t, config, "disable: [badcall, purehandlr]\n")
	runIn(t, dir, "go", "vet", "-vettool="+tool, "./...").
		want(t, "go vet, unknown analyzer", 1, "", "# example.com/m\n# [example.com/m]\n./.routevet.yaml:1: disable: unknown analyzer or category \"purehandlr\"\n")

	writeFile(t, config, "disable: [badcall]\nenable: [purehandler]\n")
	runIn(t, dir, "go", "vet", "-vettool="+tool, "./...").
		want(t, "go vet, configured", 1, "", "m.go:10:6: handler could be pure\n")
	runIn(t, dir, tool, "./...").
		want(t, "routevet, configured", 3, "", "m.go:10:6: handler could be pure\n")

	if err := os.Remove(config); err != nil {
		t.Fatal(err)
	}
	runIn(t, dir, "go", "vet", "-vettool="+tool, "./...").
		want(t, "go vet, config removed", 1, "", findings)
}

func TestProtocol(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	dir := t.TempDir()
	r := runIn(t, dir, tool, "-V=full")
	prefix := tool + " version devel comments-go-here buildID="
	if r.code != 0 || !strings.HasPrefix(r.stdout, prefix) || len(r.stdout) != len(prefix)+64+1 {
		t.Errorf("-V=full: exit %d, stdout %q; want %q and a SHA-256", r.code, r.stdout, prefix)
	}
	r = runIn(t, dir, tool, "-flags")
	for _, want := range []string{`"Name": "badcall",`, `"Name": "badcall.name",`, `"Name": "purehandler",`, `"Name": "json",`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("-flags lacks %s:\n%s", want, r.stdout)
		}
	}
	runIn(t, dir, tool, "version").want(t, "version", 0, "routevet (devel)\n", "")
	if r := runIn(t, dir, tool, "help"); r.code != 0 || !strings.Contains(r.stdout, "    badcall          report calls of bad\n") {
		t.Errorf("help: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}

// TestRoutevet checks that the real command builds, and runs on the
// sample module without failing.
func TestRoutevet(t *testing.T) {
	t.Parallel()
	tool := buildRoutevet(t)
	dir := copyModule(t, filepath.Join("..", "..", "testdata", "sample"))
	runIn(t, dir, tool, "version").want(t, "routevet version", 0, "routevet (devel)\n", "")
	if r := runIn(t, dir, tool, "./..."); r.code != 0 && r.code != 3 {
		t.Errorf("routevet ./... on the sample: exit code %d, stderr:\n%s", r.code, r.stderr)
	}
}

// copyModule copies the directory tree src into a new temporary directory,
// so that a test may change it (with -fix, say), and returns the copy.
func copyModule(t *testing.T, src string) string {
	t.Helper()
	files := make(map[string]string)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return writeModule(t, files)
}

// TestStandaloneReports runs the built command with each -format, as CI
// would: the report goes to stdout or to the -o file, text exits 3 for
// findings and the other formats 0, and the SARIF validates against the
// SARIF 2.1.0 schema.
func TestStandaloneReports(t *testing.T) {
	t.Parallel()
	tool := buildFakevet(t)
	dir := writeModule(t, module)
	for _, test := range []struct {
		format string
		code   int
		want   string // in the output
	}{
		{"text", 3, "m.go:7:2: badcall: call of bad\n"},
		{"json", 0, `"posn": "$DIR/m.go:7:2"`},
		{"yaml", 0, "posn: $DIR/m.go:7:2\n"},
		{"sarif", 0, `"ruleId": "badcall/call"`},
		{"markdown", 0, "| [m.go:7:2](m.go#L7) | `call` | call of bad"},
	} {
		r := runIn(t, dir, tool, "-format="+test.format, "-summary", "./...")
		if r.code != test.code || r.stderr != "" || !strings.Contains(r.stdout, test.want) || !strings.Contains(r.stdout, "example.com/m") {
			t.Errorf("-format %s: exit %d, stderr %q, stdout:\n%s\nwant exit %d and %q", test.format, r.code, r.stderr, r.stdout, test.code, test.want)
		}
		out := filepath.Join(dir, "report."+test.format)
		runIn(t, dir, tool, "-format="+test.format, "-summary", "-o", out, "./...").want(t, "-o "+out, test.code, "", "")
		if got := strings.ReplaceAll(readFile(t, out), dir, "$DIR"); got != r.stdout {
			t.Errorf("-format %s -o: the file differs from stdout:\n%s", test.format, got)
		}
	}
	schema, err := jsonschema.NewCompiler().Compile(filepath.Join("..", "..", "testdata", "report", "sarif-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(readFile(t, filepath.Join(dir, "report.sarif"))))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("SARIF does not validate: %v", err)
	}
}

// The findings on the sample module, as go vet and standalone routevet
// print them.
const (
	sampleEdge = `notes/banner.go:13:15: edge handler banner (workers) calls os.ReadFile: Cloudflare Workers has no filesystem, so the call fails in production; embed the file with //go:embed, or read it from KV or R2
`
	// The edge finding's first path step: go vet prints related
	// positions after the finding like routevet, and the test sorts
	// go vet's lines.
	sampleEdgeStep = "notes/banner.go:12:1: \tedge handler banner runs on workers\n"
	sampleCORS     = `notes/notes.go:34:2: CORS route "DELETE /notes/{id}" has no OPTIONS route: a browser's preflight gets 405 with Allow: DELETE, GET, HEAD, so the cross-origin DELETE is never sent; add an OPTIONS route for the path
`
	sampleReply = `notes/notes.go:43:3: http.Error replies, but every path after it uses the writer again (http.NotFound at line 49: the status is ignored and net/http logs "http: superfluous response.WriteHeader call"); return after the reply (no automatic fix: a return would also skip s.mu.Lock at line 45)
`
	sampleDecode = `notes/notes.go:57:2: the error of Decode is discarded, so a malformed JSON body leaves note partly filled and the handler goes on with it; check it and reply 400 Bad Request
`
	sampleHeader = `notes/notes.go:68:2: w.Header().Set("Location") after the response was committed by w.WriteHeader at line 67: the header is silently dropped because headers go out with the first write; set it before writing
`
	// The header finding's path step, the commit.
	sampleReplyStep  = "notes/notes.go:49:3: \tthe writer is used again here, after the reply\n"
	sampleHeaderStep = "notes/notes.go:67:2: \tthe response is committed here by w.WriteHeader\n"
	sampleForm       = `notes/notes.go:73:7: r.Form is read before the form is parsed on any path, so it is nil and every field reads empty; call r.ParseForm (and check its error) first, or use r.FormValue
`
	sampleDiff = `--- $DIR/notes/notes.go (old)
+++ $DIR/notes/notes.go (new)
@@ -32,6 +32,7 @@
 	mux.HandleFunc("POST /notes", s.createNote)
 	mux.HandleFunc("POST /notes/search", s.search)
 	mux.HandleFunc("DELETE /notes/{id}", s.deleteNote)
+	mux.HandleFunc("OPTIONS /notes/{id}", corsPreflight("DELETE, GET, HEAD, OPTIONS", "https://app.example.com"))
 	mux.HandleFunc("GET /hello", hello)
 	mux.HandleFunc("GET /banner", banner)
 	return mux
@@ -54,7 +55,10 @@
 
 func (s *Store) createNote(w http.ResponseWriter, r *http.Request) {
 	var note Note
-	json.NewDecoder(r.Body).Decode(&note)
+	if err := json.NewDecoder(r.Body).Decode(&note); err != nil {
+		http.Error(w, "invalid JSON body", http.StatusBadRequest)
+		return
+	}
 	if note.Text == "" {
 		http.Error(w, "text is required", http.StatusUnprocessableEntity)
 		return
@@ -95,3 +99,23 @@
 	w.WriteHeader(status)
 	json.NewEncoder(w).Encode(v)
 }
+
+// corsPreflight returns a handler that answers a browser's CORS preflight
+// (OPTIONS) request for a route that accepts methods, from one of origins
+// ("*" allows every origin). Added by routevet's preflight fix.
+func corsPreflight(methods string, origins ...string) http.HandlerFunc {
+	return func(w http.ResponseWriter, r *http.Request) {
+		h := w.Header()
+		h.Add("Vary", "Origin")
+		for _, origin := range origins {
+			if origin == "*" || origin == r.Header.Get("Origin") {
+				h.Set("Access-Control-Allow-Origin", origin)
+				h.Set("Access-Control-Allow-Methods", methods)
+				h.Set("Access-Control-Allow-Headers", "Content-Type")
+				h.Set("Access-Control-Max-Age", "600")
+				break
+			}
+		}
+		w.WriteHeader(http.StatusNoContent)
+	}
+}
`
)

// TestSample runs the real routevet on the sample module every way the
// README documents, checking the exact findings and fix, and that fixing
// gives code that builds and that a second fix run leaves alone.
func TestSample(t *testing.T) {
	t.Parallel()
	tool := buildRoutevet(t)
	dir := copyModule(t, filepath.Join("..", "..", "testdata", "sample"))

	// go vet prints the findings grouped by analyzer, routevet sorted by
	// position.
	runIn(t, dir, "go", "vet", "-vettool="+tool, "./...").sortedLines().want(t, "go vet -vettool", 1, "",
		sampleEdgeStep+sampleEdge+sampleCORS+sampleReply+sampleReplyStep+sampleDecode+sampleHeaderStep+sampleHeader+sampleForm)
	runIn(t, dir, tool, "./...").want(t, "routevet ./...", 3, "",
		sampleEdge+sampleEdgeStep+sampleCORS+sampleReply+sampleReplyStep+sampleDecode+sampleHeader+sampleHeaderStep+sampleForm)
	runIn(t, dir, "go", "vet", "-vettool="+tool, "-fix", "-diff", "./...").want(t, "go vet -vettool -fix -diff", 1, sampleDiff, "")
	runIn(t, dir, "go", "fix", "-fixtool="+tool, "-diff", "./...").want(t, "go fix -fixtool -diff", 1, sampleDiff, "")
	runIn(t, dir, tool, "-fix", "-diff", "./...").want(t, "routevet -fix -diff", 1, sampleDiff, "")

	runIn(t, dir, "go", "fix", "-fixtool="+tool, "./...").want(t, "go fix -fixtool", 0, "", "")
	runIn(t, dir, "go", "build", "./...").want(t, "go build after the fix", 0, "", "")
	runIn(t, dir, "go", "fix", "-fixtool="+tool, "-diff", "./...").want(t, "go fix -diff after the fix", 0, "", "")
	// The fixes added a line above the remaining findings, and three more
	// above the last two.
	moved := strings.NewReplacer("43:3", "44:3", "line 49", "line 50", "49:3", "50:3", "line 45", "line 46", "67:2", "71:2", "68:2", "72:2", "line 67", "line 71", "73:7", "77:7")
	runIn(t, dir, tool, "./...").want(t, "routevet after the fix", 3, "",
		sampleEdge+sampleEdgeStep+moved.Replace(sampleReply+sampleReplyStep+sampleHeader+sampleHeaderStep+sampleForm))
}
