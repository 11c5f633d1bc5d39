package driver

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

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

// collect turns the results of an analysis into a report: the findings of
// the root actions (the analyzers asked for on the packages asked for)
// that reports accepts, and the errors of every action.
func collect(graph *checker.Graph, reports func(*checker.Action, analysis.Diagnostic) bool) (*report.Result, *sources) {
	res := new(report.Result)
	src := &sources{
		sizes:     make(map[string]int),
		generated: make(map[string]bool),
		pkgs:      make(map[string]*types.Package),
		names:     make(map[*types.Package]map[string]string),
	}
	for act := range graph.All() {
		if act.Err != nil {
			res.Errors = append(res.Errors, report.Error{
				Package:      act.Package.ID,
				Analyzer:     act.Analyzer.Name,
				Message:      act.Err.Error(),
				Prerequisite: prerequisiteFailed(act),
			})
			continue
		}
		if !act.IsRoot {
			continue
		}
		src.addPackage(act)
		for _, d := range act.Diagnostics {
			if reports(act, d) {
				res.Findings = append(res.Findings, finding(act, d, src))
			}
		}
	}
	res.Sort()
	return res, src
}

// prerequisiteFailed reports whether the action failed only because an
// action it depends on did.
func prerequisiteFailed(act *checker.Action) bool {
	for _, dep := range act.Deps {
		if dep.Err != nil {
			return true
		}
	}
	return false
}

func (src *sources) addPackage(act *checker.Action) {
	for _, f := range act.Package.Syntax {
		tf := act.Package.Fset.File(f.FileStart)
		if _, ok := src.pkgs[tf.Name()]; ok {
			continue
		}
		src.sizes[tf.Name()] = tf.Size()
		src.generated[tf.Name()] = ast.IsGenerated(f)
		src.pkgs[tf.Name()] = act.Package.Types
	}
}

func finding(act *checker.Action, d analysis.Diagnostic, src *sources) report.Finding {
	fset := act.Package.Fset
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
