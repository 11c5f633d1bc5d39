package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
)

// The summary engine for requests: a data-flow analysis of each function
// with *http.Request or io.Reader parameters, of whether the form was
// parsed and the body read on every path (or on none). Its solution
// gives a helper's summary, and, for a handler, the state before each
// use that unreadbody's rules check.

// requestAll are the effects a request summary records.
const requestAll = ParsesForm | ParsesMultipart | ReadsBody | ReadsMultipartBody | TouchesBody

// A Check is a use of the request or its body on the final walk that a
// rule verifies, with the state before it.
type Check struct {
	Kind    CheckKind
	Node    ast.Node // where a finding is reported
	What    string   // the read or parse, for messages
	Field   string   // for CheckForm: "Form" or "PostForm"
	Ignored *IgnoredCall
	State   flow.State
	// Site is, for a check of a call of a summarized function (CheckForm,
	// CheckMultipart, CheckUnbounded), where the callee does what is
	// checked; What is then the callee.
	Site Site
}

// requestEngine holds the request summaries of one package.
type requestEngine struct {
	r         *Result
	model     *httpmodel.Model
	cfgs      *flow.Graphs
	decls     map[*types.Func]*ast.FuncDecl // helpers: functions with request or reader params
	helpers   []*types.Func                 // the keys of decls, in source order
	summaries map[*types.Func]*requestSummary
	funcs     []*RequestSolution // RequestFuncs, once solved
	funcsDone bool
}

type requestSummary struct {
	done bool
	fact *Summary // nil: unknown code
}

func newRequestEngine(r *Result) *requestEngine {
	return &requestEngine{
		r:         r,
		model:     r.pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model),
		cfgs:      r.pass.ResultOf[flow.Analyzer].(*flow.Graphs),
		decls:     map[*types.Func]*ast.FuncDecl{},
		summaries: map[*types.Func]*requestSummary{},
	}
}

// collect records n if it is a helper to summarize: a declaration, not a
// handler, with request or reader parameters.
func (a *requestEngine) collect(n ast.Node, fn *types.Func) {
	if n, ok := n.(*ast.FuncDecl); ok {
		if fn == nil {
			fn, _ = a.r.pass.TypesInfo.Defs[n.Name].(*types.Func)
		}
		if fn != nil && n.Body != nil && len(trackedParams(fn.Signature())) > 0 && a.model.HandlerOf(n) == nil {
			a.decls[fn] = n
			a.helpers = append(a.helpers, fn)
		}
	}
}

// run summarizes the helpers: facts are needed by other packages whether
// or not this one serves HTTP. In source order, so that a call cycle is
// always broken at the same function.
func (a *requestEngine) run() {
	for _, fn := range a.helpers {
		a.summarize(fn)
	}
}

// SolveHandler analyzes the request, its body and the writer of a
// handler, for unreadbody's rules.
func (r *Result) SolveHandler(h *httpmodel.Handler) *RequestSolution {
	a := r.request
	var g *cfg.CFG
	if h.Decl != nil {
		g = a.cfgs.FuncDecl(h.Decl)
	} else {
		g = a.cfgs.FuncLit(h.Lit)
	}
	f := a.newFunc(h.Node(), h.Body, g)
	f.req = r.aliases(h.Body, h.Request)
	f.writer = r.aliases(h.Body, h.Writer)
	f.solve()
	return f
}

// Checks returns the uses to verify, in the order of the final walk.
func (f *RequestSolution) Checks() []Check { return f.checks }

// Unsure reports whether some use was not seen by the walk (a select
// case's operand, dead code): findings would be unsafe.
func (f *RequestSolution) Unsure() bool { return f.unsure }

// Touches reports whether the request payload (body or form) may be used.
func (f *RequestSolution) Touches() bool { return f.touches }

// NilChecked reports whether the request field is compared with nil.
func (f *RequestSolution) NilChecked(field string) bool { return f.nilChecked[field] }

// ReadWhat names the read at pos that consumed the body.
func (f *RequestSolution) ReadWhat(pos token.Pos) string { return f.readWhat[pos] }

// FormUses returns the positions of the form's uses.
func (f *RequestSolution) FormUses() []token.Pos { return f.formUses }

// LastUse returns the position of the last use of obj in the function.
// It is found on the first call for obj (unreadbody asks it of the
// targets of ignored decode errors only).
func (f *RequestSolution) LastUse(obj types.Object) token.Pos {
	if obj == nil {
		return token.NoPos
	}
	if pos, ok := f.lastUse[obj]; ok {
		return pos
	}
	last := token.NoPos
	ast.Inspect(f.node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == obj.Name() && f.info.Uses[id] == obj {
			last = max(last, id.Pos())
		}
		return true
	})
	f.lastUse[obj] = last
	return last
}

// The events of the data-flow problem solved over each function.
const (
	EvUnparsed        flow.Event = iota // no form parse happened on any path
	EvNoMultipart                       // no multipart parse happened on any path
	EvWriterFresh                       // nothing may have been written to w
	EvFormParsed                        // the form was parsed on every path
	EvMultipartParsed                   // the multipart form was parsed on every path
	EvRawRead                           // the body was consumed by a raw read on every path
	EvFormRead                          // the body was consumed by a multipart parse on every path
	EvDrained                           // the body was drained to io.Discard on every path
	EvUnbounded                         // r.Body may not have been limited by http.MaxBytesReader on any path
)

type events uint16

func bits(evs ...flow.Event) events {
	var m events
	for _, e := range evs {
		m |= 1 << e
	}
	return m
}

var (
	requestEvents = bits(EvUnparsed, EvNoMultipart, EvRawRead, EvFormRead, EvDrained, EvUnbounded)
	bodyEvents    = bits(EvRawRead, EvFormRead, EvDrained)
	entryEvents   = bits(EvUnparsed, EvNoMultipart, EvWriterFresh, EvUnbounded)
)

// A CheckKind is what an action verifies before its effect.
type CheckKind uint8

const (
	CheckNone        CheckKind = iota
	CheckForm                  // r.Form/r.PostForm read: was a parse possible?
	CheckMultipart             // r.MultipartForm dereferenced
	CheckRead                  // a raw read: was the body consumed already?
	CheckFormBody              // a parse that needs the body: was it read raw already?
	CheckIgnored               // an ignored decode error: may w have been written?
	CheckDrainedForm           // r.ParseForm, r.FormValue: was the body drained to io.Discard?
	CheckUnbounded             // the body read whole: was it limited before?
)

// An action is the effect of one use of the request, its body or the
// writer, applied when the data-flow walk reaches its node.
type action struct {
	check     CheckKind
	kill, gen events
	may       Effect
	node      ast.Node // where a finding is reported; gen positions
	what      string   // the read or parse, for messages
	field     string   // for CheckForm: "Form" or "PostForm"
	ignored   *IgnoredCall
	visited   bool
	escapes   bool // forgets what was known: unseen, it would make findings unsafe
	// site is, for the check of a call of a summarized function, where
	// the callee does what is checked; formUse where it uses the form.
	site, formUse Site
	// pre are checks of the same node that see the state before it.
	pre []*action
}

// harmless is the action of a use with no effect.
var harmless = (*action)(nil)

// A tracked parameter is a request or a reader the analysis follows.
type trackedParam struct {
	index   int
	v       *types.Var
	request bool // *http.Request; else io.Reader or io.ReadCloser
}

func trackedParams(sig *types.Signature) []trackedParam {
	var ps []trackedParam
	params := sig.Params()
	for i := range params.Len() {
		v := params.At(i)
		if sig.Variadic() && i == params.Len()-1 {
			break
		}
		// Every function of every package comes here: the type's
		// form is looked at once before its name.
		switch t := types.Unalias(v.Type()).(type) {
		case *types.Pointer:
			if httpmodel.IsRequestPtr(t) {
				ps = append(ps, trackedParam{i, v, true})
			}
		case *types.Named:
			if code.IsNamed(t, "io", "Reader") || code.IsNamed(t, "io", "ReadCloser") {
				ps = append(ps, trackedParam{i, v, false})
			}
		}
	}
	return ps
}

// summarize computes, once, the fact of a helper declared in this package
// and exports it. A call cycle makes the later callee unknown code.
func (a *requestEngine) summarize(fn *types.Func) *Summary {
	s := a.summaries[fn]
	if s != nil {
		return s.fact
	}
	s = &requestSummary{}
	a.summaries[fn] = s
	decl := a.decls[fn]
	var fact Summary
	for _, p := range trackedParams(fn.Signature()) {
		if p.v.Name() == "" || p.v.Name() == "_" {
			fact.Params = append(fact.Params, Param{Index: p.index}) // never used
			continue
		}
		f := a.newFunc(decl, decl.Body, nil)
		f.summary = true
		if p.request {
			f.req = a.r.aliases(decl.Body, p.v)
			f.graph = a.cfgs.FuncDecl(decl)
			f.solve()
		} else {
			f.bodyRoot = p.v
			f.solveSummary(decl)
		}
		pf := Param{Index: p.index, Must: f.must, May: f.may | f.must,
			NeedsForm: f.needsForm, NeedsMultipart: f.needsMultipart, FormUse: f.formUse, Unbounded: f.unbounded}
		if f.unsure {
			pf = Param{Index: p.index, May: requestAll}
		}
		if informative(pf, p.request) {
			fact.Params = append(fact.Params, pf)
		}
	}
	if len(fact.Params) > 0 {
		s.fact = &fact // exported with the writer summaries, by Result.export
	}
	s.done = true
	return s.fact
}

// informative reports whether a parameter's summary says more than
// "unknown code": for a request, anything short of everything possible;
// for a reader, that it is read to the end or not touched at all.
func informative(pf Param, request bool) bool {
	if request {
		// May holds reads-form and bounds-body too: a function that may
		// do everything else is unknown code all the same.
		return pf.Must != 0 || pf.May&requestAll != requestAll
	}
	return pf.Must&ReadsBody != 0 || pf.May == 0
}

// factOf returns what is known of a callee: its summary, from this package
// or a fact from another, or nil for unknown code.
func (a *requestEngine) factOf(fn *types.Func) *Summary {
	if fn.Pkg() == a.r.pass.Pkg {
		if _, ok := a.decls[fn]; !ok {
			return nil
		}
		if s := a.summaries[fn]; s != nil && !s.done {
			return nil // recursion
		}
		return a.summarize(fn)
	}
	return a.r.imported(fn)
}

// A RequestSolution is one function analyzed for one request (or reader)
// parameter.
type RequestSolution struct {
	a      *requestEngine
	info   *types.Info
	node   ast.Node    // *ast.FuncDecl or *ast.FuncLit
	fn     *types.Func // for RequestFuncs' solutions
	body   *ast.BlockStmt
	graph  *cfg.CFG
	entry  ast.Node // marker of the synthetic entry block
	req    *alias.Set
	writer *alias.Set // handlers only
	// bodyRoot is the reader parameter of a body helper.
	bodyRoot types.Object
	// Local variables holding the body, a decoder over it, or its bytes.
	bodyVars, decoderVars, bytesVars map[types.Object]bool

	actions    map[ast.Node][]*action
	readWhat   map[token.Pos]string // what a read generating EvRawRead/EvFormRead is
	nilChecked map[string]bool      // request fields compared with nil
	touches    bool                 // the request payload may be used
	formUses   []token.Pos          // form accesses, for ignored parse errors
	lastUse    map[types.Object]token.Pos
	readErrs   map[types.Object]bool // error variables of body reads
	branches   map[ast.Node]branch   // markers of condition outcomes
	nilBodies  map[ast.Node]bool     // markers of the outcome where the body is nil
	// boundedVars are the body variables holding a limited body
	// (http.MaxBytesReader, io.LimitReader).
	boundedVars map[types.Object]bool
	// formUseSites names the callee using the form, for the form uses
	// (formUses) that are calls of summarized functions.
	formUseSites map[token.Pos]Site
	// nodeActions caches actionsIn, once the uses are classified.
	nodeActions map[ast.Node][]*action
	// summary is set when the function is analyzed for its fact, which
	// says what it attempts on every path: its callers see whether it
	// failed in the error it returns, and treat that like a read's.
	summary bool

	// Results. The sites are, in summary mode, the first form reads
	// relying on the caller's parse, the first form use and the first
	// read of the whole body with no limit (see Param).
	needsForm, needsMultipart, formUse, unbounded Site
	may                                           Effect
	must                                          Effect
	exits                                         int
	unsure                                        bool
	checks                                        []Check
}

// An IgnoredCall is a statement that discards a decode or parse error.
type IgnoredCall struct {
	Stmt   ast.Stmt
	Call   *ast.CallExpr
	What   string // "Decode", "json.Unmarshal", "r.ParseForm"
	Kind   string // "JSON", "XML", "form", "multipart"
	Target types.Object
	Fresh  bool // nothing may have been written to w before it (set by the rules)
}

func (a *requestEngine) newFunc(node ast.Node, body *ast.BlockStmt, g *cfg.CFG) *RequestSolution {
	return &RequestSolution{
		a:          a,
		info:       a.r.pass.TypesInfo,
		node:       node,
		body:       body,
		graph:      g,
		entry:      &ast.EmptyStmt{Semicolon: body.Lbrace, Implicit: true},
		actions:    map[ast.Node][]*action{},
		readWhat:   map[token.Pos]string{},
		nilChecked: map[string]bool{},
		lastUse:    map[types.Object]token.Pos{},
		readErrs:   map[types.Object]bool{},
		branches:   map[ast.Node]branch{},
		nilBodies:  map[ast.Node]bool{},

		boundedVars:  map[types.Object]bool{},
		formUseSites: map[token.Pos]Site{},
	}
}

// solve classifies every use of the tracked values, then runs the
// data-flow problem, collecting findings and the function's summary.
func (f *RequestSolution) solve() {
	if f.graph == nil || !f.classifyUses() {
		f.unsure = true
		return
	}
	f.solveFlow()
}

// solveSummary is solve for the summary of a helper's reader parameter
// (f.bodyRoot), whose graph it builds only when the summary can say
// something (see informative): that the reader is read to the end on
// every path, which takes a use reading it (EvRawRead), or that it is
// not touched, which takes no use at all. Most helpers hand their
// reader to code that may do anything with it.
func (f *RequestSolution) solveSummary(decl *ast.FuncDecl) {
	if !f.a.cfgs.Builds(decl) || !f.classifyUses() {
		f.unsure = true
		return
	}
	if f.may != 0 && !f.readsWhole() {
		return // f.may, not informative whatever the paths
	}
	f.graph = f.a.cfgs.FuncDecl(decl)
	f.solveFlow()
}

// readsWhole reports whether a use classified reads the body to the end
// (generates EvRawRead).
func (f *RequestSolution) readsWhole() bool {
	for _, acts := range f.actions {
		for _, act := range acts {
			if act.gen&bits(EvRawRead) != 0 || slices.ContainsFunc(act.pre, func(pre *action) bool { return pre.gen&bits(EvRawRead) != 0 }) {
				return true
			}
		}
	}
	return false
}

// classifyUses classifies the uses of the tracked values (findVars,
// classify); it reports false when the function is not found.
func (f *RequestSolution) classifyUses() bool {
	if !f.a.r.declared(f.node) {
		return false
	}
	f.findVars()
	f.classify()
	return true
}

// solveFlow runs the data-flow problem over the classified uses.
func (f *RequestSolution) solveFlow() {
	flow.Forward(f.graphWithMarkers(), f.transfer)
	for _, acts := range f.actions {
		for _, act := range acts {
			if act.escapes && !act.visited {
				// A use the graph does not show (a select case's
				// operand, dead code): be quiet rather than wrong.
				f.unsure = true
			}
		}
	}
	if f.exits == 0 {
		f.must = 0
	}
}

// graphWithMarkers returns the function's graph with the entry marker
// in a block of its own, where the "nothing happened yet" events are
// generated: flow solves must-problems, and "no parse on any path" is one
// once its event starts at the entry and parses kill it. When the
// function tests the error of a body read, each way out of the test also
// gets a branch marker, so that the path on which the read failed (and so
// may not have consumed the body) forgets it.
//
// The way out of a test of the body against nil where it is nil
// (if r.Body != nil { ... } not taken) gets a marker too: a server
// request's body is never nil, and where a request's body is nil there
// is nothing to read, drain or limit, so that path counts for nothing.
func (f *RequestSolution) graphWithMarkers() *cfg.CFG {
	readErrs := len(f.readErrs) > 0 && !f.summary
	edge := func(cond ast.Expr, taken bool) ast.Node {
		switch {
		case readErrs && f.mentionsReadErr(cond):
			marker := &ast.EmptyStmt{Semicolon: cond.Pos(), Implicit: true}
			f.branches[marker] = branch{cond: cond, taken: taken}
			return marker
		case f.nilBody(cond, taken):
			marker := &ast.EmptyStmt{Semicolon: cond.Pos(), Implicit: true}
			f.nilBodies[marker] = true
			return marker
		}
		return nil
	}
	return flow.WithMarkers(f.graph, f.entry, edge)
}

// A branch is one outcome of a condition that tests a read's error.
type branch struct {
	cond  ast.Expr
	taken bool
}

// mentionsReadErr reports whether a condition mentions the error of a
// body read.
func (f *RequestSolution) mentionsReadErr(cond ast.Expr) bool {
	mentions := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && f.readErrs[f.info.Uses[id]] {
			mentions = true
		}
		return !mentions
	})
	return mentions
}

// impliesNil reports whether cond having the outcome taken implies that an
// error variable of a read is nil (err == nil, !(err != nil), and the
// conjuncts of && and || that must hold).
func (f *RequestSolution) impliesNil(cond ast.Expr, taken bool) bool {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return f.impliesNil(e.X, !taken)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND:
			return taken && (f.impliesNil(e.X, true) || f.impliesNil(e.Y, true))
		case token.LOR:
			return !taken && (f.impliesNil(e.X, false) || f.impliesNil(e.Y, false))
		case token.EQL, token.NEQ:
			x, y := ast.Unparen(e.X), ast.Unparen(e.Y)
			if code.IsNil(f.info, x) {
				x, y = y, x
			}
			id, ok := x.(*ast.Ident)
			if !ok || !code.IsNil(f.info, y) || !f.readErrs[f.info.Uses[id]] {
				return false
			}
			return (e.Op == token.EQL) == taken
		}
	}
	return false
}

// noteReadErr records the error variables a body read's statement assigns
// (data, err := io.ReadAll(r.Body); if err := dec.Decode(&v); ...).
func (f *RequestSolution) noteReadErr(call pathCursor) {
	for cur := call; cur.Valid() && cur.Node() != f.node; cur = cur.Parent() {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				f.noteErrVar(lhs)
			}
			return
		case *ast.ValueSpec:
			for _, name := range n.Names {
				f.noteErrVar(name)
			}
			return
		case ast.Stmt, *ast.FuncLit:
			return
		}
	}
}

func (f *RequestSolution) noteErrVar(e ast.Expr) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return
	}
	if obj := f.info.ObjectOf(id); obj != nil && types.Identical(obj.Type(), types.Universe.Lookup("error").Type()) {
		f.readErrs[obj] = true
	}
}

func (f *RequestSolution) transfer(n ast.Node, s *flow.State, final bool) {
	if n == f.entry {
		for e := range flow.Event(flow.MaxEvents) {
			if entryEvents&(1<<e) != 0 {
				s.Add(e, token.NoPos)
			}
		}
		return
	}
	if f.nilBodies[n] {
		// No path: everything holds, and the meet keeps the others.
		for e := range flow.Event(flow.MaxEvents) {
			s.Add(e, token.NoPos)
		}
		return
	}
	if br, ok := f.branches[n]; ok {
		if !f.impliesNil(br.cond, br.taken) {
			// The read may have failed here, short of the end.
			s.Remove(EvRawRead)
			s.Remove(EvFormRead)
			s.Remove(EvDrained)
		}
		return
	}
	for _, act := range f.actionsIn(n) {
		f.apply(act, s, final)
	}
	if _, ok := n.(*ast.ReturnStmt); ok && final {
		var must Effect
		for e, eff := range map[flow.Event]Effect{EvFormParsed: ParsesForm, EvMultipartParsed: ParsesMultipart, EvRawRead: ReadsBody, EvFormRead: ReadsMultipartBody} {
			if s.Has(e) {
				must |= eff
			}
		}
		if f.exits == 0 {
			f.must = must
		} else {
			f.must &= must
		}
		f.exits++
	}
}

// actionsIn returns the actions of the nodes in graph node n, in the
// order transfer applies them (preorder), found on the first visit of n:
// the walk visits each node until the states settle, then once more, and
// most nodes of most functions hold no action.
func (f *RequestSolution) actionsIn(n ast.Node) []*action {
	if len(f.actions) == 0 {
		return nil
	}
	if acts, ok := f.nodeActions[n]; ok {
		return acts
	}
	var acts []*action
	flow.Preorder(n, func(x ast.Node) bool {
		acts = append(acts, f.actions[x]...)
		return true
	})
	if f.nodeActions == nil {
		f.nodeActions = map[ast.Node][]*action{}
	}
	f.nodeActions[n] = acts
	return acts
}

func (f *RequestSolution) apply(act *action, s *flow.State, final bool) {
	for _, pre := range act.pre {
		f.apply(pre, s, final)
	}
	act.visited = true
	if final && !f.summary && act.check != CheckNone {
		f.checks = append(f.checks, Check{Kind: act.check, Node: act.node, What: act.what, Field: act.field, Ignored: act.ignored, State: *s, Site: act.site})
	}
	if final && f.summary {
		f.noteSites(act, s)
	}
	for e := range flow.Event(flow.MaxEvents) {
		if act.kill&(1<<e) != 0 {
			s.Remove(e)
		}
	}
	for e := range flow.Event(flow.MaxEvents) {
		if act.gen&(1<<e) != 0 {
			s.Add(e, act.node.Pos())
		}
	}
}
