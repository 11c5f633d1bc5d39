package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"iter"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
)

// Analyzer computes which functions of a package never return (exported
// as facts for the packages importing it) and gives, as its *Graphs
// result, the control-flow graphs of the package's functions, its
// Syntax (the nodes the analyzers read in every package importing
// net/http), the inspector of the package and inspectors of single
// declarations, each built the first time an analyzer asks for it.
//
// It stands in for ctrlflow.Analyzer and inspect.Analyzer, which build
// the graph of every function and the inspector of every package,
// dependencies included: most of what routevet's suite cost on a web
// module, when routevet asks for the graphs of the few functions that
// take a writer or a request, for the Syntax of the packages that
// import net/http, and for the inspector of the few that make routers.
// Its graphs are those ctrlflow builds, call for call
// (TestMatchesCtrlflow).
var Analyzer = &analysis.Analyzer{
	Name:       "flowgraphs",
	Doc:        "finds the functions that never return; builds control-flow graphs, syntax indexes and inspectors on demand",
	URL:        "https://pkg.go.dev/github.com/routevet/routevet/internal/flow",
	Run:        run,
	ResultType: reflect.TypeFor[*Graphs](),
	FactTypes:  []analysis.Fact{new(noReturn), new(reachesHTTP)},
	// httpmodel, which runs despite errors, needs the Syntax.
	RunDespiteErrors: true,
}

// noReturn is the fact of a function that never returns.
type noReturn struct{}

func (*noReturn) AFact() {}

func (*noReturn) String() string { return "noReturn" }

// reachesHTTP is the fact of a package that is net/http or depends on
// it: a package reaches net/http when one of its imports has the fact,
// which spares walking the whole import graph for each package.
type reachesHTTP struct{}

func (*reachesHTTP) AFact() {}

func (*reachesHTTP) String() string { return "reachesHTTP" }

// Graphs is the Analyzer's result. Its methods may be called from
// several analyzers at once.
type Graphs struct {
	pkg   *types.Package
	files []*ast.File
	defs  map[*ast.Ident]types.Object
	info  *types.Info
	// http is whether the package imports net/http: then the analyzers
	// that need the package's inspector ask for it anyway.
	http bool
	// reachesHTTP is whether net/http is the package or among its
	// dependencies: without it, no type of the package is a writer or a
	// request.
	reachesHTTP bool

	// infos holds the package's function declarations in the order of
	// the files, decls indexes them.
	infos    []declInfo
	decls    map[*types.Func]*declInfo
	noReturn map[*types.Func]bool
	// stops are the call statements of declarations that do not return:
	// the answers the graph of a declaration is built with, as
	// ctrlflow's are while it solves the package (a call of a function
	// whose own solution is under way, in a cycle, counts as returning).
	stops map[*ast.CallExpr]bool
	// importFact is the pass's ImportObjectFact, for the graphs of
	// function literals built after the pass: the facts of other packages
	// do not change once exported.
	importFact func(types.Object, analysis.Fact) bool

	mu        sync.Mutex
	litGraphs map[*ast.FuncLit]*cfg.CFG

	inspectorOnce sync.Once
	inspector     *inspector.Inspector
	declInspector map[ast.Decl]*inspector.Inspector
	syntaxOnce    sync.Once
	syntax        *Syntax
}

type declInfo struct {
	fn      *types.Func
	decl    *ast.FuncDecl
	started bool // being solved or solved: breaks call cycles
	built   bool // graph holds the graph, asked for
	graph   *cfg.CFG
}

func run(pass *analysis.Pass) (any, error) {
	g := &Graphs{
		pkg:           pass.Pkg,
		files:         pass.Files,
		defs:          pass.TypesInfo.Defs,
		info:          pass.TypesInfo,
		http:          importsHTTP(pass.Pkg),
		reachesHTTP:   reaches(pass),
		noReturn:      map[*types.Func]bool{},
		stops:         map[*ast.CallExpr]bool{},
		importFact:    pass.ImportObjectFact,
		litGraphs:     map[*ast.FuncLit]*cfg.CFG{},
		declInspector: map[ast.Decl]*inspector.Inspector{},
	}
	if g.reachesHTTP {
		pass.ExportPackageFact(new(reachesHTTP))
	}
	// One allocation for the declarations of the package, in source
	// order, and a map sized for them: every package goes through this.
	var infos []declInfo
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					infos = append(infos, declInfo{fn: fn, decl: decl})
				}
			}
		}
	}
	g.infos = infos
	g.decls = make(map[*types.Func]*declInfo, len(infos))
	for i := range infos {
		g.decls[infos[i].fn] = &infos[i]
	}
	if len(pass.TypeErrors) > 0 {
		// Only analyzers that run despite errors run after this one,
		// and they ask for no graph.
		return g, nil
	}
	s := &solver{g: g, pass: pass}
	for i := range infos {
		s.solve(infos[i].fn, &infos[i])
	}
	return g, nil
}

func importsHTTP(pkg *types.Package) bool {
	return pkg.Path() == "net/http" || slices.ContainsFunc(pkg.Imports(), func(p *types.Package) bool { return p.Path() == "net/http" })
}

// reaches reports whether the package is net/http or depends on it.
func reaches(pass *analysis.Pass) bool {
	return pass.Pkg.Path() == "net/http" || slices.ContainsFunc(pass.Pkg.Imports(), func(imp *types.Package) bool {
		return imp.Path() == "net/http" || pass.ImportPackageFact(imp, new(reachesHTTP))
	})
}

// ImportsHTTP reports whether the package is net/http or imports it:
// then httpmodel builds the package's Syntax, and the analyzers that go
// through every function go faster through it than through the syntax
// trees.
func (g *Graphs) ImportsHTTP() bool { return g.http }

// ReachesHTTP reports whether the package is net/http or depends on it:
// if not, none of its types is http.ResponseWriter or *http.Request.
func (g *Graphs) ReachesHTTP() bool { return g.reachesHTTP }

// solver finds the package's functions that never return, as ctrlflow
// does, without building the graph of a function that certainly
// returns: one with no call statement that does not return, no endless
// for, no select and no goto reaches a return or the end of its body.
type solver struct {
	g    *Graphs
	pass *analysis.Pass
}

func (s *solver) solve(fn *types.Func, di *declInfo) {
	if di.started {
		return // a cycle: fn counts as returning until it is solved
	}
	di.started = true
	noreturn, known := knownIntrinsic(fn)
	if !known && di.decl.Body != nil {
		// The calls are asked about in the order the graph's builder
		// asks, so that cycles break where ctrlflow breaks them.
		maybe := false
		forEachCallStmt(di.decl.Body, func(call *ast.CallExpr) {
			if !s.mayReturn(call) {
				s.g.stops[call] = true
				maybe = true
			}
		}, &maybe)
		if maybe {
			var ok bool
			if noreturn, ok = s.g.structuredNoReturn(di.decl.Body); !ok {
				noreturn = cfg.New(di.decl.Body, s.g.recorded).NoReturn()
			}
		}
	}
	if noreturn {
		s.pass.ExportObjectFact(fn, new(noReturn))
		s.g.noReturn[fn] = true
	}
}

// mayReturn is ctrlflow's answer for a call statement while the package
// is being solved.
func (s *solver) mayReturn(call *ast.CallExpr) bool {
	if id, ok := call.Fun.(*ast.Ident); ok && s.pass.TypesInfo.Uses[id] == panicBuiltin {
		return false
	}
	fn := typeutil.StaticCallee(s.pass.TypesInfo, call)
	if fn == nil {
		return true
	}
	if fn.Pkg() == s.pass.Pkg {
		// The package's facts are those of its declarations.
		if di, ok := s.g.decls[fn]; ok {
			s.solve(fn, di)
			return !s.g.noReturn[fn]
		}
		return true
	}
	return !s.pass.ImportObjectFact(fn, new(noReturn))
}

var panicBuiltin = types.Universe.Lookup("panic").(*types.Builtin)

// recorded answers for the call statements of declarations, as they were
// answered while the package was solved.
func (g *Graphs) recorded(call *ast.CallExpr) bool { return !g.stops[call] }

// literalMayReturn answers for the call statements of function literals,
// which ctrlflow builds once every declaration is solved.
func (g *Graphs) literalMayReturn(call *ast.CallExpr) bool {
	if id, ok := call.Fun.(*ast.Ident); ok && g.info.Uses[id] == panicBuiltin {
		return false
	}
	fn := typeutil.StaticCallee(g.info, call)
	if fn == nil {
		return true
	}
	if _, ok := g.decls[fn]; ok {
		return !g.noReturn[fn]
	}
	return !g.importFact(fn, new(noReturn))
}

// DeclOf returns the declaration of fn, a function of the package, or
// nil (for a function of another package, or an instance: pass its
// Origin). The analyzers share this index rather than each build one
// for every package.
func (g *Graphs) DeclOf(fn *types.Func) *ast.FuncDecl {
	if di := g.decls[fn]; di != nil {
		return di.decl
	}
	return nil
}

// Decls yields the package's function declarations with their objects,
// in the order of the files and of their declarations.
func (g *Graphs) Decls() iter.Seq2[*types.Func, *ast.FuncDecl] {
	return func(yield func(*types.Func, *ast.FuncDecl) bool) {
		for i := range g.infos {
			if !yield(g.infos[i].fn, g.infos[i].decl) {
				return
			}
		}
	}
}

// FuncDecl returns the control-flow graph of a function declaration of
// the package, nil for one without a body, as ctrlflow's FuncDecl.
func (g *Graphs) FuncDecl(decl *ast.FuncDecl) *cfg.CFG {
	if !g.Builds(decl) {
		return nil
	}
	fn, _ := g.defs[decl.Name].(*types.Func)
	di := g.decls[fn]
	g.mu.Lock()
	defer g.mu.Unlock()
	if !di.built {
		di.graph = cfg.New(decl.Body, g.recorded)
		di.built = true
	}
	return di.graph
}

// Builds reports whether FuncDecl returns a graph for decl, without
// building it.
func (g *Graphs) Builds(decl *ast.FuncDecl) bool {
	if decl.Body == nil {
		return false
	}
	fn, _ := g.defs[decl.Name].(*types.Func)
	if g.decls[fn] == nil {
		return false
	}
	_, known := knownIntrinsic(fn)
	return !known // ctrlflow builds none for these
}

// FuncLit returns the control-flow graph of a function literal of the
// package, as ctrlflow's FuncLit.
func (g *Graphs) FuncLit(lit *ast.FuncLit) *cfg.CFG {
	g.mu.Lock()
	defer g.mu.Unlock()
	graph, ok := g.litGraphs[lit]
	if !ok {
		graph = cfg.New(lit.Body, g.literalMayReturn)
		g.litGraphs[lit] = graph
	}
	return graph
}

// NoReturn reports whether fn never returns. (ctrlflow's NoReturn knows
// a function of another package only if the package calls it as a
// statement.)
func (g *Graphs) NoReturn(fn *types.Func) bool {
	if fn.Pkg() == g.pkg {
		return g.noReturn[fn]
	}
	return g.importFact(fn, new(noReturn))
}

// Inspector returns the inspector of the package's files, built on the
// first call.
func (g *Graphs) Inspector() *inspector.Inspector {
	g.inspectorOnce.Do(func() { g.inspector = inspector.New(g.files) })
	return g.inspector
}

// FileOf returns the file of the package that holds pos, or nil.
func (g *Graphs) FileOf(pos token.Pos) *ast.File { return code.FileOf(g.files, pos) }

// forEachCallStmt calls f for each call statement of body outside
// function literals, in the order the graph builder (go/cfg) visits them,
// and sets *complex when body has a statement that may keep it from
// returning without a call: an endless for, a select or a goto.
func forEachCallStmt(body *ast.BlockStmt, f func(*ast.CallExpr), complex *bool) {
	w := callStmts{f: f}
	w.stmt(body)
	*complex = *complex || w.complex
}

// callStmts is forEachCallStmt's walk, which every function of every
// package goes through: methods, not closures, keep it cheap.
type callStmts struct {
	f       func(*ast.CallExpr)
	complex bool
}

func (w *callStmts) list(l []ast.Stmt) {
	for _, s := range l {
		w.stmt(s)
	}
}

// clauses visits case clauses with the default one last, as the builder
// does for switches, type switches and selects.
func (w *callStmts) clauses(body *ast.BlockStmt) {
	var deflt []ast.Stmt
	hasDefault := false
	for _, c := range body.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			if c.List == nil {
				deflt, hasDefault = c.Body, true
				continue
			}
			w.list(c.Body)
		case *ast.CommClause:
			if c.Comm == nil {
				deflt, hasDefault = c.Body, true
				continue
			}
			w.list(c.Body)
		}
	}
	if hasDefault {
		w.list(deflt)
	}
}

func (w *callStmts) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			w.f(call)
		}
	case *ast.LabeledStmt:
		w.stmt(s.Stmt)
	case *ast.BranchStmt:
		if s.Tok == token.GOTO {
			w.complex = true
		}
	case *ast.BlockStmt:
		w.list(s.List)
	case *ast.IfStmt:
		if s.Init != nil {
			w.stmt(s.Init)
		}
		w.stmt(s.Body)
		if s.Else != nil {
			w.stmt(s.Else)
		}
	case *ast.SwitchStmt:
		if s.Init != nil {
			w.stmt(s.Init)
		}
		w.clauses(s.Body)
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			w.stmt(s.Init)
		}
		w.clauses(s.Body)
	case *ast.SelectStmt:
		w.complex = true
		for _, c := range s.Body.List {
			if comm := c.(*ast.CommClause).Comm; comm != nil {
				w.stmt(comm)
			}
		}
		w.clauses(s.Body)
	case *ast.ForStmt:
		if s.Cond == nil {
			w.complex = true
		}
		if s.Init != nil {
			w.stmt(s.Init)
		}
		w.stmt(s.Body)
		if s.Post != nil {
			w.stmt(s.Post)
		}
	case *ast.RangeStmt:
		w.stmt(s.Body)
	}
}

// knownIntrinsic is ctrlflow's list of functions whose bodies do not tell
// whether they return.
func knownIntrinsic(fn *types.Func) (noreturn, known bool) {
	if fn.Pkg() == nil {
		return false, false
	}
	switch fn.Pkg().Path() {
	case "syscall", "runtime", "go.uber.org/zap", "github.com/sirupsen/logrus", "k8s.io/klog", "k8s.io/klog/v2", "internal/abi", "hash/maphash":
	default:
		return false, false // most functions: spare the checks below
	}
	if isFunc(fn, "syscall", "Exit", "ExitProcess", "ExitThread") ||
		isFunc(fn, "runtime", "Goexit", "fatalthrow", "fatalpanic", "exit") ||
		isMethod(fn, "go.uber.org/zap", "Logger", "Fatal", "Panic") ||
		isMethod(fn, "go.uber.org/zap", "SugaredLogger", "Fatal", "Fatalw", "Fatalf", "Panic", "Panicw", "Panicf") ||
		isMethod(fn, "github.com/sirupsen/logrus", "Logger", "Exit", "Panic", "Panicf", "Panicln") ||
		isMethod(fn, "github.com/sirupsen/logrus", "Entry", "Panicf", "Panicln") ||
		isFunc(fn, "k8s.io/klog", "Exit", "ExitDepth", "Exitf", "Exitln", "Fatal", "FatalDepth", "Fatalf", "Fatalln") ||
		isFunc(fn, "k8s.io/klog/v2", "Exit", "ExitDepth", "Exitf", "Exitln", "Fatal", "FatalDepth", "Fatalf", "Fatalln") {
		return true, true
	}
	if isFunc(fn, "internal/abi", "EscapeNonString") || isFunc(fn, "hash/maphash", "Comparable") {
		return false, true
	}
	return false, false
}

// isFunc reports whether fn is a package-level function of package path
// with one of the names.
func isFunc(fn *types.Func, path string, names ...string) bool {
	return fn.Pkg() != nil && fn.Parent() == fn.Pkg().Scope() && fn.Pkg().Path() == path &&
		fn.Signature().Recv() == nil && slices.Contains(names, fn.Name())
}

// isMethod reports whether fn is a method of the package-level type
// path.typeName (or a pointer to it) with one of the names.
func isMethod(fn *types.Func, path, typeName string, names ...string) bool {
	recv := fn.Signature().Recv()
	if recv == nil || !slices.Contains(names, fn.Name()) {
		return false
	}
	t := types.Unalias(recv.Type())
	if ptr, ok := t.(*types.Pointer); ok {
		t = types.Unalias(ptr.Elem())
	}
	named, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() && obj.Pkg().Path() == path && obj.Name() == typeName
}

// structuredNoReturn decides, without building its graph, whether body
// reaches no return (nor a defer, which may recover and return) and not
// its end, given the call statements that do not return (stops). It
// knows only structured code: ok is false for a body with labels, goto,
// fallthrough, select or an endless for, whose graph decides.
func (g *Graphs) structuredNoReturn(body *ast.BlockStmt) (noreturn, ok bool) {
	sh := shape{stops: g.stops, ok: true}
	o := sh.stmt(body)
	return sh.ok && !o.completes && !o.returns, sh.ok
}

// shape is the structural reachability of statements: what their
// graph's builder would make live, for structured code.
type shape struct {
	stops map[*ast.CallExpr]bool
	ok    bool // the statements so far were structured
}

// An outcome is what the live paths through a statement do: complete
// (go on to the next statement), return (or defer), break out of the
// innermost for, switch or select.
type outcome struct{ completes, returns, breaks bool }

func (sh *shape) list(l []ast.Stmt) outcome {
	o := outcome{completes: true}
	for _, s := range l {
		if !o.completes {
			break // dead: without labels, nothing jumps in
		}
		so := sh.stmt(s)
		o.returns = o.returns || so.returns
		o.breaks = o.breaks || so.breaks
		o.completes = so.completes
	}
	return o
}

// init handles the init statement of an if, switch or for: the rest is
// dead if it does not complete.
func (sh *shape) init(s ast.Stmt) outcome {
	if s == nil {
		return outcome{completes: true}
	}
	return sh.stmt(s)
}

// switchStmt is the outcome of an expression or type switch: its init
// statement, then its clauses.
func (sh *shape) switchStmt(init ast.Stmt, body *ast.BlockStmt) outcome {
	in := sh.init(init)
	if !in.completes {
		return in
	}
	o := sh.clauses(body)
	o.returns = o.returns || in.returns
	return o
}

func (sh *shape) clauses(body *ast.BlockStmt) outcome {
	o := outcome{}
	hasDefault := false
	for _, c := range body.List {
		cc, _ := c.(*ast.CaseClause)
		if cc == nil {
			sh.ok = false
			return o
		}
		hasDefault = hasDefault || cc.List == nil
		co := sh.list(cc.Body)
		o.completes = o.completes || co.completes || co.breaks
		o.returns = o.returns || co.returns
	}
	o.completes = o.completes || !hasDefault
	return o
}

func (sh *shape) stmt(s ast.Stmt) outcome {
	done := outcome{completes: true}
	switch s := s.(type) {
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok && sh.stops[call] {
			return outcome{}
		}
		return done
	case *ast.DeferStmt:
		return outcome{completes: true, returns: true}
	case *ast.ReturnStmt:
		return outcome{returns: true}
	case *ast.BranchStmt:
		if s.Label != nil {
			sh.ok = false
			return outcome{}
		}
		switch s.Tok {
		case token.BREAK:
			return outcome{breaks: true}
		case token.CONTINUE:
			return outcome{}
		}
		sh.ok = false // goto, fallthrough
		return outcome{}
	case *ast.BlockStmt:
		return sh.list(s.List)
	case *ast.IfStmt:
		in := sh.init(s.Init)
		if !in.completes {
			return in
		}
		then := sh.stmt(s.Body)
		els := done
		if s.Else != nil {
			els = sh.stmt(s.Else)
		}
		return outcome{
			completes: then.completes || els.completes,
			returns:   in.returns || then.returns || els.returns,
			breaks:    then.breaks || els.breaks,
		}
	case *ast.SwitchStmt:
		return sh.switchStmt(s.Init, s.Body)
	case *ast.TypeSwitchStmt:
		return sh.switchStmt(s.Init, s.Body)
	case *ast.ForStmt:
		if s.Cond == nil {
			sh.ok = false
			return outcome{}
		}
		in := sh.init(s.Init)
		if !in.completes {
			return in
		}
		// The condition's false edge leaves the loop; the post
		// statement is a simple statement that cannot return.
		body := sh.stmt(s.Body)
		return outcome{completes: true, returns: in.returns || body.returns}
	case *ast.RangeStmt:
		return outcome{completes: true, returns: sh.stmt(s.Body).returns}
	case *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.GoStmt, *ast.DeclStmt, *ast.EmptyStmt:
		return done
	}
	sh.ok = false // labels, select, anything else
	return outcome{}
}
