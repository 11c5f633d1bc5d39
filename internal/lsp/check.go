package lsp

import (
	"context"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/analyze"
	"github.com/routevet/routevet/internal/lsp/protocol"
	"github.com/routevet/routevet/internal/source"
)

// A runner loads packages and runs the analyzers on them. It holds no
// session state, so a check may run while requests are answered.
type runner struct {
	analyzers []*analysis.Analyzer // the guarded copies, in the caller's order
	original  map[*analysis.Analyzer]*analysis.Analyzer

	// suite orders the analyzers: all on an open package, those with
	// facts on dependencies.
	suite *analyze.Suite
}

// newRunner guards the analyzers, and every analyzer they require, against
// panics. The checker runs analyzers on goroutines of its own, where a
// panic would end the server; a copy of each analyzer whose Run recovers
// turns it into that analyzer's error instead. The copies hand the
// original analyzers to the code they run, which looks up results by its
// own *analysis.Analyzer variables.
func newRunner(analyzers []*analysis.Analyzer) (*runner, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, err
	}
	r := &runner{original: map[*analysis.Analyzer]*analysis.Analyzer{}}
	guarded := map[*analysis.Analyzer]*analysis.Analyzer{}
	var guard func(a *analysis.Analyzer) *analysis.Analyzer
	guard = func(a *analysis.Analyzer) *analysis.Analyzer {
		if g, ok := guarded[a]; ok {
			return g
		}
		g := new(analysis.Analyzer)
		*g = *a
		guarded[a] = g
		r.original[g] = a
		g.Requires = make([]*analysis.Analyzer, len(a.Requires))
		for i, req := range a.Requires {
			g.Requires[i] = guard(req)
		}
		g.Run = r.recovering(a)
		return g
	}
	for _, a := range analyzers {
		r.analyzers = append(r.analyzers, guard(a))
	}
	r.suite = analyze.NewSuite(r.analyzers)
	return r, nil
}

// recovering returns a's Run, called with a pass that names a and its
// prerequisites by their original variables, with a panic turned into an
// error.
func (r *runner) recovering(a *analysis.Analyzer) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if p := recover(); p != nil {
				result, err = nil, fmt.Errorf("%s panicked on %s: %v\n%s", a.Name, pass.Pkg.Path(), p, debug.Stack())
			}
		}()
		p := *pass
		p.Analyzer = a
		p.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf))
		for g, res := range pass.ResultOf {
			p.ResultOf[r.original[g]] = res
		}
		return a.Run(&p)
	}
}

// A snapshot is the open documents as of the start of a check.
type snapshot struct {
	overlay  map[string][]byte // Go files' unsaved contents
	versions map[string]int32
	uris     map[string]string
}

// A checkResult is what a check found, by package directory.
type checkResult struct {
	packages map[string]*pkgState
	logs     []logEntry
	errors   []string // analyzer failures the user should see
}

type logEntry struct {
	typ int
	msg string
}

func (res *checkResult) logf(typ int, format string, args ...any) {
	res.logs = append(res.logs, logEntry{typ, fmt.Sprintf(format, args...)})
}

// loadMode is what the checker needs: syntax and types of every package,
// dependencies included, since analyzers with facts run on them too.
const loadMode = packages.LoadAllSyntax | packages.NeedModule

// loadPackages loads the packages of patterns in the module at root, with
// their tests and the editor's unsaved buffers, from source, into a new
// file set; on failure it logs why (unless the check was cancelled) and
// reports false.
func loadPackages(ctx context.Context, root string, patterns []string, snap *snapshot, res *checkResult) ([]*packages.Package, *token.FileSet, bool) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    loadMode,
		Dir:     root,
		Tests:   true,
		Fset:    token.NewFileSet(),
		Overlay: snap.overlay,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		if ctx.Err() == nil {
			res.logf(protocol.MessageError, "routevet: cannot load %s in %s: %v", strings.Join(patterns, " "), root, err)
		}
		return nil, nil, false
	}
	return pkgs, cfg.Fset, true
}

// check loads the packages in dirs, with their tests, and analyzes them
// afresh with checker.Analyze. The server checks through its cache, which
// keeps packages between checks; this is what the cache's results are
// tested against. A failure to load a module's packages is logged and
// leaves those directories out of the result, so their diagnostics stay
// as they were.
func (r *runner) check(ctx context.Context, dirs []string, snap *snapshot) (res *checkResult) {
	res = &checkResult{packages: map[string]*pkgState{}}
	defer recoverCheck(dirs, res)
	for root, patterns := range loadGroups(dirs) {
		if ctx.Err() != nil {
			return res
		}
		pkgs, fset, ok := loadPackages(ctx, root, patterns, snap, res)
		if !ok {
			continue
		}
		// The analyzers read the source they quote in fixes; the checker
		// would give them the disk's, not the buffers' they analyze.
		func() {
			defer source.Overlay(fset, snap.overlay)()
			r.analyze(pkgs, snap, res)
		}()
	}
	return res
}

// recoverCheck turns a panic of a check into a logged error.
func recoverCheck(dirs []string, res *checkResult) {
	if p := recover(); p != nil {
		res.logf(protocol.MessageError, "routevet: internal error checking %s: %v\n%s", strings.Join(dirs, ", "), p, debug.Stack())
	}
}

// loadGroups groups package directories by the module holding them (the
// nearest directory with a go.mod), as patterns relative to it, so that
// each module's packages load with one go list.
func loadGroups(dirs []string) map[string][]string {
	groups := map[string][]string{}
	for _, dir := range dirs {
		root := moduleRoot(dir)
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			root, rel = dir, "."
		}
		groups[root] = append(groups[root], "./"+filepath.ToSlash(rel))
	}
	return groups
}

// moduleRoot returns the nearest directory at or above dir with a go.mod,
// or dir itself when there is none (GOPATH mode, a go.work elsewhere).
func moduleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// analyze runs the analyzers on the loaded packages and records the
// findings of each directory.
func (r *runner) analyze(pkgs []*packages.Package, snap *snapshot, res *checkResult) {
	roots := rootPackages(pkgs, res)
	if len(roots) == 0 {
		return
	}
	graph, err := checker.Analyze(r.analyzers, roots, nil)
	if err != nil {
		res.logf(protocol.MessageError, "routevet: %v", err)
		return
	}
	reported := map[string]bool{}
	for act := range graph.All() {
		if act.Err != nil {
			r.reportFailure(act.Analyzer, act.Package, act.Err, act.IsRoot, res, reported)
		}
	}
	var found []rootFindings
	for _, act := range graph.Roots {
		found = append(found, rootFindings{act.Package, act.Analyzer, act.Diagnostics})
	}
	r.recordFindings(found, snap, res)
}

// rootFindings are the diagnostics of one analyzer on an open package.
type rootFindings struct {
	pkg         *packages.Package
	analyzer    *analysis.Analyzer // the guarded copy
	diagnostics []analysis.Diagnostic
}

// rootPackages returns the packages to analyze, each package and its test
// variants but not the generated test main, and records for each
// directory its files and the directories it depends on.
func rootPackages(pkgs []*packages.Package, res *checkResult) []*packages.Package {
	var roots []*packages.Package
	logged := map[string]bool{}
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") || p.Dir == "" {
			continue // the generated test main, or a pattern that matched nothing
		}
		roots = append(roots, p)
		state := res.packages[p.Dir]
		if state == nil {
			state = newPkgState(p.Dir)
			res.packages[p.Dir] = state
		}
		for _, f := range p.GoFiles {
			state.results[f] = &fileResult{}
		}
		packages.Visit([]*packages.Package{p}, nil, func(dep *packages.Package) {
			if dep != p && dep.Dir != "" {
				state.deps[dep.Dir] = true
			}
		})
		// A package's errors are those of its test variant too: log once.
		if len(p.Errors) > 0 && !logged[p.Errors[0].Error()] {
			logged[p.Errors[0].Error()] = true
			res.logf(protocol.MessageLog, "routevet: %s has errors, so analyzers that need well-typed code skip it: %v", p.ID, p.Errors[0])
		}
	}
	return roots
}

// recordFindings converts the diagnostics of the requested analyzers into
// findings of the files of their packages.
func (r *runner) recordFindings(found []rootFindings, snap *snapshot, res *checkResult) {
	conv := newConverter(snap)
	for _, rf := range found {
		state := res.packages[rf.pkg.Dir]
		a := r.original[rf.analyzer]
		for _, d := range rf.diagnostics {
			f, ok := conv.finding(a, rf.pkg.Fset, d)
			if !ok || filepath.Dir(f.file) != state.dir {
				continue // in a generated or foreign file: nowhere to show it
			}
			fr := state.results[f.file]
			if fr == nil {
				fr = &fileResult{}
				state.results[f.file] = fr
			}
			fr.add(f)
		}
	}
	for _, state := range res.packages {
		for file, fr := range state.results {
			fr.uri = conv.uri(file)
			if v, ok := snap.versions[file]; ok {
				fr.version = &v
			}
			fr.sort()
		}
	}
}

// reportFailure records why an analyzer failed on a package, once per
// message: an analyzer's own error is shown to the user (a malformed
// .routevet.yaml, a panic); failures that follow from a package's errors
// or from another failure are only logged.
func (r *runner) reportFailure(a *analysis.Analyzer, pkg *packages.Package, failure error, isRoot bool, res *checkResult, reported map[string]bool) {
	msg := failure.Error()
	if reported[msg] {
		return
	}
	reported[msg] = true
	switch {
	case strings.HasPrefix(msg, "failed prerequisites"),
		strings.HasPrefix(msg, "analysis skipped due to errors"):
		if isRoot {
			res.logf(protocol.MessageLog, "routevet: %s on %s: %v", r.original[a].Name, pkg.ID, failure)
		}
	default:
		res.errors = append(res.errors, fmt.Sprintf("routevet: %s on %s: %v", r.original[a].Name, pkg.ID, failure))
	}
}

// A converter turns analysis diagnostics into LSP diagnostics and edits,
// with positions in UTF-16 columns of the content that was analyzed.
type converter struct {
	snap    *snapshot
	mappers map[string]*protocol.Mapper
}

func newConverter(snap *snapshot) *converter {
	return &converter{snap: snap, mappers: map[string]*protocol.Mapper{}}
}

// mapper returns the mapper of a file's analyzed content: the editor's, or
// what is on disk.
func (c *converter) mapper(file string) (*protocol.Mapper, bool) {
	if m, ok := c.mappers[file]; ok {
		return m, m != nil
	}
	content, ok := c.snap.overlay[file]
	if !ok {
		var err error
		if content, err = os.ReadFile(file); err != nil {
			c.mappers[file] = nil
			return nil, false
		}
	}
	m := protocol.NewMapper(content)
	c.mappers[file] = m
	return m, true
}

func (c *converter) uri(file string) string {
	if uri, ok := c.snap.uris[file]; ok {
		return uri
	}
	return protocol.PathToURI(file)
}

// A place is a byte offset in a file.
type place struct {
	file   string
	offset int
}

// place returns where pos is. Positions in files the user does not edit
// (cgo's generated files, in the build cache) are not places.
func (c *converter) place(fset *token.FileSet, pos token.Pos) (place, bool) {
	tf := fset.File(pos)
	if tf == nil || !filepath.IsAbs(tf.Name()) || !isGoFile(tf.Name()) || strings.Contains(tf.Name(), "go-build") {
		return place{}, false
	}
	return place{tf.Name(), tf.Offset(pos)}, true
}

// span returns the range [pos, end) (end may be NoPos) in one file.
func (c *converter) span(fset *token.FileSet, pos, end token.Pos) (file string, start, stop int, ok bool) {
	from, ok := c.place(fset, pos)
	if !ok {
		return "", 0, 0, false
	}
	to := from
	if end.IsValid() && end >= pos {
		if to, ok = c.place(fset, end); !ok || to.file != from.file {
			return "", 0, 0, false
		}
	}
	return from.file, from.offset, to.offset, true
}

func (c *converter) location(fset *token.FileSet, pos, end token.Pos) (protocol.Location, bool) {
	file, start, stop, ok := c.span(fset, pos, end)
	if !ok {
		return protocol.Location{}, false
	}
	m, ok := c.mapper(file)
	if !ok {
		return protocol.Location{}, false
	}
	return protocol.Location{URI: c.uri(file), Range: m.Range(start, stop)}, true
}

// finding converts one diagnostic of analyzer a.
func (c *converter) finding(a *analysis.Analyzer, fset *token.FileSet, d analysis.Diagnostic) (*finding, bool) {
	file, start, stop, ok := c.span(fset, d.Pos, d.End)
	if !ok {
		return nil, false
	}
	m, ok := c.mapper(file)
	if !ok {
		return nil, false
	}
	diag := protocol.Diagnostic{
		Range:    m.Range(start, stop),
		Severity: protocol.SeverityWarning,
		Code:     d.Category,
		Source:   a.Name,
		Message:  d.Message,
	}
	// The checker resolved d.URL (by default "#category") against the
	// analyzer's URL; with no analyzer URL, only the fragment is left.
	href := d.URL
	if href == "" || strings.HasPrefix(href, "#") {
		href = a.URL
	}
	if href != "" {
		diag.CodeDescription = &protocol.CodeDescription{Href: href}
	}
	for _, rel := range d.Related {
		if loc, ok := c.location(fset, rel.Pos, rel.End); ok {
			diag.RelatedInformation = append(diag.RelatedInformation, protocol.DiagnosticRelatedInformation{Location: loc, Message: rel.Message})
		}
	}
	f := &finding{file: file, start: start, diag: diag}
	for _, sf := range d.SuggestedFixes {
		if fx, ok := c.fix(fset, sf); ok {
			f.fixes = append(f.fixes, fx)
		}
	}
	return f, true
}

// fix converts a suggested fix; one that edits a file it cannot place is
// dropped whole, as a partial fix would break the code.
func (c *converter) fix(fset *token.FileSet, sf analysis.SuggestedFix) (fix, bool) {
	fx := fix{title: cmpOr(sf.Message, "Apply routevet's fix")}
	for _, te := range sf.TextEdits {
		file, start, stop, ok := c.span(fset, te.Pos, te.End)
		if !ok {
			return fix{}, false
		}
		m, ok := c.mapper(file)
		if !ok {
			return fix{}, false
		}
		e := edit{file: file, uri: c.uri(file), start: start, end: stop, newText: string(te.NewText), rng: m.Range(start, stop)}
		if v, ok := c.snap.versions[file]; ok {
			e.version = &v
		}
		fx.edits = append(fx.edits, e)
	}
	// In file order: an analyzer that orders edits by token.Pos orders
	// files by when they were parsed, which differs between a fresh load
	// and a kept one. Within a file, edits keep the analyzer's order.
	slices.SortStableFunc(fx.edits, func(x, y edit) int { return strings.Compare(x.file, y.file) })
	return fx, len(fx.edits) > 0
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// A pkgState is an open package: a directory's package with its tests, as
// last analyzed.
type pkgState struct {
	dir string
	// deps holds the directories of every package it imports, directly or
	// not, so an edit there re-checks this package too.
	deps map[string]bool
	// results holds the findings of each of its files, every file whose
	// diagnostics were last published.
	results map[string]*fileResult
}

func newPkgState(dir string) *pkgState {
	return &pkgState{dir: dir, deps: map[string]bool{}, results: map[string]*fileResult{}}
}

// A fileResult is the findings in one file.
type fileResult struct {
	uri      string
	version  *int32 // of the document analyzed; nil for a file not open
	findings []*finding
}

// add adds f unless an identical finding is there: a file of a package is
// analyzed in the package and again in its test variant.
func (fr *fileResult) add(f *finding) {
	for _, g := range fr.findings {
		if g.start == f.start && g.diag.Range == f.diag.Range && g.diag.Message == f.diag.Message && g.diag.Source == f.diag.Source {
			return
		}
	}
	fr.findings = append(fr.findings, f)
}

func (fr *fileResult) sort() {
	slices.SortStableFunc(fr.findings, func(x, y *finding) int { return x.start - y.start })
}

func (fr *fileResult) diagnostics() []protocol.Diagnostic {
	diags := make([]protocol.Diagnostic, 0, len(fr.findings))
	for _, f := range fr.findings {
		diags = append(diags, f.diag)
	}
	return diags
}

// A finding is a diagnostic with its fixes.
type finding struct {
	file  string
	start int // byte offset, for sorting
	diag  protocol.Diagnostic
	fixes []fix
}

// A fix is a suggested fix, its edits in bytes and in LSP ranges.
type fix struct {
	title string
	edits []edit
}

type edit struct {
	file       string
	uri        string
	version    *int32 // of the document the offsets refer to; nil if not open
	start, end int
	newText    string
	rng        protocol.Range
}
