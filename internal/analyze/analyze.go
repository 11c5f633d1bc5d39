// Package analyze runs analyzers on a graph of packages in dependency
// order, as golang.org/x/tools/go/analysis/checker does, keeping of each
// analyzed package only what the packages importing it need: the types of
// its declarations and the analyzers' facts. The standalone driver
// streams a whole load through it (Run), so that the syntax and type
// information of only a few packages are in memory at once; the editor
// server keeps a workspace of packages and re-analyzes the ones an edit
// touches (Graph.Analyze).
//
// The results equal the checker's on the same packages: the same
// analyzers run on the same packages (the analyzers asked for, with their
// prerequisites, on the root packages; those with facts, with theirs, on
// dependencies), a pass sees the facts the checker would pass it (see
// factVisible), and failures read the same.
package analyze

import (
	"fmt"
	"go/types"
	"log"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A Package is one package of a graph: go list's description, with its
// syntax and types while it is analyzed, and what each analyzer found.
type Package struct {
	Pkg     *packages.Package
	Imports map[*Package]bool // direct imports
	// Root packages are those asked for: every analyzer runs on them;
	// on the others, only those with facts and their prerequisites.
	Root    bool
	Actions map[*analysis.Analyzer]*Action
	reach   map[*Package]bool // every package imported directly or not; computed on need
}

// An Action is the outcome of one analyzer on one package.
type Action struct {
	Err          error
	Result       any // until DropResults
	Diagnostics  []analysis.Diagnostic
	objectFacts  map[objectFactKey]analysis.Fact
	packageFacts map[reflect.Type]analysis.Fact
	// prerequisiteFailed says Err is only that an action this one
	// needed failed.
	prerequisiteFailed bool
}

// PrerequisiteFailed reports whether the action failed only because an
// action it needed (a prerequisite analyzer on the package, or the same
// analyzer on an import) did.
func (act *Action) PrerequisiteFailed() bool { return act.prerequisiteFailed }

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

// A Graph is packages and their imports.
type Graph struct {
	Packages []*Package // dependencies first
	ByTypes  map[*types.Package]*Package
}

// A Suite is the analyzers asked for, and the order they run in.
type Suite struct {
	// ordered is every analyzer that runs on a root package,
	// prerequisites first; factOrdered those that run on dependencies.
	ordered, factOrdered []*analysis.Analyzer
}

// NewSuite returns the suite of the analyzers, which must be valid
// (analysis.Validate).
func NewSuite(analyzers []*analysis.Analyzer) *Suite {
	var all, facts []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		all = append(all, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	needed := map[*analysis.Analyzer]bool{}
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		if !needed[a] {
			needed[a] = true
			for _, req := range a.Requires {
				need(req)
			}
		}
	}
	for _, a := range all {
		if len(a.FactTypes) > 0 {
			need(a)
		}
	}
	for _, a := range all {
		if needed[a] {
			facts = append(facts, a)
		}
	}
	return &Suite{ordered: all, factOrdered: facts}
}

// For returns the analyzers that run on a package, prerequisites first:
// every analyzer on a root package; on a dependency, those with facts,
// which the roots' analyzers need, and their prerequisites.
func (s *Suite) For(root bool) []*analysis.Analyzer {
	if root {
		return s.ordered
	}
	return s.factOrdered
}

// NeedsFacts reports whether any analyzer of the suite uses facts: only
// then do dependencies need analyzing.
func (s *Suite) NeedsFacts() bool { return len(s.factOrdered) > 0 }

// Analyze runs the suite's analyzers on a package whose imports are
// analyzed. Results stay until DropResults.
func (g *Graph) Analyze(s *Suite, p *Package) {
	results := map[*analysis.Analyzer]*Action{}
	for _, a := range s.For(p.Root) {
		act := &Action{objectFacts: map[objectFactKey]analysis.Fact{}, packageFacts: map[reflect.Type]analysis.Fact{}}
		results[a] = act
		act.Err = g.runAction(a, p, act, results)
	}
	p.Actions = results
}

// DropResults forgets the analyzers' results on the package, which only
// its own analysis needs.
func (p *Package) DropResults() {
	for _, act := range p.Actions {
		act.Result = nil
	}
}

// runAction runs analyzer a on a package, as the checker would.
func (g *Graph) runAction(a *analysis.Analyzer, cp *Package, act *Action, results map[*analysis.Analyzer]*Action) error {
	p := cp.Pkg
	var failed []string
	inputs := map[*analysis.Analyzer]any{}
	for _, req := range a.Requires {
		if results[req].Err != nil {
			failed = append(failed, req.String()+"@"+p.ID)
		}
		inputs[req] = results[req].Result
	}
	if len(a.FactTypes) > 0 {
		for imp := range cp.Imports {
			if dep := imp.Actions[a]; dep == nil || dep.Err != nil {
				failed = append(failed, a.String()+"@"+imp.Pkg.ID)
			}
		}
	}
	if failed != nil {
		slices.Sort(failed)
		act.prerequisiteFailed = true
		return fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
	}
	if p.IllTyped && !a.RunDespiteErrors {
		return fmt.Errorf("analysis skipped due to errors in package")
	}
	module := &analysis.Module{}
	if p.Module != nil {
		module = analysisModule(p.Module)
	}
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         p.Fset,
		Files:        p.Syntax,
		OtherFiles:   p.OtherFiles,
		IgnoredFiles: p.IgnoredFiles,
		Pkg:          p.Types,
		TypesInfo:    p.TypesInfo,
		TypesSizes:   p.TypesSizes,
		TypeErrors:   p.TypeErrors,
		Module:       module,
		ResultOf:     inputs,
		Report: func(d analysis.Diagnostic) {
			// As the checker: a malformed fix is a bug of the
			// analyzer, which the editor server's guard turns into
			// the analyzer's error.
			if err := checkFixes(p.Fset, a, d.SuggestedFixes); err != nil {
				panic(err)
			}
			act.Diagnostics = append(act.Diagnostics, d)
		},
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			if obj == nil {
				panic("nil object")
			}
			owner := g.factOwner(cp, obj.Pkg())
			if owner == nil {
				return false
			}
			var facts map[objectFactKey]analysis.Fact
			if owner == cp {
				facts = act.objectFacts
			} else if owner.Actions[a] != nil && factVisible(cp, owner, obj) {
				facts = owner.Actions[a].objectFacts
			}
			if f, ok := facts[objectFactKey{obj, reflect.TypeOf(ptr)}]; ok {
				reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
				return true
			}
			return false
		},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != p.Types {
				log.Panicf("internal error: in analysis %s of package %s: Fact.Set(%s, %T): can't set facts on objects belonging another package", a, p, obj, fact)
			}
			act.objectFacts[objectFactKey{obj, reflect.TypeOf(fact)}] = fact
		},
		ImportPackageFact: func(pkg *types.Package, ptr analysis.Fact) bool {
			if pkg == nil {
				panic("nil package")
			}
			owner := g.factOwner(cp, pkg)
			if owner == nil {
				return false
			}
			facts := act.packageFacts
			if owner != cp {
				if owner.Actions[a] == nil {
					return false
				}
				facts = owner.Actions[a].packageFacts
			}
			if f, ok := facts[reflect.TypeOf(ptr)]; ok {
				reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
				return true
			}
			return false
		},
		ExportPackageFact: func(fact analysis.Fact) { act.packageFacts[reflect.TypeOf(fact)] = fact },
		AllObjectFacts: func() []analysis.ObjectFact {
			var all []analysis.ObjectFact
			for _, owner := range g.factOwners(cp) {
				facts := act.objectFacts
				if owner != cp {
					facts = owner.Actions[a].objectFacts
				}
				for k, f := range facts {
					if owner == cp || factVisible(cp, owner, k.obj) {
						all = append(all, analysis.ObjectFact{Object: k.obj, Fact: f})
					}
				}
			}
			return all
		},
		AllPackageFacts: func() []analysis.PackageFact {
			var all []analysis.PackageFact
			for _, owner := range g.factOwners(cp) {
				facts := act.packageFacts
				if owner != cp {
					facts = owner.Actions[a].packageFacts
				}
				for _, f := range facts {
					all = append(all, analysis.PackageFact{Package: owner.Pkg.Types, Fact: f})
				}
			}
			return all
		},
	}
	pass.ReadFile = func(name string) ([]byte, error) {
		if slices.Contains(pass.OtherFiles, name) || slices.Contains(pass.IgnoredFiles, name) {
			return os.ReadFile(name)
		}
		for _, f := range pass.Files {
			if pass.Fset.File(f.FileStart).Name() == name {
				return os.ReadFile(name)
			}
		}
		return nil, fmt.Errorf("Pass.ReadFile: %s is not among OtherFiles, IgnoredFiles, or names of Files", name)
	}
	result, err := a.Run(pass)
	if err != nil {
		return err
	}
	if got, want := reflect.TypeOf(result), a.ResultType; got != want {
		return fmt.Errorf("internal error: on package %s, analyzer %s returned a result of type %v, but declared ResultType %v", p.Types.Path(), a, got, want)
	}
	for i, d := range act.Diagnostics {
		u, err := resolveURL(a, d)
		if err != nil {
			return err
		}
		act.Diagnostics[i].URL = u
	}
	act.Result = result
	pass.ExportObjectFact, pass.ExportPackageFact = nil, nil
	return nil
}

// factOwner returns the package of the graph whose types are pkg, when it
// is cp or one cp imports directly or not: only their facts reach cp.
func (g *Graph) factOwner(cp *Package, pkg *types.Package) *Package {
	if pkg == nil {
		return nil
	}
	if pkg == cp.Pkg.Types {
		return cp
	}
	owner := g.ByTypes[pkg]
	if owner == nil || !cp.Reaches(owner) {
		return nil
	}
	return owner
}

// factOwners returns cp and every package it imports, directly or not.
func (g *Graph) factOwners(cp *Package) []*Package {
	owners := []*Package{cp}
	cp.Reaches(cp) // computes cp.reach
	for _, other := range g.Packages {
		if cp.reach[other] {
			owners = append(owners, other)
		}
	}
	return owners
}

// FactOwners returns cp and every package it imports, directly or not,
// in the graph's order: those whose analysis cp's depends on.
func (g *Graph) FactOwners(cp *Package) []*Package { return g.factOwners(cp) }

// Reaches reports whether cp imports other, directly or not.
func (cp *Package) Reaches(other *Package) bool {
	if cp.Imports[other] {
		return true
	}
	if cp.reach == nil {
		reach := map[*Package]bool{}
		var visit func(p *Package)
		visit = func(p *Package) {
			for imp := range p.Imports {
				if !reach[imp] {
					reach[imp] = true
					visit(imp)
				}
			}
		}
		visit(cp)
		cp.reach = reach
	}
	return cp.reach[other]
}

// ForgetReach forgets what cp imports directly or not, after its imports
// changed.
func (cp *Package) ForgetReach() { cp.reach = nil }

// factVisible reports whether the checker passes the fact of obj, from a
// package owner that cp imports, to cp. The checker passes facts along
// each import edge, keeping those of objects the imported package may
// export: its own exported functions and its variables, methods and
// fields, types and constants of any package. So a function's or a
// package variable's fact reaches only the packages that import its
// package directly.
func factVisible(cp, owner *Package, obj types.Object) bool {
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Signature().Recv() != nil {
			return true
		}
		return obj.Exported() && cp.Imports[owner]
	case *types.Var:
		return obj.IsField() || cp.Imports[owner]
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

// resolveURL resolves a diagnostic's URL against its analyzer's, as the
// checker does: a diagnostic without one links to its category.
func resolveURL(a *analysis.Analyzer, d analysis.Diagnostic) (string, error) {
	if d.URL == "" && d.Category == "" && a.URL == "" {
		return "", nil
	}
	raw := d.URL
	if d.URL == "" && d.Category != "" {
		raw = "#" + d.Category
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("invalid Diagnostic.URL %q: %s", raw, err)
	}
	base, err := url.Parse(a.URL)
	if err != nil {
		return "", fmt.Errorf("invalid Analyzer.URL %q: %s", a.URL, err)
	}
	return base.ResolveReference(u).String(), nil
}

func analysisModule(m *packages.Module) *analysis.Module {
	if m == nil {
		return nil
	}
	am := &analysis.Module{
		Path: m.Path, Version: m.Version, Replace: analysisModule(m.Replace), Time: m.Time,
		Main: m.Main, Indirect: m.Indirect, Dir: m.Dir, GoMod: m.GoMod, GoVersion: m.GoVersion,
	}
	if m.Error != nil {
		am.Error = &analysis.ModuleError{Err: m.Error.Err}
	}
	return am
}
