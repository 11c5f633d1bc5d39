package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// sampleFiles are the contents of sample()'s files, for the formats that
// read source lines.
var sampleFiles = map[string]string{
	"/src/m/m.go":   "package m\n\nfunc bad() {}\n\nfunc F() {\n\t\tbad()\n\tbad()\n}\n",
	"/src/m/a/a.go": "package a\n",
}

func readSample(name string) ([]byte, error) {
	if s, ok := sampleFiles[name]; ok {
		return []byte(s), nil
	}
	return nil, os.ErrNotExist
}

func sampleSummary() *Summary {
	two := 2
	s := &Summary{Packages: []PackageSummary{
		{Package: "example.com/m/b", Counts: Counts{Handlers: 3, Pure: 1, Mutable: 2, Migratable: 1, Blocked: map[string]int{"streaming": 1}, CORSRoutes: &two, EdgeHandlers: &two, HostOnlyCalls: 1}},
		{Package: "example.com/m/a", Counts: Counts{Handlers: 4, Mutable: 3, Blocked: map[string]int{"streaming": 1, "hijack": 2}, Other: 1, CORSRoutes: &two, MissingOptionsRoute: 1, OptionsRejected: 1}},
	}}
	s.Finish()
	return s
}

func TestSummaryFinish(t *testing.T) {
	s := sampleSummary()
	if s.Packages[0].Package != "example.com/m/a" {
		t.Errorf("packages not sorted: %v", s.Packages)
	}
	tot := s.Total
	if tot.Handlers != 7 || tot.Pure != 1 || tot.Mutable != 5 || tot.Migratable != 1 || tot.BlockedTotal() != 4 ||
		tot.Blocked["streaming"] != 2 || tot.Other != 1 || *tot.CORSRoutes != 4 || tot.MissingOptionsRoute != 1 ||
		tot.OptionsRejected != 1 || tot.HostOnlyCalls != 1 {
		t.Errorf("total: %+v", tot)
	}
	// A count one package does not know is not known in total, and
	// adding up does not change the packages.
	if tot.EdgeHandlers != nil || s.Packages[0].Blocked["streaming"] != 1 {
		t.Errorf("edge handlers %v, want unknown; package a's blocked %v", tot.EdgeHandlers, s.Packages[0].Blocked)
	}
}

// TestMigratableShare checks the share of mutable handlers that are
// auto-migratable: rounded down, so 100% means all, and "-" for none.
func TestMigratableShare(t *testing.T) {
	for _, tc := range []struct {
		mutable, migratable int
		want                string
	}{{0, 0, "-"}, {3, 0, "0%"}, {3, 2, "66%"}, {3, 3, "100%"}, {200, 199, "99%"}} {
		c := Counts{Mutable: tc.mutable, Migratable: tc.migratable}
		if got := c.MigratableShare(); got != tc.want {
			t.Errorf("%d of %d: got %q, want %q", tc.migratable, tc.mutable, got, tc.want)
		}
	}
}

func TestWriteTextSummary(t *testing.T) {
	r := sample()
	r.Sort()
	r.Summary = sampleSummary()
	var sb strings.Builder
	if err := WriteText(&sb, r, TextOptions{Context: -1, Dir: "/src/m", Analyzer: true}); err != nil {
		t.Fatal(err)
	}
	want := `model: config.yaml:2: unknown key "x"
a/a.go:1:1: other: <html> & more
m.go:7:2: badcall: call of bad
m.go:3:6: 	bad is declared here
Migration summary:
PACKAGE          HANDLERS  PURE  MUTABLE  MIGRATABLE  MIGRATABLE %  BLOCKED  OTHER  CORS ROUTES  NO OPTIONS ROUTE  OPTIONS REJECTED  EDGE HANDLERS  HOST-ONLY CALLS
example.com/m/a  4         0     3        0           0%            3        1      2            1                 1                 ?              0
example.com/m/b  3         1     2        1           50%           1        0      2            0                 0                 2              1
total            7         1     5        1           20%           4        1      4            1                 1                 ?              1
Blocked by reason:
  example.com/m/a  hijack 2, streaming 1
  example.com/m/b  streaming 1
  total            hijack 2, streaming 2
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

// decodeSARIF writes r as SARIF, checks it against the schema, and
// decodes it.
func decodeSARIF(t *testing.T, r *Result, opts SARIFOptions) *sarifLog {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(buf.Bytes()); err != nil {
		t.Errorf("%v\n%s", err, buf.String())
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return &log
}

// validateSARIF validates a SARIF log against the SARIF 2.1.0 schema of
// testdata/report (see the README there for its source), with formats
// (URIs) asserted.
func validateSARIF(data []byte) error {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(filepath.Join("..", "testdata", "report", "sarif-2.1.0.json"))
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return schema.Validate(doc)
}

func TestSARIF(t *testing.T) {
	r := sample()
	r.Sort()
	r.Analyzers = []Analyzer{{
		Name:       "badcall",
		Doc:        "badcall: report calls of bad\n\nIt reports calls.\n\ncall: a call of bad, which is bad.\nReally.",
		URL:        "https://example.com/badcall",
		Categories: []string{"call", "unused"},
	}}
	r.Summary = sampleSummary()
	log := decodeSARIF(t, r, SARIFOptions{Root: "/src/m", ToolVersion: "v1.2.3", ReadFile: readSample})
	run := log.Runs[0]
	var ids []string
	for _, rule := range run.Tool.Driver.Rules {
		ids = append(ids, rule.ID)
	}
	// Every category of the analyzers that ran, and the kinds found.
	if want := []string{"badcall/call", "badcall/unused", "other"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rules %v, want %v", ids, want)
	}
	call := run.Tool.Driver.Rules[0]
	// A category's short description names it.
	if call.ShortDescription.Text != "call: report calls of bad" || call.FullDescription.Text != "call: a call of bad, which is bad. Really." ||
		call.Help.Text != r.Analyzers[0].Doc || call.HelpURI != "https://example.com/badcall" ||
		call.DefaultConfiguration.Level != "warning" || call.Name != "BadcallCall" ||
		!reflect.DeepEqual(call.Properties.Tags, []string{"routevet", "badcall", "correctness", "call"}) {
		t.Errorf("rule badcall/call: %+v", call)
	}
	if unused := run.Tool.Driver.Rules[1]; unused.ShortDescription.Text != "unused: report calls of bad" || unused.FullDescription != nil {
		t.Errorf("rule badcall/unused: %+v", unused)
	}
	wantHelp := "**call: a call of bad, which is bad. Really.**\n\nbadcall: report calls of bad\n\nIt reports calls.\n\ncall: a call of bad, which is bad. Really.\n\n[Documentation of badcall](https://example.com/badcall)\n"
	if call.Help.Markdown != wantHelp {
		t.Errorf("help in Markdown:\n%q\nwant\n%q", call.Help.Markdown, wantHelp)
	}
	if run.AutomationDetails == nil || run.AutomationDetails.ID != "routevet/" {
		t.Errorf("automation details %+v, want id routevet/", run.AutomationDetails)
	}
	if run.Tool.Driver.Version != "v1.2.3" || run.OriginalURIBaseIDs[srcRoot].URI != "file:///src/m/" {
		t.Errorf("driver %+v, base ids %v", run.Tool.Driver, run.OriginalURIBaseIDs)
	}
	// The finding in the package and in its test variant is one result.
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2: %+v", len(run.Results), run.Results)
	}
	res := run.Results[1]
	if res.RuleID != "badcall/call" || res.RuleIndex != 0 || res.Message.Text != "call of bad" {
		t.Errorf("result: %+v", res)
	}
	loc := res.Locations[0].PhysicalLocation
	if loc.ArtifactLocation != (sarifArtifactLocation{URI: "m.go", URIBaseID: srcRoot}) ||
		*loc.Region != (sarifRegion{StartLine: 7, StartColumn: 2, EndLine: 7, EndColumn: 7}) {
		t.Errorf("location: %+v %+v", loc.ArtifactLocation, loc.Region)
	}
	if len(res.RelatedLocations) != 1 || res.RelatedLocations[0].Message.Text != "bad is declared here" {
		t.Errorf("related: %+v", res.RelatedLocations)
	}
	wantFix := sarifFix{
		Description: sarifMessage{Text: "call good instead"},
		ArtifactChanges: []sarifArtifactChange{{
			ArtifactLocation: sarifArtifactLocation{URI: "m.go", URIBaseID: srcRoot},
			Replacements:     []sarifReplacement{{DeletedRegion: sarifByteRegion{ByteOffset: 54, ByteLength: 3}, InsertedContent: &sarifContent{Text: "good"}}},
		}},
	}
	if !reflect.DeepEqual(res.Fixes, []sarifFix{wantFix}) {
		t.Errorf("fixes: %+v", res.Fixes)
	}
	// A fix without edits is not a SARIF fix.
	if other := run.Results[0]; other.RuleID != "other" || len(other.Fixes) != 0 {
		t.Errorf("result of other: %+v", other)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 ||
		inv.ToolExecutionNotifications[0].Message.Text != `model: config.yaml:2: unknown key "x"` {
		t.Errorf("invocation: %+v", inv)
	}
	if run.Properties == nil || !reflect.DeepEqual(run.Properties.MigrationSummary, r.Summary) {
		t.Errorf("properties: %+v", run.Properties)
	}
}

// TestSARIFSchemaRejects checks that the validation the tests rely on
// finds mistakes: a log that breaks the schema does not validate.
func TestSARIFSchemaRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sample(), SARIFOptions{Root: "/src/m", ReadFile: readSample}); err != nil {
		t.Fatal(err)
	}
	for _, broken := range []struct{ old, new string }{
		{`"level": "warning"`, `"level": "severe"`},
		{`"version": "2.1.0"`, `"version": "2.0.0"`},
		{`"byteLength": 3`, `"byteLength": -3`},
		{`"informationUri": "https://pkg.go.dev/github.com/routevet/routevet"`, `"informationUri": "pkg.go.dev/routevet"`},
		{`"results": [`, `"results": [{"message": {}},`},
	} {
		data := bytes.Replace(buf.Bytes(), []byte(broken.old), []byte(broken.new), 1)
		if bytes.Equal(data, buf.Bytes()) {
			t.Fatalf("%s not in the log", broken.old)
		}
		if validateSARIF(data) == nil {
			t.Errorf("a log with %s validates", broken.new)
		}
	}
}

// TestSARIFLocations checks columns in UTF-16 code units and files
// outside the root.
func TestSARIFLocations(t *testing.T) {
	files := map[string]string{"/src/m/u.go": "package m\n\nvar s = \"héllo😀\" + x\n"}
	read := func(name string) ([]byte, error) { return []byte(files[name]), nil }
	// x is at byte column 24: "é" is 2 bytes, 1 code unit; "😀" 4
	// bytes, 2 code units.
	r := &Result{Findings: []Finding{
		{Analyzer: "a", Message: "x", Pos: pos("/src/m/u.go", 3, 24, 0), End: pos("/src/m/u.go", 3, 25, 0)},
		{Analyzer: "a", Message: "y", Pos: pos("/elsewhere/v.go", 1, 1, 0), End: pos("/elsewhere/v.go", 1, 1, 0)},
	}}
	log := decodeSARIF(t, r, SARIFOptions{Root: "/src/m", ReadFile: read})
	x := log.Runs[0].Results[0].Locations[0].PhysicalLocation
	if x.Region.StartColumn != 21 || x.Region.EndColumn != 22 {
		t.Errorf("region %+v, want columns 21 to 22", x.Region)
	}
	y := log.Runs[0].Results[1].Locations[0].PhysicalLocation
	if y.ArtifactLocation != (sarifArtifactLocation{URI: "file:///elsewhere/v.go"}) {
		t.Errorf("file outside the root: %+v", y.ArtifactLocation)
	}
}

// TestSARIFFingerprints checks that fingerprints survive code moving
// above a finding (in the file and in its function), re-indenting, and
// edits to the lines a message mentions; that they change when the
// finding changes (its code, its message, its function); and that they
// tell apart findings alike in all of these.
func TestSARIFFingerprints(t *testing.T) {
	type finding struct {
		line int
		flag string // the flagged code, found on the line
		msg  string
	}
	fingerprints := func(src string, findings ...finding) []string {
		t.Helper()
		read := func(string) ([]byte, error) { return []byte(src), nil }
		lines := strings.SplitAfter(src, "\n")
		r := &Result{}
		for _, f := range findings {
			off := len(strings.Join(lines[:f.line-1], ""))
			col := strings.Index(lines[f.line-1], f.flag)
			if col < 0 {
				t.Fatalf("%q not on line %d of:\n%s", f.flag, f.line, src)
			}
			r.Findings = append(r.Findings, Finding{
				Analyzer: "a", Category: "c", Message: f.msg,
				Pos: pos("/src/m/f.go", f.line, col+1, off+col),
				End: pos("/src/m/f.go", f.line, col+1+len(f.flag), off+col+len(f.flag)),
			})
		}
		var out []string
		for _, res := range decodeSARIF(t, r, SARIFOptions{Root: "/src/m", ReadFile: read}).Runs[0].Results {
			out = append(out, res.PartialFingerprints[fingerprintV])
		}
		return out
	}
	const src = "package m\n\nfunc F(w W) {\n\tw.WriteHeader(200)\n\tbad()\n\tbad()\n}\n"
	before := fingerprints(src,
		finding{5, "bad()", "bad call after WriteHeader at line 4"},
		finding{6, "bad()", "bad call after WriteHeader at line 4"})
	if before[0] == before[1] {
		t.Errorf("findings alike have the same fingerprint %v", before[0])
	}
	for _, test := range []struct {
		what     string
		src      string
		findings []finding
		same     bool
	}{
		{"lines inserted above the function, and in it, and re-indenting",
			"package m\n\n// F is new.\n// It moved.\nfunc F(w W) {\n\t// why\n\tw.WriteHeader(200)\n\n        bad()\n\tbad()\n}\n",
			[]finding{{9, "bad()", "bad call after WriteHeader at line 7"}, {10, "bad()", "bad call after WriteHeader at line 7"}}, true},
		{"a function added above",
			"package m\n\nfunc G() {\n\tbad()\n}\n\nfunc F(w W) {\n\tw.WriteHeader(200)\n\tbad()\n\tbad()\n}\n",
			[]finding{{9, "bad()", "bad call after WriteHeader at line 8"}, {10, "bad()", "bad call after WriteHeader at line 8"}}, true},
		{"the flagged code changed",
			"package m\n\nfunc F(w W) {\n\tw.WriteHeader(200)\n\tworse()\n\tbad()\n}\n",
			[]finding{{5, "worse()", "bad call after WriteHeader at line 4"}, {6, "bad()", "bad call after WriteHeader at line 4"}}, false},
		{"the message changed",
			src,
			[]finding{{5, "bad()", "bad call after Write at line 4"}, {6, "bad()", "bad call after WriteHeader at line 4"}}, false},
		{"the function renamed",
			"package m\n\nfunc H(w W) {\n\tw.WriteHeader(200)\n\tbad()\n\tbad()\n}\n",
			[]finding{{5, "bad()", "bad call after WriteHeader at line 4"}, {6, "bad()", "bad call after WriteHeader at line 4"}}, false},
	} {
		after := fingerprints(test.src, test.findings...)
		if test.same && !reflect.DeepEqual(before, after) {
			t.Errorf("%s: fingerprints changed: %v, then %v", test.what, before, after)
		}
		if !test.same && after[0] == before[0] {
			t.Errorf("%s: fingerprint kept: %v", test.what, after[0])
		}
	}
}

func TestNormalizeMessage(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"http.Error replies (w.Write at line 12: ...)", "http.Error replies (w.Write at line #: ...)"},
		{"skips lines 3 and 14, and Line 7", "skips lines #, and Line #"},
		{"see m.go:12:3 and x.go:4", "see m.go # and x.go #"},
		{"status 404 on 2 lines", "status 404 on 2 lines"},
	} {
		if got := normalizeMessage(test.in); got != test.want {
			t.Errorf("normalizeMessage(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}

// TestSARIFRulesUnique checks that each rule id is there once, whether
// analyzers declare a category twice, share a name, or findings come of
// categories no analyzer declares.
func TestSARIFRulesUnique(t *testing.T) {
	r := sample()
	r.Analyzers = []Analyzer{
		{Name: "badcall", Categories: []string{"call", "call", "unused"}},
		{Name: "badcall", Categories: []string{"unused"}},
		{Name: "other"},
	}
	r.Findings = append(r.Findings, Finding{Analyzer: "badcall", Category: "new", Message: "x", Pos: pos("/src/m/m.go", 1, 1, 0)})
	run := decodeSARIF(t, r, SARIFOptions{Root: "/src/m", ReadFile: readSample}).Runs[0]
	var ids []string
	for i, rule := range run.Tool.Driver.Rules {
		ids = append(ids, rule.ID)
		if i > 0 && ids[i-1] >= rule.ID {
			t.Errorf("rules not sorted or not unique: %v", ids)
		}
	}
	if want := []string{"badcall/call", "badcall/new", "badcall/unused", "other"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rules %v, want %v", ids, want)
	}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result of %s has the index of %s", res.RuleID, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
	}
}

// TestSARIFCodeFlows checks that a finding that is a path has a code
// flow, its related positions in their order then the finding, and that
// other findings have none.
func TestSARIFCodeFlows(t *testing.T) {
	file := "/src/m/m.go"
	steps := []Related{
		{Pos: pos(file, 7, 2, 54), End: pos(file, 7, 7, 59), Message: "the handler"},
		{Pos: pos("/src/m/a/a.go", 1, 1, 0), Message: "calls load"},
		{Pos: pos(file, 3, 6, 15), End: pos(file, 3, 9, 18), Message: "calls bad"}, // above the handler: not sorted
	}
	r := &Result{Findings: []Finding{
		{Analyzer: "edgeruntime", Category: "filesystem", Message: "os.Open on the edge", Pos: pos(file, 6, 3, 40), End: pos(file, 6, 6, 43), Related: steps},
		{Analyzer: "mutablewriter", Category: "header-after-commit", Message: "header dropped", Pos: pos(file, 5, 1, 30)},
		{Analyzer: "mutablewriter", Category: "superfluous-writeheader", Message: "header dropped", Pos: pos(file, 4, 1, 20), Related: steps},
		{Analyzer: "mutablewriter", Category: "write-after-error-reply", Message: "no return after the reply", Pos: pos(file, 2, 1, 10), Related: steps[2:]},
		{Analyzer: "purehandler", Category: "blocked", Message: "not a path", Pos: pos(file, 5, 1, 30), Related: steps[:1]},
	}}
	run := decodeSARIF(t, r, SARIFOptions{Root: "/src/m", ReadFile: readSample}).Runs[0]
	type step struct {
		uri  string
		line int
		msg  string
	}
	flow := func(res sarifResult) []step {
		if len(res.CodeFlows) != 1 || len(res.CodeFlows[0].ThreadFlows) != 1 {
			t.Fatalf("%s: code flows %+v, want one with one thread flow", res.RuleID, res.CodeFlows)
		}
		var out []step
		for i, loc := range res.CodeFlows[0].ThreadFlows[0].Locations {
			if loc.ExecutionOrder != i+1 {
				t.Errorf("%s: step %d has execution order %d", res.RuleID, i+1, loc.ExecutionOrder)
			}
			pl := loc.Location.PhysicalLocation
			out = append(out, step{pl.ArtifactLocation.URI, pl.Region.StartLine, loc.Location.Message.Text})
		}
		return out
	}
	byRule := make(map[string]sarifResult)
	for _, res := range run.Results {
		byRule[res.RuleID] = res
	}
	// edgeruntime reports at the handler's call: the handler, the
	// finding, then the chain.
	want := []step{{"m.go", 7, "the handler"}, {"m.go", 6, "os.Open on the edge"}, {"a/a.go", 1, "calls load"}, {"m.go", 3, "calls bad"}}
	if got := flow(byRule["edgeruntime/filesystem"]); !reflect.DeepEqual(got, want) {
		t.Errorf("edgeruntime's path: %v, want %v", got, want)
	}
	want = []step{{"m.go", 7, "the handler"}, {"a/a.go", 1, "calls load"}, {"m.go", 3, "calls bad"}, {"m.go", 4, "header dropped"}}
	if got := flow(byRule["mutablewriter/superfluous-writeheader"]); !reflect.DeepEqual(got, want) {
		t.Errorf("mutablewriter's path: %v, want the steps then the finding %v", got, want)
	}
	// A reply with no return after it starts its path.
	want = []step{{"m.go", 2, "no return after the reply"}, {"m.go", 3, "calls bad"}}
	if got := flow(byRule["mutablewriter/write-after-error-reply"]); !reflect.DeepEqual(got, want) {
		t.Errorf("write-after-error-reply's path: %v, want the finding then the use %v", got, want)
	}
	if got := flow(byRule["mutablewriter/header-after-commit"]); !reflect.DeepEqual(got, []step{{"m.go", 5, "header dropped"}}) {
		t.Errorf("a path without related positions: %v, want the finding alone", got)
	}
	if res := byRule["purehandler/blocked"]; res.CodeFlows != nil || len(res.RelatedLocations) != 1 || res.Level != "note" {
		t.Errorf("purehandler's finding: %+v, want no code flow, its related location, level note", res)
	}
	for _, id := range PathRules() {
		if a, c, _ := strings.Cut(id, "/"); !IsPath(a, c) {
			t.Errorf("IsPath(%s) is false", id)
		}
	}
}

// TestSARIFLimits checks that the log keeps within GitHub code
// scanning's limits on results per run and locations per result, and
// says what it left out.
func TestSARIFLimits(t *testing.T) {
	var warnings []string
	opts := SARIFOptions{Root: "/src/m", ReadFile: readSample, Warn: func(msg string) { warnings = append(warnings, msg) }}
	const n = 25_001
	r := &Result{Findings: make([]Finding, n)}
	for i := range r.Findings {
		r.Findings[i] = Finding{Analyzer: "a", Message: "m", Pos: pos("/src/m/big.go", i+1, 1, 0)}
	}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 25_000 || run.Results[24_999].Locations[0].PhysicalLocation.Region.StartLine != 25_000 {
		t.Errorf("%d results, want the first 25000", len(run.Results))
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	if len(warnings) != 1 || !strings.Contains(warnings[0], "25001 findings, more than the 25000 results") ||
		len(notes) != 1 || notes[0].Level != "warning" || notes[0].Message.Text != warnings[0] {
		t.Errorf("warnings %q, notifications %+v", warnings, notes)
	}

	// A path of 1,500 steps: 999 related locations beside the result's
	// location, the whole path in the code flow.
	warnings = nil
	f := Finding{Analyzer: "edgeruntime", Category: "network", Message: "dial", Pos: pos("/src/m/m.go", 1, 1, 0)}
	for i := range 1500 {
		f.Related = append(f.Related, Related{Pos: pos("/src/m/m.go", 1, 1, 0), Message: fmt.Sprintf("step %d", i+1)})
	}
	res := decodeSARIF(t, &Result{Findings: []Finding{f}}, opts).Runs[0].Results[0]
	if len(res.RelatedLocations) != 999 || len(res.CodeFlows[0].ThreadFlows[0].Locations) != 1501 || len(warnings) != 1 {
		t.Errorf("%d related locations, %d steps, warnings %q; want 999, 1501 and one warning",
			len(res.RelatedLocations), len(res.CodeFlows[0].ThreadFlows[0].Locations), warnings)
	}
}

func TestMarkdown(t *testing.T) {
	r := sample()
	r.Sort()
	r.Findings = append(r.Findings, Finding{
		Package: "example.com/m", Analyzer: "badcall", Category: "call", Message: "a|b *c* `d` [e](f)",
		Pos: pos("/src/m/m.go", 9, 1, 80), End: pos("/src/m/m.go", 9, 1, 80),
	}, Finding{
		Package: "x", Analyzer: "badcall", Message: "far away",
		Pos: pos("/elsewhere/x.go", 1, 1, 0), End: pos("/elsewhere/x.go", 1, 1, 0),
	})
	r.Sort()
	var sb strings.Builder
	if err := WriteMarkdown(&sb, r, MarkdownOptions{Root: "/src/m"}); err != nil {
		t.Fatal(err)
	}
	want := "## routevet\n\n4 findings (2 with a suggested fix), 1 failed analysis.\n" + `
### badcall (3 findings)

| Location | Category | Finding |
| --- | --- | --- |
| /elsewhere/x.go:1:1 |  | far away |
| [m.go:7:2](m.go#L7) | ` + "`call`" + ` | call of bad _(suggested fix: call good instead)_<br>[m.go:3:6](m.go#L3): bad is declared here |
| [m.go:9:1](m.go#L9) | ` + "`call`" + ` | a\|b \*c\* \` + "`d\\`" + ` \[e\](f) |

### other (1 finding)

| Location | Category | Finding |
| --- | --- | --- |
| [a/a.go:1:1](a/a.go#L1) |  | &lt;html&gt; & more _(suggested fix: nothing)_ |

### Failed analyses

- ` + "`model`" + `: config.yaml:2: unknown key "x"
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}

	sb.Reset()
	if err := WriteMarkdown(&sb, &Result{Summary: sampleSummary()}, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	want = `## routevet

No findings.

### Migration summary

| Package | Handlers | Pure | Mutable | Auto-migratable | Auto-migratable % | Blocked | Other | CORS routes | No OPTIONS route | OPTIONS rejected | Edge handlers | Host-only calls |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ` + "`example.com/m/a`" + ` | 4 | 0 | 3 | 0 | 0% | 3 | 1 | 2 | 1 | 1 | ? | 0 |
| ` + "`example.com/m/b`" + ` | 3 | 1 | 2 | 1 | 50% | 1 | 0 | 2 | 0 | 0 | 2 | 1 |
| **Total** | 7 | 1 | 5 | 1 | 20% | 4 | 1 | 4 | 1 | 1 | ? | 1 |

Blocked by reason:

- ` + "`example.com/m/a`" + `: hijack 2, streaming 1
- ` + "`example.com/m/b`" + `: streaming 1
- **Total**: hijack 2, streaming 2
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

// TestYAMLIsJSON checks that the YAML holds the JSON's data, with and
// without a summary.
func TestYAMLIsJSON(t *testing.T) {
	for _, summary := range []*Summary{nil, sampleSummary()} {
		r := sample()
		r.Sort()
		r.Summary = summary
		var js, ys bytes.Buffer
		if err := WriteJSON(&js, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteYAML(&ys, r); err != nil {
			t.Fatal(err)
		}
		var fromYAML any
		if err := yaml.Unmarshal(ys.Bytes(), &fromYAML); err != nil {
			t.Fatal(err)
		}
		// Through JSON, numbers are alike. A fix without edits has
		// "edits": null in JSON, as in go vet's, and "edits: []" in YAML.
		data, err := json.Marshal(fromYAML)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		json.Unmarshal(data, &a)
		json.Unmarshal(bytes.ReplaceAll(js.Bytes(), []byte(`"edits": null`), []byte(`"edits": []`)), &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("YAML:\n%s\nis not the JSON:\n%s", ys.String(), js.String())
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); got != f || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat accepted xml")
	}
}

// TestSARIFHelpMarkdown checks that rule help renders an analyzer's doc
// comment as Markdown GitHub shows: headings without {#id}, code blocks
// kept.
func TestSARIFHelpMarkdown(t *testing.T) {
	a := Analyzer{Name: "x", Doc: "x: find things\n\n# How it decides\n\nIt looks:\n\n\tcode()\n", URL: "https://example.com/x"}
	got := newSARIFRule(a, "c").Help.Markdown
	want := "x: find things\n\n## How it decides\n\nIt looks:\n\n\tcode()\n\n[Documentation of x](https://example.com/x)\n"
	if got != want {
		t.Errorf("help:\n%q\nwant\n%q", got, want)
	}
}
