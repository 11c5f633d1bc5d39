package unreadbody

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
)

//go:embed doc.go
var doc string

// The categories of unreadbody's diagnostics.
const (
	CategoryFormBeforeParse      = "form-before-parse"
	CategoryMultipartBeforeParse = "multipart-before-parse"
	CategoryIgnoredDecodeError   = "ignored-decode-error"
	CategoryBodyReadTwice        = "body-read-twice"
	CategoryBodyNeverRead        = "body-never-read" // off by default (config.OptIn)
)

// Categories lists every category, for the suite and configuration.
var Categories = []string{
	CategoryFormBeforeParse,
	CategoryMultipartBeforeParse,
	CategoryIgnoredDecodeError,
	CategoryBodyReadTwice,
	CategoryBodyNeverRead,
}

// Analyzer reports request bodies and forms used before they are read or
// parsed, read twice, or decoded with the error ignored.
var Analyzer = &analysis.Analyzer{
	Name:      "unreadbody",
	Doc:       analyzerdoc.MustExtract(doc, "unreadbody"),
	URL:       "https://pkg.go.dev/github.com/routevet/routevet/analyzers/unreadbody",
	Requires:  []*analysis.Analyzer{httpmodel.Analyzer, inspect.Analyzer, ctrlflow.Analyzer},
	FactTypes: []analysis.Fact{new(Fact)},
	Run:       run,
}

// Effects are what a function does to a request or body parameter.
type Effects uint8

const (
	ParsesForm         Effects = 1 << iota // r.Form and r.PostForm are set
	ParsesMultipart                        // r.MultipartForm is set
	ReadsBody                              // the body is consumed: io.ReadAll, a decoder, io.Copy
	ReadsMultipartBody                     // the body is consumed by a multipart parse
	TouchesBody                            // the body is read, replaced or handed on somehow

	allEffects = ParsesForm | ParsesMultipart | ReadsBody | ReadsMultipartBody | TouchesBody
)

var effectNames = []string{"form", "multipart", "body", "multipart-body", "touch-body"}

func (e Effects) String() string {
	if e == 0 {
		return "none"
	}
	var names []string
	for i, name := range effectNames {
		if e&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return strings.Join(names, ",")
}

// A Fact summarizes what a function does with its *http.Request and
// io.Reader parameters, so that a handler passing r or r.Body to it is
// understood: a function without the fact is unknown code, which ends the
// analysis of the request.
type Fact struct {
	Params []ParamFact
}

// A ParamFact says what a function does with one parameter: Must on every
// path that returns, May on some path.
type ParamFact struct {
	Index     int
	Must, May Effects
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	var parts []string
	for _, p := range f.Params {
		parts = append(parts, fmt.Sprintf("p%d must=%s may=%s", p.Index, p.Must, p.May))
	}
	return "unreadbody(" + strings.Join(parts, "; ") + ")"
}

func (f *Fact) param(i int) *ParamFact {
	for k := range f.Params {
		if f.Params[k].Index == i {
			return &f.Params[k]
		}
	}
	return nil
}

// The events of the data-flow problem solved over each function.
const (
	evUnparsed        flow.Event = iota // no form parse happened on any path
	evNoMultipart                       // no multipart parse happened on any path
	evWriterFresh                       // nothing may have been written to w
	evFormParsed                        // the form was parsed on every path
	evMultipartParsed                   // the multipart form was parsed on every path
	evRawRead                           // the body was consumed by a raw read on every path
	evFormRead                          // the body was consumed by a multipart parse on every path
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
	requestEvents = bits(evUnparsed, evNoMultipart, evRawRead, evFormRead)
	bodyEvents    = bits(evRawRead, evFormRead)
	entryEvents   = bits(evUnparsed, evNoMultipart, evWriterFresh)
)

// A check is what an action verifies before its effect.
type check uint8

const (
	checkNone      check = iota
	checkForm            // r.Form/r.PostForm read: was a parse possible?
	checkMultipart       // r.MultipartForm dereferenced
	checkRead            // a raw read: was the body consumed already?
	checkFormBody        // a parse that needs the body: was it read raw already?
	checkIgnored         // an ignored decode error: may w have been written?
)

// An action is the effect of one use of the request, its body or the
// writer, applied when the data-flow walk reaches its node.
type action struct {
	check     check
	kill, gen events
	may       Effects
	node      ast.Node // where a finding is reported; gen positions
	what      string   // the read or parse, for messages
	field     string   // for checkForm: "Form" or "PostForm"
	ignored   *ignoredCall
	visited   bool
	escapes   bool // forgets what was known: unseen, it would make findings unsafe
}

// harmless is the action of a use with no effect.
var harmless = (*action)(nil)

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	a := &analyzer{
		pass:      pass,
		model:     m,
		cfgs:      pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		decls:     map[*types.Func]*ast.FuncDecl{},
		cursors:   map[ast.Node]inspector.Cursor{},
		summaries: map[*types.Func]*summary{},
		returned:  map[*ast.FuncLit]bool{},
	}
	a.scan(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	// Helpers first: facts are needed by other packages whether or not
	// this one serves HTTP. In source order, so that a call cycle is
	// always broken at the same function.
	for _, fn := range a.helpers {
		a.summarize(fn)
	}
	if m.HTTP == nil || !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	for _, h := range m.Handlers {
		if h.Body != nil {
			a.checkHandler(h)
		}
	}
	return nil, nil
}

// analyzer is the state of one pass.
type analyzer struct {
	pass      *analysis.Pass
	model     *httpmodel.Model
	cfgs      *ctrlflow.CFGs
	decls     map[*types.Func]*ast.FuncDecl // helpers: functions with request or reader params
	helpers   []*types.Func                 // the keys of decls, in source order
	cursors   map[ast.Node]inspector.Cursor // of every function declaration and literal
	summaries map[*types.Func]*summary
	returned  map[*ast.FuncLit]bool // literals returned by a handler factory
}

type summary struct {
	done bool
	fact *Fact // nil: unknown code
}

// scan is the analyzer's one traversal of the package: it records the
// cursor of every function, the helpers to summarize and the handler
// literals that a function returns.
func (a *analyzer) scan(in *inspector.Inspector) {
	for cur := range in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		a.cursors[cur.Node()] = cur
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			fn, _ := a.pass.TypesInfo.Defs[n.Name].(*types.Func)
			if fn != nil && n.Body != nil && a.model.HandlerOf(n) == nil && len(trackedParams(fn.Signature())) > 0 {
				a.decls[fn] = n
				a.helpers = append(a.helpers, fn)
			}
		case *ast.FuncLit:
			a.returned[n] = a.isReturned(cur)
		}
	}
}

// isReturned reports whether a literal is a function's result, directly or
// converted (return http.HandlerFunc(func...)): a handler factory, whose
// callers are routers out of sight.
func (a *analyzer) isReturned(cur inspector.Cursor) bool {
	for {
		switch cur.ParentEdgeKind() {
		case edge.ReturnStmt_Results:
			return true
		case edge.CallExpr_Args, edge.ParenExpr_X:
			cur = cur.Parent()
			if call, ok := cur.Node().(*ast.CallExpr); ok {
				if tv, ok := a.pass.TypesInfo.Types[call.Fun]; !ok || !tv.IsType() {
					return false // a call, which may wrap it in anything
				}
			}
		default:
			return false
		}
	}
}

// checkHandler analyzes a handler and reports its findings.
func (a *analyzer) checkHandler(h *httpmodel.Handler) {
	var g *cfg.CFG
	if h.Decl != nil {
		g = a.cfgs.FuncDecl(h.Decl)
	} else {
		g = a.cfgs.FuncLit(h.Lit)
	}
	f := a.newFunc(h.Node(), h.Body, g)
	f.req = alias.Of(a.pass.TypesInfo, h.Body, h.Request)
	f.writer = alias.Of(a.pass.TypesInfo, h.Body, h.Writer)
	f.solve()
	if f.unsure {
		f.findings = nil
	}
	formChecks := a.formChecksApply(h)
	reported := map[token.Pos]bool{} // first reads already reported
	sort.SliceStable(f.findings, func(i, j int) bool { return f.findings[i].pos < f.findings[j].pos })
	for _, fd := range f.findings {
		switch fd.category {
		case CategoryFormBeforeParse, CategoryMultipartBeforeParse:
			if !formChecks || f.nilChecked[fd.field] {
				continue
			}
		case CategoryBodyReadTwice:
			// One finding per first read: what follows the second read
			// follows from it.
			if reported[fd.related] {
				continue
			}
			reported[fd.related] = true
		case CategoryIgnoredDecodeError:
			if !f.usedAfter(fd.ignored) {
				continue
			}
			a.reportIgnored(h, fd.ignored)
			continue
		}
		d := analysis.Diagnostic{Pos: fd.pos, End: fd.end, Category: fd.category, Message: fd.message}
		if fd.related != token.NoPos {
			d.Related = []analysis.RelatedInformation{{Pos: fd.related, Message: fd.relMsg}}
		}
		a.model.Report(a.pass, d)
	}
	if !f.touches && !f.unsure && a.onlyBodyRoutes(h) {
		a.model.Report(a.pass, analysis.Diagnostic{
			Pos:      handlerPos(h),
			Category: CategoryBodyNeverRead,
			Message: fmt.Sprintf("handler %s is routed only for %s but never reads the request body or form, so what clients send is ignored; decode and validate the body, or route the handler for a method without one",
				h.Name(), strings.Join(routeMethods(h), "/")),
		})
	}
}

func handlerPos(h *httpmodel.Handler) token.Pos {
	if h.Decl != nil {
		return h.Decl.Name.Pos()
	}
	return h.Lit.Pos()
}

// formChecksApply reports whether a handler surely gets its request with
// the form unparsed: no middleware of a route of it may have parsed it,
// and no code in this package hands it a request, as a dispatcher calling
// it after r.ParseForm would. A handler whose callers are out of sight
// (registered by another package, or returned by a factory) is served by
// a router, which never parses forms.
func (a *analyzer) formChecksApply(h *httpmodel.Handler) bool {
	if h.Referenced && !(h.Lit != nil && a.returned[h.Lit]) {
		return false
	}
	for _, rt := range h.Routes {
		if len(rt.Middleware) > 0 {
			return false
		}
		for _, r := range rt.Router.Chain() {
			if len(r.Middleware) > 0 {
				return false
			}
		}
	}
	return true
}

// onlyBodyRoutes reports whether a handler is reached only through routes
// for POST, PUT or PATCH, all of them known here, none wrapped by a
// middleware of its own (which may read the body for it).
func (a *analyzer) onlyBodyRoutes(h *httpmodel.Handler) bool {
	if h.Referenced || len(h.Routes) == 0 {
		return false
	}
	for _, rt := range h.Routes {
		if len(rt.Methods) == 0 || len(rt.Middleware) > 0 {
			return false
		}
		for _, m := range rt.Methods {
			if m != "POST" && m != "PUT" && m != "PATCH" {
				return false
			}
		}
	}
	return true
}

func routeMethods(h *httpmodel.Handler) []string {
	var ms []string
	seen := map[string]bool{}
	for _, rt := range h.Routes {
		for _, m := range rt.Methods {
			if !seen[m] {
				seen[m] = true
				ms = append(ms, m)
			}
		}
	}
	return ms
}

// reportIgnored reports a discarded decode or parse error, with the fix
// that checks it and replies 400 when that cannot change what a valid
// request gets.
func (a *analyzer) reportIgnored(h *httpmodel.Handler, ic *ignoredCall) {
	var subject, effect string
	switch ic.kind {
	case "form", "multipart":
		subject = ic.what
		effect = "a malformed or oversized form reads as missing fields"
	default:
		subject = ic.what
		target := "the value"
		if ic.target != nil {
			target = ic.target.Name()
		}
		effect = fmt.Sprintf("a malformed %s body leaves %s partly filled and the handler goes on with it", ic.kind, target)
	}
	msg := fmt.Sprintf("the error of %s is discarded, so %s; check it and reply 400 Bad Request", subject, effect)
	fix, why := a.badRequestFix(h, ic)
	if fix == nil {
		msg += " (no automatic fix: " + why + ")"
	}
	d := analysis.Diagnostic{Pos: ic.call.Pos(), End: ic.call.End(), Category: CategoryIgnoredDecodeError, Message: msg}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	a.model.Report(a.pass, d)
}

// badRequestFix returns the fix turning the statement into
//
//	if err := <call>; err != nil {
//		http.Error(w, "invalid JSON body", http.StatusBadRequest)
//		return
//	}
//
// or why there is none.
func (a *analyzer) badRequestFix(h *httpmodel.Handler, ic *ignoredCall) (*analysis.SuggestedFix, string) {
	if ic.kind == "multipart" {
		return nil, "a url-encoded form makes it fail with http.ErrNotMultipart, which the handler may need to accept"
	}
	if !ic.fresh {
		return nil, "the response may already be written here"
	}
	pos := ic.stmt.Pos()
	scope := a.pass.Pkg.Scope().Innermost(pos)
	w := h.Writer
	if scope == nil || w.Name() == "" || w.Name() == "_" || w.Name() == "err" {
		return nil, "the response writer has no usable name"
	}
	if _, obj := scope.LookupParent(w.Name(), pos); obj != w {
		return nil, "the response writer is shadowed here"
	}
	httpName := a.netHTTPName(pos, scope)
	if httpName == "" {
		return nil, "net/http is not imported by name in this file"
	}
	indent, ok := a.indentOf(pos)
	if !ok {
		return nil, "the statement does not start its line"
	}
	message := map[string]string{"JSON": "invalid JSON body", "XML": "invalid XML body", "form": "invalid form"}[ic.kind]
	var edits []analysis.TextEdit
	if as, ok := ic.stmt.(*ast.AssignStmt); ok {
		edits = append(edits, analysis.TextEdit{Pos: as.Pos(), End: ic.call.Pos(), NewText: []byte("if err := ")})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("if err := ")})
	}
	tail := fmt.Sprintf("; err != nil {\n%s\t%s.Error(%s, %q, %s.StatusBadRequest)\n%s\treturn\n%s}",
		indent, httpName, w.Name(), message, httpName, indent, indent)
	edits = append(edits, analysis.TextEdit{Pos: ic.stmt.End(), End: ic.stmt.End(), NewText: []byte(tail)})
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Reply 400 Bad Request when %s fails", ic.what),
		TextEdits: edits,
	}, ""
}

// netHTTPName returns the name net/http is imported under, as visible at
// pos, or "".
func (a *analyzer) netHTTPName(pos token.Pos, scope *types.Scope) string {
	for _, file := range a.pass.Files {
		if file.FileStart > pos || pos > file.FileEnd {
			continue
		}
		for _, spec := range file.Imports {
			pkgName := a.pass.TypesInfo.PkgNameOf(spec)
			if pkgName == nil || pkgName.Imported().Path() != "net/http" {
				continue
			}
			name := pkgName.Name()
			if name == "_" || name == "." {
				continue
			}
			if _, obj := scope.LookupParent(name, pos); obj == pkgName {
				return name
			}
		}
	}
	return ""
}

// indentOf returns the white space before pos on its line, which must be
// all there is.
func (a *analyzer) indentOf(pos token.Pos) (string, bool) {
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return "", false
	}
	content, err := source.ReadFile(a.pass, tf.Name())
	if err != nil {
		return "", false
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := tf.Offset(pos)
	if start > end || end > len(content) {
		return "", false
	}
	indent := string(content[start:end])
	if strings.Trim(indent, " \t") != "" {
		return "", false
	}
	return indent, true
}

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
		switch {
		case httpmodel.IsRequestPtr(v.Type()):
			ps = append(ps, trackedParam{i, v, true})
		case code.IsNamed(v.Type(), "io", "Reader") || code.IsNamed(v.Type(), "io", "ReadCloser"):
			ps = append(ps, trackedParam{i, v, false})
		}
	}
	return ps
}

// summarize computes, once, the fact of a helper declared in this package
// and exports it. A call cycle makes the later callee unknown code.
func (a *analyzer) summarize(fn *types.Func) *Fact {
	s := a.summaries[fn]
	if s != nil {
		return s.fact
	}
	s = &summary{}
	a.summaries[fn] = s
	decl := a.decls[fn]
	var fact Fact
	for _, p := range trackedParams(fn.Signature()) {
		if p.v.Name() == "" || p.v.Name() == "_" {
			fact.Params = append(fact.Params, ParamFact{Index: p.index}) // never used
			continue
		}
		f := a.newFunc(decl, decl.Body, a.cfgs.FuncDecl(decl))
		f.summary = true
		if p.request {
			f.req = alias.Of(a.pass.TypesInfo, decl.Body, p.v)
		} else {
			f.bodyRoot = p.v
		}
		f.solve()
		pf := ParamFact{Index: p.index, Must: f.must, May: f.may | f.must}
		if f.unsure {
			pf = ParamFact{Index: p.index, May: allEffects}
		}
		if informative(pf, p.request) {
			fact.Params = append(fact.Params, pf)
		}
	}
	if len(fact.Params) > 0 {
		s.fact = &fact
		a.pass.ExportObjectFact(fn, s.fact)
	}
	s.done = true
	return s.fact
}

// informative reports whether a parameter's summary says more than
// "unknown code": for a request, anything short of everything possible;
// for a reader, that it is read to the end or not touched at all.
func informative(pf ParamFact, request bool) bool {
	if request {
		return pf.Must != 0 || pf.May != allEffects
	}
	return pf.Must&ReadsBody != 0 || pf.May == 0
}

// factOf returns what is known of a callee: its summary, from this package
// or a fact from another, or nil for unknown code.
func (a *analyzer) factOf(fn *types.Func) *Fact {
	if fn.Pkg() == a.pass.Pkg {
		if _, ok := a.decls[fn]; !ok {
			return nil
		}
		if s := a.summaries[fn]; s != nil && !s.done {
			return nil // recursion
		}
		return a.summarize(fn)
	}
	var f Fact
	if a.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return nil
}

// A fn is one function being analyzed for one request (or reader)
// parameter.
type fn struct {
	a      *analyzer
	info   *types.Info
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
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
	readWhat   map[token.Pos]string // what a read generating evRawRead/evFormRead is
	nilChecked map[string]bool      // request fields compared with nil
	touches    bool                 // the request payload may be used
	formUses   []token.Pos          // form accesses, for ignored parse errors
	lastUse    map[types.Object]token.Pos
	readErrs   map[types.Object]bool // error variables of body reads
	branches   map[ast.Node]branch   // markers of condition outcomes
	// summary is set when the function is analyzed for its fact, which
	// says what it attempts on every path: its callers see whether it
	// failed in the error it returns, and treat that like a read's.
	summary bool

	// Results.
	may      Effects
	must     Effects
	exits    int
	unsure   bool
	findings []finding
}

type finding struct {
	category string
	pos, end token.Pos
	message  string
	field    string    // the request field of a form finding
	related  token.Pos // first read, for body-read-twice
	relMsg   string
	ignored  *ignoredCall
}

// An ignoredCall is a statement that discards a decode or parse error.
type ignoredCall struct {
	stmt   ast.Stmt
	call   *ast.CallExpr
	what   string // "Decode", "json.Unmarshal", "r.ParseForm"
	kind   string // "JSON", "XML", "form", "multipart"
	target types.Object
	fresh  bool // nothing may have been written to w before it
}

func (a *analyzer) newFunc(node ast.Node, body *ast.BlockStmt, g *cfg.CFG) *fn {
	return &fn{
		a:          a,
		info:       a.pass.TypesInfo,
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
	}
}

// solve classifies every use of the tracked values, then runs the
// data-flow problem, collecting findings and the function's summary.
func (f *fn) solve() {
	if f.graph == nil {
		f.unsure = true
		return
	}
	cur, ok := f.a.cursors[f.node]
	if !ok {
		f.unsure = true
		return
	}
	f.findVars()
	f.classify(cur)
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
func (f *fn) graphWithMarkers() *cfg.CFG {
	var edge func(cond ast.Expr, taken bool) ast.Node
	if len(f.readErrs) > 0 && !f.summary {
		edge = func(cond ast.Expr, taken bool) ast.Node {
			if !f.mentionsReadErr(cond) {
				return nil
			}
			marker := &ast.EmptyStmt{Semicolon: cond.Pos(), Implicit: true}
			f.branches[marker] = branch{cond: cond, taken: taken}
			return marker
		}
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
func (f *fn) mentionsReadErr(cond ast.Expr) bool {
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
func (f *fn) impliesNil(cond ast.Expr, taken bool) bool {
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
func (f *fn) noteReadErr(call inspector.Cursor) {
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

func (f *fn) noteErrVar(e ast.Expr) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return
	}
	if obj := f.info.ObjectOf(id); obj != nil && types.Identical(obj.Type(), types.Universe.Lookup("error").Type()) {
		f.readErrs[obj] = true
	}
}

func (f *fn) transfer(n ast.Node, s *flow.State, final bool) {
	if n == f.entry {
		for e := range flow.Event(flow.MaxEvents) {
			if entryEvents&(1<<e) != 0 {
				s.Add(e, token.NoPos)
			}
		}
		return
	}
	if br, ok := f.branches[n]; ok {
		if !f.impliesNil(br.cond, br.taken) {
			// The read may have failed here, short of the end.
			s.Remove(evRawRead)
			s.Remove(evFormRead)
		}
		return
	}
	flow.Preorder(n, func(x ast.Node) bool {
		for _, act := range f.actions[x] {
			f.apply(act, s, final)
		}
		return true
	})
	if _, ok := n.(*ast.ReturnStmt); ok && final {
		var must Effects
		for e, eff := range map[flow.Event]Effects{evFormParsed: ParsesForm, evMultipartParsed: ParsesMultipart, evRawRead: ReadsBody, evFormRead: ReadsMultipartBody} {
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

func (f *fn) apply(act *action, s *flow.State, final bool) {
	act.visited = true
	if final {
		f.check(act, s)
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

// check records the finding an action makes in state s, if any.
func (f *fn) check(act *action, s *flow.State) {
	switch act.check {
	case checkForm:
		if s.Has(evUnparsed) {
			f.findings = append(f.findings, finding{
				category: CategoryFormBeforeParse, field: act.field,
				pos: act.node.Pos(), end: act.node.End(),
				message: fmt.Sprintf("%s is read before the form is parsed on any path, so it is nil and every field reads empty; call %s (and check its error) first, or use %s",
					act.what, receiverOf(act.what)+".ParseForm", receiverOf(act.what)+"."+act.field+"Value"),
			})
		}
	case checkMultipart:
		if s.Has(evNoMultipart) {
			f.findings = append(f.findings, finding{
				category: CategoryMultipartBeforeParse, field: act.field,
				pos: act.node.Pos(), end: act.node.End(),
				message: fmt.Sprintf("%s is used before the multipart form is parsed on any path, so it is nil and this panics; call %s.ParseMultipartForm and check its error first",
					act.what, receiverOf(act.what)),
			})
		}
	case checkRead, checkFormBody:
		first := s.At(evRawRead)
		if act.check == checkRead && !s.Has(evRawRead) {
			first = s.At(evFormRead)
		}
		if first == token.NoPos {
			return
		}
		msg := fmt.Sprintf("%s reads the request body, which %s already consumed, so it sees an empty body; read the body once and reuse the bytes, or restore it with io.NopCloser(bytes.NewReader(data))",
			act.what, f.readWhat[first])
		if act.check == checkFormBody {
			msg = fmt.Sprintf("%s parses the form from the request body, which %s already consumed, so the form is empty; parse the form instead of reading the body, or restore the body before parsing",
				act.what, f.readWhat[first])
		}
		f.findings = append(f.findings, finding{
			category: CategoryBodyReadTwice,
			pos:      act.node.Pos(), end: act.node.End(),
			message: msg,
			related: first,
			relMsg:  "the body is first read here, by " + f.readWhat[first],
		})
	case checkIgnored:
		ic := act.ignored
		if ic.kind == "form" && !s.Has(evUnparsed) || ic.kind == "multipart" && !s.Has(evNoMultipart) {
			// An earlier parse (r.FormValue, say) may have run: this
			// one would return nil, the error is gone already.
			return
		}
		ic.fresh = s.Has(evWriterFresh)
		f.findings = append(f.findings, finding{category: CategoryIgnoredDecodeError, ignored: ic})
	}
}

// receiverOf returns "r" for "r.Form".
func receiverOf(what string) string {
	if i := strings.LastIndexByte(what, '.'); i >= 0 {
		return what[:i]
	}
	return what
}

// findVars finds the local variables that hold the body (b := r.Body,
// wrapped or not), a JSON or XML decoder over it, or the bytes read from
// it: each is one when every value it is given is.
func (f *fn) findVars() {
	type source struct {
		e   ast.Expr
		idx int // result index of a multi-value call, -1 for a single value
	}
	sources := map[types.Object][]source{}
	note := func(lhs ast.Expr, src source) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		obj := f.info.ObjectOf(id)
		if v, ok := obj.(*types.Var); !ok || v == f.bodyRoot || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return
		}
		sources[obj] = append(sources[obj], src)
	}
	ast.Inspect(f.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				switch {
				case len(n.Lhs) == len(n.Rhs):
					note(lhs, source{n.Rhs[i], -1})
				case len(n.Rhs) == 1:
					note(lhs, source{n.Rhs[0], i})
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					note(name, source{n.Values[i], -1})
				case len(n.Values) == 1:
					note(name, source{n.Values[0], i})
				default:
					note(name, source{nil, -1})
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				note(n.Key, source{nil, -1})
			}
			if n.Value != nil {
				note(n.Value, source{nil, -1})
			}
		}
		return true
	})
	f.bodyVars = map[types.Object]bool{}
	if f.bodyRoot != nil {
		f.bodyVars[f.bodyRoot] = true
	}
	all := func(srcs []source, ok func(source) bool) bool {
		for _, s := range srcs {
			if s.e == nil || !ok(s) {
				return false
			}
		}
		return len(srcs) > 0
	}
	for changed := true; changed; {
		changed = false
		for obj, srcs := range sources {
			if !f.bodyVars[obj] && all(srcs, func(s source) bool { return s.idx < 0 && f.isBodyExpr(s.e) }) {
				f.bodyVars[obj] = true
				changed = true
			}
		}
	}
	f.decoderVars = map[types.Object]bool{}
	f.bytesVars = map[types.Object]bool{}
	for obj, srcs := range sources {
		if all(srcs, func(s source) bool { return s.idx < 0 && f.isBodyDecoder(s.e) }) {
			f.decoderVars[obj] = true
		}
		if all(srcs, func(s source) bool { return s.idx == 0 && f.isBodyReadAll(s.e) }) {
			f.bytesVars[obj] = true
		}
	}
}

// isBodyExpr reports whether e denotes the request body: r.Body, a body
// variable, or the body wrapped by http.MaxBytesReader, io.LimitReader or
// io.NopCloser.
func (f *fn) isBodyExpr(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return f.bodyVars[f.info.Uses[e]]
	case *ast.SelectorExpr:
		return f.req != nil && f.req.Refers(e.X) && e.Sel.Name == "Body" && isField(f.info, e)
	case *ast.CallExpr:
		if i := wrapArg(typeutil.StaticCallee(f.info, e)); i >= 0 && i < len(e.Args) {
			return f.isBodyExpr(e.Args[i])
		}
	}
	return false
}

// isBodyDecoder reports whether e is json.NewDecoder(body) or
// xml.NewDecoder(body).
func (f *fn) isBodyDecoder(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	use, _ := effects.Lookup(typeutil.StaticCallee(f.info, call)).On(0)
	return use.Must&effects.MakesDecoder != 0 && f.isBodyExpr(call.Args[0])
}

// isBodyReadAll reports whether e is io.ReadAll(body).
func (f *fn) isBodyReadAll(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	use, _ := effects.Lookup(typeutil.StaticCallee(f.info, call)).On(0)
	return use.Must&effects.ReadsBody != 0 && use.Must&effects.MakesDecoder == 0 && f.isBodyExpr(call.Args[0])
}

// wrapArg returns the index of the reader argument of a function whose
// result reads through to it without reading itself, or -1.
func wrapArg(fn *types.Func) int {
	row := effects.Lookup(fn)
	if row == nil || fn.Signature().Recv() != nil {
		return -1
	}
	for _, use := range row.Uses {
		if use.Of >= 0 && use.Must&effects.WrapsBody != 0 {
			return int(use.Of)
		}
	}
	return -1
}

// classify walks the function once and records the action of every use of
// the request, its body and the writer, keyed by the node the data-flow
// walk will reach.
func (f *fn) classify(root inspector.Cursor) {
	for cur := range root.Preorder((*ast.Ident)(nil), (*ast.ExprStmt)(nil), (*ast.AssignStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			obj := f.info.Uses[n]
			if obj == nil {
				continue
			}
			f.lastUse[obj] = max(f.lastUse[obj], n.Pos())
			switch {
			case f.req != nil && f.req.Contains(obj):
				act, touches := f.requestUse(cur)
				f.touches = f.touches || touches
				f.add(cur, act)
			case f.bodyVars[obj]:
				f.touches = true
				f.add(cur, f.bodyUse(cur, false))
			case f.writer != nil && f.writer.Contains(obj):
				f.add(cur, f.writerUse(cur))
			}
		case ast.Stmt:
			if f.writer != nil {
				f.ignoredError(cur)
			}
		}
	}
}

// add records act for the use at cur. A use inside a function literal
// happens at no known time: it only forgets what its effect could change,
// where the outermost literal is written. The call of a go statement runs
// at no known time either; the call of a defer statement runs after
// everything else, so its effect changes nothing before (its operands,
// r.MultipartForm in defer r.MultipartForm.RemoveAll(), are evaluated at
// once, as usual).
func (f *fn) add(cur inspector.Cursor, act *action) {
	if act == nil {
		return
	}
	key := cur.Node()
	var lit inspector.Cursor
	var deferred, async *ast.CallExpr
	for p := cur.Parent(); p.Valid() && p.Node() != f.node; p = p.Parent() {
		switch n := p.Node().(type) {
		case *ast.FuncLit:
			lit = p
		case *ast.DeferStmt:
			if !lit.Valid() {
				deferred = n.Call
			}
		case *ast.GoStmt:
			if !lit.Valid() {
				async = n.Call
			}
		}
	}
	f.may |= act.may
	switch {
	case lit.Valid():
		key = lit.Parent().Node()
		act = forget(act)
	case async != nil && act.node == async:
		act = forget(act)
	case deferred != nil && act.node == deferred:
		return
	}
	f.actions[key] = append(f.actions[key], act)
}

// forget turns an action into one that only forgets what it could change.
func forget(act *action) *action {
	kill := act.kill | act.gen
	if act.may&(ParsesForm) != 0 {
		kill |= bits(evUnparsed)
	}
	if act.may&(ParsesMultipart) != 0 {
		kill |= bits(evNoMultipart)
	}
	if act.may&(TouchesBody|ReadsBody|ReadsMultipartBody) != 0 {
		kill |= bodyEvents
	}
	if act.check == checkForm || act.check == checkMultipart || act.check == checkIgnored {
		kill = 0 // reads only
	}
	return &action{kill: kill, may: act.may, node: act.node, escapes: kill != 0}
}

// escape is the action of handing the request to unknown code.
func escape(n ast.Node) *action {
	return &action{kill: requestEvents, may: allEffects, node: n, escapes: true}
}

// bodyEscape is the action of handing the body to unknown code, or
// replacing it.
func bodyEscape(n ast.Node) *action {
	return &action{kill: bodyEvents, may: TouchesBody, node: n, escapes: true}
}

// up returns the cursor of the outermost parenthesis around cur's node.
func up(cur inspector.Cursor) inspector.Cursor {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	return cur
}

// requestUse classifies a use of the request variable, and says whether
// the use may concern the payload (body or form), for body-never-read.
func (f *fn) requestUse(id inspector.Cursor) (act *action, touches bool) {
	cur := up(id)
	name := id.Node().(*ast.Ident).Name
	switch cur.ParentEdgeKind() {
	case edge.SelectorExpr_X:
		sel := cur.Parent().Node().(*ast.SelectorExpr)
		selection := f.info.Selections[sel]
		if selection == nil {
			break
		}
		switch selection.Kind() {
		case types.FieldVal:
			return f.fieldUse(cur.Parent(), name, sel.Sel.Name)
		case types.MethodVal:
			if fn, ok := selection.Obj().(*types.Func); ok && cur.Parent().ParentEdgeKind() == edge.CallExpr_Fun {
				return f.methodCall(cur.Parent().Parent(), name, fn)
			}
		}
	case edge.CallExpr_Args:
		return f.passed(cur, false, false)
	case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		if f.copiedToAlias(cur) {
			return harmless, false
		}
	case edge.AssignStmt_Lhs:
		// r = r.WithContext(ctx) keeps the same body and form.
		assign := cur.Parent().Node().(*ast.AssignStmt)
		if len(assign.Lhs) == len(assign.Rhs) && f.sameRequest(assign.Rhs[cur.ParentEdgeIndex()]) {
			return harmless, false
		}
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		if isNilComparison(cur) {
			return harmless, false
		}
	}
	return escape(id.Node()), true
}

// copiedToAlias reports whether the value at cur (an assignment's right
// side) is assigned to an alias of the request.
func (f *fn) copiedToAlias(cur inspector.Cursor) bool {
	id, ok := assignedTo(cur).(*ast.Ident)
	return ok && f.req.Contains(f.info.ObjectOf(id))
}

// assignedTo returns what the value at cur, the right side of an
// assignment or a var declaration, is assigned to: nil when the two sides
// do not pair up (x, y := f()).
func assignedTo(cur inspector.Cursor) ast.Expr {
	i := cur.ParentEdgeIndex()
	switch n := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			return n.Lhs[i]
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			return n.Names[i]
		}
	}
	return nil
}

// sameRequest reports whether e is the request, or a copy of it made by
// r.WithContext or r.Clone (same body, same form).
func (f *fn) sameRequest(e ast.Expr) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") {
			e = sel.X
		}
	}
	return f.req.Refers(e)
}

func isNilComparison(cur inspector.Cursor) bool {
	bin := cur.Parent().Node().(*ast.BinaryExpr)
	if bin.Op != token.EQL && bin.Op != token.NEQ {
		return false
	}
	other := bin.Y
	if cur.ParentEdgeKind() == edge.BinaryExpr_Y {
		other = bin.X
	}
	id, ok := ast.Unparen(other).(*ast.Ident)
	return ok && id.Name == "nil"
}

// fieldUse classifies r.<field>; sel is the selector's cursor.
func (f *fn) fieldUse(sel inspector.Cursor, rname, field string) (*action, bool) {
	what := rname + "." + field
	switch field {
	case "Body":
		return f.bodyUse(sel, false), true
	case "Form", "PostForm", "MultipartForm":
		cur := up(sel)
		switch cur.ParentEdgeKind() {
		case edge.AssignStmt_Lhs: // r.Form = url.Values{...}
			if field == "MultipartForm" {
				return &action{kill: bits(evNoMultipart), may: ParsesMultipart, node: sel.Node()}, true
			}
			return &action{kill: bits(evUnparsed), may: ParsesForm, node: sel.Node()}, true
		case edge.BinaryExpr_X, edge.BinaryExpr_Y:
			if isNilComparison(cur) {
				// The code knows the field may be nil.
				f.nilChecked[field] = true
				return harmless, true
			}
		}
		f.formUses = append(f.formUses, sel.Node().Pos())
		if field == "MultipartForm" {
			if cur.ParentEdgeKind() == edge.SelectorExpr_X {
				return &action{check: checkMultipart, node: sel.Node(), what: what, field: field}, true
			}
			return harmless, true // handed on: whether it is dereferenced is not known
		}
		return &action{check: checkForm, node: sel.Node(), what: what, field: field}, true
	case "ContentLength", "GetBody", "TransferEncoding":
		return harmless, true // about the body
	}
	return harmless, false
}

// methodCall classifies r.<method>(...); call is the call's cursor, fn
// the method. What each method does comes from effects' table.
func (f *fn) methodCall(call inspector.Cursor, rname string, method *types.Func) (*action, bool) {
	node := call.Node()
	use, ok := effects.Lookup(method).On(effects.Recv)
	switch {
	case !ok:
		return escape(node), true
	case use.May == 0:
		return harmless, false
	case use.Must&effects.CopiesRequest != 0:
		// A copy shares body and form: harmless when it replaces r.
		cur := up(call)
		if (cur.ParentEdgeKind() == edge.AssignStmt_Rhs || cur.ParentEdgeKind() == edge.ValueSpec_Values) && f.copiedToAlias(cur) {
			return harmless, false
		}
		return escape(node), true
	}
	what := rname + "." + method.Name()
	act := &action{node: node, what: what, may: requestEffects(use.May &^ effects.Decodes)}
	if use.Must&effects.ReadsForm != 0 {
		f.formUses = append(f.formUses, node.Pos())
	}
	if use.Must&effects.NeedsBody != 0 {
		act.check = checkFormBody
	}
	if use.Must&effects.ReadsMultipartBody != 0 {
		// FormFile's own error reports a failed parse: it is no use of
		// the form that would hide one.
		f.readWhat[node.Pos()] = what
		f.noteReadErr(call)
	}
	if use.May&effects.ParsesForm != 0 {
		act.kill |= bits(evUnparsed)
	}
	if use.May&effects.ParsesMultipart != 0 {
		act.kill |= bits(evNoMultipart)
	}
	for _, g := range []struct {
		eff effects.Effect
		ev  flow.Event
	}{{effects.ParsesForm, evFormParsed}, {effects.ParsesMultipart, evMultipartParsed}, {effects.ReadsMultipartBody, evFormRead}} {
		if use.Must&g.eff != 0 {
			act.gen |= bits(g.ev)
		}
	}
	return act, true
}

// requestEffects returns the part of table effects a fact records.
func requestEffects(e effects.Effect) Effects {
	var r Effects
	for _, m := range []struct {
		from effects.Effect
		to   Effects
	}{{effects.ParsesForm, ParsesForm}, {effects.ParsesMultipart, ParsesMultipart}, {effects.ReadsBody, ReadsBody},
		{effects.ReadsMultipartBody, ReadsMultipartBody}, {effects.TouchesBody, TouchesBody}} {
		if e&m.from != 0 {
			r |= m.to
		}
	}
	return r
}

// passed classifies the request (body false) or its body (body true,
// limited when through io.LimitReader) passed as argument at cur to a
// call: a known reader, or a function whose fact says what it does.
// Anything else is unknown code.
func (f *fn) passed(cur inspector.Cursor, body, limited bool) (*action, bool) {
	call := cur.Parent().Node().(*ast.CallExpr)
	node := cur.Node()
	unknown := escape(node)
	if body {
		unknown = bodyEscape(node)
	}
	callee := typeutil.StaticCallee(f.info, call)
	if callee == nil {
		return unknown, true
	}
	idx := cur.ParentEdgeIndex()
	if use, _ := effects.Lookup(callee).On(effects.Operand(idx)); body && callee.Signature().Recv() == nil {
		if use.Must&effects.ReadsBody != 0 {
			if limited {
				return &action{may: TouchesBody, node: call}, true // a partial read
			}
			what := qualifiedName(f.a.pass.Pkg, callee)
			f.readWhat[call.Pos()] = what
			f.noteReadErr(cur.Parent())
			return &action{check: checkRead, kill: bodyEvents, gen: bits(evRawRead), may: ReadsBody | TouchesBody, node: call, what: what}, true
		}
		if use.Must&effects.WrapsBody != 0 {
			// The wrapped body, used in turn; io.LimitReader's reader
			// reads part of it only.
			return f.bodyUse(cur.Parent(), limited || use.Must&effects.LimitsBody != 0), true
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := f.info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			idx-- // T.Method(recv, args...)
		}
	}
	sig := callee.Signature()
	if idx < 0 || idx >= sig.Params().Len() || sig.Variadic() && idx == sig.Params().Len()-1 {
		return unknown, true
	}
	var pf *ParamFact
	if fact := f.a.factOf(callee); fact != nil {
		pf = fact.param(idx)
	}
	if pf == nil {
		return unknown, true
	}
	if !body && pf.May == 0 && pf.Must == 0 {
		return harmless, false // mux.Vars(r), chi.URLParam(r, "id")
	}
	effects := *pf
	if limited {
		effects.Must = 0 // it reads the limited part only
	}
	act := f.helperCall(call, callee, effects, body)
	if act.gen&bodyEvents != 0 {
		f.noteReadErr(cur.Parent())
	}
	return act, true
}

// helperCall is the action of calling a summarized function.
func (f *fn) helperCall(call *ast.CallExpr, callee *types.Func, pf ParamFact, body bool) *action {
	act := &action{node: call, what: qualifiedName(f.a.pass.Pkg, callee), may: pf.May | pf.Must}
	if body {
		act.may &= ReadsBody | TouchesBody
		pf.Must &= ReadsBody
	}
	switch {
	case pf.Must&ReadsBody != 0:
		act.check = checkRead
		f.readWhat[call.Pos()] = act.what
	case pf.Must&ReadsMultipartBody != 0:
		act.check = checkFormBody
		f.readWhat[call.Pos()] = act.what
	}
	if act.may&ParsesForm != 0 {
		act.kill |= bits(evUnparsed)
	}
	if act.may&ParsesMultipart != 0 {
		act.kill |= bits(evNoMultipart)
	}
	if act.may&(ReadsBody|ReadsMultipartBody|TouchesBody) != 0 {
		act.kill |= bodyEvents
		act.escapes = true
	}
	for eff, ev := range map[Effects]flow.Event{ParsesForm: evFormParsed, ParsesMultipart: evMultipartParsed, ReadsBody: evRawRead, ReadsMultipartBody: evFormRead} {
		if pf.Must&eff != 0 {
			act.gen |= bits(ev)
		}
	}
	return act
}

// qualifiedName names a function as code in pkg would call it.
func qualifiedName(pkg *types.Package, fn *types.Func) string {
	if recv := fn.Signature().Recv(); recv != nil {
		return fn.Name()
	}
	if fn.Pkg() == nil || fn.Pkg() == pkg {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// bodyUse classifies a use of the body: cur is r.Body, a body variable or
// a wrapping call; limited when it is read through io.LimitReader.
func (f *fn) bodyUse(at inspector.Cursor, limited bool) *action {
	cur := up(at)
	node := at.Node()
	switch cur.ParentEdgeKind() {
	case edge.CallExpr_Args:
		act, _ := f.passed(cur, true, limited)
		return act
	case edge.SelectorExpr_X:
		sel := cur.Parent().Node().(*ast.SelectorExpr)
		switch sel.Sel.Name {
		case "Close":
			return harmless
		case "Read":
			// A partial read: neither consumes the body nor proves
			// anything about it.
			return &action{may: TouchesBody, node: node}
		}
	case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		if lhs := assignedTo(cur); lhs != nil && (f.isBodyExpr(lhs) || f.bodyVarDef(lhs)) {
			return harmless // r.Body = http.MaxBytesReader(w, r.Body, n); b := r.Body
		}
	case edge.AssignStmt_Lhs:
		assign := cur.Parent().Node().(*ast.AssignStmt)
		if len(assign.Lhs) == len(assign.Rhs) && f.isBodyExpr(assign.Rhs[cur.ParentEdgeIndex()]) {
			return harmless
		}
		if _, ok := node.(*ast.SelectorExpr); ok {
			// r.Body = io.NopCloser(bytes.NewReader(data)): a new body.
			return &action{kill: bodyEvents, may: TouchesBody, node: node}
		}
		return harmless // a body variable given another body expression
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		if bin := cur.Parent().Node().(*ast.BinaryExpr); bin.Op == token.EQL || bin.Op == token.NEQ {
			return harmless // r.Body == nil, r.Body != http.NoBody
		}
	}
	return bodyEscape(node)
}

// bodyVarDef reports whether lhs declares or names a body variable.
func (f *fn) bodyVarDef(lhs ast.Expr) bool {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	return ok && f.bodyVars[f.info.ObjectOf(id)]
}

// writerUse classifies a use of w: only w.Header() and handing w to
// http.MaxBytesReader cannot write the response.
func (f *fn) writerUse(id inspector.Cursor) *action {
	cur := up(id)
	switch cur.ParentEdgeKind() {
	case edge.SelectorExpr_X:
		sel := cur.Parent().Node().(*ast.SelectorExpr)
		if s := f.info.Selections[sel]; s != nil && cur.Parent().ParentEdgeKind() == edge.CallExpr_Fun {
			fn, _ := s.Obj().(*types.Func)
			if use, ok := effects.Lookup(fn).On(effects.Recv); ok && use.May&^(effects.ReadsHeader|effects.MakesHeader) == 0 {
				return harmless
			}
		}
	case edge.CallExpr_Args:
		// Handed to a library function that does nothing to it
		// (http.MaxBytesReader).
		call := cur.Parent().Node().(*ast.CallExpr)
		if fn := typeutil.StaticCallee(f.info, call); fn != nil && fn.Signature().Recv() == nil {
			if use, ok := effects.Lookup(fn).On(effects.Operand(cur.ParentEdgeIndex())); ok && use.May == 0 {
				return harmless
			}
		}
	case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		if id, ok := assignedTo(cur).(*ast.Ident); ok && f.writer.Contains(f.info.ObjectOf(id)) {
			return harmless // copied to an alias of the writer
		}
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		if isNilComparison(cur) {
			return harmless
		}
	}
	return &action{kill: bits(evWriterFresh), node: id.Node()}
}

// ignoredError records a statement that discards the error of decoding the
// body or parsing the form: json.NewDecoder(r.Body).Decode(&v), _ =
// json.Unmarshal(body, &v), r.ParseForm().
func (f *fn) ignoredError(cur inspector.Cursor) {
	var call *ast.CallExpr
	switch s := cur.Node().(type) {
	case *ast.ExprStmt:
		call, _ = ast.Unparen(s.X).(*ast.CallExpr)
	case *ast.AssignStmt:
		if s.Tok == token.ASSIGN && len(s.Lhs) == 1 && len(s.Rhs) == 1 && isBlank(s.Lhs[0]) {
			call, _ = ast.Unparen(s.Rhs[0]).(*ast.CallExpr)
		}
	}
	if call == nil {
		return
	}
	switch cur.ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
	default:
		return // an if or for clause: not rewritten, not reported
	}
	for p := cur.Parent(); p.Valid() && p.Node() != f.node; p = p.Parent() {
		if _, ok := p.Node().(*ast.FuncLit); ok {
			return // another function's statement
		}
	}
	ic := f.decodeCall(call)
	if ic == nil {
		return
	}
	ic.stmt = cur.Node().(ast.Stmt)
	f.actions[ic.stmt] = append(f.actions[ic.stmt], &action{check: checkIgnored, node: ic.stmt, ignored: ic})
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// decodeCall recognizes a call decoding the body or parsing the form.
func (f *fn) decodeCall(call *ast.CallExpr) *ignoredCall {
	callee := typeutil.StaticCallee(f.info, call)
	row := effects.Lookup(callee)
	if row == nil {
		return nil
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if use, _ := row.On(0); use.Must&effects.Decodes != 0 && callee.Signature().Recv() == nil {
		// json.Unmarshal(data, &v) of the bytes read from the body.
		if len(call.Args) != 2 {
			return nil
		}
		if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || !f.bytesVars[f.info.Uses[id]] {
			return nil
		}
		return &ignoredCall{call: call, what: qualifiedName(f.a.pass.Pkg, callee), kind: formatOf(callee.Pkg().Path()), target: f.rootVar(call.Args[1])}
	}
	use, _ := row.On(effects.Recv)
	switch {
	case use.Must&effects.Decodes == 0 || sel == nil:
	case use.Must&effects.ParsesForm != 0:
		// r.ParseForm(), r.ParseMultipartForm(n)
		if f.req == nil || !f.req.Refers(sel.X) {
			return nil
		}
		kind := "form"
		if use.Must&effects.ParsesMultipart != 0 {
			kind = "multipart"
		}
		rname := ast.Unparen(sel.X).(*ast.Ident).Name // Refers saw an identifier
		return &ignoredCall{call: call, what: rname + "." + callee.Name(), kind: kind}
	case len(call.Args) == 1:
		// dec.Decode(&v) of a decoder over the body.
		x := ast.Unparen(sel.X)
		id, isIdent := x.(*ast.Ident)
		if !f.isBodyDecoder(x) && !(isIdent && f.decoderVars[f.info.Uses[id]]) {
			return nil
		}
		return &ignoredCall{call: call, what: "Decode", kind: formatOf(callee.Pkg().Path()), target: f.rootVar(call.Args[0])}
	}
	return nil
}

func formatOf(name string) string {
	if strings.Contains(name, "xml") {
		return "XML"
	}
	return "JSON"
}

// rootVar returns the local variable a decode target is part of: v for
// &v, v.Field, v[i]; nil for anything else.
func (f *fn) rootVar(e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			v, ok := f.info.Uses[x].(*types.Var)
			if !ok || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
				return nil
			}
			return v
		default:
			return nil
		}
	}
}

// usedAfter reports whether what an ignored call fills in is used later in
// the function: the decode target, or the form.
func (f *fn) usedAfter(ic *ignoredCall) bool {
	end := ic.stmt.End()
	if ic.kind == "form" || ic.kind == "multipart" {
		for _, pos := range f.formUses {
			if pos > end {
				return true
			}
		}
		return false
	}
	return ic.target != nil && f.lastUse[ic.target] > end
}

func isField(info *types.Info, sel *ast.SelectorExpr) bool {
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.FieldVal
}
