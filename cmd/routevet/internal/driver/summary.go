package driver

import (
	"go/token"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/analyzers/edgeruntime"
	"github.com/routevet/routevet/analyzers/preflight"
	"github.com/routevet/routevet/analyzers/purehandler"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/report"
)

// The migration summary (-summary) counts from the results of analyses
// that run anyway, never from a second reading of the code:
//
//   - handlers found, mutable and already pure (route.Func's shape), from
//     the route model (analyzers.Model's result), read by the census
//     analyzer below;
//   - mutable, auto-migratable and blocked handlers (by reason), from
//     purehandler's findings, one per handler that writes through its
//     http.ResponseWriter: a fix makes it migratable, and a blocked one
//     names its reason (purehandler.BlockedReason);
//   - CORS routes without an OPTIONS route, and CORS handlers rejecting
//     the preflight, from preflight's findings by category; CORS routes
//     in all, from preflight's result when it implements corsRouteLister;
//   - host-only calls, from edgeruntime's findings; edge handlers in all,
//     from its result when it implements edgeHandlerLister.
//
// So that the summary is complete, these analyzers run on every package
// even when not selected, with the command-line choice "on" for each
// (purehandler is opt-in), and their findings are then kept only if the
// user's own choices report them: findings are the same with and without
// -summary. A category a configuration file disables stays disabled: its
// findings are not counted. Code in _test.go files and in files the
// configuration ignores is not counted, nor is code a //nolint comment
// silences for the analyzer whose findings count it.

// Names of the analyzers the summary counts from.
const (
	pureHandlerName = "purehandler"
	preflightName   = "preflight"
	edgeName        = "edgeruntime"
)

// corsRouteLister is what the summary needs of the preflight analyzer's
// result to count CORS routes: the registration calls of the routes it
// found to be CORS-enabled. A nil result means the analyzer did not look
// (the configuration disables it): the count is unknown.
type corsRouteLister interface{ CORSRoutes() []token.Pos }

// edgeHandlerLister is what the summary needs of the edgeruntime
// analyzer's result to count edge handlers: the handlers it checked as
// running on an edge runtime. A nil result means the analyzer did not
// look: the count is unknown.
type edgeHandlerLister interface{ EdgeHandlers() []token.Pos }

// A plan is what a run analyzes: the analyzers the user selected, and
// for a summary the ones it counts from.
type plan struct {
	roots    []*analysis.Analyzer
	selected map[*analysis.Analyzer]bool
	// forced are analyzers turned on for the summary: their findings are
	// checked against the user's choices.
	forced map[*analysis.Analyzer]bool
	byName map[string]*analysis.Analyzer
	census *analysis.Analyzer // nil without a summary
}

// newPlan returns the plan for the selected analyzers of suite, and the
// command-line choices to analyze with: the user's, and for a summary
// every analyzer it counts from turned on.
func newPlan(suite []analyzers.Entry, selected []*analysis.Analyzer, choices map[string]bool, summary bool) (*plan, map[string]bool) {
	p := &plan{
		roots:    selected,
		selected: make(map[*analysis.Analyzer]bool),
		forced:   make(map[*analysis.Analyzer]bool),
		byName:   make(map[string]*analysis.Analyzer),
	}
	for _, a := range selected {
		p.selected[a] = true
	}
	for _, e := range suite {
		p.byName[e.Analyzer.Name] = e.Analyzer
	}
	if !summary {
		return p, choices
	}
	run := make(map[string]bool)
	for name, on := range choices {
		run[name] = on
	}
	p.roots = append([]*analysis.Analyzer(nil), selected...)
	for _, name := range []string{pureHandlerName, preflightName, edgeName} {
		a := p.byName[name]
		if a == nil {
			continue
		}
		p.forced[a] = true
		run[name] = true
		if !p.selected[a] {
			p.roots = append(p.roots, a)
		}
	}
	p.census = newCensus()
	p.roots = append(p.roots, p.census)
	return p, run
}

// reports tells whether a finding of act is one the user asked for: of
// a selected analyzer and, for one turned on for the summary, enabled by
// the user's choices and the package's configuration (config's command
// line must hold the user's choices again).
func (p *plan) reports(act *action, d analysis.Diagnostic) bool {
	if !p.selected[act.Analyzer] {
		return false
	}
	if !p.forced[act.Analyzer] {
		return true
	}
	cfg, err := config.ForDir(act.Package.Dir)
	return err == nil && cfg.Enabled(act.Analyzer.Name, d.Category)
}

// A census is the census analyzer's result: positions of the package's
// handlers, by the route model, and of its pure handlers.
type census struct {
	handlers, pure []token.Pos
}

// newCensus returns the analyzer that lists the handlers of a package for
// the summary, from the route model: those using the mutable writer and
// those already pure.
func newCensus() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "summary",
		Doc:              "list the handlers of a package, for routevet's migration summary",
		Requires:         []*analysis.Analyzer{analyzers.Model},
		ResultType:       reflect.TypeFor[*census](),
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			// Handlers leaves out those in code where nothing is
			// reported (ignored files, test code), as the counts must.
			mutable, pure := analyzers.Handlers(pass.ResultOf[analyzers.Model])
			return &census{handlers: append(mutable, pure...), pure: pure}, nil
		},
	}
}

// summaryResult returns what the summary needs of an analyzer's result on
// a package, which outlives the package's syntax: the census, the CORS
// routes and edge handlers found; nil for other analyzers.
func (p *plan) summaryResult(a *analysis.Analyzer, result any) any {
	switch {
	case p.census == nil:
		return nil
	case a == p.census:
		return result
	case a == p.byName[preflightName]:
		if lister, ok := result.(corsRouteLister); ok && !isNil(result) {
			return &corsRoutes{lister.CORSRoutes()}
		}
	case a == p.byName[edgeName]:
		if lister, ok := result.(edgeHandlerLister); ok && !isNil(result) {
			return &edgeHandlers{lister.EdgeHandlers()}
		}
	}
	return nil
}

type corsRoutes struct{ list []token.Pos }

func (r *corsRoutes) CORSRoutes() []token.Pos { return r.list }

type edgeHandlers struct{ list []token.Pos }

func (h *edgeHandlers) EdgeHandlers() []token.Pos { return h.list }

// summarize computes the summary from the root actions of a run.
func summarize(fset *token.FileSet, run *analysisRun, p *plan) *report.Summary {
	byPkg := make(map[string]*pkgCount)
	get := func(act *action) *pkgCount {
		path := act.Package.PkgPath
		pc := byPkg[path]
		if pc == nil {
			pc = &pkgCount{seen: make(map[site]bool)}
			pc.counts.CORSRoutes, pc.counts.EdgeHandlers = new(int), new(int)
			byPkg[path] = pc
		}
		return pc
	}
	for _, act := range run.actions {
		if act.Err != nil || !act.IsRoot {
			continue
		}
		pc := get(act)
		switch act.Analyzer {
		case p.census:
			c := act.Result.(*census)
			pc.addAll(fset, "handler", c.handlers, func(c *report.Counts) { c.Handlers++ })
			pc.addAll(fset, "pure", c.pure, func(c *report.Counts) { c.Pure++ })
		case p.byName[pureHandlerName]:
			for _, d := range act.Diagnostics {
				pc.add(fset, "purehandler", d.Pos, func(c *report.Counts) { countPureHandler(c, d) })
			}
		case p.byName[preflightName]:
			for _, d := range act.Diagnostics {
				pc.add(fset, "preflight/"+d.Category, d.Pos, func(c *report.Counts) {
					if d.Category == preflight.CategoryOptionsRejected {
						c.OptionsRejected++
					} else {
						c.MissingOptionsRoute++
					}
				})
			}
			if lister, ok := resultAs[corsRouteLister](act); ok {
				pc.knownCORS = true
				pc.addAll(fset, "cors", lister.CORSRoutes(), func(c *report.Counts) { *c.CORSRoutes++ })
			}
		case p.byName[edgeName]:
			for _, d := range act.Diagnostics {
				if d.Category == edgeruntime.CategoryUnknownProfile {
					continue // a directive naming no profile calls nothing
				}
				pc.add(fset, "edge/"+d.Category, d.Pos, func(c *report.Counts) { c.HostOnlyCalls++ })
			}
			if lister, ok := resultAs[edgeHandlerLister](act); ok {
				pc.knownEdge = true
				pc.addAll(fset, "edge", lister.EdgeHandlers(), func(c *report.Counts) { *c.EdgeHandlers++ })
			}
		}
	}
	s := new(report.Summary)
	for path, pc := range byPkg {
		if !pc.counted {
			continue
		}
		c := pc.counts
		c.Other = c.Handlers - c.Pure - c.Mutable
		if !pc.knownCORS {
			c.CORSRoutes = nil
		}
		if !pc.knownEdge {
			c.EdgeHandlers = nil
		}
		s.Packages = append(s.Packages, report.PackageSummary{Package: path, Counts: c})
	}
	s.Finish()
	return s
}

// resultAs returns act's result as a T, and whether it is a T that is
// not nil.
func resultAs[T any](act *action) (T, bool) {
	v, ok := act.Result.(T)
	return v, ok && !isNil(act.Result)
}

// isNil reports whether x is nil or a nil pointer, map, slice or the like.
func isNil(x any) bool {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// countPureHandler counts one purehandler finding: a mutable handler,
// migratable when the finding has a fix, otherwise blocked for the reason
// the message ends with.
func countPureHandler(c *report.Counts, d analysis.Diagnostic) {
	c.Mutable++
	if len(d.SuggestedFixes) > 0 {
		c.Migratable++
		return
	}
	reason, ok := purehandler.BlockedReason(d.Message)
	if !ok {
		reason = "unknown"
	}
	if c.Blocked == nil {
		c.Blocked = make(map[string]int)
	}
	c.Blocked[reason]++
}

// A pkgCount is a package's counts as they are added up. A package and
// its test variant share files: each thing is counted once, by kind and
// position.
type pkgCount struct {
	counts               report.Counts
	seen                 map[site]bool
	counted              bool // anything at all
	knownCORS, knownEdge bool
}

type site struct {
	kind   string
	file   string
	offset int
}

func (pc *pkgCount) add(fset *token.FileSet, kind string, pos token.Pos, count func(*report.Counts)) {
	f := fset.File(pos)
	if f == nil || strings.HasSuffix(f.Name(), "_test.go") {
		return
	}
	s := site{kind, f.Name(), f.Offset(pos)}
	if pc.seen[s] {
		return
	}
	pc.seen[s] = true
	pc.counted = true
	count(&pc.counts)
}

func (pc *pkgCount) addAll(fset *token.FileSet, kind string, list []token.Pos, count func(*report.Counts)) {
	for _, pos := range list {
		pc.add(fset, kind, pos, count)
	}
}

// leaveOutIdle leaves out of the roots the analyzers that can report
// nothing in the packages analyzed (see analyzers.Idle), unless a summary
// counts from them. config's command line must hold the choices the
// packages are analyzed with.
func (p *plan) leaveOutIdle(pkgs []*packages.Package) {
	idle := analyzers.Idle(p.roots, pkgs)
	p.roots = slices.DeleteFunc(p.roots, func(a *analysis.Analyzer) bool {
		return slices.Contains(idle, a) && !p.forced[a]
	})
}
