package mutablewriter

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
)

//go:embed doc.go
var doc string

// The diagnostic categories, one per kind of finding.
const (
	CategoryHeaderAfterCommit      = "header-after-commit"
	CategorySuperfluousWriteHeader = "superfluous-writeheader"
	CategoryWriteAfterErrorReply   = "write-after-error-reply"
)

// Categories lists every category the analyzer reports.
var Categories = []string{CategoryHeaderAfterCommit, CategorySuperfluousWriteHeader, CategoryWriteAfterErrorReply}

// Analyzer reports uses of an http.ResponseWriter that break its order
// rules: headers after the response was committed, a second status, and
// writes after an error reply.
var Analyzer = &analysis.Analyzer{
	Name:      "mutablewriter",
	Doc:       analyzerdoc.MustExtract(doc, "mutablewriter"),
	URL:       "https://pkg.go.dev/github.com/routevet/routevet/analyzers/mutablewriter",
	Requires:  []*analysis.Analyzer{httpmodel.Analyzer, ctrlflow.Analyzer, inspect.Analyzer},
	FactTypes: []analysis.Fact{new(writerFact)},
	Run:       run,
}

// An effect is what a call does, on every path that returns, to a writer
// passed as one of its arguments.
type effect uint8

const (
	commits    effect = 1 << iota // sends the status line and headers
	sendsCode                     // sends an explicit status (WriteHeader)
	replies                       // replies with http.Error, http.Redirect or http.NotFound
	setsHeader                    // changes the header map
)

func (e effect) String() string {
	var names []string
	for _, f := range []struct {
		bit  effect
		name string
	}{{commits, "commits"}, {sendsCode, "status"}, {replies, "replies"}, {setsHeader, "header"}} {
		if e&f.bit != 0 {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, "+")
}

// A writerFact is exported for a function that does something to one of
// its http.ResponseWriter parameters on every path that returns, so that
// callers in other packages treat calls to it like the calls it makes.
// Params[i] is the effect on parameter i (receiver excluded).
type writerFact struct {
	Params []uint8
}

func (*writerFact) AFact() {}

func (f *writerFact) String() string {
	var parts []string
	for i, e := range f.Params {
		if e != 0 {
			parts = append(parts, fmt.Sprintf("%d:%s", i, effect(e)))
		}
	}
	return "writes(" + strings.Join(parts, ",") + ")"
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:      pass,
		model:     pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model),
		cfgs:      pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		funcs:     map[ast.Node]*function{},
		byObj:     map[*types.Func]*function{},
		bodies:    map[*ast.BlockStmt]*bodyInfo{},
		captured:  map[capturedKey]*capturedSummary{},
		reported:  map[reportKey]bool{},
		errorType: types.Universe.Lookup("error").Type(),
	}
	// Functions are found in one traversal, then analyzed callees first
	// (on demand), so calls to helpers count in their callers.
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, c.collect)
	for _, f := range c.order {
		c.analyze(f)
	}
	return nil, nil
}

// A checker holds the state of one pass.
type checker struct {
	pass      *analysis.Pass
	model     *httpmodel.Model
	cfgs      *ctrlflow.CFGs
	funcs     map[ast.Node]*function // declarations and literals with a writer parameter
	byObj     map[*types.Func]*function
	order     []*function
	bodies    map[*ast.BlockStmt]*bodyInfo
	captured  map[capturedKey]*capturedSummary
	reported  map[reportKey]bool
	errorType types.Type
}

// A function is a declaration or literal with http.ResponseWriter
// parameters.
type function struct {
	node    ast.Node    // *ast.FuncDecl or *ast.FuncLit
	obj     *types.Func // nil for a literal
	sig     *types.Signature
	body    *ast.BlockStmt
	writers []int // indices of the http.ResponseWriter parameters

	state   int8     // 0 not started, 1 being analyzed, 2 done
	effects []effect // per parameter, once done
}

const (
	notStarted int8 = iota
	analyzing
	done
)

func (c *checker) collect(n ast.Node) {
	f := &function{node: n}
	switch n := n.(type) {
	case *ast.FuncDecl:
		obj, _ := c.pass.TypesInfo.Defs[n.Name].(*types.Func)
		if obj == nil || n.Body == nil {
			return
		}
		f.obj, f.sig, f.body = obj, obj.Signature(), n.Body
	case *ast.FuncLit:
		sig, _ := c.pass.TypesInfo.TypeOf(n).(*types.Signature)
		if sig == nil {
			return
		}
		f.sig, f.body = sig, n.Body
	}
	for i := range f.sig.Params().Len() {
		p := f.sig.Params().At(i)
		if httpmodel.IsResponseWriter(p.Type()) && p.Name() != "" && p.Name() != "_" {
			f.writers = append(f.writers, i)
		}
	}
	if len(f.writers) == 0 {
		return
	}
	c.funcs[n] = f
	if f.obj != nil {
		c.byObj[f.obj] = f
	}
	c.order = append(c.order, f)
}

// analyze checks each writer parameter of f once, computing the effects
// its callers see; a call back into a function being analyzed (recursion)
// has no effect, which can only hide findings.
func (c *checker) analyze(f *function) {
	if f.state != notStarted {
		return
	}
	f.state = analyzing
	f.effects = make([]effect, f.sig.Params().Len())
	g := c.graph(f.node)
	for _, i := range f.writers {
		w := effects.Track(c.pass.TypesInfo, f.body, f.sig.Params().At(i))
		if w == nil || g == nil {
			continue
		}
		f.effects[i] = c.solve(w, f.node, f.body, g, true)
	}
	f.state = done
	if f.obj != nil && f.obj.Exported() && slices.ContainsFunc(f.effects, func(e effect) bool { return e != 0 }) {
		fact := &writerFact{Params: make([]uint8, len(f.effects))}
		for i, e := range f.effects {
			fact.Params[i] = uint8(e)
		}
		c.pass.ExportObjectFact(f.obj, fact)
	}
}

// graph returns the control-flow graph of a declaration or literal.
func (c *checker) graph(n ast.Node) *cfg.CFG {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return c.cfgs.FuncDecl(n)
	case *ast.FuncLit:
		return c.cfgs.FuncLit(n)
	}
	return nil
}

// A bodyInfo holds what a function body's statements say about errors:
// calls whose error result is checked at once ("tentative" writes, which
// may have failed before writing anything) and the conditions whose
// outcome tells that such a call failed.
type bodyInfo struct {
	tentative map[*ast.CallExpr]bool
	failures  map[ast.Expr]failSide
}

// failSide says which successors of a condition may follow a failure.
type failSide uint8

const (
	failTrue failSide = 1 << iota
	failFalse
)

func (c *checker) bodyInfo(body *ast.BlockStmt) *bodyInfo {
	if bi := c.bodies[body]; bi != nil {
		return bi
	}
	bi := &bodyInfo{tentative: map[*ast.CallExpr]bool{}, failures: map[ast.Expr]failSide{}}
	c.bodies[body] = bi
	flow.Preorder(body, func(n ast.Node) bool {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		case *ast.IfStmt:
			if elif, ok := n.Else.(*ast.IfStmt); ok {
				c.noteErrorCheck(bi, elif, nil)
			}
		}
		for i, s := range list {
			if ifs, ok := s.(*ast.IfStmt); ok {
				var prev ast.Stmt
				if i > 0 {
					prev = list[i-1]
				}
				c.noteErrorCheck(bi, ifs, prev)
			}
		}
		return true
	})
	return bi
}

// noteErrorCheck records an if statement that tests the error of a call
// made in its init statement, in the statement just before it, or in its
// condition: the branch taken on failure must not assume the call wrote.
func (c *checker) noteErrorCheck(bi *bodyInfo, ifs *ast.IfStmt, prev ast.Stmt) {
	cond := ast.Unparen(ifs.Cond)
	parts := splitLogical(cond)
	for _, part := range parts {
		be, ok := part.(*ast.BinaryExpr)
		if !ok || (be.Op != token.NEQ && be.Op != token.EQL) {
			continue
		}
		x := be.X
		if code.IsNil(c.pass.TypesInfo, x) {
			x = be.Y
		} else if !code.IsNil(c.pass.TypesInfo, be.Y) {
			continue
		}
		var call *ast.CallExpr
		switch x := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			call = x
		case *ast.Ident:
			v, _ := c.pass.TypesInfo.Uses[x].(*types.Var)
			if v == nil {
				continue
			}
			if call = c.errorSource(ifs.Init, v); call == nil {
				call = c.errorSource(prev, v)
			}
		}
		if call == nil || !c.returnsError(call) {
			continue
		}
		bi.tentative[call] = true
		side := failTrue
		switch {
		case len(parts) > 1:
			side = failTrue | failFalse // either outcome may follow a failure
		case be.Op == token.EQL:
			side = failFalse
		}
		bi.failures[ifs.Cond] |= side
	}
}

// splitLogical returns the operands of a chain of && and ||.
func splitLogical(e ast.Expr) []ast.Expr {
	if be, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && (be.Op == token.LAND || be.Op == token.LOR) {
		return append(splitLogical(be.X), splitLogical(be.Y)...)
	}
	return []ast.Expr{ast.Unparen(e)}
}

// errorSource returns the call whose last result statement s assigns to v.
func (c *checker) errorSource(s ast.Stmt, v *types.Var) *ast.CallExpr {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		lhs, rhs = s.Lhs, s.Rhs
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			return nil
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if !ok {
			return nil
		}
		for _, name := range vs.Names {
			lhs = append(lhs, name)
		}
		rhs = vs.Values
	default:
		return nil
	}
	if len(rhs) != 1 || len(lhs) == 0 {
		return nil
	}
	id, ok := ast.Unparen(lhs[len(lhs)-1]).(*ast.Ident)
	if !ok || c.pass.TypesInfo.ObjectOf(id) != v {
		return nil
	}
	call, _ := ast.Unparen(rhs[0]).(*ast.CallExpr)
	return call
}

// returnsError reports whether call's last result is an error.
func (c *checker) returnsError(call *ast.CallExpr) bool {
	t := c.pass.TypesInfo.TypeOf(call)
	if tuple, ok := t.(*types.Tuple); ok {
		if tuple.Len() == 0 {
			return false
		}
		t = tuple.At(tuple.Len() - 1).Type()
	}
	return t != nil && types.Identical(t, c.errorType)
}

// failureNode marks the start of a branch that follows a failed call.
type failureNode struct{ pos token.Pos }

func (n *failureNode) Pos() token.Pos { return n.pos }
func (n *failureNode) End() token.Pos { return n.pos }

// withFailureEdges returns g for the forward problem: every edge
// leaving an error check towards a branch that may follow the failure
// passes through a failureNode.
func withFailureEdges(g *cfg.CFG, failures map[ast.Expr]failSide) *cfg.CFG {
	if len(failures) == 0 {
		return g
	}
	return flow.WithMarkers(g, nil, func(cond ast.Expr, taken bool) ast.Node {
		side := failFalse
		if taken {
			side = failTrue
		}
		if failures[cond]&side == 0 {
			return nil
		}
		return &failureNode{pos: cond.End()}
	})
}

// The events of the must-analysis: each holds at a point when it happened
// on every path reaching it.
const (
	evCommitted flow.Event = iota // the status line and headers were sent
	evDefinite                    // ... by a call that cannot have failed first
	evStatus                      // an explicit status was sent
	evReplied                     // http.Error, http.Redirect or http.NotFound replied
	evHeader                      // a header was changed
)

// evUse is the event of the backward problem: the writer is used (a
// header changed, or the response written) on every path from a point to
// the function's end.
const evUse flow.Event = 0

// An opKind is what a call or assignment does to the writer.
type opKind uint8

const (
	opNone   opKind = iota
	opHeader        // changes a header or sets a cookie
	opBody          // writes body bytes, committing status 200 if none was sent
	opStatus        // sends an explicit status
	opReply         // replies with an error or redirect (status, headers, body)
)

// An op is one use of the writer.
type op struct {
	node      ast.Node // the call, or the assignment to a header map entry
	kind      opKind
	what      string // for messages: "w.WriteHeader", "http.Error"
	headers   bool   // also changes headers (http.Error, a helper that sets some)
	tentative bool   // its error is checked at once; it may not have written
	helper    bool   // a call of a function whose effects are known
	cookie    bool
}

// A walk is one solution of the must-problem for one writer over one body.
type walk struct {
	c       *checker
	w       *effects.Writer
	fn      ast.Node // the function whose body this is
	body    *ast.BlockStmt
	info    *bodyInfo
	what    map[token.Pos]string // descriptions of the ops that committed or replied
	uses    map[token.Pos]op     // the uses of the writer, by position
	flagged map[token.Pos]bool   // replies reported as followed by a use on every path
	opsOf   map[ast.Node][]op    // the uses in each graph node, computed once
	exit    effect
	exited  bool
	finding []finding
}

type finding struct {
	pos, end token.Pos
	category string
	message  string
	fix      *analysis.SuggestedFix
}

type reportKey struct {
	pos      token.Pos
	category string
}

// solve runs the analysis of writer w over a body and returns the effects
// that hold on every path that returns; it reports findings if report.
func (c *checker) solve(w *effects.Writer, fn ast.Node, body *ast.BlockStmt, g *cfg.CFG, report bool) effect {
	wk := &walk{
		c: c, w: w, fn: fn, body: body, info: c.bodyInfo(body),
		what: map[token.Pos]string{}, uses: map[token.Pos]op{}, flagged: map[token.Pos]bool{},
		opsOf: map[ast.Node][]op{},
	}
	if report {
		// Replies followed by a use on every path are found first, so
		// that the forward problem does not report the same missing
		// return again at each later use.
		flow.Backward(g, wk.transferBack)
	}
	flow.Forward(withFailureEdges(g, wk.info.failures), wk.transfer)
	if report {
		wk.flush()
	}
	if !wk.exited {
		return 0
	}
	return wk.exit
}

func (wk *walk) transfer(n ast.Node, s *flow.State, final bool) {
	switch n.(type) {
	case *failureNode:
		// The call may have failed before writing a byte.
		if !s.Has(evDefinite) {
			s.Remove(evCommitted)
		}
		return
	case *ast.DeferStmt, *ast.GoStmt:
		// Their calls run later or elsewhere.
		return
	case *ast.ReturnStmt:
		defer func() {
			if final {
				wk.noteExit(s)
			}
		}()
	}
	for _, o := range wk.ops(n) {
		wk.apply(o, s, final)
	}
}

// ops returns the uses of the writer in a graph node, in the order they
// happen: operands are evaluated before the call or assignment using
// them, and a node ends after everything it contains.
func (wk *walk) ops(n ast.Node) []op {
	if ops, ok := wk.opsOf[n]; ok {
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
	var ops []op
	for _, x := range nodes {
		if o := wk.classify(x); o.kind != opNone && !(o.kind == opHeader && wk.w.Trailers) {
			ops = append(ops, o)
		}
	}
	wk.opsOf[n] = ops
	return ops
}

// transferBack is the transfer of the backward problem, walked over the
// reversed graph: a reply is reported when the writer is used again on
// every path after it, which is the missing return.
func (wk *walk) transferBack(n ast.Node, s *flow.State, final bool) {
	switch n.(type) {
	case *ast.DeferStmt, *ast.GoStmt:
		return
	}
	ops := wk.ops(n)
	for i := len(ops) - 1; i >= 0; i-- {
		o := ops[i]
		pos := o.node.Pos()
		if final && o.kind == opReply && !o.tentative && s.Has(evUse) {
			wk.replyFinding(o, s)
		}
		// Remember the nearest use: At names the first use after a point.
		s.Remove(evUse)
		s.Add(evUse, pos)
		wk.uses[pos] = o
	}
}

// noteExit narrows the function's effects to what holds at this return.
func (wk *walk) noteExit(s *flow.State) {
	var e effect
	for _, f := range []struct {
		ev  flow.Event
		eff effect
	}{{evCommitted, commits}, {evStatus, sendsCode}, {evReplied, replies}, {evHeader, setsHeader}} {
		if s.Has(f.ev) {
			e |= f.eff
		}
	}
	if !wk.exited {
		wk.exit, wk.exited = e, true
	} else {
		wk.exit &= e
	}
}

// apply reports what o breaks in state s, then records its effect.
func (wk *walk) apply(o op, s *flow.State, final bool) {
	switch {
	case !final || !s.Has(evCommitted):
	case s.Has(evReplied) && wk.flagged[s.At(evReplied)]:
		// Reported once, at the reply with the missing return.
	case o.kind == opStatus || o.kind == opReply:
		wk.add(o, CategorySuperfluousWriteHeader, fmt.Sprintf(
			"%s after the response was committed by %s: the status is ignored and net/http logs \"http: superfluous response.WriteHeader call\"; decide the status before writing the body",
			wk.sendsStatus(o), wk.earlier(s, evCommitted)))
	case o.kind == opHeader || o.headers:
		wk.add(o, CategoryHeaderAfterCommit, fmt.Sprintf(
			"%s after the response was committed by %s: %s silently dropped because headers go out with the first write; %s before writing",
			wk.setsHeader(o), wk.earlier(s, evCommitted), droppedWhat(o), setWhat(o)))
	}

	pos := o.node.Pos()
	switch o.kind {
	case opHeader:
		s.Add(evHeader, pos)
		return
	case opBody, opStatus, opReply:
		wk.what[pos] = o.what
		s.Add(evCommitted, pos)
		if o.tentative {
			return
		}
		s.Add(evDefinite, pos)
		if o.headers {
			s.Add(evHeader, pos)
		}
		if o.kind != opBody {
			s.Add(evStatus, pos)
		}
		if o.kind == opReply {
			s.Add(evReplied, pos)
		}
	}
}

func (wk *walk) sendsStatus(o op) string {
	if o.what == "WriteHeader" || strings.HasSuffix(o.what, ".WriteHeader") {
		return o.what
	}
	return o.what + " sends a status"
}

func (wk *walk) setsHeader(o op) string {
	switch {
	case o.cookie:
		return "http.SetCookie"
	case o.helper:
		return o.what + " sets headers"
	}
	return o.what
}

func droppedWhat(o op) string {
	switch {
	case o.cookie:
		return "the cookie is"
	case o.helper:
		return "they are"
	}
	return "the header is"
}

func setWhat(o op) string {
	switch {
	case o.cookie:
		return "set it"
	case o.helper:
		return "call it"
	}
	return "set it"
}

// earlier describes the op that made event ev hold: "w.Write at line 12".
func (wk *walk) earlier(s *flow.State, ev flow.Event) string {
	pos := s.At(ev)
	what := wk.what[pos]
	if what == "" {
		what = "a write"
	}
	return fmt.Sprintf("%s at line %d", what, wk.c.pass.Fset.Position(pos).Line)
}

// replyFinding records a reply after which every path uses the writer
// again, with the missing return as fix when it is provably safe.
func (wk *walk) replyFinding(reply op, s *flow.State) {
	next := wk.uses[s.At(evUse)]
	var consequence string
	switch next.kind {
	case opHeader:
		consequence = "the header is dropped"
	case opBody:
		consequence = "the output is appended to the reply"
	default:
		consequence = "the status is ignored and net/http logs \"http: superfluous response.WriteHeader call\""
	}
	msg := fmt.Sprintf("%s replies, but every path after it uses the writer again (%s at line %d: %s); return after the reply",
		reply.what, wk.useName(next), wk.c.pass.Fset.Position(next.node.Pos()).Line, consequence)
	call, _ := reply.node.(*ast.CallExpr)
	fix, why := wk.returnFix(call)
	if fix == nil {
		msg += " (no automatic fix: " + why + ")"
	}
	wk.flagged[reply.node.Pos()] = true
	wk.finding = append(wk.finding, finding{
		pos: reply.node.Pos(), end: reply.node.End(), category: CategoryWriteAfterErrorReply,
		message: msg, fix: fix,
	})
}

func (wk *walk) useName(o op) string {
	if o.cookie {
		return "http.SetCookie"
	}
	return o.what
}

func (wk *walk) add(o op, category, msg string) {
	wk.finding = append(wk.finding, finding{pos: o.node.Pos(), end: o.node.End(), category: category, message: msg})
}

// flush reports the findings in source order.
func (wk *walk) flush() {
	slices.SortFunc(wk.finding, func(a, b finding) int { return int(a.pos - b.pos) })
	for _, f := range wk.finding {
		key := reportKey{f.pos, f.category}
		if wk.c.reported[key] {
			continue
		}
		wk.c.reported[key] = true
		d := analysis.Diagnostic{Pos: f.pos, End: f.end, Category: f.category, Message: f.message}
		if f.fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*f.fix}
		}
		wk.c.model.Report(wk.c.pass, d)
	}
}

// classify returns what n, a call or an assignment, does to the writer.
func (wk *walk) classify(n ast.Node) op {
	switch n := n.(type) {
	case *ast.AssignStmt:
		// w.Header()["X-Id"] = v, h[k] = v
		for _, lhs := range n.Lhs {
			if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && wk.w.IsHeader(ix.X) {
				return op{node: n, kind: opHeader, what: types.ExprString(lhs) + " assignment"}
			}
		}
	case *ast.CallExpr:
		o := wk.classifyCall(n)
		o.node = n
		if o.kind != opNone && o.kind != opHeader {
			o.tentative = wk.info.tentative[n]
		}
		return o
	}
	return op{}
}

func (wk *walk) classifyCall(call *ast.CallExpr) op {
	info := wk.c.pass.TypesInfo
	w := wk.w
	fun := ast.Unparen(call.Fun)
	name := types.ExprString(call.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		switch obj := info.Uses[id].(type) {
		case *types.Builtin:
			// delete(h, k), clear(h)
			if (obj.Name() == "delete" || obj.Name() == "clear") && len(call.Args) > 0 && w.IsHeader(call.Args[0]) {
				return op{kind: opHeader, what: obj.Name() + " on the header map"}
			}
			return op{}
		case *types.Var:
			if lit := w.Closure(obj); lit != nil {
				return wk.opOf(wk.closureEffects(call, lit), name)
			}
		}
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		switch {
		case w.Refers(sel.X):
			// The writer's own methods: w.WriteHeader, w.Write.
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			use, _ := effects.Lookup(fn).On(effects.Recv)
			if use.Must&effects.SendsStatus != 0 && len(call.Args) == 1 && informational(info, call.Args[0]) {
				return op{} // 1xx: headers may still change
			}
			if o := libraryOp(use.Must, name); o.kind != opNone && o.kind != opHeader {
				return o
			}
		case w.IsHeader(sel.X):
			use, _ := effects.Lookup(typeutil.StaticCallee(info, call)).On(effects.Recv)
			if use.Must&effects.SetsHeader != 0 {
				return op{kind: opHeader, what: headerCallName(call)}
			}
		case sel.Sel.Name == "Flush":
			// w.(http.Flusher).Flush(), whatever the asserted type.
			if ta, ok := ast.Unparen(sel.X).(*ast.TypeAssertExpr); ok && w.Refers(ta.X) {
				return op{kind: opBody, what: name}
			}
		}
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return op{}
	}
	if o, ok := wk.library(fn, call, name); ok {
		return o
	}
	return wk.opOf(wk.calleeEffects(fn, call), name)
}

// headerCallName names a header method call with its key when it is a
// literal: w.Header().Set("Location", ...).
func headerCallName(call *ast.CallExpr) string {
	name := types.ExprString(call.Fun)
	if len(call.Args) > 0 {
		if lit, ok := ast.Unparen(call.Args[0]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
			return fmt.Sprintf("%s(%s)", name, lit.Value)
		}
	}
	return name
}

// library classifies a call of a function of effects' table that is given
// the writer (as an argument) or a value derived from it (as receiver:
// an encoder, or http.NewResponseController(w)).
func (wk *walk) library(fn *types.Func, call *ast.CallExpr, name string) (op, bool) {
	row := effects.Lookup(fn)
	if row == nil {
		return op{}, false
	}
	w := wk.w
	for _, use := range row.Uses {
		switch {
		case use.Of == effects.Recv:
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || !(w.IsEncoder(sel.X) || w.IsController(sel.X)) {
				continue
			}
		case int(use.Of) >= len(call.Args) || !w.Refers(call.Args[use.Of]):
			continue
		}
		if o := libraryOp(use.Must, name); o.kind != opNone {
			return o, true
		}
	}
	return op{}, false
}

// libraryOp turns what a library call does to the writer into an op.
func libraryOp(e effects.Effect, name string) op {
	o := op{what: name}
	switch {
	case e&effects.Replies != 0:
		o.kind, o.headers = opReply, e&effects.SetsHeader != 0
	case e&effects.SendsStatus != 0:
		o.kind, o.headers = opStatus, e&effects.SetsHeader != 0
	case e&(effects.Commits|effects.WritesBody|effects.Flushes) != 0:
		o.kind = opBody
	case e&effects.SetsHeader != 0:
		o.kind, o.cookie = opHeader, e&effects.SetsCookie != 0
	}
	return o
}

// opOf turns the effects of a call on the writer into an op.
func (wk *walk) opOf(e effect, name string) op {
	o := op{what: name, helper: true, headers: e&setsHeader != 0}
	switch {
	case e&replies != 0:
		o.kind = opReply
	case e&sendsCode != 0:
		o.kind = opStatus
	case e&commits != 0:
		o.kind = opBody
	case e&setsHeader != 0:
		o.kind = opHeader
	}
	return o
}

// calleeEffects returns the effects on the writer of a call of fn: the
// summary of a function of this package, or the fact of an imported one.
func (wk *walk) calleeEffects(fn *types.Func, call *ast.CallExpr) effect {
	fn = fn.Origin()
	var params []effect
	if f := wk.c.byObj[fn]; f != nil {
		wk.c.analyze(f)
		if f.state != done {
			return 0 // recursion
		}
		params = f.effects
	} else if fn.Pkg() != wk.c.pass.Pkg {
		var fact writerFact
		if !wk.c.pass.ImportObjectFact(fn, &fact) {
			return 0
		}
		for _, e := range fact.Params {
			params = append(params, effect(e))
		}
	}
	return wk.argEffects(params, fn.Signature(), call)
}

// argEffects merges the effects of the parameters the writer is passed to.
func (wk *walk) argEffects(params []effect, sig *types.Signature, call *ast.CallExpr) effect {
	if sig.Variadic() && call.Ellipsis.IsValid() {
		return 0
	}
	var e effect
	for i, a := range call.Args {
		if i < len(params) && (!sig.Variadic() || i < sig.Params().Len()-1) && wk.w.Refers(a) {
			e |= params[i]
		}
	}
	return e
}

// A capturedSummary is the effect a local closure has on a writer it
// captures.
type capturedSummary struct {
	state  int8
	effect effect
}

type capturedKey struct {
	lit *ast.FuncLit
	w   *effects.Writer
}

// closureEffects returns the effects of calling a local closure: on the
// writer it captures, and on writer parameters it is passed to.
func (wk *walk) closureEffects(call *ast.CallExpr, lit *ast.FuncLit) effect {
	c := wk.c
	var e effect
	if f := c.funcs[lit]; f != nil {
		c.analyze(f)
		if f.state == done {
			e |= wk.argEffects(f.effects, f.sig, call)
		}
	}
	key := capturedKey{lit, wk.w}
	sum := c.captured[key]
	if sum == nil {
		sum = &capturedSummary{state: analyzing}
		c.captured[key] = sum
		if g := c.cfgs.FuncLit(lit); g != nil {
			// Findings inside the closure are left to its own analysis
			// when it has a writer parameter; it is only summarized here.
			sum.effect = c.solve(wk.w, lit, lit.Body, g, false)
		}
		sum.state = done
	}
	if sum.state == done {
		e |= sum.effect
	}
	return e
}

// informational reports whether the status is a constant 1xx code other
// than 101 Switching Protocols, after which headers may still change.
func informational(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	code, ok := constant.Int64Val(tv.Value)
	return ok && code >= 100 && code <= 199 && code != 101
}

// returnFix returns the fix inserting "return" after the reply call, or
// why none is offered. The fix is provably safe when:
//
//   - the function has no results, so a bare return is valid and returns
//     nothing a caller could observe;
//   - the reply is an expression statement, the last one of the then
//     block of an if statement without else, so the return goes exactly
//     where the missing one was meant to be;
//   - no loop encloses that if statement within the function, since a
//     return there would also end iterations that may do other work (the
//     author may have meant continue);
//   - every statement the return skips, to the end of the function, does
//     nothing but compute local values, log, and write the response
//     through the writer (directly or through a helper known to write
//     it). Those writes are the bug, and nothing else is skipped.
func (wk *walk) returnFix(reply *ast.CallExpr) (*analysis.SuggestedFix, string) {
	if reply == nil {
		return nil, "the reply is not a call in this function"
	}
	sig, _ := wk.c.pass.TypesInfo.TypeOf(funcType(wk.fn)).(*types.Signature)
	if sig == nil || sig.Results().Len() > 0 {
		return nil, "the function returns values"
	}
	file := code.FileOf(wk.c.pass.Files, reply.Pos())
	if file == nil {
		return nil, "the source is not available"
	}
	path, _ := astutil.PathEnclosingInterval(file, reply.Pos(), reply.End())
	// path: reply call, its statement, the then block, the if, ...
	if len(path) < 4 || path[0] != reply {
		return nil, "the reply is not a statement of its own"
	}
	stmt, ok := path[1].(*ast.ExprStmt)
	block, ok2 := path[2].(*ast.BlockStmt)
	ifs, ok3 := path[3].(*ast.IfStmt)
	if !ok || !ok2 || !ok3 || ifs.Body != block || ifs.Else != nil || block.List[len(block.List)-1] != stmt {
		return nil, "the reply is not the last statement of an if block without else"
	}
	if why := wk.skipped(path[3:]); why != "" {
		return nil, why
	}
	return wk.insertReturn(stmt), ""
}

func funcType(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Name
	case *ast.FuncLit:
		return n
	}
	return nil
}

// skipped checks the code a return after the if statement path[0] would
// skip: what follows it, and each enclosing statement, up to the body.
func (wk *walk) skipped(path []ast.Node) string {
	for i := 0; i+1 < len(path); i++ {
		child, parent := path[i], path[i+1]
		switch child.(type) {
		case *ast.CaseClause, *ast.CommClause:
			continue // the other clauses do not run after this one
		}
		if parent == wk.body {
			return wk.skipReason(wk.body.List[slices.Index(wk.body.List, child.(ast.Stmt))+1:])
		}
		switch p := parent.(type) {
		case *ast.BlockStmt:
			if why := wk.skipReason(p.List[slices.Index(p.List, child.(ast.Stmt))+1:]); why != "" {
				return why
			}
		case *ast.CaseClause:
			if why := wk.skipReason(p.Body[slices.Index(p.Body, child.(ast.Stmt))+1:]); why != "" {
				return why
			}
		case *ast.CommClause:
			if why := wk.skipReason(p.Body[slices.Index(p.Body, child.(ast.Stmt))+1:]); why != "" {
				return why
			}
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			// The other branches do not run after this one.
		case *ast.ForStmt, *ast.RangeStmt:
			return "the reply is inside a loop, where a return would also end the remaining iterations"
		default:
			return "the reply is inside a labeled statement"
		}
	}
	return "the reply is not in the function's own body"
}

// skipReason returns "" when the statements only compute local values,
// log, and write the response, or names the first thing they do besides.
func (wk *walk) skipReason(stmts []ast.Stmt) string {
	for _, s := range stmts {
		if why := wk.stmtReason(s); why != "" {
			return why
		}
	}
	return ""
}

func (wk *walk) stmtReason(s ast.Stmt) string {
	at := func(what string, n ast.Node) string {
		return fmt.Sprintf("a return would also skip %s at line %d", what, wk.c.pass.Fset.Position(n.Pos()).Line)
	}
	switch s := s.(type) {
	case nil, *ast.EmptyStmt, *ast.ReturnStmt:
		return ""
	case *ast.ExprStmt:
		return wk.exprReason(s.X)
	case *ast.AssignStmt:
		for _, lhs := range s.Lhs {
			if !wk.localTarget(lhs) {
				return at("the assignment to "+types.ExprString(lhs), s)
			}
		}
		return wk.exprsReason(s.Rhs...)
	case *ast.IncDecStmt:
		if !wk.localTarget(s.X) {
			return at("the update of "+types.ExprString(s.X), s)
		}
		return ""
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range gd.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					if why := wk.exprsReason(vs.Values...); why != "" {
						return why
					}
				}
			}
		}
		return ""
	case *ast.BlockStmt:
		return wk.skipReason(s.List)
	case *ast.IfStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if why := wk.exprReason(s.Cond); why != "" {
			return why
		}
		if why := wk.skipReason(s.Body.List); why != "" {
			return why
		}
		return wk.stmtReason(s.Else)
	case *ast.SwitchStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if s.Tag != nil {
			if why := wk.exprReason(s.Tag); why != "" {
				return why
			}
		}
		return wk.clausesReason(s.Body)
	case *ast.TypeSwitchStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if why := wk.stmtReason(s.Assign); why != "" {
			return why
		}
		return wk.clausesReason(s.Body)
	case *ast.ForStmt:
		if why := wk.stmtReason(s.Init); why != "" {
			return why
		}
		if s.Cond != nil {
			if why := wk.exprReason(s.Cond); why != "" {
				return why
			}
		}
		if why := wk.stmtReason(s.Post); why != "" {
			return why
		}
		return wk.skipReason(s.Body.List)
	case *ast.RangeStmt:
		if _, ok := wk.c.pass.TypesInfo.TypeOf(s.X).Underlying().(*types.Chan); ok {
			return at("the receive loop", s)
		}
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if e != nil && s.Tok == token.ASSIGN && !wk.localTarget(e) {
				return at("the assignment to "+types.ExprString(e), s)
			}
		}
		if why := wk.exprReason(s.X); why != "" {
			return why
		}
		return wk.skipReason(s.Body.List)
	case *ast.BranchStmt:
		if (s.Tok == token.BREAK || s.Tok == token.CONTINUE) && s.Label == nil {
			return ""
		}
		return at("the "+s.Tok.String()+" statement", s)
	case *ast.GoStmt:
		return at("the go statement", s)
	case *ast.DeferStmt:
		return at("the deferred call", s)
	case *ast.SendStmt:
		return at("the channel send", s)
	case *ast.SelectStmt:
		return at("the select statement", s)
	case *ast.LabeledStmt:
		return at("the labeled statement", s)
	}
	return at("a statement", s)
}

func (wk *walk) clausesReason(body *ast.BlockStmt) string {
	for _, cc := range body.List {
		if cc, ok := cc.(*ast.CaseClause); ok {
			if why := wk.exprsReason(cc.List...); why != "" {
				return why
			}
			if why := wk.skipReason(cc.Body); why != "" {
				return why
			}
		}
	}
	return ""
}

// localTarget reports whether assigning to e changes only a variable of
// the function itself (or nothing, for _), or the writer's header map.
func (wk *walk) localTarget(e ast.Expr) bool {
	info := wk.c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if e.Name == "_" {
			return true
		}
		v, ok := info.ObjectOf(e).(*types.Var)
		return ok && !v.IsField() && v.Pos() >= wk.fn.Pos() && v.Pos() < wk.fn.End()
	case *ast.IndexExpr:
		return wk.w.IsHeader(e.X) && wk.exprReason(e.Index) == ""
	}
	return false
}

func (wk *walk) exprsReason(es ...ast.Expr) string {
	for _, e := range es {
		if why := wk.exprReason(e); why != "" {
			return why
		}
	}
	return ""
}

// exprReason returns "" when evaluating e only computes values, logs, or
// writes the response, or else names the call or receive that does more.
func (wk *walk) exprReason(e ast.Expr) string {
	why := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if why != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // making a closure does nothing yet
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				why = fmt.Sprintf("a return would also skip the channel receive at line %d", wk.c.pass.Fset.Position(n.Pos()).Line)
			}
		case *ast.CallExpr:
			if wk.classify(n).kind == opNone && !wk.harmlessCall(n) {
				why = fmt.Sprintf("a return would also skip %s at line %d", types.ExprString(n.Fun), wk.c.pass.Fset.Position(n.Pos()).Line)
			}
		}
		return true
	})
	return why
}

// harmlessCall reports whether a call only computes a value or logs:
// conversions, value builtins, and a list of standard functions.
func (wk *walk) harmlessCall(call *ast.CallExpr) bool {
	info := wk.c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return true
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Header" && wk.w.Refers(sel.X) {
		return true
	}
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		switch fn.Name() {
		case "len", "cap", "append", "make", "new", "min", "max", "complex", "real", "imag":
			return true
		}
	case *types.Func:
		if fn.Pkg() == nil {
			return false
		}
		if fn.Signature().Recv() == nil && harmlessPackages[fn.Pkg().Path()] {
			return true
		}
		return harmlessFuncs[fn.Origin().FullName()]
	}
	return false
}

// harmlessPackages are packages whose functions (not methods) only
// compute values.
var harmlessPackages = map[string]bool{
	"strings": true, "strconv": true, "unicode": true, "unicode/utf8": true,
	"math": true, "path": true, "errors": true, "bytes": true,
}

// harmlessFuncs are other functions and methods that compute values,
// construct the writers' encoders, or log.
var harmlessFuncs = map[string]bool{
	"fmt.Sprint": true, "fmt.Sprintf": true, "fmt.Sprintln": true, "fmt.Errorf": true,
	"net/http.StatusText": true, "net/http.CanonicalHeaderKey": true, "net/http.DetectContentType": true,
	"net/http.NewResponseController": true,
	"encoding/json.NewEncoder":       true, "encoding/xml.NewEncoder": true,
	"(*encoding/json.Encoder).SetIndent": true, "(*encoding/json.Encoder).SetEscapeHTML": true,
	"path/filepath.Base": true, "path/filepath.Ext": true, "path/filepath.Clean": true,
	"path/filepath.Dir": true, "path/filepath.Join": true,
	"time.Now": true, "time.Since": true, "(time.Time).Format": true, "(time.Duration).String": true,
	"(*net/http.Request).PathValue": true, "(*net/http.Request).Context": true,
	"(*net/url.URL).Query": true, "(*net/url.URL).String": true,
	"(net/url.Values).Get": true, "(net/url.Values).Has": true,
	"(net/http.Header).Get": true, "(net/http.Header).Values": true,
	"log.Print": true, "log.Printf": true, "log.Println": true,
	"(*log.Logger).Print": true, "(*log.Logger).Printf": true, "(*log.Logger).Println": true,
	"log/slog.Debug": true, "log/slog.Info": true, "log/slog.Warn": true, "log/slog.Error": true,
	"(*log/slog.Logger).Debug": true, "(*log/slog.Logger).Info": true,
	"(*log/slog.Logger).Warn": true, "(*log/slog.Logger).Error": true,
}

// insertReturn returns the fix adding "return" on a line of its own after
// stmt, indented like it; a comment ending stmt's line stays on that line.
func (wk *walk) insertReturn(stmt ast.Stmt) *analysis.SuggestedFix {
	fset := wk.c.pass.Fset
	tf := fset.File(stmt.End())
	at := stmt.End()
	indent := strings.Repeat("\t", max(fset.Position(stmt.Pos()).Column-1, 0))
	if content, err := source.ReadFile(wk.c.pass, tf.Name()); err == nil && tf.Size() == len(content) {
		start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
		lineStart := bytes.LastIndexByte(content[:start], '\n') + 1
		lead := content[lineStart:start]
		indent = string(lead[:len(lead)-len(bytes.TrimLeft(lead, " \t"))])
		rest := content[end:]
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		// After a trailing comment, not before it; a statement that shares
		// its line with more code (a one-line if) gets the return right
		// after it, which gofmt lays out.
		if trimmed := bytes.TrimSpace(rest); len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("//")) {
			at = tf.Pos(end + len(rest))
		}
	}
	return &analysis.SuggestedFix{
		Message:   "Return after the error reply",
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte("\n" + indent + "return")}},
	}
}
