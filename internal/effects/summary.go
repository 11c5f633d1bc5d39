package effects

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/pathvalues"
)

// Analyzer computes, once per package, what each function does to its
// http.ResponseWriter parameters and to its *http.Request and io.Reader
// parameters, and exports it as a *Summary fact for callers in other
// packages. It also exports, for writerwrap and routematch, which then
// need no facts (and no run on every dependency) of their own, the
// Streams fact (streams.go) and the path value facts (pathvalues.go).
// Its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "effects",
	Doc:        "summarizes what functions do to their response writer and request parameters",
	URL:        "https://pkg.go.dev/github.com/routevet/routevet/internal/effects",
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer, flow.Analyzer},
	FactTypes:  []analysis.Fact{new(Summary), new(Streams), new(pathvalues.ReadsFact), new(pathvalues.SetsFact)},
	ResultType: reflect.TypeFor[*Result](),
	Run:        run,
}

// A Summary is what a function does to its parameters on the paths that
// return. It is exported as a fact only when it says something: a writer
// parameter it does something to on every path (for exported functions),
// or a request or reader parameter whose use is known. A function without
// a summary is unknown code.
type Summary struct {
	Params []Param
	// When holds effects that hold only under a condition on an argument
	// at the call (a helper replying when its error argument is not nil,
	// or when its status argument is a constant error status).
	When []Conditional
	// LimitsBodies is set for a function that calls http.MaxBytesReader
	// and hands a request on (a middleware limiting the bodies of the
	// handlers behind it, or the function making one).
	LimitsBodies bool
	// CORS is what the function does for CORS (cors.go), nil when
	// nothing.
	CORS *CORS
	// EmptyOnError lists the results (by index) that are nil or an empty
	// string whenever the last result, an error, is not nil: a write of
	// such a result on an error path writes nothing (writer_nilbytes.go).
	EmptyOnError []int
}

// A Param is what a function does to one parameter (receiver excluded).
// Writer holds the effects on an http.ResponseWriter on every path that
// returns; Must and May those on an *http.Request or an io.Reader, on
// every path and on some path.
type Param struct {
	Index     int
	Writer    Effect
	Must, May Effect
	// For a request parameter: NeedsForm is the first read of r.Form or
	// r.PostForm the function makes with no parse of its own on any path
	// before it (so its caller must have parsed the form), NeedsMultipart
	// the same for r.MultipartForm dereferenced, and FormUse its first use
	// of the form of any kind (r.FormValue too). Unbounded is, for a
	// request or a reader, the first read of the body whole (io.ReadAll, a
	// decoder) with no http.MaxBytesReader of its own before it. Empty
	// when there is none.
	NeedsForm, NeedsMultipart, FormUse, Unbounded Site
}

// A Site is where a function uses the request, for the messages of its
// callers' findings: What ("r.PostForm", "io.ReadAll") at At
// ("file.go:42"), through Via (the callee that does it, for a use in a
// callee of the function; empty for its own).
type Site struct {
	What, At, Via string
}

// Known reports whether the site is set.
func (s Site) Known() bool { return s.What != "" }

// String spells the site for facts and messages: "r.PostForm at
// file.go:42", with "in helper" after it when it is a callee's.
func (s Site) String() string {
	if !s.Known() {
		return ""
	}
	str := s.What + " at " + s.At
	if s.Via != "" {
		str += " in " + s.Via
	}
	return str
}

// A Conditional is an effect on a writer parameter that holds on every
// path when argument Arg satisfies If.
type Conditional struct {
	Param  int
	Arg    int
	If     Condition
	Writer Effect
}

// A Condition is what a call's argument must be for a Conditional to hold.
type Condition uint8

const (
	ErrorNotNil   Condition = iota + 1 // an error argument that is not nil
	StatusAtLeast                      // a constant status >= 400
)

func (*Summary) AFact() {}

// String spells the writer part as writes(INDEX:EFFECTS,...), the
// request part as unreadbody(pINDEX must=EFFECTS may=EFFECTS; ...), and
// the conditional part as when(INDEX if ARG!=nil:EFFECTS,...) or, for a
// status argument, when(INDEX if ARG>=400:EFFECTS,...).
func (s *Summary) String() string {
	var writes, reqs []string
	for _, p := range s.Params {
		if p.Writer != 0 {
			writes = append(writes, fmt.Sprintf("%d:%s", p.Index, names(p.Writer, writerNames, "+")))
		} else {
			req := fmt.Sprintf("p%d must=%s may=%s", p.Index, names(p.Must, requestNames, ","), names(p.May, requestNames, ","))
			for _, site := range []struct {
				name string
				s    Site
			}{{"needs-form", p.NeedsForm}, {"needs-multipart", p.NeedsMultipart}, {"form-use", p.FormUse}, {"unbounded", p.Unbounded}} {
				if site.s.Known() {
					req += fmt.Sprintf(" %s=%q", site.name, site.s.String())
				}
			}
			reqs = append(reqs, req)
		}
	}
	var parts []string
	if writes != nil {
		parts = append(parts, "writes("+strings.Join(writes, ",")+")")
	}
	if reqs != nil {
		parts = append(parts, "unreadbody("+strings.Join(reqs, "; ")+")")
	}
	var when []string
	for _, c := range s.When {
		cond := "!=nil"
		if c.If == StatusAtLeast {
			cond = ">=400"
		}
		when = append(when, fmt.Sprintf("%d if %d%s:%s", c.Param, c.Arg, cond, names(c.Writer, writerNames, "+")))
	}
	if when != nil {
		parts = append(parts, "when("+strings.Join(when, ",")+")")
	}
	if s.LimitsBodies {
		parts = append(parts, "limits-bodies")
	}
	if s.EmptyOnError != nil {
		idx := make([]string, len(s.EmptyOnError))
		for i, n := range s.EmptyOnError {
			idx[i] = fmt.Sprint(n)
		}
		parts = append(parts, "empty-on-error("+strings.Join(idx, ",")+")")
	}
	if s.CORS != nil {
		parts = append(parts, s.CORS.String())
	}
	return strings.Join(parts, " ")
}

type effectName struct {
	e    Effect
	name string
}

var (
	writerNames  = []effectName{{Commits, "commits"}, {SendsStatus, "status"}, {Replies, "replies"}, {SetsHeader, "header"}, {Responds, "responds"}, {Serves, "serves"}}
	requestNames = []effectName{{ParsesForm, "form"}, {ParsesMultipart, "multipart"}, {ReadsBody, "body"}, {ReadsMultipartBody, "multipart-body"}, {TouchesBody, "touch-body"}, {ReadsForm, "reads-form"}, {BoundsBody, "bounds-body"}}
)

func names(e Effect, table []effectName, sep string) string {
	if e == 0 {
		return "none"
	}
	var ns []string
	for _, n := range table {
		if e&n.e != 0 {
			ns = append(ns, n.name)
		}
	}
	return strings.Join(ns, sep)
}

// param returns the summary of parameter i, or nil.
func (s *Summary) param(i int) *Param {
	if s == nil {
		return nil
	}
	for k := range s.Params {
		if s.Params[k].Index == i {
			return &s.Params[k]
		}
	}
	return nil
}

var effectNames = []string{
	"commits", "status", "replies", "header", "cookie", "reads-header", "body", "flush", "hijack",
	"makes-header", "makes-encoder", "makes-controller",
	"form", "multipart", "read-body", "multipart-body", "touch-body", "reads-form", "needs-body",
	"wraps", "limits", "copies-request", "makes-decoder", "decodes", "reads-whole", "bounds-body", "partial-on-error", "responds", "serves",
}

func (e Effect) String() string {
	if e == 0 {
		return "none"
	}
	var names []string
	for i, name := range effectNames {
		if e&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return strings.Join(names, "+")
}

// A Result is the effects analysis of one package: the summaries of its
// functions, and the solutions the analyzers' rules read.
type Result struct {
	pass   *analysis.Pass
	graphs *flow.Graphs
	// cursors holds the cursor of every function declaration and literal
	// of the top-level declarations whose inspectors are in indexed; a
	// declaration is indexed when a cursor in it is first asked for (most
	// declarations of most packages never are).
	cursorMu sync.Mutex
	cursors  map[ast.Node]inspector.Cursor
	indexed  map[*inspector.Inspector]bool

	writers *writerEngine
	request *requestEngine
	// limiters are the functions of the package limiting the bodies of
	// the handlers behind them (see Summary.LimitsBodies).
	limiters map[*types.Func]bool
	// httpImported caches importsHTTP.
	httpImported *bool
	cors         *corsEngine
	// emptyResults caches emptyOnError.
	emptyResults map[*types.Func][]int
	// withError are the exported functions whose last result is an
	// error, in source order (noteWithError), whose EmptyOnError is
	// exported.
	withError []*types.Func
	// assigned caches what each function body assigns its variables
	// (alias.AssignmentsIn): the aliases of a body's writer and request
	// parameters, for both engines and for the solutions the rules ask
	// for (SolveHandler, RequestFuncs), come from one walk of it.
	assignedMu sync.Mutex
	assigned   map[*ast.BlockStmt]*alias.Assignments
	// streams is the package's Streams fact (streams.go).
	streams    *Streams
	pathValues pathValues
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{
		pass:         pass,
		graphs:       pass.ResultOf[flow.Analyzer].(*flow.Graphs),
		cursors:      map[ast.Node]inspector.Cursor{},
		indexed:      map[*inspector.Inspector]bool{},
		emptyResults: map[*types.Func][]int{},
		assigned:     map[*ast.BlockStmt]*alias.Assignments{},
	}
	r.writers = newWriterEngine(r)
	r.request = newRequestEngine(r)
	r.cors = newCORSEngine(r)
	r.forEachFunc(func(n ast.Node, fn *types.Func) {
		r.writers.collect(n, fn)
		r.request.collect(n, fn)
		if decl, ok := n.(*ast.FuncDecl); ok && fn != nil {
			r.noteWithError(decl, fn)
		}
	})
	r.findLimiters()
	r.writers.run()
	r.request.run()
	r.export()
	r.streams = r.exportStreams()
	r.findPathValues()
	return r, nil
}

// assignments returns what body, the body of a function of the package,
// assigns its variables, walked once per body. The result is shared:
// nobody changes it.
func (r *Result) assignments(body *ast.BlockStmt) *alias.Assignments {
	r.assignedMu.Lock()
	defer r.assignedMu.Unlock()
	a := r.assigned[body]
	if a == nil {
		a = alias.AssignmentsIn(r.pass.TypesInfo, body)
		r.assigned[body] = a
	}
	return a
}

// aliases is alias.Of(info, body, v) from the shared assignments of body.
func (r *Result) aliases(body *ast.BlockStmt, v *types.Var) *alias.Set {
	return r.assignments(body).Aliases(r.pass.TypesInfo, v)
}

// forEachFunc calls f for the function declarations and literals of the
// package the engines may summarize, in source order, in one traversal
// (with a declaration's object, nil for a literal):
// through the package's flow.Syntax when the package imports net/http
// (httpmodel built it already), walking the syntax when it depends on
// net/http without importing it and has a variable of type
// http.ResponseWriter, and only the declarations otherwise, where no
// function literal has a (named) writer parameter and the engines
// summarize only declarations (helpers with reader parameters): the
// literals inside them need no walk.
func (r *Result) forEachFunc(f func(n ast.Node, fn *types.Func)) {
	// A declaration's object is looked up once, for both engines.
	objOf := func(decl *ast.FuncDecl) *types.Func {
		fn, _ := r.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		return fn
	}
	switch {
	case r.graphs.ImportsHTTP():
		for _, sn := range r.graphs.Syntax().Nodes() {
			switch n := sn.Node.(type) {
			case *ast.FuncDecl:
				f(n, objOf(n))
			case *ast.FuncLit:
				f(n, nil)
			}
		}
	case r.graphs.ReachesHTTP() && r.definesWriter():
		for _, file := range r.pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					f(n, objOf(n))
				case *ast.FuncLit:
					f(n, nil)
				}
				return true
			})
		}
	default:
		// The declarations flow indexed, with their objects, in the
		// same order (those without an object, which no engine
		// summarizes, left out).
		for fn, decl := range r.graphs.Decls() {
			f(decl, fn)
		}
	}
}

// definesWriter reports whether the package defines a variable of type
// http.ResponseWriter: a named writer parameter of a function literal is
// one, found among the definitions much faster than by walking the
// syntax. (A package that does not import net/http has few, through an
// alias of another package.)
func (r *Result) definesWriter() bool {
	for _, obj := range r.pass.TypesInfo.Defs {
		if v, ok := obj.(*types.Var); ok && httpmodel.IsResponseWriter(v.Type()) {
			return true
		}
	}
	return false
}

// export exports the summary of each function that has something to say.
func (r *Result) export() {
	sums := map[*types.Func]*Summary{}
	var order []*types.Func
	get := func(fn *types.Func) *Summary {
		s := sums[fn]
		if s == nil {
			s = &Summary{}
			sums[fn] = s
			order = append(order, fn)
		}
		return s
	}
	for _, f := range r.writers.order {
		if f.Obj == nil || !f.Obj.Exported() || !f.informative() && f.When == nil {
			continue
		}
		s := get(f.Obj)
		for i, e := range f.Effects {
			if e != 0 {
				s.Params = append(s.Params, Param{Index: i, Writer: e})
			}
		}
		s.When = f.When
	}
	for _, fn := range r.request.helpers {
		if sum := r.request.summaries[fn]; sum != nil && sum.fact != nil {
			s := get(fn)
			s.Params = append(s.Params, sum.fact.Params...)
		}
	}
	for _, fn := range r.limiterOrder() {
		get(fn).LimitsBodies = true
	}
	cors := r.cors.exported()
	for _, fn := range sortedFuncs(cors) {
		get(fn).CORS = cors[fn]
	}
	for _, fn := range r.withError {
		if empty := r.emptyOnError(fn); empty != nil {
			get(fn).EmptyOnError = empty
		}
	}
	for _, fn := range order {
		r.pass.ExportObjectFact(fn, sums[fn])
	}
}

// WriterFuncs returns the functions with http.ResponseWriter parameters,
// solved, in the order they were solved (callees first).
func (r *Result) WriterFuncs() []*WriterFunc { return r.writers.solved }

// imported returns the summary of a function of another package, or nil.
func (r *Result) imported(fn *types.Func) *Summary {
	if fn.Pkg() == r.pass.Pkg {
		return nil
	}
	var s Summary
	if !r.pass.ImportObjectFact(fn, &s) {
		return nil
	}
	return &s
}

// Cursor returns the cursor of a function declaration or literal of the
// package, or of its body, in the inspector of its top-level declaration
// (see flow.Graphs.DeclInspector: the cursors of the effects and their
// users move inside a function and up to its declaration, never above).
func (r *Result) Cursor(fn ast.Node) (inspector.Cursor, bool) {
	r.cursorMu.Lock()
	defer r.cursorMu.Unlock()
	if cur, ok := r.cursors[fn]; ok {
		return cur, true
	}
	in := r.graphs.DeclInspector(fn.Pos())
	if in == nil || r.indexed[in] {
		return inspector.Cursor{}, false
	}
	r.indexed[in] = true
	for cur := range in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		r.cursors[cur.Node()] = cur
		var body inspector.Cursor
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				continue
			}
			body = cur.ChildAt(edge.FuncDecl_Body, -1)
		case *ast.FuncLit:
			body = cur.ChildAt(edge.FuncLit_Body, -1)
		}
		r.cursors[body.Node()] = body
	}
	cur, ok := r.cursors[fn]
	return cur, ok
}
