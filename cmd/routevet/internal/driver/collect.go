package driver

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/analyze"
	"github.com/routevet/routevet/report"
)

// sources is what the analysis saw of the files it analyzed, which
// applying fixes needs: their sizes, to notice files changed since; which
// are generated, to leave them alone; and their packages, to tell which
// imports a fix left unused.
type sources struct {
	sizes     map[string]int
	generated map[string]bool
	pkgs      map[string]*types.Package
	names     map[*types.Package]map[string]string // memo for packageNames
}

// An analysisRun is what a run keeps of the analysis, as each package's
// analysis ends, for the report: the actions of the analyzers asked for
// on the packages asked for (root actions), every failed action, and the
// files of the root packages. Syntax, type information and results are
// dropped as the run goes, so none of it refers to them, except the
// results the summary counts from, in a form of their own (see
// summaryResult).
type analysisRun struct {
	actions []*action
	files   []rootFile // by package, in go list's order
}

// An action is the outcome of one analyzer on one package.
type action struct {
	Analyzer     *analysis.Analyzer
	Package      *packages.Package
	IsRoot       bool
	Err          error
	Prerequisite bool // Err is that an action it needed failed
	Diagnostics  []analysis.Diagnostic
	Result       any // of the analyzers the summary counts from
}

// A rootFile is a file of a root package.
type rootFile struct {
	name      string
	size      int
	generated bool
	// pkg is the file's package, whose types the run replaces, once the
	// package is analyzed, with its declarations alone (its imports do
	// not change): the types checked with the function bodies must not
	// stay until the report.
	pkg *packages.Package
}

// analyzePackages analyzes the packages, dependencies first, and keeps
// what the report needs.
func analyzePackages(fset *token.FileSet, pkgs []*packages.Package, p *plan, suite *analyze.Suite) *analysisRun {
	run := new(analysisRun)
	isRoot := make(map[*analysis.Analyzer]bool)
	for _, a := range p.roots {
		isRoot[a] = true
	}
	files := make(map[*packages.Package][]rootFile)
	analyze.Run(fset, pkgs, suite, suite.NeedsFacts(), func(cp *analyze.Package) {
		for _, a := range suite.For(cp.Root) {
			act := cp.Actions[a]
			root := cp.Root && isRoot[a]
			if act.Err == nil && !root {
				continue
			}
			run.actions = append(run.actions, &action{
				Analyzer:     a,
				Package:      cp.Pkg,
				IsRoot:       root,
				Err:          act.Err,
				Prerequisite: act.PrerequisiteFailed(),
				Diagnostics:  act.Diagnostics,
				Result:       p.summaryResult(a, act.Result),
			})
		}
		if cp.Root {
			for _, f := range cp.Pkg.Syntax {
				tf := fset.File(f.FileStart)
				files[cp.Pkg] = append(files[cp.Pkg], rootFile{tf.Name(), tf.Size(), ast.IsGenerated(f), cp.Pkg})
			}
		}
	})
	for _, pkg := range pkgs {
		run.files = append(run.files, files[pkg]...)
	}
	return run
}

// collect turns the results of an analysis into a report: the findings of
// the root actions (the analyzers asked for on the packages asked for)
// that reports accepts, and the errors of every action.
func collect(fset *token.FileSet, run *analysisRun, reports func(*action, analysis.Diagnostic) bool) (*report.Result, *sources) {
	res := new(report.Result)
	src := &sources{
		sizes:     make(map[string]int),
		generated: make(map[string]bool),
		pkgs:      make(map[string]*types.Package),
		names:     make(map[*types.Package]map[string]string),
	}
	for _, f := range run.files {
		if _, ok := src.pkgs[f.name]; ok {
			continue
		}
		src.sizes[f.name] = f.size
		src.generated[f.name] = f.generated
		src.pkgs[f.name] = f.pkg.Types
	}
	for _, act := range run.actions {
		if act.Err != nil {
			res.Errors = append(res.Errors, report.Error{
				Package:      act.Package.ID,
				Analyzer:     act.Analyzer.Name,
				Message:      act.Err.Error(),
				Prerequisite: act.Prerequisite,
			})
			continue
		}
		for _, d := range act.Diagnostics {
			if reports(act, d) {
				res.Findings = append(res.Findings, finding(fset, act, d, src))
			}
		}
	}
	res.Sort()
	return res, src
}

func finding(fset *token.FileSet, act *action, d analysis.Diagnostic, src *sources) report.Finding {
	f := report.Finding{
		Package:  act.Package.ID,
		Analyzer: act.Analyzer.Name,
		Category: d.Category,
		Message:  d.Message,
		URL:      d.URL,
		Pos:      position(fset, d.Pos),
		End:      position(fset, orPos(d.End, d.Pos)),
	}
	for _, fix := range d.SuggestedFixes {
		rf := report.Fix{Message: fix.Message}
		for _, e := range fix.TextEdits {
			tf := fset.File(e.Pos)
			src.sizes[tf.Name()] = tf.Size()
			rf.Edits = append(rf.Edits, report.Edit{
				File:  tf.Name(),
				Start: tf.Offset(e.Pos),
				End:   tf.Offset(orPos(e.End, e.Pos)),
				New:   string(e.NewText),
			})
		}
		f.Fixes = append(f.Fixes, rf)
	}
	for _, rel := range d.Related {
		f.Related = append(f.Related, report.Related{
			Pos:     position(fset, rel.Pos),
			End:     position(fset, orPos(rel.End, rel.Pos)),
			Message: rel.Message,
		})
	}
	return f
}

func position(fset *token.FileSet, pos token.Pos) report.Position {
	p := fset.Position(pos)
	return report.Position{File: p.Filename, Line: p.Line, Column: p.Column, Offset: p.Offset}
}

func orPos(pos, otherwise token.Pos) token.Pos {
	if pos.IsValid() {
		return pos
	}
	return otherwise
}

func (src *sources) isGenerated(file string) bool { return src.generated[file] }

// packageNames returns the name of each package the file's package
// depends on, by import path.
func (src *sources) packageNames(file string) map[string]string {
	pkg := src.pkgs[file]
	if pkg == nil {
		return nil
	}
	names, ok := src.names[pkg]
	if !ok {
		names = make(map[string]string)
		var visit func(*types.Package)
		visit = func(p *types.Package) {
			if _, ok := names[p.Path()]; !ok {
				names[p.Path()] = p.Name()
				for _, imp := range p.Imports() {
					visit(imp)
				}
			}
		}
		for _, imp := range pkg.Imports() {
			visit(imp)
		}
		src.names[pkg] = names
	}
	return names
}
