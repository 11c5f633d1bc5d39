package edgeruntime

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/httpmodel"
)

//go:embed doc.go
var doc string

// Analyzer reports host-only calls reachable from edge handlers.
var Analyzer = &analysis.Analyzer{
	Name:       "edgeruntime",
	Doc:        analyzerdoc.MustExtract(doc, "edgeruntime"),
	URL:        "https://pkg.go.dev/github.com/routevet/routevet/analyzers/edgeruntime",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, httpmodel.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(Reaches), new(InstallsTransport)},
	ResultType: reflect.TypeFor[*Result](),
}

// A Result lists what the analyzer found in a package besides its
// findings; routevet's migration summary counts from it. The analyzer
// returns a nil *Result when the configuration disables it for the
// package: it did not look.
type Result struct {
	edgeHandlers []token.Pos
}

// EdgeHandlers returns the package's handlers and functions that run on
// an edge runtime (marked by a directive, given to a platform's entry
// point, or in a package built for or configured as one), whose calls
// the analyzer checked.
func (r *Result) EdgeHandlers() []token.Pos { return r.edgeHandlers }

// Reaches is the fact that a function reaches host-only APIs through
// static calls. It holds one witness per API, with the functions the path
// goes through (at most maxHops), so facts stay small and the analysis
// linear however deep the call graph.
type Reaches struct {
	APIs []Reach // in the order the function's calls reach them
}

// A Reach is one host-only API a function reaches.
type Reach struct {
	API  string   // the API's name in rules: "os.ReadFile", "net/http.DefaultClient"
	Pkg  string   // its package: "os"
	Name string   // its name in messages: "os.ReadFile", "http.DefaultClient.Do"
	Via  []string // functions between the function and the API: "config.readFile"
	In   string   // the package whose code calls the API,
	From string   // and the function: "config.readFile"
}

func (*Reaches) AFact() {}

func (f *Reaches) String() string {
	parts := make([]string, len(f.APIs))
	for i, r := range f.APIs {
		parts[i] = r.Name
		if len(r.Via) > 0 {
			parts[i] += " via " + strings.Join(r.Via, " → ")
		}
	}
	return "reaches " + strings.Join(parts, "; ")
}

// InstallsTransport is the package fact that a package replaces
// http.DefaultTransport or http.DefaultClient (with the platform's
// transport, typically), so http.Get and clients with no Transport work.
type InstallsTransport struct{}

func (*InstallsTransport) AFact()         {}
func (*InstallsTransport) String() string { return "installs an HTTP transport" }

// maxHops bounds the functions a witness names.
const maxHops = 5

func run(pass *analysis.Pass) (any, error) {
	if !analyzeStandardLibrary && isStandardLibrary(pass) {
		// The standard library is followed no further than the table's
		// APIs: inside it, host-only calls are fallbacks that fail
		// gracefully (multipart spilling to temporary files, optional
		// configuration files), and its handlers never run on the edge.
		return new(Result), nil
	}
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	profiles, err := profilesFor(m.Config)
	if err != nil {
		return nil, err
	}
	b := newBuilder(pass, m, profiles)
	if err := b.addConfiguredEntryPoints(); err != nil {
		return nil, err
	}
	// Facts are computed for every package, also those that do not
	// import net/http: helpers anywhere may be called from a handler.
	b.scan(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	b.resolveClients()
	b.propagate()
	b.exportFacts()
	if workHook != nil {
		sites, witnesses := 0, 0
		for _, n := range b.nodes {
			sites += len(n.sites)
			witnesses += len(n.order)
		}
		workHook(sites, witnesses)
	}
	if !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	roots, err := b.roots()
	if err != nil {
		return nil, err
	}
	res := new(Result)
	for _, r := range roots {
		res.edgeHandlers = append(res.edgeHandlers, r.pos())
		b.report(r)
	}
	return res, nil
}

// isStandardLibrary reports whether the package is in GOROOT: its
// directory is ROOT/src/PATH, where ROOT/src/go.mod declares module std.
func isStandardLibrary(pass *analysis.Pass) bool {
	path := pass.Pkg.Path()
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return false
	}
	for _, f := range pass.Files {
		dir := filepath.ToSlash(filepath.Dir(pass.Fset.File(f.FileStart).Name()))
		src, ok := strings.CutSuffix(dir, "/"+path)
		if !ok || !strings.HasSuffix(src, "/src") {
			continue // a cgo-generated file, say
		}
		if std, ok := stdRoots.Load(src); ok {
			return std.(bool)
		}
		data, _ := os.ReadFile(filepath.Join(filepath.FromSlash(src), "go.mod"))
		std := strings.HasPrefix(strings.TrimSpace(string(data)), "module std")
		stdRoots.Store(src, std)
		return std
	}
	return false
}

var stdRoots sync.Map // ROOT/src -> bool

// analyzeStandardLibrary makes the analyzer treat the standard library as
// any other code, and workHook receives each package's work (its static
// calls, and the witnesses propagation recorded): the benchmark measures
// them on std.
var (
	analyzeStandardLibrary = false
	workHook               func(sites, witnesses int)
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

// A witness is how a node reaches an API: the call in the node that starts
// the path, and the functions after it.
type witness struct {
	api  *api
	pos  token.Pos
	hops []hop
	in   string // the package whose code calls the API,
	from string // and the function, qualified
}

// A hop is a function on a path; local is set for functions of the
// package being analyzed, whose names messages give unqualified.
type hop struct{ local, qualified string }

func (h hop) String() string {
	if h.local != "" {
		return h.local
	}
	return h.qualified
}

// prepend returns h followed by rest, at most maxHops long: a longer path
// keeps its first functions and ends in "…".
func prepend(h hop, rest []hop) []hop {
	hops := make([]hop, 0, min(len(rest)+1, maxHops))
	hops = append(hops, h)
	for _, r := range rest {
		if len(hops) == maxHops-1 && len(rest) > maxHops-1 {
			return append(hops, hop{qualified: "…"})
		}
		hops = append(hops, r)
	}
	return hops
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
// writes to http.Client variables.
func (b *builder) scan(in *inspector.Inspector) {
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
	filter := []ast.Node{(*ast.File)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}
	if !trackClients {
		filter = filter[:4]
	}
	in.Nodes(filter, func(n ast.Node, push bool) bool {
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
		return true
	})
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

// resolveClients turns calls on http.DefaultClient and on clients with no
// Transport into host-only calls.
func (b *builder) resolveClients() {
	for _, n := range b.nodes {
		for _, s := range n.sites {
			if s.recv == nil {
				continue
			}
			switch b.clients.kind(s.recv, 0) {
			case apiDefaultClient:
				s.leaf = b.pseudo(apiDefaultClient, "http.DefaultClient."+s.callee.Name())
			case apiBareClient:
				s.leaf = b.pseudo(apiBareClient, "(*http.Client)."+s.callee.Name()+" with no Transport")
			case apiOwnTransport:
				s.leaf = b.pseudo(apiOwnTransport, "(*http.Client)."+s.callee.Name()+" on an *http.Transport")
			}
		}
	}
}

// hostOnly returns the API a call to fn is, if some profile may deny it.
func (b *builder) hostOnly(fn *types.Func, path string, call *ast.CallExpr) *api {
	u := b.profiles.universe
	if !u.mayContain(path) {
		return nil
	}
	if path == "database/sql" && fn.Name() == "Open" && fn.Signature().Recv() == nil && len(call.Args) == 2 {
		if tv, ok := b.info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			driver := constant.StringVal(tv.Value)
			return b.pseudo(sqlOpenAPI(driver), fmt.Sprintf("sql.Open(%q)", driver))
		}
		return nil
	}
	if a, seen := b.apis[fn]; seen {
		return a
	}
	var a *api
	if key := fn.FullName(); u.contains(key, path) {
		a = &api{key: key, pkg: path, name: funcName(fn, true)}
	}
	b.apis[fn] = a
	return a
}

// pseudo returns a pseudo-API if the universe holds it.
func (b *builder) pseudo(key, name string) *api {
	if !b.profiles.universe.contains(key, "") {
		return nil
	}
	return &api{key: key, pkg: apiPackage(key), name: name}
}

func isClientMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil || !isClientType(recv.Type()) {
		return false
	}
	switch fn.Name() {
	case "Do", "Get", "Post", "Head", "PostForm":
		return true
	}
	return false
}

// propagate computes, for every node, the APIs it reaches: its host-only
// calls, its calls' facts, and what its callees in this package reach.
// Each node learns each API once, so the work is bounded by the call
// edges times the APIs.
func (b *builder) propagate() {
	type edge struct{ from, to *node }
	linked := map[edge]bool{}
	var queue []*node
	for _, n := range b.nodes {
		for _, s := range n.sites {
			switch {
			case s.leaf != nil:
				n.add(&witness{api: s.leaf, pos: s.call.Pos(), in: b.pass.Pkg.Path(), from: n.qualifiedName()})
			case s.callee.Pkg() == b.pass.Pkg:
				s.local = b.byFunc[s.callee]
				if s.local != nil && !linked[edge{n, s.local}] {
					linked[edge{n, s.local}] = true
					s.local.callers = append(s.local.callers, caller{n, s.call.Pos()})
				}
			default:
				for _, w := range b.factWitnesses(s.callee) {
					w.pos = s.call.Pos()
					n.add(w)
				}
			}
		}
		if len(n.order) > 0 {
			n.queue = true
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		n.queue = false
		fresh := n.order[n.sent:]
		n.sent = len(n.order)
		if len(n.callers) == 0 {
			continue // a literal, or a function nothing here calls
		}
		h := localHop(n.fn)
		for _, c := range n.callers {
			added := false
			for _, key := range fresh {
				w := n.reach[key]
				added = c.node.add(&witness{api: w.api, pos: c.pos, hops: prepend(h, w.hops), in: w.in, from: w.from}) || added
			}
			if added && !c.node.queue {
				c.node.queue = true
				queue = append(queue, c.node)
			}
		}
	}
}

// add records w unless the node already reaches its API.
func (n *node) add(w *witness) bool {
	if _, ok := n.reach[w.api.key]; ok {
		return false
	}
	if n.reach == nil {
		n.reach = map[string]*witness{}
	}
	n.reach[w.api.key] = w
	n.order = append(n.order, w.api.key)
	return true
}

// factWitnesses returns what a function of another package reaches, with
// the function as first hop.
func (b *builder) factWitnesses(fn *types.Func) []*witness {
	f := b.fact(fn)
	if f == nil {
		return nil
	}
	first := hop{qualified: funcName(fn, true)}
	ws := make([]*witness, len(f.APIs))
	for i, r := range f.APIs {
		rest := make([]hop, len(r.Via))
		for j, v := range r.Via {
			rest[j] = hop{qualified: v}
		}
		ws[i] = &witness{api: &api{key: r.API, pkg: r.Pkg, name: r.Name}, hops: prepend(first, rest), in: r.In, from: r.From}
	}
	return ws
}

func (b *builder) fact(fn *types.Func) *Reaches {
	if f, ok := b.facts[fn]; ok {
		return f
	}
	f := new(Reaches)
	if !b.pass.ImportObjectFact(fn, f) {
		f = nil
	}
	b.facts[fn] = f
	return f
}

// exportFacts exports the APIs of every function another package can call:
// exported functions, and methods (a value of an unexported type can be
// had through an exported function).
func (b *builder) exportFacts() {
	if b.pass.Pkg.Name() == "main" {
		return // no package can import it
	}
	for _, n := range b.nodes {
		if n.fn == nil || len(n.order) == 0 || !n.fn.Exported() && n.fn.Signature().Recv() == nil {
			continue
		}
		// In the order found, which is deterministic: the calls in
		// evaluation order, then what callees reach.
		f := &Reaches{APIs: make([]Reach, len(n.order))}
		for i, key := range n.order {
			w := n.reach[key]
			via := make([]string, len(w.hops))
			for j, h := range w.hops {
				via[j] = h.qualified
			}
			f.APIs[i] = Reach{API: w.api.key, Pkg: w.api.pkg, Name: w.api.name, Via: via, In: w.in, From: w.from}
		}
		b.pass.ExportObjectFact(n.fn, f)
	}
	if b.installsTransport {
		b.pass.ExportPackageFact(new(InstallsTransport))
	}
}

// localHop names a function of this package on a path.
func localHop(fn *types.Func) hop {
	return hop{local: funcName(fn, false), qualified: funcName(fn, true)}
}

// funcName returns "F", "(*T).M", or qualified "pkg.F", "(*pkg.T).M".
func funcName(fn *types.Func, qualify bool) string {
	if recv := fn.Signature().Recv(); recv != nil {
		t, ptr := recv.Type(), ""
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		if named, ok := types.Unalias(t).(*types.Named); ok {
			name := named.Obj().Name()
			if qualify && named.Obj().Pkg() != nil {
				name = named.Obj().Pkg().Name() + "." + name
			}
			return "(" + ptr + name + ")." + fn.Name()
		}
		return fn.Name()
	}
	if qualify && fn.Pkg() != nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// clientVars follows http.Client variables to how they were made, to tell
// clients on net/http's own transport from clients given the platform's.
type clientVars struct {
	info *types.Info
	// writes lists each value assigned to a variable (its declaration
	// included); nil stands for a value that cannot be seen, zeroValue
	// for a declaration with none.
	writes map[*types.Var][]ast.Expr
	// transports lists each value assigned to a client's Transport field.
	transports map[*types.Var][]ast.Expr
}

var zeroValue = &ast.Ident{Name: "<zero value>"}

func isClientType(t types.Type) bool {
	return code.IsNamed(t, "net/http", "Client") || code.IsPointerTo(t, "net/http", "Client")
}

func isHTTPVar(obj types.Object, name string) bool {
	v, ok := obj.(*types.Var)
	return ok && v.Name() == name && v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Parent() == v.Pkg().Scope()
}

func (c *clientVars) varOf(e ast.Expr) *types.Var {
	id := httpmodel.IdentOf(e)
	if id == nil {
		return nil
	}
	v, _ := c.info.ObjectOf(id).(*types.Var)
	return v
}

func (c *clientVars) assign(n *ast.AssignStmt, installs *bool) {
	if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
		return // x += y
	}
	for i, lhs := range n.Lhs {
		v := c.varOf(lhs)
		if v == nil {
			continue
		}
		var rhs ast.Expr
		if len(n.Lhs) == len(n.Rhs) {
			rhs = n.Rhs[i]
		}
		if isHTTPVar(v, "DefaultTransport") || isHTTPVar(v, "DefaultClient") {
			*installs = true
		}
		if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && sel.Sel.Name == "Transport" {
			if client := c.varOf(sel.X); client != nil && isClientType(client.Type()) {
				c.transports[client] = append(c.transports[client], rhs)
				if isHTTPVar(client, "DefaultClient") {
					*installs = true
				}
			}
			continue
		}
		if isClientType(v.Type()) {
			c.writes[v] = append(c.writes[v], rhs)
		}
	}
}

func (c *clientVars) spec(n *ast.ValueSpec) {
	for i, name := range n.Names {
		v, _ := c.info.Defs[name].(*types.Var)
		if v == nil || !isClientType(v.Type()) {
			continue
		}
		var rhs ast.Expr
		switch {
		case len(n.Values) == 0:
			rhs = zeroValue
		case len(n.Values) == len(n.Names):
			rhs = n.Values[i]
		}
		c.writes[v] = append(c.writes[v], rhs)
	}
}

// kind tells how e, a client, reaches the network: through
// http.DefaultTransport, as http.DefaultClient (apiDefaultClient) or a
// client with no Transport (apiBareClient) do; through an *http.Transport
// of its own (apiOwnTransport); or in a way not seen here (""): another
// transport, a field, a parameter, a value from a call.
func (c *clientVars) kind(e ast.Expr, depth int) string {
	if depth > 3 {
		return ""
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.kind(e.X, depth+1)
		}
		return ""
	case *ast.CompositeLit:
		if !isClientType(c.info.TypeOf(e)) {
			return ""
		}
		return c.litTransport(e)
	case *ast.CallExpr:
		if isNew(c.info, e) && isClientType(c.info.TypeOf(e.Args[0])) {
			return apiBareClient
		}
		return ""
	}
	v := c.varOf(e)
	switch {
	case v == nil:
		return ""
	case isHTTPVar(v, "DefaultClient"):
		if len(c.transports[v]) > 0 {
			return "" // reported as installing a transport instead
		}
		return apiDefaultClient
	case v.Kind() != types.LocalVar && v.Kind() != types.PackageVar:
		return "" // a field or parameter: made elsewhere
	case v.Kind() == types.PackageVar && v.Exported():
		return "" // other packages may set it up
	}
	// The values the variable is given, or, when its Transport is
	// assigned, those of the field (what it was made with is overwritten).
	kinds := []string{}
	if ts := c.transports[v]; len(ts) > 0 {
		for _, t := range ts {
			kinds = append(kinds, c.transport(t))
		}
	} else {
		for _, w := range c.writes[v] {
			k := ""
			switch {
			case w == zeroValue:
				if _, ptr := types.Unalias(v.Type()).(*types.Pointer); !ptr {
					k = apiBareClient
				}
			case w != nil:
				k = c.kind(w, depth+1)
			}
			kinds = append(kinds, k)
		}
	}
	return weakest(kinds)
}

// weakest combines the kinds of a variable's values: unknown if any is,
// else the one a platform's installed transport fixes last.
func weakest(kinds []string) string {
	if len(kinds) == 0 || slices.Contains(kinds, "") {
		return ""
	}
	for _, k := range []string{apiOwnTransport, apiBareClient} {
		if slices.Contains(kinds, k) {
			return k
		}
	}
	return apiDefaultClient
}

// litTransport tells the transport of a client literal: apiBareClient for
// none, or the kind of the one it sets; a literal with unkeyed fields is
// not judged.
func (c *clientVars) litTransport(lit *ast.CompositeLit) string {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return ""
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Transport" {
			return c.transport(kv.Value)
		}
	}
	return apiBareClient
}

// transport tells a Transport value: nil and http.DefaultTransport make
// apiBareClient, an *http.Transport apiOwnTransport, anything else "".
func (c *clientVars) transport(e ast.Expr) string {
	if e == nil {
		return ""
	}
	if tv, ok := c.info.Types[e]; ok && tv.IsNil() {
		return apiBareClient
	}
	if v := c.varOf(e); v != nil && isHTTPVar(v, "DefaultTransport") {
		return apiBareClient
	}
	t := c.info.TypeOf(e)
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if t != nil && code.IsNamed(t, "net/http", "Transport") {
		return apiOwnTransport
	}
	return ""
}

// isNew reports whether call is new(T).
func isNew(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "new"
}

// A root is an edge handler: a function of this package (node), or one
// declared elsewhere (fn) whose fact is reported at the expression that
// makes it a handler (at).
type root struct {
	node *node
	fn   *types.Func
	at   ast.Node
	name string
	prof *profile
	rank int // which marking decided the profile; higher wins
}

// Ranks of the ways a handler becomes an edge handler: the most specific
// decides its profile.
const (
	rankPackage   = 1 // package directive or configured package
	rankEntry     = 2 // passed to an entry point
	rankDirective = 3 // //routevet:edge on the function
)

// roots returns the package's edge handlers in source order.
func (b *builder) roots() ([]*root, error) {
	byNode := map[*node]*root{}
	type extKey struct {
		fn *types.Func
		at ast.Node
	}
	byExt := map[extKey]*root{}
	var all []*root
	add := func(r *root) {
		if r.node != nil {
			if old := byNode[r.node]; old != nil {
				if old.rank < r.rank {
					*old = *r
				}
				return
			}
			byNode[r.node] = r
		} else {
			k := extKey{r.fn, r.at}
			if byExt[k] != nil {
				return
			}
			byExt[k] = r
		}
		all = append(all, r)
	}

	for _, d := range b.funcDirectives {
		prof := b.profileNamed(d.profile, d.comment)
		if prof == nil {
			continue
		}
		add(&root{node: d.node, name: funcName(d.node.fn, false), prof: prof, rank: rankDirective})
	}
	for _, e := range b.entries {
		if e.ep.arg >= len(e.call.Args) {
			continue
		}
		prof := b.profileNamed(e.ep.profile, nil)
		entryName := b.entryName(e.call)
		b.entryTargets(e, func(t *target) {
			add(&root{node: t.node, fn: t.fn, at: t.at, name: t.describe(entryName), prof: prof, rank: rankEntry})
		})
	}
	if prof, err := b.packageProfile(); err != nil {
		return nil, err
	} else if prof != nil {
		for _, h := range b.model.Handlers {
			var n *node
			if h.Decl != nil {
				n = b.byFunc[h.Func]
			} else {
				n = b.byLit[h.Lit]
			}
			if n != nil {
				add(&root{node: n, name: h.Name(), prof: prof, rank: rankPackage})
			}
		}
	}
	slices.SortStableFunc(all, func(x, y *root) int { return int(x.pos() - y.pos()) })
	return all, nil
}

func (r *root) pos() token.Pos {
	if r.node != nil {
		if r.node.decl != nil {
			return r.node.decl.Pos()
		}
		return r.node.lit.Pos()
	}
	return r.at.Pos()
}

// profileNamed returns the named profile, or the package's platform's for
// "". An unknown name in a directive is reported.
func (b *builder) profileNamed(name string, directive *ast.Comment) *profile {
	if name == "" {
		name = b.inferredProfile()
	}
	if p := b.profiles.byName[name]; p != nil {
		return p
	}
	if directive != nil {
		b.model.Report(b.pass, analysis.Diagnostic{
			Pos:      directive.Pos(),
			End:      directive.End(),
			Category: CategoryUnknownProfile,
			Message: fmt.Sprintf("//routevet:edge names unknown profile %q, so nothing is checked; use one of %s",
				name, strings.Join(b.profiles.names(), ", ")),
		})
	}
	return nil
}

// inferredProfile is the platform whose SDK the package imports, when
// there is exactly one, and the generic profile otherwise.
func (b *builder) inferredProfile() string {
	found := ""
	for _, imp := range b.pass.Pkg.Imports() {
		for _, sdk := range sdkPrefixes {
			if inTree(imp.Path(), sdk.prefix) {
				if found != "" && found != sdk.profile {
					return defaultProfile
				}
				found = sdk.profile
			}
		}
	}
	if found == "" {
		return defaultProfile
	}
	return found
}

// packageProfile returns the profile every handler of the package runs
// on, when a directive or the configuration marks the package as edge.
func (b *builder) packageProfile() (*profile, error) {
	for _, c := range b.pkgDirectives {
		profile, _ := parseDirective(c.Text)
		if p := b.profileNamed(profile, c); p != nil {
			return p, nil
		}
	}
	if c := b.model.Config; c != nil {
		path := b.pass.Pkg.Path()
		for _, p := range c.Edge.Packages {
			tree, isTree := strings.CutSuffix(p.Path, "/...")
			if p.Path == path || isTree && inTree(path, tree) {
				return b.profileNamed(p.Profile, nil), nil
			}
		}
	}
	return nil, nil
}

// A target is a function an entry point's argument resolves to.
type target struct {
	node  *node
	fn    *types.Func
	at    ast.Node
	route *httpmodel.Route // the route it serves, for naming a literal
}

// describe names the handler for messages.
func (t *target) describe(entry string) string {
	switch {
	case t.node != nil && t.node.fn != nil:
		return funcName(t.node.fn, false)
	case t.fn != nil:
		return funcName(t.fn, true)
	case t.route != nil && t.route.PatternKnown:
		return fmt.Sprintf("func literal for %q", t.route.Pattern)
	}
	return "func literal passed to " + entry
}

// entryName names the entry point as the call spells it: spinhttp.Handle.
func (b *builder) entryName(call *ast.CallExpr) string {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			if _, isPkg := b.info.Uses[id].(*types.PkgName); isPkg {
				return id.Name + "." + sel.Sel.Name
			}
		}
	}
	if fn := typeutil.StaticCallee(b.info, call); fn != nil {
		return funcName(fn, true)
	}
	return "the entry point"
}

// follow is how edgeruntime follows handler expressions through the
// route model: middleware is any call wrapping a value that takes a
// ResponseWriter (Fastly's included), no router's own code is entered,
// and an edge platform's entry points are not followed (fsthttp.Adapt(h)
// is an entry point of its own).
func (b *builder) follow() httpmodel.Follow {
	return httpmodel.Follow{
		Handlers: httpmodel.WriterTakers,
		Routers:  httpmodel.RouterCode,
		Stop: func(fn *types.Func) bool {
			_, isEntry := b.entryFns[fn.FullName()]
			return isEntry
		},
	}
}

// entryTargets finds the functions an entry-point call's argument runs.
func (b *builder) entryTargets(e entryCall, add func(*target)) {
	arg := e.call.Args[e.ep.arg]
	if tv, ok := b.info.Types[arg]; ok && tv.IsNil() {
		if e.ep.nilMux && b.model.HTTP != nil {
			routers := b.model.RoutersHeldBy(b.model.HTTP.Scope().Lookup("DefaultServeMux"))
			b.model.RouteTargets(routers, b.follow(), b.targetOf(add))
		}
		return
	}
	var body *ast.BlockStmt
	if e.owner != nil {
		body = e.owner.body()
	}
	b.model.HandlerTargets(arg, body, b.follow(), b.targetOf(add))
}

// targetOf turns the model's targets into nodes of this package's call
// graph, or functions of others.
func (b *builder) targetOf(add func(*target)) func(httpmodel.Target) {
	return func(t httpmodel.Target) {
		switch {
		case t.Lit != nil:
			if n := b.byLit[t.Lit]; n != nil {
				add(&target{node: n, at: t.At, route: t.Route})
			}
		case b.byFunc[t.Func] != nil:
			add(&target{node: b.byFunc[t.Func], at: t.At, route: t.Route})
		default:
			add(&target{fn: t.Func, at: t.At, route: t.Route})
		}
	}
}

// report reports, for each call of the root that reaches APIs its profile
// denies, one diagnostic per category, naming the shortest path.
func (b *builder) report(r *root) {
	if r.node == nil {
		b.reportFindings(r, r.at, b.factWitnesses(r.fn), true, nil)
		return
	}
	// Calls chained on one another (db.Collection("x").FindOne(...))
	// start at one position: the first, called first, is reported. A
	// call of an API in a function the root reaches from several of its
	// calls is reported at the first: one change fixes them all.
	reported := map[any]bool{}
	for _, s := range r.node.sites {
		var ws []*witness
		switch {
		case s.leaf != nil:
			ws = []*witness{{api: s.leaf, in: b.pass.Pkg.Path(), from: r.node.qualifiedName()}}
		case s.local != nil:
			h := localHop(s.local.fn)
			for _, key := range s.local.order {
				w := s.local.reach[key]
				ws = append(ws, &witness{api: w.api, hops: prepend(h, w.hops), in: w.in, from: w.from})
			}
		case s.callee.Pkg() != b.pass.Pkg:
			ws = b.factWitnesses(s.callee)
		}
		b.reportFindings(r, s.call, ws, false, reported)
	}
}

type posCategory struct {
	pos      token.Pos
	category string
}

// A leaf is an API call in a function other than the root.
type leaf struct{ api, from string }

// reportFindings reports at node at the witnesses the root's profile
// denies, the best of each category. For a root declared in another
// package, the witnesses start with the root itself, which is dropped.
func (b *builder) reportFindings(r *root, at ast.Node, ws []*witness, dropFirst bool, reported map[any]bool) {
	type finding struct {
		w    *witness
		rule *rule
	}
	best := map[string]finding{}
	for _, w := range ws {
		rule := r.prof.denied(w.api.key, w.api.pkg)
		switch {
		case rule == nil:
			continue
		case w.api.key != apiOwnTransport && w.api.pkg == "net/http" && rule.category == CategoryHTTPClient && b.transportIsInstalled():
			continue // http.DefaultTransport is the platform's
		case rule.category == CategoryEnvironment && !b.sameProject(w.in):
			// Libraries read the environment for optional settings
			// (proxies, debugging), for which nothing is the right answer.
			continue
		case len(w.hops) > 0 && reported[leaf{w.api.key, w.from}]:
			continue
		}
		if old, ok := best[rule.category]; !ok || better(w, old.w) {
			best[rule.category] = finding{w, rule}
		}
	}
	for _, category := range Categories {
		f, ok := best[category]
		if !ok || reported[posCategory{at.Pos(), category}] {
			continue
		}
		if reported != nil {
			reported[posCategory{at.Pos(), category}] = true
			if len(f.w.hops) > 0 {
				reported[leaf{f.w.api.key, f.w.from}] = true
			}
		}
		hops := f.w.hops
		if dropFirst && len(hops) > 0 {
			hops = hops[1:]
		}
		what := "calls " + f.w.api.name
		if len(hops) > 0 {
			names := make([]string, len(hops))
			for i, h := range hops {
				names[i] = h.String()
			}
			what = fmt.Sprintf("reaches %s via %s", f.w.api.name, strings.Join(names, " → "))
		}
		msg := fmt.Sprintf("edge handler %s (%s) %s: %s", r.name, r.prof.name, what, f.rule.explain(r.prof))
		b.model.Report(b.pass, analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: category, Message: msg})
	}
}

// better prefers the shorter path; between equals, the one found first
// (called first) stays.
func better(w, than *witness) bool { return len(w.hops) < len(than.hops) }

// explain returns the rule's reason and replacement.
func (r *rule) explain(p *profile) string {
	reason := r.reason
	if reason == "" {
		reason = fmt.Sprintf("the %s profile in %s denies it", p.name, config.FileName)
	}
	if r.instead == "" {
		return reason
	}
	return reason + "; " + r.instead
}

// sameProject reports whether the package at path belongs to the module of
// the package being analyzed (without modules: shares its first path
// element, or its first three for a path starting with a domain).
func (b *builder) sameProject(path string) bool {
	if m := b.pass.Module; m != nil && m.Path != "" {
		return inTree(path, m.Path)
	}
	return projectOf(path) == projectOf(b.pass.Pkg.Path())
}

func projectOf(path string) string {
	parts := strings.SplitN(path, "/", 4)
	if strings.Contains(parts[0], ".") && len(parts) >= 3 {
		return strings.Join(parts[:3], "/")
	}
	return parts[0]
}

// transportIsInstalled reports whether this package or a dependency
// replaces net/http's default transport or client, which makes http.Get
// and clients with no Transport use the platform's.
func (b *builder) transportIsInstalled() bool {
	if b.transportInstalled == nil {
		installed := b.installsTransport || len(b.pass.AllPackageFacts()) > 0
		b.transportInstalled = &installed
	}
	return *b.transportInstalled
}
