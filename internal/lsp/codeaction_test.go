package lsp

import (
	"fmt"
	"testing"

	"github.com/routevet/routevet/internal/lsp/protocol"
)

func TestWants(t *testing.T) {
	for _, tc := range []struct {
		only []string
		kind string
		want bool
	}{
		{nil, protocol.KindQuickFix, true},
		{nil, protocol.KindFixAll, true},
		{[]string{"quickfix"}, protocol.KindQuickFix, true},
		{[]string{"quickfix"}, protocol.KindFixAll, false},
		{[]string{"source"}, protocol.KindFixAll, true},
		{[]string{"source.fixAll"}, protocol.KindFixAll, true},
		{[]string{"source.fix"}, protocol.KindFixAll, false}, // a prefix, not a parent kind
		{[]string{"source.organizeImports"}, protocol.KindFixAll, false},
		{[]string{"refactor", "source.fixAll.routevet"}, protocol.KindFixAll, true},
	} {
		if got := wants(tc.only, tc.kind); got != tc.want {
			t.Errorf("wants(%q, %q) = %v, want %v", tc.only, tc.kind, got, tc.want)
		}
	}
}

func TestOverlaps(t *testing.T) {
	r := func(l1, c1, l2, c2 uint32) protocol.Range {
		return protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
	}
	finding := r(3, 10, 3, 13)
	for _, tc := range []struct {
		req  protocol.Range
		want bool
	}{
		{r(3, 11, 3, 11), true},  // cursor inside
		{r(3, 13, 3, 13), true},  // cursor just after
		{r(3, 10, 3, 10), true},  // cursor at the start
		{r(3, 0, 4, 0), true},    // the whole line
		{r(3, 14, 3, 20), false}, // after it on the line
		{r(2, 0, 3, 9), false},   // ends just before
		{r(0, 0, 9, 0), true},    // a selection around it
	} {
		if got := overlaps(finding, tc.req); got != tc.want {
			t.Errorf("overlaps(%v, %v) = %v, want %v", finding, tc.req, got, tc.want)
		}
	}
}

// TestFixAll checks how fix-all merges fixes: identical edits once,
// overlapping or same-place fixes skipped whole, stale files left out.
func TestFixAll(t *testing.T) {
	s, err := newServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	one := int32(1)
	s.docs["/m/a.go"] = &document{uri: "file:///m/a.go", version: 1}
	s.docs["/m/b.go"] = &document{uri: "file:///m/b.go", version: 5} // analyzed at version 1: stale
	e := func(file string, start, end int, text string) edit {
		return edit{file: file, uri: "file://" + file, version: &one, start: start, end: end, newText: text}
	}
	withFix := func(edits ...edit) *finding {
		return &finding{fixes: []fix{{title: "fix", edits: edits}}}
	}
	importErrors := e("/m/a.go", 20, 20, "\t\"errors\"\n")
	fr := &fileResult{version: &one, findings: []*finding{
		withFix(importErrors, e("/m/a.go", 100, 103, "http.StatusNotFound")),
		withFix(importErrors, e("/m/a.go", 200, 210, "errors.New(x)")),       // shares the import: taken
		withFix(e("/m/a.go", 205, 208, "y")),                                 // inside an edit taken: skipped
		withFix(e("/m/a.go", 300, 300, "// a\n"), e("/m/a.go", 90, 95, "z")), // second edit fine, first fine
		withFix(e("/m/a.go", 300, 300, "// b\n")),                            // same place, other text: skipped
		withFix(e("/m/a.go", 400, 405, "ok"), e("/m/b.go", 1, 2, "x")),       // edits a stale file: skipped
		{}, // no fix
	}}
	got := s.fixAllLocked(fr)
	want := []string{
		`/m/a.go [20,20) "\t\"errors\"\n"`,
		`/m/a.go [100,103) "http.StatusNotFound"`,
		`/m/a.go [200,210) "errors.New(x)"`,
		`/m/a.go [300,300) "// a\n"`,
		`/m/a.go [90,95) "z"`,
	}
	if len(got) != len(want) {
		t.Fatalf("fix-all took %d edits, want %d: %+v", len(got), len(want), got)
	}
	for i, e := range got {
		if s := fmt.Sprintf("%s [%d,%d) %q", e.file, e.start, e.end, e.newText); s != want[i] {
			t.Errorf("edit %d: %s, want %s", i, s, want[i])
		}
	}

	// The workspace edit sorts each document's edits.
	s.clientCaps.Workspace.WorkspaceEdit.DocumentChanges = true
	we := s.workspaceEditLocked(got)
	if len(we.DocumentChanges) != 1 || len(we.DocumentChanges[0].Edits) != 5 || we.DocumentChanges[0].Edits[1].NewText != "z" ||
		we.DocumentChanges[0].TextDocument.Version == nil || *we.DocumentChanges[0].TextDocument.Version != 1 {
		t.Errorf("workspace edit %+v", we)
	}
}
