package analyze

import (
	"container/heap"
	"go/ast"
	"go/token"
	"go/types"
	"runtime"
	"sync"

	"golang.org/x/tools/go/packages"
)

// Run parses, type-checks and analyzes the packages go list described
// (roots, with their dependencies, loaded without syntax or types), each
// once its imports are done, on as many goroutines as there are
// processors. It calls done with each package when its analysis is over,
// one call at a time; then it drops the package's syntax, type
// information, the analyzers' results and diagnostics, keeping for the
// packages that import it its facts and the types of its declarations
// (keepDeclarations), not those of its function bodies. So only the
// packages being worked on have syntax and full types in memory, not the
// whole load.
//
// With allSyntax, dependencies are type-checked in full, as go/packages'
// LoadAllSyntax does; without, their function bodies are not checked,
// which is all the packages importing them need when no analyzer uses
// facts. Dependencies are analyzed only when an analyzer uses facts; with
// a nil suite, nothing is analyzed and done is not called.
// A file two packages share (a package and its test variant) is parsed
// once, as go/packages does, and kept until both are done. The large
// tables of constants of a dependency analyzed with its bodies are left
// out of its syntax (dropTables): they changed no analysis, and took
// most of the memory of some runs.
func Run(fset *token.FileSet, roots []*packages.Package, s *Suite, allSyntax bool, done func(*Package)) *Graph {
	g := &Graph{ByTypes: map[*types.Package]*Package{}}
	byPkg := map[*packages.Package]*Package{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		cp := &Package{Pkg: p, Imports: map[*Package]bool{}}
		for _, imp := range p.Imports {
			cp.Imports[byPkg[imp]] = true
		}
		// Every package has its types.Package from the start, as with
		// go/packages, so facts find their owners from any goroutine:
		// the one its importers see.
		if p.PkgPath == "unsafe" {
			p.Types = types.Unsafe
		} else {
			p.Types = types.NewPackage(p.PkgPath, p.Name)
		}
		byPkg[p] = cp
		g.Packages = append(g.Packages, cp)
		g.ByTypes[p.Types] = cp
	})
	for _, p := range roots {
		byPkg[p].Root = true
	}
	files := newFileCache(g.Packages)
	var doneMu sync.Mutex
	work := func(cp *Package) {
		p := cp.Pkg
		bodies := cp.Root || allSyntax
		var syntax []*ast.File
		// p.Types is the package its importers see. When the bodies
		// are checked, they are checked into another package, and
		// p.Types gets the declarations once the analysis is over.
		declarations := p.Types
		if p.PkgPath == "unsafe" {
			p.Fset, p.Syntax = fset, []*ast.File{}
			if bodies {
				p.TypesInfo = newInfo()
			}
		} else {
			var errs []error
			var cached []*cachedFile
			syntax, cached, errs = files.parse(fset, p.CompiledGoFiles)
			for _, err := range errs {
				AddError(p, err)
			}
			// The large constant tables of a dependency are left out
			// of what is checked and analyzed (see withoutTables).
			if bodies && !cp.Root && files.only(cached) {
				syntax = dropTables(fset, p, syntax)
				files.replace(cached, syntax)
			}
			if bodies {
				p.Types = types.NewPackage(p.PkgPath, p.Name)
			}
			TypeCheck(fset, p, syntax, bodies)
		}
		if s != nil && (cp.Root || s.NeedsFacts()) {
			g.Analyze(s, cp)
			doneMu.Lock()
			done(cp)
			doneMu.Unlock()
		}
		cp.DropResults()
		for _, act := range cp.Actions {
			act.Diagnostics = nil
		}
		p.Syntax, p.TypesInfo = nil, nil
		if p.Types != declarations {
			cp.keepDeclarations(fset, syntax, declarations)
		}
		files.release(p.CompiledGoFiles)
	}
	inDependencyOrder(g.Packages, runtime.GOMAXPROCS(0), work)
	return g
}

// inDependencyOrder calls work with each package once all it imports are
// done, on n goroutines. Of the packages ready, it starts first the one
// with the longest chain of packages waiting for it: the run ends with
// the chain that ends last, so a long chain (the standard library up to
// net/http, then the module's own packages) must not wait behind leaves.
func inDependencyOrder(pkgs []*Package, n int, work func(*Package)) {
	importers := map[*Package][]*Package{}
	waiting := map[*Package]int{} // imports not done
	for _, cp := range pkgs {
		waiting[cp] = len(cp.Imports)
		for imp := range cp.Imports {
			importers[imp] = append(importers[imp], cp)
		}
	}
	// pkgs lists dependencies first: the chains above a package are
	// known once those of its importers are.
	chain := map[*Package]int{}
	for i := len(pkgs) - 1; i >= 0; i-- {
		cp := pkgs[i]
		for _, up := range importers[cp] {
			chain[cp] = max(chain[cp], chain[up]+1)
		}
	}
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := &readyQueue{chain: chain}
	for _, cp := range pkgs {
		if waiting[cp] == 0 {
			heap.Push(ready, cp)
		}
	}
	left := len(pkgs)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			for {
				for ready.Len() == 0 && left > 0 {
					cond.Wait()
				}
				if left == 0 {
					return
				}
				cp := heap.Pop(ready).(*Package)
				mu.Unlock()
				work(cp)
				mu.Lock()
				left--
				for _, up := range importers[cp] {
					if waiting[up]--; waiting[up] == 0 {
						heap.Push(ready, up)
					}
				}
				cond.Broadcast()
			}
		}()
	}
	wg.Wait()
}

// A readyQueue holds the packages ready to start, longest chain first.
type readyQueue struct {
	chain map[*Package]int
	pkgs  []*Package
}

func (q *readyQueue) Len() int           { return len(q.pkgs) }
func (q *readyQueue) Less(i, j int) bool { return q.chain[q.pkgs[i]] > q.chain[q.pkgs[j]] }
func (q *readyQueue) Swap(i, j int)      { q.pkgs[i], q.pkgs[j] = q.pkgs[j], q.pkgs[i] }
func (q *readyQueue) Push(x any)         { q.pkgs = append(q.pkgs, x.(*Package)) }
func (q *readyQueue) Pop() any {
	last := q.pkgs[len(q.pkgs)-1]
	q.pkgs = q.pkgs[:len(q.pkgs)-1]
	return last
}

// A fileCache holds the files being parsed or used, each until every
// package listing it is done.
type fileCache struct {
	mu    sync.Mutex
	files map[string]*cachedFile
}

type cachedFile struct {
	once  sync.Once
	file  *ast.File
	err   error
	users int // packages not done with it
}

func newFileCache(pkgs []*Package) *fileCache {
	c := &fileCache{files: map[string]*cachedFile{}}
	for _, cp := range pkgs {
		for _, name := range cp.Pkg.CompiledGoFiles {
			f := c.files[name]
			if f == nil {
				f = new(cachedFile)
				c.files[name] = f
			}
			f.users++
		}
	}
	return c
}

// parse returns the syntax of the files that could be parsed, at least in
// part, with their entries, and the errors of reading and parsing them,
// in order.
func (c *fileCache) parse(fset *token.FileSet, names []string) ([]*ast.File, []*cachedFile, []error) {
	var syntax []*ast.File
	var cached []*cachedFile
	var errs []error
	for _, name := range names {
		c.mu.Lock()
		f := c.files[name]
		c.mu.Unlock()
		f.once.Do(func() { f.file, f.err = ParseFile(fset, name, nil) })
		if f.file != nil {
			syntax = append(syntax, f.file)
			cached = append(cached, f)
		}
		if f.err != nil {
			errs = append(errs, f.err)
		}
	}
	return syntax, cached, errs
}

// only reports whether the files are used by one package alone (or by
// others already done with them).
func (c *fileCache) only(cached []*cachedFile) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range cached {
		if f.users != 1 {
			return false
		}
	}
	return true
}

// replace replaces the syntax of files that one package alone uses with
// the syntax that package uses, so that what it left out does not stay
// in memory.
func (c *fileCache) replace(cached []*cachedFile, syntax []*ast.File) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, f := range cached {
		f.file = syntax[i]
	}
}

// release says a package is done with its files.
func (c *fileCache) release(names []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, name := range names {
		if f := c.files[name]; f != nil {
			if f.users--; f.users == 0 {
				delete(c.files, name)
			}
		}
	}
}

func newInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}
