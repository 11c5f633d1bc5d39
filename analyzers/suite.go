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

// Idle returns the analyzers of roots that can report nothing in any of
// pkgs, the packages analyzed, which a driver may leave out: what is
// reported does not change, only what runs. An analyzer with facts runs
// on every dependency of the packages analyzed, so leaving one out
// spares a whole pass over the dependencies. Two can be idle:
//
//   - purehandler, where it is off: it is opt-in, so off unless a
//     configuration or config's command line turns it on. Its
//     prerequisite purehandlerhelpers has facts.
//   - edgeruntime, where no package can have an edge handler (see
//     edgeruntime.CanReport): most modules have none, and its facts
//     serve only its own reports.
//
// A package without a directory, or whose configuration cannot be read,
// keeps both. config's command line must hold the choices the packages
// are analyzed with.
func Idle(roots []*analysis.Analyzer, pkgs []*packages.Package) []*analysis.Analyzer {
	var idle []*analysis.Analyzer
	for _, a := range roots {
		var canReport func(*packages.Package, *config.Config) bool
		switch a {
		case purehandler.Analyzer:
			canReport = func(_ *packages.Package, cfg *config.Config) bool {
				return cfg.EnabledAny(purehandler.Analyzer.Name, purehandler.Categories...)
			}
		case edgeruntime.Analyzer:
			canReport = func(pkg *packages.Package, cfg *config.Config) bool {
				return edgeruntime.CanReport(cfg, importPaths(pkg), sourceFiles(pkg))
			}
		default:
			continue
		}
		if !slices.ContainsFunc(pkgs, func(pkg *packages.Package) bool {
			cfg, err := config.ForDir(pkg.Dir)
			return err != nil || pkg.Dir == "" || canReport(pkg, cfg)
		}) {
			idle = append(idle, a)
		}
	}
	return idle
}

// WithoutIdle returns roots without the analyzers Idle returns.
func WithoutIdle(roots []*analysis.Analyzer, pkgs []*packages.Package) []*analysis.Analyzer {
	idle := Idle(roots, pkgs)
	return slices.DeleteFunc(slices.Clone(roots), func(a *analysis.Analyzer) bool { return slices.Contains(idle, a) })
}

// importPaths returns the paths of the packages pkg imports.
func importPaths(pkg *packages.Package) []string {
	paths := make([]string, 0, len(pkg.Imports))
	for path, imp := range pkg.Imports {
		if imp != nil && imp.PkgPath != "" {
			path = imp.PkgPath
		}
		paths = append(paths, path)
	}
	return paths
}

// sourceFiles returns the Go files of pkg as written and as compiled (cgo
// generates the latter), each once.
func sourceFiles(pkg *packages.Package) []string {
	files := slices.Concat(pkg.GoFiles, pkg.CompiledGoFiles)
	slices.Sort(files)
	return slices.Compact(files)
}
