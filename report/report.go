// Package report holds the outcome of a routevet run as data, and writes
// it in the formats users read: text like go vet's, go vet's JSON, YAML,
// SARIF for code scanning, and Markdown for pull requests and CI step
// summaries. A run may add a migration Summary, which every format shows.
//
// A driver fills a Result from its analysis (every position already
// resolved to a file, line, column and byte offset), sorts it, and hands
// it to a writer. Writers never see token positions or analyzer objects,
// so a new format is a function of a Result alone.
package report

import (
	"cmp"
	"go/token"
	"slices"
)

// A Result is what one run found: the findings of every analyzer on every
// package, and the analyses that failed.
type Result struct {
	Findings []Finding
	Errors   []Error
	// Analyzers describes the analyzers that ran, for the formats that
	// document their findings (SARIF's rules). It may be empty.
	Analyzers []Analyzer
	// Summary is the migration summary, when one was asked for.
	Summary *Summary
}

// An Analyzer is what a report says about an analyzer: its name, its
// documentation (first line a summary, as analysis.Analyzer.Doc), the URL
// of that documentation, and the categories of its findings.
type Analyzer struct {
	Name       string
	Doc        string
	URL        string
	Categories []string
}

// A Finding is one diagnostic reported by an analyzer on a package.
type Finding struct {
	// Package is the ID of the analyzed package, as go list -test
	// names it: "example.com/m", or "example.com/m [example.com/m.test]"
	// for the package with its tests. A file that belongs to several
	// packages may have the same finding in each.
	Package  string
	Analyzer string
	Category string // the diagnostic's category, or ""
	Message  string
	URL      string // documentation of the finding, or ""
	// Pos and End delimit the offending code. End is Pos for a finding
	// with no extent.
	Pos, End Position
	Fixes    []Fix // suggested fixes; a driver that applies fixes uses the first
	Related  []Related
}

// A Position is a place in a source file.
type Position struct {
	File   string // absolute path
	Line   int    // 1-based
	Column int    // 1-based, in bytes
	Offset int    // 0-based byte offset
}

// IsValid reports whether p is a position at all.
func (p Position) IsValid() bool { return p.Line > 0 }

// String returns "file:line:column", as go/token prints positions.
func (p Position) String() string {
	return token.Position{Filename: p.File, Offset: p.Offset, Line: p.Line, Column: p.Column}.String()
}

// A Related is a secondary position of a finding, with its own message.
type Related struct {
	Pos, End Position
	Message  string
}

// A Fix is a suggested fix: edits to apply together, or not at all.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes [Start, End) of File with New.
type Edit struct {
	File       string
	Start, End int
	New        string
}

// An Error is an analysis that failed on a package.
type Error struct {
	Package  string
	Analyzer string
	Message  string
	// Prerequisite is set when the analysis did not run because an
	// analysis it requires failed: that failure, reported in its own
	// right, is the one to read.
	Prerequisite bool
}

// Sort puts r in a deterministic order: findings by file, line, column,
// analyzer, message and package; analyzers by name; errors by message,
// analyzer and package.
func (r *Result) Sort() {
	slices.SortStableFunc(r.Findings, func(x, y Finding) int {
		return cmp.Or(
			cmp.Compare(x.Pos.File, y.Pos.File),
			cmp.Compare(x.Pos.Line, y.Pos.Line),
			cmp.Compare(x.Pos.Column, y.Pos.Column),
			cmp.Compare(x.Analyzer, y.Analyzer),
			cmp.Compare(x.Message, y.Message),
			cmp.Compare(x.Package, y.Package),
		)
	})
	slices.SortStableFunc(r.Analyzers, func(x, y Analyzer) int { return cmp.Compare(x.Name, y.Name) })
	slices.SortStableFunc(r.Errors, func(x, y Error) int {
		return cmp.Or(
			cmp.Compare(x.Message, y.Message),
			cmp.Compare(x.Analyzer, y.Analyzer),
			cmp.Compare(x.Package, y.Package),
		)
	})
}

// distinctFindings returns the findings without the copies a file that
// belongs to several packages (a package and its test variant) yields: the
// formats that show each finding once, rather than per package, use it.
func distinctFindings(findings []Finding) []Finding {
	type key struct {
		pos, end          Position
		analyzer, message string
	}
	seen := make(map[key]bool)
	var out []Finding
	for _, f := range findings {
		k := key{f.Pos, f.End, f.Analyzer, f.Message}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// distinctErrors returns the errors once each, without those that only
// say a prerequisite failed: the failure itself is among them.
func distinctErrors(errs []Error) []Error {
	type key struct{ analyzer, message string }
	seen := make(map[key]bool)
	var out []Error
	for _, e := range errs {
		k := key{e.Analyzer, e.Message}
		if !e.Prerequisite && !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// ruleID names the kind of a finding: "analyzer/category", or the
// analyzer's name for a finding without category.
func ruleID(analyzer, category string) string {
	if category == "" {
		return analyzer
	}
	return analyzer + "/" + category
}
