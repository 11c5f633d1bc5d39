package driver

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/report"
)

// lenient lets analysistest.Run load fixtures without checking their
// // want comments: the analyzers' own tests check those.
type lenient struct{ *testing.T }

func (lenient) Errorf(string, ...any) {}

// TestFixturesSARIF writes the findings of every analyzer on its
// fixtures (testdata/src/NAME/...) as SARIF, and checks that the log
// validates against the SARIF 2.1.0 schema, that no two rules share an
// id, and that every finding that is a path (report.IsPath) has a code
// flow: its related locations in order, then its own location.
func TestFixturesSARIF(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes the standard library from source")
	}
	testdata := repoTestdata(t)
	suite := realSuite()
	for _, e := range suite {
		a := e.Analyzer
		t.Run(a.Name, func(t *testing.T) {
			res := &report.Result{Analyzers: describe(suite, []*analysis.Analyzer{a})}
			for _, r := range analysistest.Run(lenient{t}, testdata, a, a.Name+"/...") {
				for _, d := range r.Diagnostics {
					res.Findings = append(res.Findings, testFinding(r.Pass, d))
				}
			}
			if len(res.Findings) == 0 {
				t.Fatalf("no findings on %s's fixtures", a.Name)
			}
			res.Sort()
			var buf bytes.Buffer
			if err := report.WriteSARIF(&buf, res, report.SARIFOptions{Root: testdata}); err != nil {
				t.Fatal(err)
			}
			validateSARIF(t, buf.String())
			checkSARIF(t, buf.Bytes(), res)
		})
	}
}

// testFinding converts a diagnostic as the driver does.
func testFinding(pass *analysis.Pass, d analysis.Diagnostic) report.Finding {
	fset := pass.Fset
	f := report.Finding{
		Package:  pass.Pkg.Path(),
		Analyzer: pass.Analyzer.Name,
		Category: d.Category,
		Message:  d.Message,
		Pos:      position(fset, d.Pos),
		End:      position(fset, orPos(d.End, d.Pos)),
	}
	for _, fix := range d.SuggestedFixes {
		rf := report.Fix{Message: fix.Message}
		for _, e := range fix.TextEdits {
			tf := fset.File(e.Pos)
			rf.Edits = append(rf.Edits, report.Edit{File: tf.Name(), Start: tf.Offset(e.Pos), End: tf.Offset(orPos(e.End, e.Pos)), New: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, rf)
	}
	for _, rel := range d.Related {
		f.Related = append(f.Related, report.Related{Pos: position(fset, rel.Pos), End: position(fset, orPos(rel.End, rel.Pos)), Message: rel.Message})
	}
	return f
}

// The parts of a SARIF log checkSARIF reads.
type (
	sarifLocation struct {
		PhysicalLocation struct {
			ArtifactLocation struct{ URI, URIBaseID string }
			Region           *struct{ StartLine, StartColumn int }
		}
		Message *struct{ Text string }
	}
	sarifLog struct {
		Runs []struct {
			AutomationDetails *struct{ ID string }
			Tool              struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID              string
				Locations           []sarifLocation
				RelatedLocations    []sarifLocation
				PartialFingerprints map[string]string
				CodeFlows           []struct {
					ThreadFlows []struct {
						Locations []struct {
							Location       sarifLocation
							ExecutionOrder int
						}
					}
				}
			}
		}
	}
)

// checkSARIF checks what GitHub code scanning needs beyond the schema:
// one run with an automation id, unique rules, a fingerprint per result,
// and for path findings, a code flow along the related locations in
// order, then the result's location.
func checkSARIF(t *testing.T, data []byte, res *report.Result) {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || log.Runs[0].AutomationDetails == nil || log.Runs[0].AutomationDetails.ID == "" {
		t.Fatalf("want one run with an automation id: %d runs", len(log.Runs))
	}
	run := log.Runs[0]
	seen := make(map[string]bool)
	for _, rule := range run.Tool.Driver.Rules {
		if seen[rule.ID] {
			t.Errorf("rule %s twice", rule.ID)
		}
		seen[rule.ID] = true
	}
	paths := 0
	for _, r := range run.Results {
		where := r.RuleID
		if len(r.Locations) == 1 && r.Locations[0].PhysicalLocation.Region != nil {
			where = r.Locations[0].PhysicalLocation.ArtifactLocation.URI + ": " + where
		}
		if !seen[r.RuleID] || len(r.PartialFingerprints) == 0 {
			t.Errorf("%s: rule declared %v, fingerprints %v", where, seen[r.RuleID], r.PartialFingerprints)
		}
		analyzer, category, _ := strings.Cut(r.RuleID, "/")
		if !report.IsPath(analyzer, category) {
			if r.CodeFlows != nil {
				t.Errorf("%s: a code flow, but not a path", where)
			}
			continue
		}
		paths++
		if len(r.CodeFlows) != 1 || len(r.CodeFlows[0].ThreadFlows) != 1 {
			t.Errorf("%s: a path without one code flow of one thread flow", where)
			continue
		}
		var got []sarifLocation
		for i, step := range r.CodeFlows[0].ThreadFlows[0].Locations {
			if step.ExecutionOrder != i+1 {
				t.Errorf("%s: step %d has execution order %d", where, i+1, step.ExecutionOrder)
			}
			got = append(got, step.Location)
		}
		// The flow's steps are the related locations with the result's
		// location in its place (report.StepsBefore); the result's
		// location has no message, its step has.
		before := report.StepsBefore(analyzer, category, len(r.RelatedLocations))
		want := append(slices.Clone(r.RelatedLocations[:before]), r.Locations[0])
		want = append(want, r.RelatedLocations[before:]...)
		for i := range got {
			got[i].Message = nil
		}
		for i := range want {
			want[i].Message = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: code flow %+v, want the related locations then the result's: %+v", where, got, want)
		}
	}
	t.Logf("%d results, %d of them paths", len(run.Results), paths)
}
