// Package analyzers is the list of routevet's analyzers, the one place every
// driver (vet tool, standalone, golangci-lint plugin, editor server) takes
// them from. Adding an analyzer is one line in suite.
package analyzers

import (
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers/edgeruntime"
	"github.com/routevet/routevet/analyzers/mutablewriter"
	"github.com/routevet/routevet/analyzers/preflight"
	"github.com/routevet/routevet/analyzers/purehandler"
	"github.com/routevet/routevet/analyzers/routematch"
	"github.com/routevet/routevet/analyzers/unreadbody"
	"github.com/routevet/routevet/analyzers/writerwrap"
	"github.com/routevet/routevet/internal/config"
)

// An Entry is one analyzer and the diagnostic categories it reports.
type Entry struct {
	Analyzer   *analysis.Analyzer
	Categories []string
}

// suite lists every analyzer, in the order they are documented.
var suite = []Entry{
	{Analyzer: mutablewriter.Analyzer, Categories: mutablewriter.Categories},
	{Analyzer: unreadbody.Analyzer, Categories: unreadbody.Categories},
	{Analyzer: writerwrap.Analyzer, Categories: writerwrap.Categories},
	{Analyzer: preflight.Analyzer, Categories: preflight.Categories},
	{Analyzer: edgeruntime.Analyzer, Categories: edgeruntime.Categories},
	{Analyzer: routematch.Analyzer, Categories: routematch.Categories},
	{Analyzer: purehandler.Analyzer, Categories: purehandler.Categories},
}

// Configuration files are checked against the suite's names, so a typo in
// "disable:" is an error rather than a setting that silently does nothing.
func init() { config.SetKnownNames(Names()) }

// All returns every routevet analyzer.
func All() []*analysis.Analyzer {
	all := make([]*analysis.Analyzer, len(suite))
	for i, e := range suite {
		all[i] = e.Analyzer
	}
	return all
}

// Entries returns every analyzer with its categories.
func Entries() []Entry { return slices.Clone(suite) }

// Names returns every name that configuration may enable or disable: each
// analyzer's name and each "analyzer/category".
func Names() []string {
	var names []string
	for _, e := range suite {
		names = append(names, e.Analyzer.Name)
		for _, c := range e.Categories {
			names = append(names, e.Analyzer.Name+"/"+c)
		}
	}
	return names
}

// WithoutIdleMigration returns roots without purehandler when it is off
// for every one of pkgs, the packages analyzed (it is
// opt-in, so it is by default, unless config's command line turns it
// on): it reports nothing there, but its prerequisite
// purehandlerhelpers has facts, and an analyzer with facts runs on every
// dependency. What is reported does not change, only what runs. A
// package without a directory, or whose configuration cannot be read,
// keeps it.
func WithoutIdleMigration(roots []*analysis.Analyzer, pkgs []*packages.Package) []*analysis.Analyzer {
	if !slices.Contains(roots, purehandler.Analyzer) {
		return roots
	}
	for _, pkg := range pkgs {
		cfg, err := config.ForDir(pkg.Dir)
		if err != nil || pkg.Dir == "" || cfg.EnabledAny(purehandler.Analyzer.Name, purehandler.Categories...) {
			return roots
		}
	}
	return slices.DeleteFunc(slices.Clone(roots), func(a *analysis.Analyzer) bool { return a == purehandler.Analyzer })
}
