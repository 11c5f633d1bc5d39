// Package report holds the outcome of a routevet run as data, and writes
// it in the formats users read: text like go vet's, and go vet's JSON.
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
// analyzer, message and package; errors by message, analyzer and package.
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
	slices.SortStableFunc(r.Errors, func(x, y Error) int {
		return cmp.Or(
			cmp.Compare(x.Message, y.Message),
			cmp.Compare(x.Analyzer, y.Analyzer),
			cmp.Compare(x.Package, y.Package),
		)
	})
}
