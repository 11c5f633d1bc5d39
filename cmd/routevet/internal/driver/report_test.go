package driver

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/analyzers/edgeruntime"
	"github.com/routevet/routevet/analyzers/mutablewriter"
	"github.com/routevet/routevet/analyzers/preflight"
	"github.com/routevet/routevet/analyzers/purehandler"
	"github.com/routevet/routevet/analyzers/unreadbody"
	"github.com/routevet/routevet/cmd/routevet/testdata/fake"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/report"
)

var update = flag.Bool("update", false, "update the golden files of testdata/report")

// realSuite is routevet's analyzers, listed here rather than taken from
// the analyzers package so that the golden files do not change when an
// analyzer is added to the suite.
func realSuite() []analyzers.Entry {
	return []analyzers.Entry{
		{Analyzer: mutablewriter.Analyzer, Categories: mutablewriter.Categories},
		{Analyzer: unreadbody.Analyzer, Categories: unreadbody.Categories},
		{Analyzer: preflight.Analyzer, Categories: preflight.Categories},
		{Analyzer: edgeruntime.Analyzer, Categories: edgeruntime.Categories},
		{Analyzer: purehandler.Analyzer, Categories: purehandler.Categories},
	}
}

// testdataDir is the repository's testdata, found before tests change
// the current directory.
var testdataDir, testdataErr = filepath.Abs(filepath.Join("..", "..", "..", "..", "testdata"))

// repoTestdata returns the absolute path of the repository's testdata.
func repoTestdata(t *testing.T) string {
	t.Helper()
	if testdataErr != nil {
		t.Fatal(testdataErr)
	}
	return testdataDir
}

// setupSample copies the sample module into a new current directory.
func setupSample(t *testing.T) string {
	t.Helper()
	src := filepath.Join(repoTestdata(t), "sample")
	files := make(map[string]string)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(src, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := setup(t, files)
	// Paths in the output are the real ones (macOS's /var is a link).
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(real)
	return real
}

// golden compares got with the golden file testdata/report/name, or with
// -update writes it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join(repoTestdata(t), "report", name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (go test -update rewrites it):\ngot:\n%s", file, got)
	}
}

// analyzeOnce runs the command's analysis, as Run would with args, and
// returns the command (to write reports with), its options and the result.
// Writing every format from one analysis keeps the tests fast: analyzing
// with facts loads the standard library from source.
func analyzeOnce(t *testing.T, suite []analyzers.Entry, args ...string) (*command, *options, *report.Result, int) {
	t.Helper()
	t.Cleanup(func() { config.SetCommandLine(nil) })
	c := &command{name: "routevet", suite: suite, stdout: new(bytes.Buffer), stderr: new(bytes.Buffer)}
	all := analyzersOf(suite)
	fs, opts := c.flagSet(all)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := checkReportFlags(opts); err != nil {
		t.Fatal(err)
	}
	selected, choices := selectAnalyzers(all, opts.enabled)
	useSuite(suite)
	config.SetCommandLine(choices)
	res, _, exit := c.result(fs.Args(), selected, choices, opts)
	if res == nil {
		t.Fatalf("analysis failed: %s", c.stderr)
	}
	return c, opts, res, exit
}

// writeFormat writes res as -format would, and returns the exit code and
// the output, with the current directory written as $DIR.
func writeFormat(c *command, opts *options, res *report.Result, exit int, format string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	c.stdout, c.stderr = &stdout, &stderr
	o := *opts
	o.format = format
	code := c.report(res, exit, &o)
	dir, _ := os.Getwd()
	clean := func(s string) string { return strings.ReplaceAll(s, dir, "$DIR") }
	return code, clean(stdout.String()), clean(stderr.String())
}

// TestSampleReports writes the sample module's report in every format,
// with the migration summary, and compares it with the golden files.
// The SARIF validates against the schema, and the JSON (without summary)
// decodes into go vet's structure.
func TestSampleReports(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the standard library from source")
	}
	setupSample(t)
	c, opts, res, exit := analyzeOnce(t, realSuite(), "-summary", "./...")
	// The sample's six handlers are found through the route model; one
	// route is a CORS route, one handler runs on the edge.
	if len(res.Findings) == 0 || res.Summary == nil {
		t.Fatalf("want findings and a summary on the sample: %+v", res)
	}
	if tot := res.Summary.Total; tot.Handlers != 6 || tot.CORSRoutes == nil || *tot.CORSRoutes != 1 || tot.EdgeHandlers == nil || *tot.EdgeHandlers != 1 {
		t.Errorf("summary of the sample %+v: want 6 handlers, 1 CORS route and 1 edge handler", tot)
	}
	// With each analyzer's whole documentation as rule help (in text
	// and Markdown), the SARIF validates too.
	_, full, _ := writeFormat(c, opts, res, exit, "sarif")
	validateSARIF(t, full)
	// SARIF rules carry each analyzer's documentation; the golden file
	// keeps its first line, so that it changes with the analyzers'
	// findings, not with every edit of their doc.go.
	for i := range res.Analyzers {
		res.Analyzers[i].Doc, _, _ = strings.Cut(res.Analyzers[i].Doc, "\n")
	}
	plain := *res
	plain.Summary = nil
	for _, test := range []struct {
		format string
		res    *report.Result
		file   string
		code   int
	}{
		{"", res, "sample.txt", exitFindings},
		{"text", res, "sample.text", exitFindings},
		{"json", &plain, "sample.json", exitOK},
		{"json", res, "sample-summary.json", exitOK},
		{"yaml", res, "sample.yaml", exitOK},
		{"sarif", res, "sample.sarif", exitOK},
		{"markdown", res, "sample.md", exitOK},
	} {
		code, stdout, stderr := writeFormat(c, opts, test.res, exit, test.format)
		out, other := stdout, stderr
		if test.format == "" {
			out, other = stderr, stdout // go vet's form, on stderr
		}
		if code != test.code || other != "" {
			t.Errorf("-format=%q: exit %d, other stream %q; want exit %d and the report on one stream", test.format, code, other, test.code)
		}
		golden(t, test.file, out)
		switch test.file {
		case "sample.sarif":
			validateSARIF(t, out)
		case "sample.json":
			checkVetJSON(t, out)
		}
	}
}

// checkVetJSON decodes JSON output into go vet's JSON structure, refusing
// unknown fields, and encodes it again: the same bytes come out, so
// nothing is lost or added for go vet's consumers.
func checkVetJSON(t *testing.T, out string) {
	t.Helper()
	var tree map[string]map[string][]jsonDiagnostic
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tree); err != nil {
		t.Fatalf("%v in:\n%s", err, out)
	}
	if len(tree) == 0 {
		t.Errorf("no findings:\n%s", out)
	}
	again, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if string(again)+"\n" != out {
		t.Errorf("round trip changed the JSON:\n%s\nwas:\n%s", again, out)
	}
}

// TestOutputFile checks that -o writes the report to a file, and nothing
// to stdout or stderr, and that the SARIF of fixes validates.
func TestOutputFile(t *testing.T) {
	dir := setup(t, module)
	out := filepath.Join(dir, "report.sarif")
	code, stdout, stderr := run(t, fake.Entries(), "-format=sarif", "-o", out, "./...")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, string(data))
	_, want, _ := run(t, fake.Entries(), "-format=sarif", "./...")
	if strings.ReplaceAll(string(data), dir, "$DIR") != want {
		t.Errorf("-o wrote:\n%s\nwant what stdout gets:\n%s", data, want)
	}
	// Text with -o goes to the file too, exit status 3 for findings.
	code, stdout, stderr = run(t, fake.Entries(), "-o", "report.txt", "./...")
	if text, _ := os.ReadFile("report.txt"); code != 3 || stdout != "" || stderr != "" || !strings.HasPrefix(string(text), "m.go:7:2: call of bad\n") {
		t.Errorf("-o report.txt: exit %d, stdout %q, stderr %q, file:\n%s", code, stdout, stderr, text)
	}
	// An unwritable file is an error.
	code, _, stderr = run(t, fake.Entries(), "-format=json", "-o", filepath.Join(dir, "no", "such", "dir"), "./...")
	if code != 1 || !strings.Contains(stderr, "no such file or directory") {
		t.Errorf("-o into a missing directory: exit %d, stderr %q", code, stderr)
	}
}

// TestReportFlags checks the flags that choose the report.
func TestReportFlags(t *testing.T) {
	setup(t, module)
	for _, test := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"-format=xml"}, `routevet: -format: unknown format "xml" (want text, json, sarif, yaml, markdown)` + "\n"},
		{[]string{"-json", "-format=sarif"}, "routevet: -json is -format json: it cannot go with -format sarif\n"},
		{[]string{"-fix", "-summary"}, "routevet: -fix writes no report: it cannot go with -json, -format, -o or -summary\n"},
		{[]string{"-fix", "-o", "x"}, "routevet: -fix writes no report: it cannot go with -json, -format, -o or -summary\n"},
	} {
		code, stdout, stderr := run(t, fake.Entries(), append(test.args, "./...")...)
		if code != exitUsage || stdout != "" || stderr != test.stderr {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d and %q", test.args, code, stdout, stderr, exitUsage, test.stderr)
		}
	}
	// -json is -format json, and may be given with it.
	_, viaJSON, _ := run(t, fake.Entries(), "-json", "./...")
	_, viaFormat, _ := run(t, fake.Entries(), "-json", "-format=json", "./...")
	if viaJSON != viaFormat || viaJSON == "" {
		t.Errorf("-json wrote:\n%s\n-json -format json wrote:\n%s", viaJSON, viaFormat)
	}
	// -format text names the analyzer; exit status 3 as without it.
	code, stdout, stderr := run(t, fake.Entries(), "-format=text", "-test=false", "./...")
	check(t, "-format text", stdout, "m.go:7:2: badcall: call of bad\nm.go:3:6: \tbad is declared here\n")
	if code != 3 || stderr != "" {
		t.Errorf("-format text: exit %d, stderr %q", code, stderr)
	}
}

// TestSummaryMatchesFindings checks the summary on the analyzers'
// fixtures against the findings of the analyzers it counts from, run
// without -summary: each purehandler finding is a mutable handler, those
// with a fix are migratable, the others blocked for the reason their
// message gives; preflight and edgeruntime findings are counted by kind.
// purehandler is opt-in: the summary run turns it on for itself, yet
// reports only the findings the configuration asks for.
func TestSummaryMatchesFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the standard library from source")
	}
	testdata := repoTestdata(t)
	t.Setenv("GOPATH", testdata)
	t.Setenv("GO111MODULE", "off")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
	t.Chdir(filepath.Join(testdata, "src"))
	patterns := []string{"./purehandler/...", "./preflight/...", "./edgeruntime/..."}
	counted := []string{"purehandler", "preflight", "edgeruntime"}

	// The findings of the three analyzers, purehandler turned on.
	args := append([]string{"-json", "-test=false", "-purehandler", "-preflight", "-edgeruntime"}, patterns...)
	_, stdout, _ := run(t, realSuite(), args...)
	findings := decodeTree(t, stdout)
	want := make(map[string]*report.Counts)
	for pkg, results := range findings {
		for analyzer, diags := range results {
			for _, d := range diags {
				c := want[pkg]
				if c == nil {
					c = new(report.Counts)
					want[pkg] = c
				}
				countFinding(t, c, analyzer, d)
			}
		}
	}

	// The summary, purehandler not asked for.
	args = append([]string{"-format=json", "-summary", "-test=false"}, patterns...)
	_, stdout, stderr := run(t, realSuite(), args...)
	var doc struct {
		Diagnostics map[string]map[string]json.RawMessage
		Summary     report.Summary
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v in:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	got := make(map[string]*report.Counts)
	for _, p := range doc.Summary.Packages {
		c := p.Counts
		// purehandler/quiet declares two route.Funcs, StatsPure and
		// itemsGet, and adapters over them, which are not mutable.
		if p.Package == "purehandler/quiet" && (c.Pure < 2 || c.Other < 1) {
			t.Errorf("purehandler/quiet: want 2 pure handlers and adapters counted as other: %+v", c)
		}
		if c.Handlers != c.Pure+c.Mutable+c.Other || c.Mutable != c.Migratable+c.BlockedTotal() {
			t.Errorf("%s: counts do not add up: %+v", p.Package, c)
		}
		checkListedCounts(t, p)
		// Only the counts that come from findings are compared.
		c = report.Counts{
			Mutable: c.Mutable, Migratable: c.Migratable, Blocked: c.Blocked,
			MissingOptionsRoute: c.MissingOptionsRoute, OptionsRejected: c.OptionsRejected,
			HostOnlyCalls: c.HostOnlyCalls,
		}
		if !reflect.DeepEqual(c, report.Counts{}) {
			got[p.Package] = &c
		}
	}
	// A test-support package's handlers are test code: not reported,
	// so not counted either.
	for _, p := range doc.Summary.Packages {
		if p.Package == "purehandler/fakeapitest" {
			t.Errorf("the test-support package purehandler/fakeapitest is counted: %+v", p.Counts)
		}
	}
	for pkg := range mergeKeys(got, want) {
		if !reflect.DeepEqual(got[pkg], want[pkg]) {
			t.Errorf("%s: summary %+v, findings %+v", pkg, got[pkg], want[pkg])
		}
	}
	if len(want) < 10 || want["purehandler/off"] == nil {
		t.Errorf("the fixtures gave findings in %d packages, purehandler/off %v: too few to test", len(want), want["purehandler/off"])
	}

	// The summary run reports what the configuration asks for: the
	// findings of the other run, but purehandler's only where a
	// .routevet.yaml turns it on: in purehandler/..., not in
	// purehandler/off.
	reported := decodeTree(t, stdout)
	for pkg, results := range findings {
		for _, analyzer := range counted {
			wantDiags := results[analyzer]
			if analyzer == "purehandler" && (!strings.HasPrefix(pkg, "purehandler/") || pkg == "purehandler/off") {
				wantDiags = nil
			}
			if !reflect.DeepEqual(reported[pkg][analyzer], wantDiags) {
				t.Errorf("%s: -summary reported %s findings\n%v\nwant\n%v", pkg, analyzer, reported[pkg][analyzer], wantDiags)
			}
		}
	}
}

// checkListedCounts checks the counts of a fixture package that come
// from preflight's and edgeruntime's results: known where the analyzers
// ran (not in preflight/broken, which has type errors, nor in
// edgeruntime/configbad, whose configuration names no profile), at least
// the findings about them, and equal to what the fixtures were written
// with for a few packages counted by hand.
func checkListedCounts(t *testing.T, p report.PackageSummary) {
	t.Helper()
	c := p.Counts
	if p.Package == "preflight/broken" || p.Package == "edgeruntime/configbad" {
		return
	}
	if c.CORSRoutes == nil || c.EdgeHandlers == nil {
		t.Errorf("%s: CORS routes %v, edge handlers %v: want both known", p.Package, c.CORSRoutes, c.EdgeHandlers)
		return
	}
	if *c.CORSRoutes < c.MissingOptionsRoute+c.OptionsRejected {
		t.Errorf("%s: %d CORS routes, fewer than the %d missing an OPTIONS route and %d rejecting it", p.Package, *c.CORSRoutes, c.MissingOptionsRoute, c.OptionsRejected)
	}
	if c.HostOnlyCalls > 0 && *c.EdgeHandlers == 0 {
		t.Errorf("%s: %d host-only calls but no edge handler", p.Package, c.HostOnlyCalls)
	}
	byHand := map[string][2]int{ // CORS routes, edge handlers
		// POST /api/reports on DefaultServeMux.
		"preflight/defaultmux": {1, 0},
		// Eight method routes setting Access-Control-Allow-Origin; the
		// OPTIONS route for api.example.com answers preflights instead.
		"preflight/servemux": {8, 0},
		// Helpers and middleware, no route.
		"preflight/helpers": {0, 0},
		// A package marked //routevet:edge: four handler functions and a
		// literal, no CORS header.
		"edgeruntime/directive": {0, 5},
	}
	if want, ok := byHand[p.Package]; ok && (*c.CORSRoutes != want[0] || *c.EdgeHandlers != want[1]) {
		t.Errorf("%s: %d CORS routes and %d edge handlers, want %d and %d", p.Package, *c.CORSRoutes, *c.EdgeHandlers, want[0], want[1])
	}
}

// decodeTree decodes go vet's JSON, or a report with a summary, keeping
// the findings (not the errors).
func decodeTree(t *testing.T, data string) map[string]map[string][]jsonDiagnostic {
	t.Helper()
	var doc struct {
		Diagnostics map[string]map[string]json.RawMessage `json:"diagnostics"`
	}
	raw := make(map[string]map[string]json.RawMessage)
	if err := json.Unmarshal([]byte(data), &doc); err == nil && doc.Diagnostics != nil {
		raw = doc.Diagnostics
	} else if err := json.Unmarshal([]byte(data), &raw); err != nil {
		t.Fatalf("%v in:\n%s", err, data)
	}
	tree := make(map[string]map[string][]jsonDiagnostic)
	for pkg, results := range raw {
		for analyzer, msg := range results {
			var diags []jsonDiagnostic
			if json.Unmarshal(msg, &diags) != nil {
				continue // an analysis error
			}
			if tree[pkg] == nil {
				tree[pkg] = make(map[string][]jsonDiagnostic)
			}
			tree[pkg][analyzer] = diags
		}
	}
	return tree
}

// countFinding counts a finding as the summary should.
func countFinding(t *testing.T, c *report.Counts, analyzer string, d jsonDiagnostic) {
	switch {
	case strings.Contains(d.Posn, "_test.go:"):
	case analyzer == "purehandler":
		c.Mutable++
		if len(d.SuggestedFixes) > 0 {
			c.Migratable++
		} else if reason, ok := purehandler.BlockedReason(d.Message); ok {
			if c.Blocked == nil {
				c.Blocked = make(map[string]int)
			}
			c.Blocked[reason]++
		} else {
			t.Errorf("%s: purehandler finding neither migratable nor blocked: %s", d.Posn, d.Message)
		}
	case analyzer == "preflight" && d.Category == preflight.CategoryOptionsRejected:
		c.OptionsRejected++
	case analyzer == "preflight":
		c.MissingOptionsRoute++
	case analyzer == "edgeruntime" && d.Category != edgeruntime.CategoryUnknownProfile:
		c.HostOnlyCalls++
	}
}

func mergeKeys[V any](maps ...map[string]V) map[string]bool {
	keys := make(map[string]bool)
	for _, m := range maps {
		for k := range m {
			keys[k] = true
		}
	}
	return keys
}

// validateSARIF validates a SARIF log against the SARIF 2.1.0 JSON
// schema in testdata/report (see its README for where it comes from),
// checking formats (URIs) too.
func validateSARIF(t *testing.T, log string) {
	t.Helper()
	schemaFile := filepath.Join(repoTestdata(t), "report", "sarif-2.1.0.json")
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(log)))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("SARIF does not validate: %v", err)
	}
}

// corsList and edgeList stand for the results preflight and edgeruntime
// would have to give the summary its CORS route and edge handler counts.
type (
	corsList struct{ routes []token.Pos }
	edgeList struct{}
)

func (l *corsList) CORSRoutes() []token.Pos   { return l.routes }
func (l *edgeList) EdgeHandlers() []token.Pos { return nil }

// TestSummaryListers checks that the summary counts CORS routes and edge
// handlers from results that list them, once for a package and its test
// variant, that an empty list is a count of zero, and that a nil result
// (the analyzer did not look) is an unknown count.
func TestSummaryListers(t *testing.T) {
	setup(t, module)
	fakePreflight := &analysis.Analyzer{
		Name: "preflight",
		Doc:  "list functions named F as CORS routes",
		Run: func(pass *analysis.Pass) (any, error) {
			l := new(corsList)
			for _, f := range pass.Files {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "F" {
						l.routes = append(l.routes, fd.Pos())
					}
				}
			}
			return l, nil
		},
		ResultType: reflect.TypeFor[*corsList](),
	}
	for _, looked := range []bool{true, false} {
		fakeEdge := &analysis.Analyzer{
			Name: "edgeruntime",
			Doc:  "find no edge handler",
			Run: func(*analysis.Pass) (any, error) {
				if !looked {
					return (*edgeList)(nil), nil
				}
				return new(edgeList), nil
			},
			ResultType: reflect.TypeFor[*edgeList](),
		}
		suite := append(fake.Entries(), analyzers.Entry{Analyzer: fakePreflight}, analyzers.Entry{Analyzer: fakeEdge})
		// The summary runs them even when not selected.
		_, stdout, stderr := run(t, suite, "-format=json", "-summary", "-badcall", "./...")
		var doc struct{ Summary report.Summary }
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("%v in:\n%s\nstderr:\n%s", err, stdout, stderr)
		}
		if len(doc.Summary.Packages) != 1 {
			t.Fatalf("summary: %+v", doc.Summary)
		}
		c := doc.Summary.Packages[0].Counts
		if doc.Summary.Packages[0].Package != "example.com/m" || c.CORSRoutes == nil || *c.CORSRoutes != 1 {
			t.Errorf("summary %+v; want example.com/m with 1 CORS route", doc.Summary.Packages[0])
		}
		switch {
		case looked && (c.EdgeHandlers == nil || *c.EdgeHandlers != 0):
			t.Errorf("edge handlers %v, want 0", c.EdgeHandlers)
		case !looked && c.EdgeHandlers != nil:
			t.Errorf("edge handlers %d from a nil result, want unknown", *c.EdgeHandlers)
		}
		if !looked && doc.Summary.Total.EdgeHandlers != nil {
			t.Errorf("total edge handlers %d, want unknown", *doc.Summary.Total.EdgeHandlers)
		}
	}
}
