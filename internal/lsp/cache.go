package lsp

import (
	"bytes"
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/analyze"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/source"
)

// The editor server keeps, for each module, one workspace between checks:
// every package the open packages need, dependencies included, with its
// type information and the analysis facts of each analyzer. The first check
// of a module loads and analyzes it all from source, as the standalone
// driver does; after that, an edit re-parses the changed files and
// re-type-checks and re-analyzes only their packages and the workspace
// packages that import them, against the dependencies' types and facts
// kept from the load. The standard library and the module cache do not
// change, so their packages are analyzed once per load. Dependencies keep
// their types and facts only: their syntax and type information are
// dropped once analyzed.
//
// The results equal those of checker.Analyze on a fresh load: the same
// analyzers run on the same packages (every analyzer on the open
// packages, those with facts and their prerequisites on dependencies),
// and a pass sees the facts the checker would pass it (package analyze
// runs them, as the standalone driver does).
// A change go list must see (a file's package clause, imports or build
// constraints, a file added or removed, go.mod, configuration) reloads
// the workspace instead.

// errReload says a workspace cannot be brought up to date in place.
var errReload = errors.New("the package's files, imports or build constraints changed")

// maxKeptSyntax bounds how many workspace packages keep their syntax and
// type information between checks; the least recently checked lose them
// first and are parsed again when an edit needs them.
const maxKeptSyntax = 32

// A workspace is one load of a module's packages and what analysis found.
type workspace struct {
	root string
	dirs map[string]bool // package directories loaded with their tests
	fset *token.FileSet
	pkgs []*cpkg // dependencies first
	byID map[string]*cpkg
	// graph is the same packages, for analysis.
	graph *analyze.Graph
	// files holds the parsed files of workspace packages by name; a file
	// of a package and of its test variant is parsed once.
	files map[string]*parsedFile
	// clock counts re-checks; a package whose imports were re-checked
	// after it is re-checked too.
	clock int
	// configs is the configuration of each loaded directory at load time:
	// analyzers read it, so a change reloads.
	configs map[string]*config.Config
	// disk caches files read from disk by size and modification time.
	disk map[string]diskFile
	// rechecked counts the packages the last update checked again.
	rechecked int
}

type diskFile struct {
	size    int64
	modTime time.Time
	content []byte
}

// A parsedFile is a workspace file as last parsed.
type parsedFile struct {
	content []byte
	file    *ast.File
	err     error  // the parser's error, if any
	header  string // what go list reads of it: package clause, imports, build constraints
}

// A cpkg is one package of a workspace: go list's description, with the
// current syntax and types, and what each analyzer found (an
// analyze.Package, Root when it was loaded as an open package).
type cpkg struct {
	*analyze.Package
	imports map[*cpkg]bool // direct imports
	// loadIndex is its place among the packages go list matched.
	loadIndex int
	// editable packages are the workspace's own: their files may change.
	editable   bool
	listErrors []packages.Error // go list's errors, which a re-check keeps
	contents   [][]byte         // of CompiledGoFiles, as last checked
	headers    []string         // of CompiledGoFiles, as loaded
	version    int              // clock value when last checked
	depsSeen   int              // highest version of its imports when last checked
	lastUsed   int              // clock value when last checked or read
}

// A cache is the workspaces of a session, by module root. Checks run one
// at a time (the server's worker), so it needs no lock.
type cache struct {
	runner     *runner
	workspaces map[string]*workspace
	debugf     func(format string, args ...any)
}

func newCache(r *runner, debugf func(string, ...any)) *cache {
	return &cache{runner: r, workspaces: map[string]*workspace{}, debugf: debugf}
}

// forget drops every workspace: the next check loads again.
func (c *cache) forget() { clear(c.workspaces) }

// check brings the workspaces of dirs up to date with snap and returns what
// the analyzers found in dirs.
func (c *cache) check(ctx context.Context, dirs []string, snap *snapshot) (res *checkResult) {
	res = &checkResult{packages: map[string]*pkgState{}}
	defer recoverCheck(dirs, res)
	open := map[string]bool{}
	for path := range snap.overlay {
		open[dirOf(path)] = true
	}
	for root, rels := range loadGroups(dirs) {
		if ctx.Err() != nil {
			return res
		}
		w := c.workspaces[root]
		start := time.Now()
		if w != nil && w.covers(root, rels) && !w.configChanged() {
			err := w.update(ctx, c.runner, snap)
			switch {
			case err == nil:
				c.debugf("routevet: %s brought up to date in %v (%d packages re-checked)", root, time.Since(start).Round(time.Millisecond), w.rechecked)
				w.collect(c.runner, rels, snap, res)
				continue
			case ctx.Err() != nil:
				return res
			default:
				c.debugf("routevet: %s reloads: %v", root, err)
			}
		}
		// The directories loaded: those asked for and those of the
		// previous load that are still open.
		want := slices.Clone(rels)
		if w != nil {
			for d := range w.dirs {
				if open[d] && !slices.Contains(want, relPattern(root, d)) {
					want = append(want, relPattern(root, d))
				}
			}
		}
		delete(c.workspaces, root)
		w = load(ctx, c.runner, root, want, snap, res)
		if w == nil {
			continue
		}
		c.workspaces[root] = w
		c.debugf("routevet: %s loaded and analyzed in %v (%d packages)", root, time.Since(start).Round(time.Millisecond), len(w.pkgs))
		w.collect(c.runner, rels, snap, res)
	}
	return res
}

func dirOf(path string) string {
	i := strings.LastIndexAny(path, `/\`)
	if i < 0 {
		return "."
	}
	return path[:i]
}

// relPattern is the go list pattern of dir in the module at root.
func relPattern(root, dir string) string {
	groups := loadGroups([]string{dir})
	if pats, ok := groups[root]; ok {
		return pats[0]
	}
	return dir
}

// covers reports whether every pattern was loaded with its tests.
func (w *workspace) covers(root string, patterns []string) bool {
	for _, p := range patterns {
		dir := root
		if p != "./." {
			dir = root + string(os.PathSeparator) + strings.TrimPrefix(p, "./")
		}
		if !w.dirs[dir] {
			return false
		}
	}
	return true
}

// configChanged reports whether a loaded directory's configuration differs
// from what it was at load time.
func (w *workspace) configChanged() bool {
	for dir, was := range w.configs {
		now, _ := config.ForDir(dir)
		if !reflect.DeepEqual(was, now) {
			return true
		}
	}
	return false
}

// load loads the packages of patterns in the module at root, with their
// tests, and analyzes every package.
func load(ctx context.Context, r *runner, root string, patterns []string, snap *snapshot, res *checkResult) *workspace {
	loaded, fset, loadedOK := loadPackages(ctx, root, patterns, snap, res)
	if !loadedOK {
		return nil
	}
	w := &workspace{
		root:    root,
		dirs:    map[string]bool{},
		fset:    fset,
		byID:    map[string]*cpkg{},
		graph:   &analyze.Graph{ByTypes: map[*types.Package]*analyze.Package{}},
		files:   map[string]*parsedFile{},
		configs: map[string]*config.Config{},
		disk:    map[string]diskFile{},
	}
	packages.Visit(loaded, nil, func(p *packages.Package) {
		cp := &cpkg{Package: &analyze.Package{Pkg: p, Imports: map[*analyze.Package]bool{}}, imports: map[*cpkg]bool{}}
		for _, imp := range p.Imports {
			cp.imports[w.byID[imp.ID]] = true
			cp.Imports[w.byID[imp.ID].Package] = true
		}
		cp.editable = p.Module != nil && p.Module.Main && len(p.CompiledGoFiles) > 0 && slices.Equal(p.CompiledGoFiles, p.GoFiles)
		for _, e := range p.Errors {
			if e.Kind == packages.ListError {
				cp.listErrors = append(cp.listErrors, e)
			}
		}
		w.pkgs = append(w.pkgs, cp)
		w.byID[p.ID] = cp
		w.graph.Packages = append(w.graph.Packages, cp.Package)
		w.graph.ByTypes[p.Types] = cp.Package
	})
	for i, p := range loaded {
		if !strings.HasSuffix(p.ID, ".test") && p.Dir != "" {
			w.byID[p.ID].Root = true
			w.byID[p.ID].loadIndex = i
			w.dirs[p.Dir] = true
		}
	}
	for dir := range w.dirs {
		w.configs[dir], _ = config.ForDir(dir)
	}
	for _, cp := range w.pkgs {
		if cp.editable {
			if !w.adoptSyntax(cp, snap) {
				// A file changed between go list and the parse:
				// the next update sees it.
				cp.contents = nil
			}
		}
	}
	removeOverlay := source.Overlay(w.fset, snap.overlay)
	ok := w.analyzeAll(ctx, r)
	removeOverlay()
	if !ok {
		return nil
	}
	return w
}

// adoptSyntax records the parsed files of a freshly loaded package, so an
// update re-parses only what changed.
func (w *workspace) adoptSyntax(cp *cpkg, snap *snapshot) bool {
	if len(cp.Pkg.Syntax) != len(cp.Pkg.CompiledGoFiles) {
		return false // a file failed to parse badly enough to have no syntax
	}
	cp.contents = make([][]byte, len(cp.Pkg.CompiledGoFiles))
	cp.headers = make([]string, len(cp.Pkg.CompiledGoFiles))
	for i, name := range cp.Pkg.CompiledGoFiles {
		content, err := w.content(name, snap)
		if err != nil {
			return false
		}
		cp.contents[i] = content
		cp.headers[i] = header(cp.Pkg.Syntax[i])
		if pf := w.files[name]; pf == nil || !bytes.Equal(pf.content, content) {
			w.files[name] = &parsedFile{content: content, file: cp.Pkg.Syntax[i], header: header(cp.Pkg.Syntax[i])}
		}
	}
	return true
}

// content returns a file's text as the check sees it: the editor's, or the
// disk's.
func (w *workspace) content(name string, snap *snapshot) ([]byte, error) {
	if c, ok := snap.overlay[name]; ok {
		return c, nil
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if d, ok := w.disk[name]; ok && d.size == fi.Size() && d.modTime.Equal(fi.ModTime()) {
		return d.content, nil
	}
	c, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	w.disk[name] = diskFile{fi.Size(), fi.ModTime(), c}
	return c, nil
}

// header returns what go list reads of a file: its build constraints,
// package clause and imports. When it changes, the package's file list or
// imports may have changed, which only a new load tells.
func header(f *ast.File) string {
	var b strings.Builder
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:build") || strings.HasPrefix(c.Text, "// +build") {
				b.WriteString(c.Text)
				b.WriteByte('\n')
			}
		}
	}
	b.WriteString(f.Name.Name)
	for _, imp := range f.Imports {
		b.WriteByte(' ')
		b.WriteString(imp.Path.Value)
	}
	return b.String()
}

// update brings the workspace up to date with snap: it re-checks the
// editable packages whose files changed and those whose imports were
// re-checked.
func (w *workspace) update(ctx context.Context, r *runner, snap *snapshot) error {
	w.rechecked = 0
	defer source.Overlay(w.fset, snap.overlay)()
	for _, cp := range w.pkgs {
		if !cp.editable {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		changed, err := w.changed(cp, snap)
		if err != nil {
			return err
		}
		deps := 0
		for imp := range cp.imports {
			deps = max(deps, imp.version)
		}
		if !changed && deps == cp.depsSeen {
			continue
		}
		files, err := w.parse(cp, snap)
		if err != nil {
			return err
		}
		if err := w.recheck(r, cp, files, deps); err != nil {
			return err
		}
		w.rechecked++
	}
	w.evictSyntax()
	return nil
}

// changed reports whether any file of a package changed since its last
// check.
func (w *workspace) changed(cp *cpkg, snap *snapshot) (bool, error) {
	if len(cp.contents) != len(cp.Pkg.CompiledGoFiles) {
		return true, nil
	}
	for i, name := range cp.Pkg.CompiledGoFiles {
		content, err := w.content(name, snap)
		if err != nil {
			return false, err // deleted: go list must see it
		}
		if !bytes.Equal(cp.contents[i], content) {
			return true, nil
		}
	}
	return false, nil
}

// parse returns the current syntax of a package's files, parsing those
// not parsed yet in their current content.
func (w *workspace) parse(cp *cpkg, snap *snapshot) ([]*ast.File, error) {
	files := make([]*ast.File, len(cp.Pkg.CompiledGoFiles))
	for i, name := range cp.Pkg.CompiledGoFiles {
		content, err := w.content(name, snap)
		if err != nil {
			return nil, err
		}
		pf := w.files[name]
		if pf == nil || !bytes.Equal(pf.content, content) {
			f, perr := parser.ParseFile(w.fset, name, content, analyze.ParseMode)
			if f == nil {
				return nil, perr
			}
			pf = &parsedFile{content: content, file: f, err: perr, header: header(f)}
			w.files[name] = pf
		}
		if i >= len(cp.headers) || pf.header != cp.headers[i] {
			return nil, errReload
		}
		files[i] = pf.file
	}
	return files, nil
}

// recheck type-checks a package anew from files and analyzes it.
func (w *workspace) recheck(r *runner, cp *cpkg, files []*ast.File, deps int) error {
	old := cp.Pkg
	p := new(packages.Package)
	*p = *old
	p.Syntax = files
	p.Errors = slices.Clone(cp.listErrors)
	p.TypeErrors = nil
	for _, f := range files {
		if pf := w.files[w.fset.File(f.FileStart).Name()]; pf != nil && pf.err != nil {
			analyze.AddError(p, pf.err)
		}
	}
	p.Types = types.NewPackage(old.PkgPath, old.Name)
	// The packages that import this one see its new description.
	p.Imports = map[string]*packages.Package{}
	for path, imp := range old.Imports {
		p.Imports[path] = w.byID[imp.ID].Pkg
	}
	analyze.TypeCheck(w.fset, p, files, true)
	for _, other := range w.pkgs {
		for path, imp := range other.Pkg.Imports {
			if imp == old {
				other.Pkg.Imports[path] = p
			}
		}
	}
	delete(w.graph.ByTypes, old.Types)
	w.graph.ByTypes[p.Types] = cp.Package
	cp.Pkg = p
	cp.contents = make([][]byte, len(files))
	for i, name := range p.CompiledGoFiles {
		cp.contents[i] = w.files[name].content
	}
	w.clock++
	cp.version, cp.depsSeen, cp.lastUsed = w.clock, deps, w.clock
	w.graph.Analyze(r.suite, cp.Package)
	cp.DropResults()
	return nil
}

// evictSyntax drops the syntax and type information of the editable
// packages checked least recently, beyond maxKeptSyntax; an edit that
// needs them parses and type-checks again.
func (w *workspace) evictSyntax() {
	var kept []*cpkg
	for _, cp := range w.pkgs {
		if cp.editable && cp.Pkg.Syntax != nil {
			kept = append(kept, cp)
		}
	}
	if len(kept) <= maxKeptSyntax {
		return
	}
	slices.SortFunc(kept, func(a, b *cpkg) int { return b.lastUsed - a.lastUsed })
	for _, cp := range kept[maxKeptSyntax:] {
		// Types and facts stay: the packages that import it need them.
		cp.Pkg.Syntax, cp.Pkg.TypesInfo = nil, nil
	}
	used := map[string]bool{}
	for _, cp := range w.pkgs {
		if cp.Pkg.Syntax != nil {
			for _, name := range cp.Pkg.CompiledGoFiles {
				used[name] = true
			}
		}
	}
	for name := range w.files {
		if !used[name] {
			delete(w.files, name)
		}
	}
}

// analyzeAll analyzes every package of a fresh load, dependencies first,
// on as many goroutines as there are processors, then drops what only the
// analysis needed of the dependencies.
func (w *workspace) analyzeAll(ctx context.Context, r *runner) bool {
	done := map[*cpkg]chan struct{}{}
	for _, cp := range w.pkgs {
		done[cp] = make(chan struct{})
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, cp := range w.pkgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[cp])
			for imp := range cp.imports {
				<-done[imp]
			}
			if ctx.Err() != nil {
				return
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			w.graph.Analyze(r.suite, cp.Package)
			cp.DropResults()
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return false
	}
	w.clock++
	for _, cp := range w.pkgs {
		cp.version, cp.lastUsed = w.clock, w.clock
		cp.depsSeen = 0
		for imp := range cp.imports {
			cp.depsSeen = max(cp.depsSeen, imp.version)
		}
		if !cp.editable {
			cp.Pkg.Syntax, cp.Pkg.TypesInfo = nil, nil
		}
	}
	// Versions are equal after a load: depsSeen equals the clock for
	// every package with imports, so nothing is stale.
	w.evictSyntax()
	return true
}

// collect records the findings of the open packages in the directories of
// patterns, and the failures of the analyzers they needed.
func (w *workspace) collect(r *runner, patterns []string, snap *snapshot, res *checkResult) {
	var roots []*cpkg
	for _, cp := range w.pkgs {
		if cp.Root && slices.Contains(patterns, relPattern(w.root, cp.Pkg.Dir)) {
			roots = append(roots, cp)
			cp.lastUsed = w.clock
		}
	}
	// In go list's order, as the checker reports them.
	slices.SortFunc(roots, func(a, b *cpkg) int { return a.loadIndex - b.loadIndex })
	var pkgs []*packages.Package
	for _, cp := range roots {
		pkgs = append(pkgs, cp.Pkg)
	}
	rootPackages(pkgs, res)
	reported := map[string]bool{}
	seen := map[*analyze.Package]bool{}
	for _, cp := range roots {
		for _, owner := range w.graph.FactOwners(cp.Package) {
			if seen[owner] {
				continue
			}
			seen[owner] = true
			for _, a := range r.suite.For(owner.Root) {
				if act := owner.Actions[a]; act != nil && act.Err != nil {
					r.reportFailure(a, owner.Pkg, act.Err, owner.Root && slices.Contains(r.analyzers, a), res, reported)
				}
			}
		}
	}
	var found []rootFindings
	for _, a := range r.analyzers {
		for _, cp := range roots {
			if act := cp.Actions[a]; act != nil {
				found = append(found, rootFindings{cp.Pkg, a, act.Diagnostics})
			}
		}
	}
	r.recordFindings(found, snap, res)
}
