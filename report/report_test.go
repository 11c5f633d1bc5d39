package report

import (
	"strings"
	"testing"
)

func pos(file string, line, col, offset int) Position {
	return Position{File: file, Line: line, Column: col, Offset: offset}
}

// sample is a result as a driver makes it: a finding in a file of both a
// package and its test variant, with a fix and a related position, and
// an analyzer that failed on two packages, failing another on one.
func sample() *Result {
	call := Finding{
		Package:  "example.com/m",
		Analyzer: "badcall",
		Category: "call",
		Message:  "call of bad",
		Pos:      pos("/src/m/m.go", 7, 2, 54),
		End:      pos("/src/m/m.go", 7, 7, 59),
		Fixes: []Fix{{
			Message: "call good instead",
			Edits:   []Edit{{File: "/src/m/m.go", Start: 54, End: 57, New: "good"}},
		}},
		Related: []Related{{Pos: pos("/src/m/m.go", 3, 6, 15), End: pos("/src/m/m.go", 3, 6, 15), Message: "bad is declared here"}},
	}
	inTest := call
	inTest.Package = "example.com/m [example.com/m.test]"
	other := Finding{
		Package:  "example.com/m/a",
		Analyzer: "other",
		Message:  "<html> & more",
		Pos:      pos("/src/m/a/a.go", 1, 1, 0),
		End:      pos("/src/m/a/a.go", 1, 1, 0),
		Fixes:    []Fix{{Message: "nothing"}},
	}
	return &Result{
		Findings: []Finding{other, inTest, call},
		Errors: []Error{
			{Package: "example.com/m/b", Analyzer: "model", Message: "config.yaml:2: unknown key \"x\""},
			{Package: "example.com/m/b", Analyzer: "badcall", Message: "failed prerequisites: model@example.com/m/b", Prerequisite: true},
			{Package: "example.com/m/c", Analyzer: "model", Message: "config.yaml:2: unknown key \"x\""},
		},
	}
}

func TestSort(t *testing.T) {
	r := sample()
	r.Sort()
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.Package+" "+f.Pos.String())
	}
	want := []string{
		"example.com/m/a /src/m/a/a.go:1:1",
		"example.com/m /src/m/m.go:7:2",
		"example.com/m [example.com/m.test] /src/m/m.go:7:2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings in order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Errors[0].Message != "config.yaml:2: unknown key \"x\"" || r.Errors[2].Analyzer != "badcall" {
		t.Errorf("errors not sorted by message: %v", r.Errors)
	}
}

func TestPositionString(t *testing.T) {
	for _, test := range []struct {
		p    Position
		want string
	}{
		{pos("/a.go", 3, 4, 10), "/a.go:3:4"},
		{pos("/a.go", 3, 0, 10), "/a.go:3"},
		{Position{File: "/a.go"}, "/a.go"},
		{Position{}, "-"},
	} {
		if got := test.p.String(); got != test.want {
			t.Errorf("%#v.String() = %q, want %q", test.p, got, test.want)
		}
	}
}

func TestWriteText(t *testing.T) {
	r := sample()
	r.Sort()
	var sb strings.Builder
	if err := WriteText(&sb, r, TextOptions{Context: -1, Dir: "/src/m"}); err != nil {
		t.Fatal(err)
	}
	// Each error once, without the one that only follows from another;
	// each finding once, with paths relative to Dir.
	want := `model: config.yaml:2: unknown key "x"
a/a.go:1:1: <html> & more
m.go:7:2: call of bad
m.go:3:6: 	bad is declared here
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

func TestWriteTextContext(t *testing.T) {
	files := map[string]string{"/src/m/m.go": "package m\n\nfunc bad() {}\n\nfunc F() {\n\tbad()\n}\n"}
	r := &Result{Findings: []Finding{{
		Analyzer: "badcall",
		Message:  "call of bad",
		Pos:      pos("/src/m/m.go", 6, 2, 0),
		End:      pos("/src/m/m.go", 6, 7, 0),
		Related:  []Related{{Pos: pos("/src/m/m.go", 3, 6, 0), Message: "declared here"}},
	}}}
	var sb strings.Builder
	opts := TextOptions{
		Context:  1,
		ReadFile: func(name string) ([]byte, error) { return []byte(files[name]), nil },
	}
	if err := WriteText(&sb, r, opts); err != nil {
		t.Fatal(err)
	}
	want := `/src/m/m.go:6:2: call of bad
5	func F() {
6		bad()
7	}
/src/m/m.go:3:6: 	declared here
2	
3	func bad() {}
4	
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	r := sample()
	r.Sort()
	var sb strings.Builder
	if err := WriteJSON(&sb, r); err != nil {
		t.Fatal(err)
	}
	// go vet -json's form: every package's findings, errors (those that
	// follow from others too), HTML-escaped strings as encoding/json
	// writes them, and null edits for a fix without any.
	want := `{
	"example.com/m": {
		"badcall": [
			{
				"category": "call",
				"posn": "/src/m/m.go:7:2",
				"end": "/src/m/m.go:7:7",
				"message": "call of bad",
				"suggested_fixes": [
					{
						"message": "call good instead",
						"edits": [
							{
								"filename": "/src/m/m.go",
								"start": 54,
								"end": 57,
								"new": "good"
							}
						]
					}
				],
				"related": [
					{
						"posn": "/src/m/m.go:3:6",
						"end": "/src/m/m.go:3:6",
						"message": "bad is declared here"
					}
				]
			}
		]
	},
	"example.com/m [example.com/m.test]": {
		"badcall": [
			{
				"category": "call",
				"posn": "/src/m/m.go:7:2",
				"end": "/src/m/m.go:7:7",
				"message": "call of bad",
				"suggested_fixes": [
					{
						"message": "call good instead",
						"edits": [
							{
								"filename": "/src/m/m.go",
								"start": 54,
								"end": 57,
								"new": "good"
							}
						]
					}
				],
				"related": [
					{
						"posn": "/src/m/m.go:3:6",
						"end": "/src/m/m.go:3:6",
						"message": "bad is declared here"
					}
				]
			}
		]
	},
	"example.com/m/a": {
		"other": [
			{
				"posn": "/src/m/a/a.go:1:1",
				"end": "/src/m/a/a.go:1:1",
				"message": "\u003chtml\u003e \u0026 more",
				"suggested_fixes": [
					{
						"message": "nothing",
						"edits": null
					}
				]
			}
		]
	},
	"example.com/m/b": {
		"badcall": {
			"error": "failed prerequisites: model@example.com/m/b"
		},
		"model": {
			"error": "config.yaml:2: unknown key \"x\""
		}
	},
	"example.com/m/c": {
		"model": {
			"error": "config.yaml:2: unknown key \"x\""
		}
	}
}
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}

func TestWriteJSONEmpty(t *testing.T) {
	var sb strings.Builder
	if err := WriteJSON(&sb, new(Result)); err != nil {
		t.Fatal(err)
	}
	if sb.String() != "{}\n" {
		t.Errorf("got %q, want {}", sb.String())
	}
}
