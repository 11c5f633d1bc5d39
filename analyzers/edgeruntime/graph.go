package edgeruntime

// This file builds the call graph: one node per function with a body,
// its static calls, the host-only APIs they call, the entry-point calls
// and the //routevet:edge directives, in one traversal.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// An api is a host-only API called somewhere.
type api struct {
	key, pkg, name string
}

// A node is a function with its body in this package: a declaration, or a
// function literal that is not called where it is written (the body of a
// literal called in place belongs to the enclosing node).
type node struct {
	fn   *types.Func // nil for a literal
	decl *ast.FuncDecl
	lit  *ast.FuncLit

	sites   []*site  // calls, in evaluation order
	callers []caller // nodes that call this one, first call each

	reach map[string]*witness // by API key
	order []string            // keys of reach in the order they were found
	sent  int                 // keys of order already passed to callers
	queue bool
}

// qualifiedName names the node's function with its package, "" for a
// literal.
func (n *node) qualifiedName() string {
	if n.fn == nil {
		return ""
	}
	return funcName(n.fn, true)
}

func (n *node) body() *ast.BlockStmt {
	if n.decl != nil {
		return n.decl.Body
	}
	return n.lit.Body
}

type caller struct {
	node *node
	pos  token.Pos
}

// A site is one static call.
type site struct {
	call   *ast.CallExpr
	leaf   *api        // the callee is itself host-only
	callee *types.Func // otherwise the callee,
	local  *node       // with its node when declared in this package
	recv   ast.Expr    // the client of an http.Client method call
}

type builder struct {
	pass     *analysis.Pass
	info     *types.Info
	model    *httpmodel.Model
	profiles *profileSet

	nodes   []*node
	byFunc  map[*types.Func]*node
	byLit   map[*ast.FuncLit]*node
	inPlace map[*ast.FuncLit]bool
	apis    map[*types.Func]*api // host-only callees, nil for others
	facts   map[*types.Func]*Reaches

	entryFns  map[string]entryPoint
	entryPkgs map[string]bool
	entries   []entryCall

	funcDirectives []funcDirective
	pkgDirectives  []*ast.Comment

	clients            clientVars
	installsTransport  bool
	transportInstalled *bool // computed on first need
}

type entryCall struct {
	call  *ast.CallExpr
	ep    entryPoint
	owner *node
}

type funcDirective struct {
	node    *node
	comment *ast.Comment
	profile string
}

func newBuilder(pass *analysis.Pass, m *httpmodel.Model, profiles *profileSet) *builder {
	b := &builder{
		pass:      pass,
		info:      pass.TypesInfo,
		model:     m,
		profiles:  profiles,
		byFunc:    map[*types.Func]*node{},
		byLit:     map[*ast.FuncLit]*node{},
		inPlace:   map[*ast.FuncLit]bool{},
		apis:      map[*types.Func]*api{},
		facts:     map[*types.Func]*Reaches{},
		entryFns:  map[string]entryPoint{},
		entryPkgs: map[string]bool{},
		clients:   clientVars{info: pass.TypesInfo, writes: map[*types.Var][]ast.Expr{}, transports: map[*types.Var][]ast.Expr{}},
	}
	for _, ep := range entryPoints {
		b.addEntryPoint(ep)
	}
	return b
}

func (b *builder) addEntryPoint(ep entryPoint) {
	b.entryFns[ep.fn] = ep
	b.entryPkgs[apiPackage(ep.fn)] = true
}

// addConfiguredEntryPoints adds .routevet.yaml's edge entry points.
func (b *builder) addConfiguredEntryPoints() error {
	c := b.model.Config
	if c == nil {
		return nil
	}
	for _, e := range c.Edge.EntryPoints {
		if e.Profile != "" && b.profiles.byName[e.Profile] == nil {
			return b.unknownProfileError("entry-points", e.Profile)
		}
		if e.Handler < 0 {
			return fmt.Errorf("%s: edge: entry-points: %s: handler index %d is negative", c.File, e.Func, e.Handler)
		}
		b.addEntryPoint(entryPoint{fn: e.Func, arg: e.Handler, profile: e.Profile})
	}
	for _, p := range c.Edge.Packages {
		if p.Profile != "" && b.profiles.byName[p.Profile] == nil {
			return b.unknownProfileError("packages", p.Profile)
		}
	}
	return nil
}

func (b *builder) unknownProfileError(key, name string) error {
	return fmt.Errorf("%s: edge: %s: unknown profile %q (known: %s)",
		b.model.Config.File, key, name, strings.Join(b.profiles.names(), ", "))
}

// scan is the analyzer's one traversal: it makes a node of every function,
// records its static calls, the entry-point calls, the directives, and the
// writes to http.Client variables. It walks only the declarations that
// may reach a host-only API (see declsToWalk) when it can, else all of
// the syntax: itself, unless the package imports net/http, whose
// flow.Syntax the other analyzers build anyway.
func (b *builder) scan() {
	var owners []*node // the node of each enclosing function; nil outside
	owner := func() *node {
		if len(owners) == 0 {
			return nil
		}
		return owners[len(owners)-1]
	}
	// Clients and transports are made and installed only in packages
	// that import net/http.
	trackClients := b.model.HTTP != nil
	visit := func(n ast.Node, push bool) {
		switch n := n.(type) {
		case *ast.File:
			if push {
				b.fileDirectives(n)
			}
		case *ast.FuncDecl:
			if !push {
				owners = owners[:len(owners)-1]
				break
			}
			owners = append(owners, b.declNode(n))
		case *ast.FuncLit:
			if !push {
				owners = owners[:len(owners)-1]
				break
			}
			if b.inPlace[n] {
				owners = append(owners, owner())
			} else {
				nd := &node{lit: n}
				b.nodes = append(b.nodes, nd)
				b.byLit[n] = nd
				owners = append(owners, nd)
			}
		case *ast.CallExpr:
			// A literal called in place must be known before its body is
			// entered; the call itself is recorded after its operands, in
			// the order Go evaluates them.
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok {
				b.inPlace[lit] = true
			} else if !push {
				b.call(n, owner())
			}
		case *ast.AssignStmt:
			if push && trackClients {
				b.clients.assign(n, &b.installsTransport)
			}
		case *ast.ValueSpec:
			if push && trackClients {
				b.clients.spec(n)
			}
		}
	}
	// Each node is visited before its children (push) and after them.
	var stack []ast.Node
	walk := func(root ast.Node) {
		ast.Inspect(root, func(n ast.Node) bool {
			if n == nil {
				n, stack = stack[len(stack)-1], stack[:len(stack)-1]
				visit(n, false)
				return false
			}
			stack = append(stack, n)
			visit(n, true)
			return true
		})
	}
	decls, all := b.declsToWalk()
	graphs := b.pass.ResultOf[flow.Analyzer].(*flow.Graphs)
	switch {
	case all && graphs.ImportsHTTP():
		// Its flow.Syntax holds the kinds visit reads, in the order
		// of the walk below.
		syntax := graphs.Syntax()
		syntax.Visit(0, len(syntax.Nodes()), visit)
	case all:
		for _, f := range b.pass.Files {
			walk(f)
		}
	case graphs.ImportsHTTP():
		// The same for the chosen declarations: the nodes right under
		// a file's are its declarations (of the kinds of declaration
		// that hold any of visit's).
		chosen := make(map[ast.Node]bool, len(decls))
		for _, d := range decls {
			chosen[d] = true
		}
		syntax := graphs.Syntax()
		nodes := syntax.Nodes()
		for i := 0; i < len(nodes); {
			sn := nodes[i]
			if _, ok := sn.Node.(*ast.File); ok {
				i++
				continue
			}
			if chosen[sn.Node] {
				syntax.Visit(i, int(sn.Next), visit)
			}
			i = int(sn.Next)
		}
	default:
		for _, d := range decls {
			walk(d)
		}
	}
}

// declNode makes the node of a function declaration, or returns nil for
// one with no body or no type information.
func (b *builder) declNode(decl *ast.FuncDecl) *node {
	fn, _ := b.info.Defs[decl.Name].(*types.Func)
	if fn == nil || decl.Body == nil {
		return nil
	}
	n := &node{fn: fn, decl: decl}
	b.nodes = append(b.nodes, n)
	b.byFunc[fn] = n
	if decl.Doc != nil {
		for _, c := range decl.Doc.List {
			if profile, ok := parseDirective(c.Text); ok {
				b.funcDirectives = append(b.funcDirectives, funcDirective{n, c, profile})
			}
		}
	}
	return n
}

// fileDirectives records //routevet:edge comments above the package clause.
func (b *builder) fileDirectives(f *ast.File) {
	for _, g := range f.Comments {
		if g.Pos() > f.Package {
			break
		}
		for _, c := range g.List {
			if _, ok := parseDirective(c.Text); ok {
				b.pkgDirectives = append(b.pkgDirectives, c)
			}
		}
	}
}

const directive = "//routevet:edge"

// parseDirective parses "//routevet:edge [profile]".
func parseDirective(text string) (profile string, ok bool) {
	rest, ok := strings.CutPrefix(text, directive)
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	if fields := strings.Fields(rest); len(fields) > 0 {
		profile = fields[0]
	}
	return profile, true
}

// call records a call: in its node's sites if the callee is static, and
// among the entry points if it is one.
func (b *builder) call(call *ast.CallExpr, owner *node) {
	fn := typeutil.StaticCallee(b.info, call)
	if fn == nil || fn.Pkg() == nil {
		return // dynamic calls are not followed: no guessing
	}
	fn = fn.Origin()
	path := fn.Pkg().Path()
	if b.entryPkgs[path] {
		if ep, ok := b.entryFns[fn.FullName()]; ok {
			b.entries = append(b.entries, entryCall{call, ep, owner})
		}
	}
	if owner == nil {
		return // package-level initialization: runs before any request
	}
	s := &site{call: call, callee: fn}
	if path == "net/http" && isClientMethod(fn) {
		// Which client it is can be told only once every assignment
		// has been seen: see resolveClients.
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			s.recv = sel.X
		}
	} else {
		s.leaf = b.hostOnly(fn, path, call)
	}
	owner.sites = append(owner.sites, s)
}

// hostOnly returns the API a call to fn is, if some profile may deny it.
func (b *builder) hostOnly(fn *types.Func, path string, call *ast.CallExpr) *api {
	u := b.profiles.universe
	if !u.mayContain(path) {
		return nil
	}
	if isSQLOpen(fn, path) && len(call.Args) == 2 {
		if tv, ok := b.info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			driver := constant.StringVal(tv.Value)
			return b.pseudo(sqlOpenAPI(driver), fmt.Sprintf("sql.Open(%q)", driver))
		}
		return nil
	}
	return b.hostOnlyFunc(fn, path)
}

// hostOnlyFunc returns the API fn is, if some profile may deny it and it
// is not sql.Open, whose API is told by the call's driver argument.
func (b *builder) hostOnlyFunc(fn *types.Func, path string) *api {
	if a, seen := b.apis[fn]; seen {
		return a
	}
	var a *api
	if key := fn.FullName(); b.profiles.universe.contains(key, path) {
		a = &api{key: key, pkg: path, name: funcName(fn, true)}
	}
	b.apis[fn] = a
	return a
}

// isSQLOpen reports whether fn, of package path, is sql.Open.
func isSQLOpen(fn *types.Func, path string) bool {
	return path == "database/sql" && fn.Name() == "Open" && fn.Signature().Recv() == nil
}

// pseudo returns a pseudo-API if the universe holds it.
func (b *builder) pseudo(key, name string) *api {
	if !b.profiles.universe.contains(key, "") {
		return nil
	}
	return &api{key: key, pkg: apiPackage(key), name: name}
}
