package analyze

import (
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
// information, the analyzers' results and diagnostics, keeping its types
// and facts for the packages that import it. So only the packages being
// worked on have syntax in memory, not the whole load.
//
// With allSyntax, dependencies are type-checked in full, as go/packages'
// LoadAllSyntax does; without, their function bodies are not checked,
// which is all the packages importing them need when no analyzer uses
// facts. Dependencies are analyzed only when an analyzer uses facts; with
// a nil suite, nothing is analyzed and done is not called.
// A file two packages share (a package and its test variant) is parsed
// once, as go/packages does, and kept until both are done.
func Run(fset *token.FileSet, roots []*packages.Package, s *Suite, allSyntax bool, done func(*Package)) *Graph {
	g := &Graph{ByTypes: map[*types.Package]*Package{}}
	byPkg := map[*packages.Package]*Package{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		cp := &Package{Pkg: p, Imports: map[*Package]bool{}}
		for _, imp := range p.Imports {
			cp.Imports[byPkg[imp]] = true
		}
		// Every package has its types.Package from the start, as with
		// go/packages, so facts find their owners from any goroutine.
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
	finished := map[*Package]chan struct{}{}
	for _, cp := range g.Packages {
		finished[cp] = make(chan struct{})
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var doneMu sync.Mutex
	var wg sync.WaitGroup
	for _, cp := range g.Packages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(finished[cp])
			for imp := range cp.Imports {
				<-finished[imp]
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			p := cp.Pkg
			bodies := cp.Root || allSyntax
			if p.PkgPath == "unsafe" {
				p.Fset, p.Syntax = fset, []*ast.File{}
				if bodies {
					p.TypesInfo = newInfo()
				}
			} else {
				syntax, errs := files.parse(fset, p.CompiledGoFiles)
				for _, err := range errs {
					AddError(p, err)
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
			files.release(p.CompiledGoFiles)
		}()
	}
	wg.Wait()
	return g
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
// part, and the errors of reading and parsing them, in order.
func (c *fileCache) parse(fset *token.FileSet, names []string) ([]*ast.File, []error) {
	var syntax []*ast.File
	var errs []error
	for _, name := range names {
		c.mu.Lock()
		f := c.files[name]
		c.mu.Unlock()
		f.once.Do(func() { f.file, f.err = ParseFile(fset, name, nil) })
		if f.file != nil {
			syntax = append(syntax, f.file)
		}
		if f.err != nil {
			errs = append(errs, f.err)
		}
	}
	return syntax, errs
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
