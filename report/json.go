package report

import (
	"encoding/json"
	"io"
)

// The JSON types are the schema of go vet -json, which every
// golang.org/x/tools analysis driver prints and the go command parses.

// A JSONTree maps each package ID to each analyzer's result on it: either
// a JSONError or a list of JSONDiagnostic. Packages and analyzers with
// neither are absent.
type JSONTree map[string]map[string]any

// A JSONError is an analysis that failed.
type JSONError struct {
	Err string `json:"error" yaml:"error"`
}

// A JSONDiagnostic is one finding. Positions are "file:line:column".
type JSONDiagnostic struct {
	Category       string             `json:"category,omitempty" yaml:"category,omitempty"`
	Posn           string             `json:"posn" yaml:"posn"`
	End            string             `json:"end" yaml:"end"`
	Message        string             `json:"message" yaml:"message"`
	SuggestedFixes []JSONSuggestedFix `json:"suggested_fixes,omitempty" yaml:"suggested_fixes,omitempty"`
	Related        []JSONRelated      `json:"related,omitempty" yaml:"related,omitempty"`
}

// A JSONSuggestedFix is a fix whose edits apply together or not at all.
type JSONSuggestedFix struct {
	Message string         `json:"message" yaml:"message"`
	Edits   []JSONTextEdit `json:"edits" yaml:"edits"`
}

// A JSONTextEdit replaces the bytes [Start, End) of Filename with New.
type JSONTextEdit struct {
	Filename string `json:"filename" yaml:"filename"`
	Start    int    `json:"start" yaml:"start"`
	End      int    `json:"end" yaml:"end"`
	New      string `json:"new" yaml:"new"`
}

// A JSONRelated is a secondary position of a diagnostic.
type JSONRelated struct {
	Posn    string `json:"posn" yaml:"posn"`
	End     string `json:"end" yaml:"end"`
	Message string `json:"message" yaml:"message"`
}

// Tree returns r in go vet's JSON schema. Unlike WriteText it keeps every
// package's findings, as go vet -json does, and the errors that only say a
// prerequisite failed.
func Tree(r *Result) JSONTree {
	tree := make(JSONTree)
	put := func(pkg, analyzer string, v any) {
		m, ok := tree[pkg]
		if !ok {
			m = make(map[string]any)
			tree[pkg] = m
		}
		m[analyzer] = v
	}
	for _, f := range r.Findings {
		diags, _ := tree[f.Package][f.Analyzer].([]JSONDiagnostic)
		put(f.Package, f.Analyzer, append(diags, jsonDiagnostic(f)))
	}
	// A failed analysis has an error instead of diagnostics.
	for _, e := range r.Errors {
		put(e.Package, e.Analyzer, JSONError{e.Message})
	}
	return tree
}

func jsonDiagnostic(f Finding) JSONDiagnostic {
	d := JSONDiagnostic{
		Category: f.Category,
		Posn:     f.Pos.String(),
		End:      f.End.String(),
		Message:  f.Message,
	}
	for _, fix := range f.Fixes {
		jf := JSONSuggestedFix{Message: fix.Message}
		for _, e := range fix.Edits {
			jf.Edits = append(jf.Edits, JSONTextEdit{e.File, e.Start, e.End, e.New})
		}
		d.SuggestedFixes = append(d.SuggestedFixes, jf)
	}
	for _, rel := range f.Related {
		d.Related = append(d.Related, JSONRelated{rel.Pos.String(), rel.End.String(), rel.Message})
	}
	return d
}

// A JSONReport is what -json writes when the result has a summary: go
// vet's tree under "diagnostics", and the summary. Without a summary the
// tree alone is written, as go vet writes it.
type JSONReport struct {
	Diagnostics JSONTree `json:"diagnostics" yaml:"diagnostics"`
	Summary     *Summary `json:"summary" yaml:"summary"`
}

// document returns what the JSON and YAML formats write of r.
func document(r *Result) any {
	if r.Summary != nil {
		return JSONReport{Tree(r), r.Summary}
	}
	return Tree(r)
}

// WriteJSON writes r as go vet -json does: the JSONTree, indented with
// tabs, and a newline; with a summary, a JSONReport.
func WriteJSON(w io.Writer, r *Result) error {
	data, err := json.MarshalIndent(document(r), "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
