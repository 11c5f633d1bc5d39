package edgeruntime

// This file decides, before the traversal, which top-level declarations
// can reach a host-only API at all, from the objects the package uses
// (types.Info.Uses), without walking the syntax. Most functions of most
// packages reach none, and the traversal of the syntax is the analyzer's
// main cost on dependencies: it skips them.

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// declsToWalk returns the top-level declarations scan must walk, in the
// order of the files and of their declarations, or all=true when it must
// walk every one.
//
// A declaration is walked when it uses a function whose call may be
// host-only (an API of the profiles' universe, sql.Open, a method of
// http.Client), a function of another package with a Reaches fact, or
// a function of this package declared in a walked declaration. Every call
// that propagate turns into a witness has its callee among the
// declaration's uses, so a skipped declaration's functions reach
// nothing: they would get no fact and no caller would learn anything
// from them. (A use that is not a call only makes the set larger.)
// Declarations that assign what resolveClients and the InstallsTransport
// fact look at are walked too: those that use http.DefaultTransport,
// http.DefaultClient or one of the package's http.Client variables.
//
// Everything is walked when the package may have edge handlers
// (directives, a configured edge package, a call of an entry point):
// their targets can be any function or literal of the package.
func (b *builder) declsToWalk() (decls []ast.Decl, all bool) {
	if walkEverything || b.hasDirective() || b.configuredPackage() != nil {
		return nil, true
	}
	// The variables whose assignments scan must see: http.DefaultTransport
	// and http.DefaultClient, and the package's http.Client variables,
	// which a client method's call in any declaration may use (a local
	// variable is assigned only in its own declaration). Clients are
	// tracked only in packages that import net/http.
	var defaultTransport, defaultClient types.Object
	clientVars := map[types.Object]bool{}
	if b.model.HTTP != nil {
		defaultTransport = b.model.HTTP.Scope().Lookup("DefaultTransport")
		defaultClient = b.model.HTTP.Scope().Lookup("DefaultClient")
		for _, f := range b.pass.Files {
			for _, d := range f.Decls {
				if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
					for _, spec := range gd.Specs {
						for _, name := range spec.(*ast.ValueSpec).Names {
							if v, _ := b.info.Defs[name].(*types.Var); v != nil && isClientType(v.Type()) {
								clientVars[v] = true
							}
						}
					}
				}
			}
		}
	}
	// This loop goes through every identifier the package uses, the
	// analyzer's main cost on a package it walks nothing of: each case
	// does the least it can (most uses are of variables, and only a
	// package importing net/http has client variables to look up), and
	// it only records positions. Which declaration holds them is found
	// after it, and only when a use may reach something: in most
	// packages none does, and nothing is walked.
	var reached []token.Pos           // uses that may reach a host-only API
	var locals []localUse             // uses of the package's functions
	uses := map[*types.Func]funcUse{} // each function's, computed once
	pkgs := map[*types.Package]pkgUse{}
	tracksClients := defaultTransport != nil
	for id, obj := range b.info.Uses {
		switch obj := obj.(type) {
		case *types.Func:
			u, seen := uses[obj]
			if !seen {
				u = b.classifyUse(obj, pkgs)
				uses[obj] = u
			}
			switch u.kind {
			case useWalkAll:
				return nil, true
			case useReaches:
				reached = append(reached, id.Pos())
			case useLocal:
				locals = append(locals, localUse{at: id.Pos(), decl: u.decl})
			}
		case *types.Var:
			if tracksClients && (obj == defaultTransport || obj == defaultClient || len(clientVars) > 0 && clientVars[obj]) {
				reached = append(reached, id.Pos())
			}
		}
	}
	if len(reached) == 0 && len(clientVars) == 0 {
		return nil, false
	}
	ix := newDeclIndex(b.pass.Files)
	if len(ix.starts) == 0 {
		return nil, false
	}
	walk := make([]bool, len(ix.starts))
	var queue []int
	mark := func(d int) {
		if d >= 0 && !walk[d] {
			walk[d] = true
			queue = append(queue, d)
		}
	}
	if len(clientVars) > 0 {
		for _, f := range b.pass.Files {
			for i, d := range f.Decls {
				if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR && declaresAny(b.info, gd, clientVars) {
					mark(ix.first[f] + i)
				}
			}
		}
	}
	for _, pos := range reached {
		mark(ix.at(pos))
	}
	// usedBy lists, for a declaration of a function of this package, the
	// declarations that use it: they are walked if it is.
	usedBy := make([][]int, len(ix.starts))
	for _, l := range locals {
		decl := ix.at(l.decl)
		if d := ix.at(l.at); d != decl && !walk[d] {
			usedBy[decl] = append(usedBy[decl], d)
		}
	}
	for len(queue) > 0 {
		d := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, user := range usedBy[d] {
			mark(user)
		}
	}
	for _, f := range b.pass.Files {
		for i, d := range f.Decls {
			if walk[ix.first[f]+i] {
				decls = append(decls, d)
			}
		}
	}
	return decls, false
}

// A localUse is a use, at a position, of a function of the package
// declared at another (the position of its declaration's object).
type localUse struct{ at, decl token.Pos }

// declaresAny reports whether a var declaration declares one of vars.
func declaresAny(info *types.Info, gd *ast.GenDecl, vars map[types.Object]bool) bool {
	for _, spec := range gd.Specs {
		for _, name := range spec.(*ast.ValueSpec).Names {
			if v, _ := info.Defs[name].(*types.Var); v != nil && vars[v] {
				return true
			}
		}
	}
	return false
}

// walkEverything turns the pruning off, for the test that compares.
var walkEverything = false

// A declIndex numbers the package's top-level declarations in the order
// of their positions, to tell which holds a position.
type declIndex struct {
	starts []token.Pos       // of each declaration, ascending
	first  map[*ast.File]int // the number of each file's first declaration
}

func newDeclIndex(files []*ast.File) *declIndex {
	// go/packages parses a package's files concurrently: their positions
	// need not follow their order.
	files = slices.Clone(files)
	slices.SortFunc(files, func(x, y *ast.File) int { return cmp.Compare(x.FileStart, y.FileStart) })
	ix := &declIndex{first: make(map[*ast.File]int, len(files))}
	for _, f := range files {
		ix.first[f] = len(ix.starts)
		for _, d := range f.Decls {
			ix.starts = append(ix.starts, d.Pos())
		}
	}
	return ix
}

// at returns the number of the declaration that holds pos, a position
// in a declaration: the last that starts at or before it.
func (ix *declIndex) at(pos token.Pos) int {
	i, found := slices.BinarySearch(ix.starts, pos)
	if !found {
		i--
	}
	return max(i, 0)
}

// A funcUse is how declsToWalk counts a use of a function: kind, and for
// a function of this package the position of its object, in its
// declaration.
type funcUse struct {
	kind int
	decl token.Pos
}

const (
	useNothing = iota // its calls reach no host-only API
	useReaches        // its calls may reach one
	useLocal          // declared in this package: as its declaration
	useWalkAll        // an entry point
)

// A pkgUse is what classifyUse asks of a function's package: whether it
// has entry points, or APIs some profile may deny.
type pkgUse struct{ entry, universe bool }

func (b *builder) classifyUse(fn *types.Func, pkgs map[*types.Package]pkgUse) funcUse {
	fn = fn.Origin()
	pkg := fn.Pkg()
	if pkg == nil {
		return funcUse{kind: useNothing} // error.Error
	}
	path := pkg.Path()
	p, ok := pkgs[pkg]
	if !ok {
		p = pkgUse{entry: b.entryPkgs[path], universe: b.profiles.universe.mayContain(path)}
		pkgs[pkg] = p
	}
	switch {
	case p.entry && b.isEntryPoint(fn):
		return funcUse{kind: useWalkAll}
	case path == "net/http" && isClientMethod(fn):
		return funcUse{kind: useReaches} // resolveClients may make it host-only
	case p.universe && (isSQLOpen(fn, path) || b.hostOnlyFunc(fn, path) != nil):
		return funcUse{kind: useReaches}
	case pkg == b.pass.Pkg:
		return funcUse{kind: useLocal, decl: fn.Pos()}
	case b.fact(fn) != nil:
		return funcUse{kind: useReaches}
	}
	return funcUse{kind: useNothing}
}

func (b *builder) isEntryPoint(fn *types.Func) bool {
	_, ok := b.entryFns[fn.FullName()]
	return ok
}

// hasDirective reports whether a //routevet:edge directive marks the
// package or one of its functions.
func (b *builder) hasDirective() bool {
	for _, f := range b.pass.Files {
		for _, g := range f.Comments {
			if g.Pos() > f.Package {
				break
			}
			if hasDirective(g) {
				return true
			}
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil && hasDirective(fd.Doc) {
				return true
			}
		}
	}
	return false
}

func hasDirective(g *ast.CommentGroup) bool {
	for _, c := range g.List {
		if _, ok := parseDirective(c.Text); ok {
			return true
		}
	}
	return false
}
