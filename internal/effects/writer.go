package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
)

// The summary engine for writers: a must-analysis of each function with
// http.ResponseWriter parameters, over its control-flow graph, of what
// was done to each writer on every path. Its solution gives the
// function's summary, and the state before each use of the writer,
// which mutablewriter's rules read.

// The events of the writer's must-analysis: each holds at a point when
// it happened on every path reaching it.
const (
	EvCommitted flow.Event = iota // the status line and headers were sent
	EvDefinite                    // ... by a call that cannot have failed first
	EvStatus                      // an explicit status was sent
	EvReplied                     // http.Error, http.Redirect or http.NotFound replied
	EvHeader                      // a header was changed
	EvResponded                   // a status and then a body were sent: a whole response
	EvServed                      // replied, or handed to a handler (see Serves)
)

// The events of the backward problem: each holds at a point when it
// happens on every path from the point to the function's end, and At
// names the nearest such use.
const (
	// EvUse: the writer is used (a header changed, the response written,
	// or the writer handed to a handler).
	EvUse flow.Event = iota
	// EvStatusUse: a status is sent (a status, an error reply, or the
	// writer handed to a handler, which sends its own).
	EvStatusUse
	// EvHeadUse: a header is changed or a status is sent.
	EvHeadUse
	// EvSolidUse: as EvUse, leaving out writes whose bytes are empty
	// after an error (see Op.EmptyOnError).
	EvSolidUse
	// EvChangeUse: a header is changed, a status sent, or the writer
	// handed to a handler: anything but a body write.
	EvChangeUse
)

// An OpKind is what a call or assignment does to the writer.
type OpKind uint8

const (
	OpNone   OpKind = iota
	OpHeader        // changes a header or sets a cookie
	OpBody          // writes body bytes, committing status 200 if none was sent
	OpStatus        // sends an explicit status
	OpReply         // replies with an error or redirect (status, headers, body)
	// OpHandOn hands the writer to a handler the analysis cannot see
	// (next.ServeHTTP(w, r), a function value called with w): it serves
	// the request, but what it writes is unknown, so it only counts as a
	// use after a reply (the backward problem), never as a commit.
	OpHandOn
)

// An Op is one use of the writer.
type Op struct {
	Node      ast.Node // the call, or the assignment to a header map entry
	Kind      OpKind
	What      string // for messages: "w.WriteHeader", "http.Error"
	Headers   bool   // also changes headers (http.Error, a helper that sets some)
	Tentative bool   // its error is checked at once; it may not have written
	Helper    bool   // a call of a function whose effects are summarized
	Cookie    bool
	// ErrorStatus: the status it sends is known to be 400 or more (a
	// constant, or a helper that sends the status it is given).
	ErrorStatus bool
	// Responds: it sends a status and then a body on every path (a
	// helper writing a whole response), so a second status after it is
	// a missing return.
	Responds bool
	// EmptyOnError: a body write whose bytes are nil on the paths where
	// the error variable ErrVar is not nil (b, err := f() with f
	// returning nil bytes with every non-nil error).
	EmptyOnError *types.Var
	// Serves: an OpHandOn that is a handler's (ServeHTTP, an
	// http.HandlerFunc), which serves the whole request.
	Serves bool
	// Empty: a body write of no bytes (nil, an empty constant string).
	Empty bool
	// StatusArg is the argument giving the status it sends, when one
	// does (w.WriteHeader(code), http.Error's code, a helper's status
	// parameter).
	StatusArg ast.Expr
}

// A Step is one use of the writer on the final walk of the forward
// problem, with the state before it.
type Step struct {
	Op    Op
	State flow.State
	// Committer describes the use that made EvCommitted hold, if it does.
	Committer string
}

// A BackStep is one use of the writer on the final walk of the backward
// problem (from the function's end towards its entry), with the state
// after it, before the use is recorded; Next is the use that makes EvUse
// hold, if it does.
type BackStep struct {
	Op    Op
	State flow.State
	Next  Op
}

// A WriterFunc is a declaration or literal with http.ResponseWriter
// parameters, and its solution once solved.
type WriterFunc struct {
	Node    ast.Node    // *ast.FuncDecl or *ast.FuncLit
	Obj     *types.Func // nil for a literal
	Sig     *types.Signature
	Body    *ast.BlockStmt
	Writers []int // indices of the http.ResponseWriter parameters

	// Effects holds, per parameter, what the function does to it on
	// every path that returns.
	Effects []Effect
	// Solutions holds the solution for each tracked writer parameter,
	// in the order of Writers; a writer the function reassigns has none.
	Solutions []*WriterSolution
	// When holds what the function does to a writer parameter on every
	// path when an error argument is not nil, where that says more than
	// Effects, and when a status argument is a constant error status
	// (declarations only).
	When []Conditional

	state int8 // notStarted, analyzing, done
	// cyclic: f takes part in a recursion (see run).
	cyclic bool
}

const (
	notStarted int8 = iota
	analyzing
	done
)

func (f *WriterFunc) informative() bool {
	return slices.ContainsFunc(f.Effects, func(e Effect) bool { return e != 0 })
}

// A WriterSolution is the solved forward problem for one writer over one
// body.
type WriterSolution struct {
	Writer *Writer
	Fn     ast.Node // the function whose body this is
	Body   *ast.BlockStmt
	Graph  *cfg.CFG
	// Steps are the uses of the writer on the final walk of the forward
	// problem, in order; BackSteps those of the backward problem.
	Steps     []Step
	BackSteps []BackStep

	e      *writerEngine
	info   *bodyInfo
	what   map[token.Pos]string // descriptions of the ops that committed or replied
	uses   map[token.Pos]Op     // the uses of the writer, by position (backward problem)
	opsOf  map[ast.Node][]Op    // the uses in each graph node, computed once
	record bool
	exit   Effect
	exited bool
	// served: EvServed held at every return (see servesOnly).
	served bool
	// statusParam, when set, is the int parameter whose value a status
	// must be to count (see statusConditionals).
	statusParam *types.Var
}

// A writerEngine holds the writer summaries of one package.
type writerEngine struct {
	r         *Result
	cfgs      *flow.Graphs
	funcs     map[ast.Node]*WriterFunc // declarations and literals with a writer parameter
	byObj     map[*types.Func]*WriterFunc
	order     []*WriterFunc // in source order
	solved    []*WriterFunc // in the order they were solved
	bodies    map[*ast.BlockStmt]*bodyInfo
	captured  map[capturedKey]*capturedSummary
	errorType types.Type
	bound     map[*types.Var]*types.Func    // see boundFunc, computed on demand
	uses      map[types.Object][]*ast.Ident // the uses of the package's functions, on demand
	// paramBound caches paramBinding: the function a parameter is bound
	// to, or nil.
	paramBound map[*types.Var]*types.Func
	// emptyOnError caches WriterSolution.emptyOnError by bytes variable.
	emptyOnError map[*types.Var]*types.Var
	// analyzing are the functions being solved, callers first: a call of
	// one of them from the last is a recursion through all that follow it.
	analyzing []*WriterFunc
}

func newWriterEngine(r *Result) *writerEngine {
	return &writerEngine{
		r:            r,
		cfgs:         r.pass.ResultOf[flow.Analyzer].(*flow.Graphs),
		funcs:        map[ast.Node]*WriterFunc{},
		byObj:        map[*types.Func]*WriterFunc{},
		bodies:       map[*ast.BlockStmt]*bodyInfo{},
		captured:     map[capturedKey]*capturedSummary{},
		errorType:    types.Universe.Lookup("error").Type(),
		paramBound:   map[*types.Var]*types.Func{},
		emptyOnError: map[*types.Var]*types.Var{},
	}
}

// collect records n if it is a function with writer parameters.
func (e *writerEngine) collect(n ast.Node, fn *types.Func) {
	if !e.cfgs.ReachesHTTP() {
		return // no type of the package is http.ResponseWriter
	}
	info := e.r.pass.TypesInfo
	var (
		obj  *types.Func
		sig  *types.Signature
		body *ast.BlockStmt
	)
	switch n := n.(type) {
	case *ast.FuncDecl:
		obj = fn
		if obj == nil {
			obj, _ = info.Defs[n.Name].(*types.Func)
		}
		if obj == nil || n.Body == nil {
			return
		}
		sig, body = obj.Signature(), n.Body
	case *ast.FuncLit:
		sig, _ = info.TypeOf(n).(*types.Signature)
		if sig == nil {
			return
		}
		body = n.Body
	}
	var writers []int
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if httpmodel.IsResponseWriter(p.Type()) && p.Name() != "" && p.Name() != "_" {
			writers = append(writers, i)
		}
	}
	if len(writers) == 0 {
		return
	}
	f := &WriterFunc{Node: n, Obj: obj, Sig: sig, Body: body, Writers: writers}
	e.funcs[n] = f
	if obj != nil {
		e.byObj[obj] = f
	}
	e.order = append(e.order, f)
}

// run solves every function, callees first (on demand), so that calls to
// helpers count in their callers.
//
// Functions that call each other (recursion) are solved as they are met:
// a call back into a function being solved, and a call of a function of a
// cycle whose summary says nothing about the writer (it was solved with
// part of the cycle unknown), is a hand-on, as a call of a handler the
// analysis cannot see (classifyCall). The summaries are those of that
// first pass; the solutions the rules read of the functions of a cycle
// are solved again once every summary is known, so that the first member
// met does not see the others as unknown.
func (e *writerEngine) run() {
	for _, f := range e.order {
		e.analyze(f)
	}
	for _, f := range e.order {
		if !f.cyclic || e.graph(f.Node) == nil {
			continue
		}
		g := e.graph(f.Node)
		for k, sol := range f.Solutions {
			if sol != nil {
				f.Solutions[k] = e.solve(sol.Writer, f.Node, f.Body, g, true)
			}
		}
	}
}

// recursion marks the functions of a cycle: f, being solved, and those
// solved since (its callees, down to the call back into it).
func (e *writerEngine) recursion(f *WriterFunc) {
	for i := len(e.analyzing) - 1; i >= 0; i-- {
		e.analyzing[i].cyclic = true
		if e.analyzing[i] == f {
			return
		}
	}
}

// analyze solves each writer parameter of f once, computing the effects
// its callers see.
func (e *writerEngine) analyze(f *WriterFunc) {
	if f.state != notStarted {
		return
	}
	f.state = analyzing
	e.analyzing = append(e.analyzing, f)
	defer func() { e.analyzing = e.analyzing[:len(e.analyzing)-1] }()
	f.Effects = make([]Effect, f.Sig.Params().Len())
	g := e.graph(f.Node)
	for _, i := range f.Writers {
		w := track(e.r.pass.TypesInfo, f.Body, f.Sig.Params().At(i), e.r.assignments(f.Body))
		if w == nil || g == nil {
			f.Solutions = append(f.Solutions, nil)
			continue
		}
		sol := e.solve(w, f.Node, f.Body, g, true)
		f.Solutions = append(f.Solutions, sol)
		f.Effects[i] = sol.Exit()
	}
	// Conditional summaries serve calls in this package (the rules read
	// them through calleeEffects) and, for exported helpers, in others.
	if g != nil && f.Obj != nil {
		e.conditionals(f, g)
		e.statusConditionals(f, g)
	}
	f.state = done
	e.solved = append(e.solved, f)
}

// graph returns the control-flow graph of a declaration or literal.
func (e *writerEngine) graph(n ast.Node) *cfg.CFG {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return e.cfgs.FuncDecl(n)
	case *ast.FuncLit:
		return e.cfgs.FuncLit(n)
	}
	return nil
}

// solve runs the analysis of writer w over a body; record keeps the
// steps of the final walk.
func (e *writerEngine) solve(w *Writer, fn ast.Node, body *ast.BlockStmt, g *cfg.CFG, record bool) *WriterSolution {
	sol := &WriterSolution{
		e: e, Writer: w, Fn: fn, Body: body, Graph: g, info: e.bodyInfo(body), record: record,
		what: map[token.Pos]string{}, opsOf: map[ast.Node][]Op{},
	}
	if record {
		// The backward problem first: rules read both.
		sol.uses = map[token.Pos]Op{}
		flow.Backward(g, sol.transferBack)
	}
	flow.Forward(withFailureEdges(g, sol.info.failures), sol.transfer)
	return sol
}

// Exit returns the effects that hold on every path that returns.
func (s *WriterSolution) Exit() Effect {
	if !s.exited {
		return 0
	}
	return s.exit
}

func (s *WriterSolution) transfer(n ast.Node, st *flow.State, final bool) {
	switch n.(type) {
	case *failureNode:
		// The call may have failed before writing a byte.
		if !st.Has(EvDefinite) {
			st.Remove(EvCommitted)
		}
		return
	case *ast.DeferStmt, *ast.GoStmt:
		// Their calls run later or elsewhere.
		return
	case *ast.ReturnStmt:
		defer func() {
			if final {
				s.noteExit(st)
			}
		}()
	}
	for _, o := range s.Ops(n) {
		if final && s.record {
			step := Step{Op: o, State: *st}
			if st.Has(EvCommitted) {
				step.Committer = s.what[st.At(EvCommitted)]
			}
			s.Steps = append(s.Steps, step)
		}
		s.apply(o, st)
	}
}

// transferBack is the transfer of the backward problem, walked over the
// reversed graph: EvUse holds where the writer is used again on every
// path after the point.
func (s *WriterSolution) transferBack(n ast.Node, st *flow.State, final bool) {
	switch n.(type) {
	case *ast.DeferStmt, *ast.GoStmt:
		return
	}
	ops := s.Ops(n)
	for i := len(ops) - 1; i >= 0; i-- {
		o := ops[i]
		pos := o.Node.Pos()
		if final {
			step := BackStep{Op: o, State: *st}
			if st.Has(EvUse) {
				step.Next = s.uses[st.At(EvUse)]
			}
			s.BackSteps = append(s.BackSteps, step)
		}
		// Remember the nearest use: At names the first use after a point.
		s.uses[pos] = o
		for _, ev := range backEvents(o) {
			st.Remove(ev)
			st.Add(ev, pos)
		}
	}
}

// backEvents returns the events of the backward problem a use makes
// hold.
func backEvents(o Op) []flow.Event {
	evs := make([]flow.Event, 0, 5)
	if !o.Empty {
		evs = append(evs, EvUse)
		if o.EmptyOnError == nil {
			evs = append(evs, EvSolidUse)
		}
	}
	switch o.Kind {
	case OpStatus, OpReply:
		evs = append(evs, EvStatusUse, EvHeadUse, EvChangeUse)
	case OpHandOn:
		evs = append(evs, EvStatusUse, EvChangeUse)
	case OpHeader:
		evs = append(evs, EvHeadUse, EvChangeUse)
	default:
		if o.Headers {
			evs = append(evs, EvHeadUse, EvChangeUse)
		}
	}
	return evs
}

// UseAt returns the use of the writer at pos, as the backward problem
// recorded it (the At of its events).
func (s *WriterSolution) UseAt(pos token.Pos) Op { return s.uses[pos] }

// Ops returns the uses of the writer in a graph node, in the order they
// happen: operands are evaluated before the call or assignment using
// them, and a node ends after everything it contains.
func (s *WriterSolution) Ops(n ast.Node) []Op {
	if ops, ok := s.opsOf[n]; ok {
		return ops
	}
	var nodes []ast.Node
	flow.Preorder(n, func(x ast.Node) bool {
		switch x.(type) {
		case *ast.CallExpr, *ast.AssignStmt:
			nodes = append(nodes, x)
		}
		return true
	})
	slices.SortStableFunc(nodes, func(a, b ast.Node) int { return int(a.End() - b.End()) })
	var ops []Op
	for _, x := range nodes {
		if o := s.Classify(x); o.Kind != OpNone && !(o.Kind == OpHeader && s.Writer.Trailers) {
			ops = append(ops, o)
		}
	}
	s.opsOf[n] = ops
	return ops
}

// noteExit narrows the function's effects to what holds at this return.
func (s *WriterSolution) noteExit(st *flow.State) {
	var e Effect
	for _, f := range []struct {
		ev  flow.Event
		eff Effect
	}{{EvCommitted, Commits}, {EvStatus, SendsStatus}, {EvReplied, Replies}, {EvHeader, SetsHeader}, {EvResponded, Responds}} {
		if st.Has(f.ev) {
			e |= f.eff
		}
	}
	if !s.exited {
		s.exit, s.exited, s.served = e, true, st.Has(EvServed)
	} else {
		s.exit &= e
		s.served = s.served && st.Has(EvServed)
	}
}

// servesOnly returns Serves when every path that returns served the
// request (EvServed) and the exit effects do not already say it (a reply
// or a whole response on every path): a caller then sees a call that
// replies on some paths and hands the writer to a handler on the others.
func (s *WriterSolution) servesOnly() Effect {
	if !s.exited || !s.served || s.exit&(Replies|Responds) != 0 {
		return 0
	}
	return Serves
}

// apply records the effect of o in state st.
func (s *WriterSolution) apply(o Op, st *flow.State) {
	pos := o.Node.Pos()
	switch o.Kind {
	case OpHeader:
		st.Add(EvHeader, pos)
		return
	case OpHandOn:
		if o.Serves {
			st.Add(EvServed, pos)
		}
		return
	case OpBody, OpStatus, OpReply:
		if s.statusParam != nil && o.Kind != OpBody && !s.sendsParamStatus(o) {
			// Solving for a status parameter: another status counts as a
			// write, which keeps EvStatus from holding on its path.
			o.Kind, o.Responds = OpBody, false
		}
		s.what[pos] = o.What
		st.Add(EvCommitted, pos)
		// A whole response, even when the body write's error is checked:
		// it was attempted, and a failure means the client is gone.
		if o.Responds || o.Kind == OpReply && !o.Tentative || o.Kind == OpBody && !o.Empty && st.Has(EvStatus) {
			st.Add(EvResponded, pos)
			st.Add(EvServed, pos)
		}
		if o.Tentative {
			return
		}
		if o.Kind == OpStatus && o.ErrorStatus {
			st.Add(EvServed, pos)
		}
		st.Add(EvDefinite, pos)
		if o.Headers {
			st.Add(EvHeader, pos)
		}
		if o.Kind != OpBody {
			st.Add(EvStatus, pos)
		}
		if o.Kind == OpReply {
			st.Add(EvReplied, pos)
		}
	}
}
