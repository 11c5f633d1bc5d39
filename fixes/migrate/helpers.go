package migrate

// Helpers of the handler's package that write a whole response:
//
//	func httpError(w http.ResponseWriter, r *http.Request, msg string) {
//		w.Header().Set("Content-Type", "text/plain")
//		w.WriteHeader(http.StatusBadRequest)
//		fmt.Fprint(w, msg)
//	}
//
// A handler that calls one as its last act (the call followed by a return
// or the handler's end, nothing set on the writer before it) is migrated
// by returning the helper's pure counterpart:
//
//	return httpErrorPure(r, msg)
//
// The counterpart is the helper's own body translated like a handler's
// (same proof, same blocked reasons), with the writer parameter dropped
// and (*http.Response, error) results; the helper stays, with the same
// signature, as a one-line adapter serving the counterpart's response,
// so every other caller (handlers blocked for another reason, tests)
// keeps compiling and sees what it saw. The helper's edits are part of
// the fix of every handler calling it, identical in each (the helper is
// migrated once per package), so applying any one of those fixes alone
// compiles, and applying several together merges them. Once the helper is
// an adapter, later fixes call the counterpart it names.
//
// The adapter serves the counterpart's response with route.Func, which
// writes a response known in full with the calls a handler writing it
// makes (headers, WriteHeader unless the status is implicit, one Write),
// and needs the helper's *http.Request only for what it gives
// route.LogError; a helper without a request parameter passes one
// naming the helper.
//
// Helpers of other packages of the module are migrated while their own
// package is analyzed, and reach the handlers calling them as analysis
// facts carrying the same edits (foreign.go): a fix calling a counterpart
// of another package carries the edits that create it, so it compiles
// when applied alone.

import (
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/source"
)

// Helpers migrates, once per package, the helpers its handlers pass their
// writer to. Create one per pass with NewHelpers and set it in each
// Handler; a nil *Helpers migrates no helper.
type Helpers struct {
	pass  *analysis.Pass
	taken func(string) bool
	done  map[*types.Func]*helper
	// ignored holds the identifiers of the files the build constraints
	// exclude, once read (ignoredOK: all could be).
	ignored   map[string]bool
	ignoredOK bool
	// foreign and modules hold the facts of the helpers of other
	// packages the package calls and of their packages, once
	// PackageFacts has run (foreign.go).
	foreign map[*types.Func]*HelperFact
	modules map[*types.Package]*ModuleFact
}

// NewHelpers returns the helpers of pass's package; taken is as
// Handler.Taken.
func NewHelpers(pass *analysis.Pass, taken func(string) bool) *Helpers {
	return &Helpers{pass: pass, taken: taken, done: map[*types.Func]*helper{}, foreign: map[*types.Func]*HelperFact{}, modules: map[*types.Package]*ModuleFact{}}
}

// A helper is a function of the package that writes a response through
// a writer parameter, and its pure counterpart.
type helper struct {
	fn     *types.Func
	writer int    // the writer parameter's index (-1: none)
	pure   string // the counterpart's name
	// name, when fn is nil, names a function literal of the function
	// being migrated, whose counterpart it is (closures.go).
	name string
	// blocked says why the helper has no counterpart; when that is a
	// helper it calls, via names the chain of helpers to the one that
	// blocks (" → b → c"), and blocked is that one's reason.
	blocked *Blocked
	via     string
	// busy is set while the helper is being migrated: a call back into
	// it (recursion) blocks.
	busy bool
	// files holds the edits that make the counterpart and the adapter,
	// nil when the helper already is an adapter; deps are the helpers
	// its counterpart calls, whose edits go with it.
	files map[*token.File]*editedFile
	deps  []*helper
	// aliasesArgs: a body the counterpart returns may be bytes its
	// caller can still change (a []byte argument), which a deferred
	// call of the caller could do before route.Func sends them.
	aliasesArgs bool
	// keys are the headers the counterpart's responses may set, itself
	// or through the route helper it returns; writesNothing says that
	// one of its paths returns nil, nil (the helper wrote nothing).
	keys          map[string]bool
	writesNothing bool
	// opaque: the helper already was an adapter; its keys are unknown.
	opaque bool
	// withResults: the helper has results, the last an error, and
	// writes a response only on paths where that error is not nil; its
	// counterpart returns them with the response before the error
	// (results.go).
	withResults bool
	// nilErrWrite, for a helper with results, says where it may write a
	// response with a nil error: its callers may only drop its results
	// (results.go).
	nilErrWrite *Blocked
	// okResult: the helper's last result is a bool, false when it
	// failed, instead of an error (okresults.go).
	okResult bool
	// streams: the counterpart's response runs the helper's code when
	// it is served (stream.go).
	streams bool
	// foreign: the helper is of another package of the module, known
	// from its HelperFact (foreign.go); foreignEdits are the edits of
	// that package's files that make its counterpart. foreignBlock: it
	// is blocked because the fix cannot edit it there at all.
	// adapted names the helpers of that package the edits make
	// adapters (all that can be made pure, see ModuleFact).
	foreign      bool
	foreignEdits []analysis.TextEdit
	foreignBlock bool
	adapted      []string
	// mayFail: the counterpart may return an error with its response
	// (one read from an existing adapter that calls route.JSON or code
	// the rewrite does not know), which a helper with results returning
	// that response would drop.
	mayFail bool
}

// displayName names the helper in messages.
func (hp *helper) displayName() string {
	if hp.fn == nil {
		return hp.name
	}
	return funcName(hp.fn)
}

// lookup returns fn's helper when fn is a function or method declared in
// the package with a writer parameter at index arg, or, for a function of
// another package, the helper its facts describe (foreignHelper); nil for
// any other function (whose writes the rewrite then cannot see).
func (hs *Helpers) lookup(fn *types.Func, arg int) *helper {
	if hs == nil || fn == nil || fn.Pkg() == nil {
		return nil
	}
	fn = fn.Origin()
	if fn.Pkg() != hs.pass.Pkg {
		return hs.foreignHelper(fn, arg)
	}
	if hp, ok := hs.done[fn]; ok {
		if hp.busy {
			return &helper{fn: fn, blocked: &Blocked{ReasonWriterEscapes, fn.Pos(), "it calls itself"}}
		}
		if hp.writer != arg {
			return nil
		}
		return hp
	}
	params := fn.Signature().Params()
	if arg >= params.Len() || !code.IsNamed(params.At(arg).Type(), "net/http", "ResponseWriter") {
		return nil
	}
	decl := hs.declOf(fn)
	if decl == nil {
		return nil
	}
	hp := &helper{fn: fn, writer: arg, busy: true}
	hs.done[fn] = hp
	hs.migrate(hp, decl)
	hp.busy = false
	return hp
}

// declOf returns fn's declaration in the pass's files.
func (hs *Helpers) declOf(fn *types.Func) *ast.FuncDecl {
	f := code.FileOf(hs.pass.Files, fn.Pos())
	if f == nil {
		return nil
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() {
			return fd
		}
	}
	return nil
}

// migrate makes hp's counterpart, or records why it cannot.
func (hs *Helpers) migrate(hp *helper, decl *ast.FuncDecl) {
	block := func(reason string, pos token.Pos, detail string) {
		hp.blocked = &Blocked{reason, pos, detail}
	}
	sig := hp.fn.Signature()
	if decl.Type.TypeParams != nil || sig.RecvTypeParams() != nil {
		// Its adapter would pass the type parameters on.
		block(ReasonGeneric, decl.Name.Pos(), "it is a generic function")
		return
	}
	if sig.Results().Len() != 0 {
		if b := hs.checkResults(decl, sig, hp.writer); b != nil {
			hp.blocked = b
			return
		}
		hp.withResults = true
		hp.okResult = lastResultIsOK(hs.pass.TypesInfo, decl)
	}
	if f := code.FileOf(hs.pass.Files, decl.Pos()); f == nil || ast.IsGenerated(f) {
		block(ReasonWriterEscapes, decl.Name.Pos(), "it is generated code")
		return
	}
	// A file of another build (another GOOS's variant) may declare the
	// helper too, without the counterpart this build's callers would
	// call there.
	if hs.ignored == nil {
		hs.ignored, hs.ignoredOK = source.IgnoredIdents(hs.pass)
	}
	if !hs.ignoredOK || hs.ignored[decl.Name.Name] {
		block(ReasonWriterEscapes, decl.Name.Pos(), "files of other builds (build constraints) mention it, and the fix cannot see them")
		return
	}
	// Every parameter named, so the adapter can pass them on; the writer
	// alone in its field, so the counterpart can drop it.
	var request *types.Var
	for _, field := range decl.Type.Params.List {
		if len(field.Names) == 0 {
			block(ReasonWriterEscapes, field.Pos(), "it has unnamed parameters")
			return
		}
		for _, n := range field.Names {
			v, _ := hs.pass.TypesInfo.Defs[n].(*types.Var)
			if v == nil || n.Name == "_" {
				block(ReasonWriterEscapes, n.Pos(), "it has a blank parameter")
				return
			}
			if v == sig.Params().At(hp.writer) && len(field.Names) != 1 {
				block(ReasonWriterEscapes, n.Pos(), "its writer shares a parameter field")
				return
			}
			if code.IsPointerTo(v.Type(), "net/http", "Request") {
				if request != nil {
					block(ReasonWriterEscapes, n.Pos(), "it has two request parameters")
					return
				}
				request = v
			}
		}
	}
	if hp.withResults {
		if pure, ok := hs.resultAdapterOf(decl, hp.writer); ok {
			hp.pure = pure
			hp.blocked, hp.nilErrWrite = hs.scanResultCounterpart(pure, decl)
			// Callers return its response as it is; only whether
			// its bodies may be bytes they can change matters.
			hp.keys, hp.writesNothing, hp.aliasesArgs, hp.opaque, hp.mayFail = hs.scanCounterpart(pure, decl, map[*types.Func]bool{})
			if hp.opaque {
				hp.writesNothing, hp.aliasesArgs, hp.mayFail = true, true, true
			}
			return
		}
	} else if pure, ok := hs.adapterOf(decl, hp.writer); ok {
		hp.pure = pure
		var usesJSON bool
		hp.keys, hp.writesNothing, hp.aliasesArgs, hp.opaque, usesJSON = hs.scanCounterpart(pure, decl, map[*types.Func]bool{})
		if hp.opaque {
			hp.writesNothing, hp.aliasesArgs = true, true
		}
		hp.mayFail = hp.opaque || usesJSON
		hp.streams = hs.counterpartStreams(pure, decl, map[*types.Func]bool{})
		return
	}
	h := &Handler{Pass: hs.pass, Decl: decl, Writer: sig.Params().At(hp.writer), Request: request, Taken: hs.taken, Helpers: hs, withResults: hp.withResults}
	m, blocked := hs.translate(hp, h, newMigrator)
	if blocked == nil && m.blocked != nil && streamFallback(h, m.blocked) {
		// The block is in a tail that streams the body (stream.go).
		m, blocked = hs.translate(hp, h, newStreamMigrator)
	}
	if blocked != nil {
		hp.blocked = blocked
		return
	}
	if m.blocked != nil {
		hp.blocked = m.blocked
		if inner := m.blockedBy; inner != nil {
			hp.blocked, hp.via = inner.blocked, " → "+inner.displayName()+inner.via
		}
		return
	}
	hp.files, hp.deps = m.files, m.helpers
	hp.nilErrWrite = m.unproven
	m.summarize(hp)
}

// summarize sets what callers of hp's counterpart, whose translation m
// holds, need to know of its responses (see the helper fields).
func (m *migrator) summarize(hp *helper) {
	hp.keys = map[string]bool{}
	for _, op := range m.ops {
		hp.keys[op.key] = true
	}
	for _, p := range m.pending {
		t := p.term
		switch t.kind {
		case writesNothing:
			hp.writesNothing = hp.writesNothing || len(p.state.ops) == 0 && p.state.status == nil
		case writesBody:
			hp.aliasesArgs = hp.aliasesArgs || !t.isString && t.fmtName == "" && !m.freshBytes(t.body)
		case writesJSON, writesResponder:
			hp.keys["Content-Type"] = true
		case writesTemplate:
			// Assume the worst of a template's page: a type, and
			// nothing written when it fails at once.
			hp.keys["Content-Type"] = true
			hp.writesNothing = true
		case writesError, writesNotFound:
			hp.keys["Content-Type"], hp.keys["X-Content-Type-Options"] = true, true
		case writesRedirect:
			hp.keys["Content-Type"], hp.keys["Location"] = true, true
		case writesStream:
			hp.streams = true
		case writesHelper:
			hp.streams = hp.streams || t.helper.streams
			hp.aliasesArgs = hp.aliasesArgs || t.helper.aliasesArgs
			hp.writesNothing = hp.writesNothing || t.helper.writesNothing
			hp.mayFail = hp.mayFail || t.helper.mayFail
			for k := range t.helper.keys {
				hp.keys[k] = true
			}
		}
		if t.kind == writesResponder && t.responder.body == bodyBytes && !m.freshBytes(t.value) {
			hp.aliasesArgs = true
		}
	}
}

// translate makes the helper's counterpart with a migrator from
// newM, and returns it (m.blocked says whether that failed).
func (hs *Helpers) translate(hp *helper, h *Handler, newM func(*Handler) (*migrator, *Blocked)) (*migrator, *Blocked) {
	m, blocked := newM(h)
	if blocked != nil {
		return nil, blocked
	}
	// The adapter and the counterpart's results name net/http inside
	// the helper: nothing there may shadow it.
	ast.Inspect(h.Decl, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == m.httpName && hs.pass.TypesInfo.Defs[id] != nil {
			m.block(ReasonNameConflict, id.Pos(), "it declares %s, the name of net/http in its file", id.Name)
		}
		return m.blocked == nil
	})
	if m.blocked == nil {
		m.classify()
	}
	if m.blocked == nil {
		m.translateBody()
	}
	if m.blocked == nil {
		m.mergingHeaders()
	}
	if m.blocked == nil {
		hp.pure = m.declareHelper(hp)
	}
	return m, nil
}

// mergingHeaders blocks a helper that adds to a header (Add, a cookie)
// or deletes one: its adapter's route.Func replaces each header of the
// response in the writer's header map, so a caller that set the header
// before calling the helper would lose its own values, or keep the one
// the helper deleted. Headers the helper sets replace the caller's in
// both versions.
func (m *migrator) mergingHeaders() {
	for _, op := range m.ops {
		switch op.kind {
		case opAdd, opCookie, opDel:
			m.block(ReasonHelperMergesHeader, op.stmt.Pos(), "it adds to or deletes the header %s, where its adapter would replace the values a caller set before", op.key)
			return
		}
	}
}

// scanCounterpart reads an existing counterpart, named pure and
// declared like the helper decl (a method of the same receiver, or a
// function), for what checkHelperCall needs: the headers its responses
// may set, whether it may return nil, nil, and whether a body may be
// bytes its caller still holds. opaque is set when it does anything else
// than return the route helpers and counterparts the migration writes.
func (hs *Helpers) scanCounterpart(pure string, decl *ast.FuncDecl, seen map[*types.Func]bool) (keys map[string]bool, writesNothing, aliasesArgs, opaque, usesJSON bool) {
	keys = map[string]bool{}
	info := hs.pass.TypesInfo
	fn := hs.counterpartFunc(pure, decl)
	// seen[fn] is true while fn is scanned (a call back into it is a
	// cycle, which the rewrite does not follow) and false once done:
	// what it gives is already merged into the first scan's results,
	// which all go into the top one's.
	busy, scanned := seen[fn]
	if fn == nil || busy {
		return keys, true, true, true, true
	}
	if scanned {
		return keys, false, false, false, false
	}
	seen[fn] = true
	defer func() { seen[fn] = false }()
	d := hs.declOf(fn)
	if d == nil || d.Body == nil {
		return keys, true, true, true, true
	}
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			opaque = true
			return false
		case *ast.ReturnStmt:
			// A nil response, whatever the error (and the results
			// before it, of a helper with results).
			if len(n.Results) >= 2 && code.IsNil(info, n.Results[len(n.Results)-2]) {
				writesNothing = true
			}
		case *ast.CallExpr:
			callee, _ := typeutil.Callee(info, n).(*types.Func)
			if callee == nil {
				return true
			}
			if callee.Pkg() != nil && callee.Pkg().Path() == RoutePath && callee.Signature().Recv() == nil {
				switch callee.Name() {
				case "Header":
					if k, ok := code.StringConst(info, n.Args[0]); ok {
						keys[http.CanonicalHeaderKey(k)] = true
					} else {
						opaque = true
					}
				case "Cookie":
					keys["Set-Cookie"] = true
				case "JSON":
					keys["Content-Type"] = true
					usesJSON = true
				case "Text":
					keys["Content-Type"] = true
				case "Bytes":
					keys["Content-Type"] = true
					if len(n.Args) > 2 && !freshBytesExpr(info, n.Args[2]) {
						aliasesArgs = true
					}
				case "Error", "NotFound":
					keys["Content-Type"], keys["X-Content-Type-Options"] = true, true
				case "Redirect":
					keys["Content-Type"], keys["Location"] = true, true
				case "Status", "With", "Func":
				default:
					opaque = true
				}
				return true
			}
			// Another counterpart (of a helper with results too: the
			// response is the result before the error).
			res := callee.Signature().Results()
			if res.Len() >= 2 && code.IsPointerTo(res.At(res.Len()-2).Type(), "net/http", "Response") {
				// Another counterpart: the headers of its responses too.
				cd := hs.declOf(callee)
				if cd == nil || callee.Pkg() != hs.pass.Pkg {
					opaque = true
					return true
				}
				k, wn, aa, op, uj := hs.scanCounterpart(callee.Name(), cd, seen)
				for key := range k {
					keys[key] = true
				}
				writesNothing, aliasesArgs, opaque, usesJSON = writesNothing || wn, aliasesArgs || aa, opaque || op, usesJSON || uj
			}
		}
		return true
	})
	return keys, writesNothing, aliasesArgs, opaque, usesJSON
}

// counterpartFunc returns the function named pure declared like the
// helper decl: a method of the same receiver, or a function.
func (hs *Helpers) counterpartFunc(pure string, decl *ast.FuncDecl) *types.Func {
	helperFn := hs.fnOf(decl)
	if helperFn == nil {
		return nil
	}
	var fn *types.Func
	if recv := helperFn.Signature().Recv(); recv != nil {
		obj, _, _ := types.LookupFieldOrMethod(recv.Type(), true, hs.pass.Pkg, pure)
		fn, _ = obj.(*types.Func)
	} else {
		fn, _ = hs.pass.Pkg.Scope().Lookup(pure).(*types.Func)
	}
	return fn
}

// freshBytesExpr reports whether e makes new bytes: a conversion, a
// composite literal, or fmt.Append*(nil, ...).
func freshBytesExpr(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			return true
		}
		fn, _ := typeutil.Callee(info, e).(*types.Func)
		return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && strings.HasPrefix(fn.Name(), "Append") && len(e.Args) > 0 && code.IsNil(info, e.Args[0])
	}
	return false
}

// adapterOf recognizes the adapter a helper's migration leaves, and
// returns the counterpart it calls:
//
//	route.Func(func(*http.Request) (*http.Response, error) { return PURE(params...) }).ServeHTTP(w, r)
//
// where params are the helper's parameters but the writer, in order.
func (hs *Helpers) adapterOf(decl *ast.FuncDecl, writer int) (string, bool) {
	if len(decl.Body.List) != 1 {
		return "", false
	}
	lit, ok := serveLiteral(hs.pass.TypesInfo, decl.Body.List[0])
	if !ok || len(lit.Body.List) != 1 {
		return "", false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return "", false
	}
	call, ok := ret.Results[0].(*ast.CallExpr)
	if !ok {
		return "", false
	}
	return hs.callsWithParams(decl, call, writer)
}

// serveLiteral recognizes the statement
// route.Func(func(...) ... { ... }).ServeHTTP(w, r) and returns the literal.
func serveLiteral(info *types.Info, s ast.Stmt) (*ast.FuncLit, bool) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil, false
	}
	serve, ok := es.X.(*ast.CallExpr)
	if !ok || len(serve.Args) != 2 {
		return nil, false
	}
	sel, ok := serve.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "ServeHTTP" {
		return nil, false
	}
	conv, ok := sel.X.(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 {
		return nil, false
	}
	if tv, ok := info.Types[conv.Fun]; !ok || !tv.IsType() || !code.IsNamed(tv.Type, RoutePath, "Func") {
		return nil, false
	}
	lit, ok := conv.Args[0].(*ast.FuncLit)
	return lit, ok
}

// callsWithParams reports whether call calls a function (or a method,
// through a selector) with the parameters of decl but the writer, in
// order, and returns the function's name.
func (hs *Helpers) callsWithParams(decl *ast.FuncDecl, call *ast.CallExpr, writer int) (string, bool) {
	info := hs.pass.TypesInfo
	var pure string
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		pure = fun.Name
	case *ast.SelectorExpr:
		pure = fun.Sel.Name
	default:
		return "", false
	}
	var want []types.Object
	params := hs.fnOf(decl).Signature().Params()
	for i := range params.Len() {
		if i != writer {
			want = append(want, params.At(i))
		}
	}
	if len(call.Args) != len(want) {
		return "", false
	}
	for i, a := range call.Args {
		id, ok := a.(*ast.Ident)
		if !ok || info.Uses[id] != want[i] {
			return "", false
		}
	}
	return pure, true
}

func (hs *Helpers) fnOf(decl *ast.FuncDecl) *types.Func {
	fn, _ := hs.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	return fn
}

// helperTerm records a call passing the writer to a helper of the
// package as a response-writing statement, or blocks with why the
// helper cannot be made pure. It reports false when fn is no such
// helper.
//
// Helpers of other packages (foreign.go) are looked up only when foreign
// is set, after the library calls the rewrite knows: a library function
// is translated as the table says, never made a counterpart of.
func (m *migrator) helperTerm(id *ast.Ident, call *ast.CallExpr, fn *types.Func, arg int, name string, stack []ast.Node, foreign bool) bool {
	if fn == nil || fn.Pkg() == nil || (fn.Origin().Pkg() != m.pass.Pkg) != foreign {
		return false
	}
	hp := m.h.Helpers.lookup(fn, arg)
	if hp == nil {
		return false
	}
	if hp.blocked != nil {
		if m.blocked == nil {
			m.blockedBy = hp
		}
		if hp.foreignBlock {
			m.block(hp.blocked.Reason, id.Pos(), "the writer is passed to %s, %s", name, hp.blocked.Detail)
			return true
		}
		m.block(hp.blocked.Reason, id.Pos(), "the writer is passed to %s, which cannot be made pure: %s", name+hp.via, hp.blocked.Detail)
		return true
	}
	for i, a := range call.Args {
		if i != arg && m.usesIn(a) {
			m.block(ReasonWriterEscapes, a.Pos(), "the writer is passed to %s twice", name)
			return true
		}
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
	case *ast.Ident:
		if hp.foreign {
			// A dot import: the counterpart's bare name could
			// clash with one of the handler's package.
			m.block(ReasonForeignHelper, id.Pos(), "the writer is passed to %s, a helper of another package called through a dot import (%s), whose counterpart's name the fix would not qualify", name, fun.Name)
			return true
		}
	default:
		m.block(ReasonWriterEscapes, id.Pos(), "%s is called through an expression the rewrite does not rename", name)
		return true
	}
	if hp.withResults {
		m.resultsTerm(id, call, hp, stack)
		return true
	}
	m.helpers = append(m.helpers, hp)
	m.addTerm(id, &writeCall{kind: writesHelper, call: call, helper: hp}, stack)
	return true
}

// helperCall writes the call of t's counterpart: the helper's call with
// the counterpart's name and without the writer.
func (m *migrator) helperCall(t *snippet, term *writeCall) {
	switch fun := ast.Unparen(term.call.Fun).(type) {
	case *ast.Ident:
		t.WriteString(term.helper.pure)
	case *ast.SelectorExpr:
		t.node(m, fun.X)
		t.WriteString("." + term.helper.pure)
	}
	t.WriteString("(")
	first := true
	for i, a := range term.call.Args {
		if i == term.helper.writer {
			continue
		}
		if !first {
			t.WriteString(", ")
		}
		first = false
		t.node(m, a)
	}
	if term.call.Ellipsis.IsValid() {
		t.WriteString("...")
	}
	t.WriteString(")")
}

// helperResponse writes the return of a helper's counterpart, with the
// headers the handler set before the call (checkHelperCall made sure
// that the helper sets none of them).
func (m *migrator) helperResponse(t *snippet, term *writeCall, opts []*headerValues, ct *headerValues, writeOpts func(*headerValues), indent string) {
	if term.helper.withResults {
		m.droppedResultsResponse(t, term, opts, ct, writeOpts, indent)
		return
	}
	if ct == nil && len(opts) == 0 {
		m.retCall(t, indent, func() { m.helperCall(t, term) })
		return
	}
	resp, err := m.newLocalName("resp"), m.newLocalName("err")
	t.WriteString(resp + ", " + err + " := ")
	m.helperCall(t, term)
	t.WriteString("\n" + indent)
	m.retCall(t, indent, func() {
		t.WriteString(m.routeName + ".With(" + resp + ", " + err)
		writeOpts(ct)
		t.WriteString(")")
	})
}

// helperArgs returns the arguments a helper call evaluates, the writer
// excepted.
func helperArgs(t *writeCall) []ast.Expr {
	var out []ast.Expr
	for i, a := range t.call.Args {
		if i != t.helper.writer {
			out = append(out, a)
		}
	}
	return out
}

// checkHelperCall blocks a helper call the counterpart would not
// answer like, or one whose response may hold bytes that a deferred call
// of the handler could change before route.Func sends them.
//
// Headers the handler set before the call are added to the
// counterpart's response with route.With, which replaces a header of the
// same key: exact when the helper sets none of them (it then only added
// to the handler's, since it neither adds nor deletes headers, see
// mergingHeaders), and when it writes something on every path
// (route.With adds nothing to a nil response, where the original sent
// the handler's headers). Content-Length is left alone: http.Error in the
// helper would delete it. A status set before commits the response, and
// the helper's headers would be dropped.
func (m *migrator) checkHelperCall(t *writeCall, s respState) {
	hp := t.helper
	name := hp.displayName()
	// What the call does with the writer, for the messages.
	passed := "the writer is passed to " + name
	if hp.fn == nil {
		passed = "the function literal " + name + " writing the response is called"
	}
	if s.status != nil {
		m.block(ReasonHeaderBeforeHelper, t.stmt.Pos(), "WriteHeader is called before %s, so net/http drops the headers it sets", passed)
		return
	}
	if len(s.ops) > 0 && hp.opaque {
		m.block(ReasonHeaderBeforeHelper, t.stmt.Pos(), "headers are set before %s, an adapter over %s, whose responses the rewrite does not follow", passed, hp.pure)
		return
	}
	for _, op := range s.ops {
		if op.key == "Content-Length" || hp.keys[op.key] {
			m.block(ReasonHeaderBeforeHelper, op.stmt.Pos(), "the header %s is set before %s, which may set it too", op.key, passed)
			return
		}
	}
	if len(s.ops) > 0 && hp.writesNothing {
		m.block(ReasonHeaderBeforeHelper, t.stmt.Pos(), "headers are set before %s, which writes nothing on some path, where the handler's headers were still sent", passed)
		return
	}
	if m.checkStreamCall(t); m.blocked != nil {
		return
	}
	if m.hasDefer && t.helper.aliasesArgs {
		m.block(ReasonDeferBeforeSend, t.stmt.Pos(), "the handler has deferred calls, which run before a returned body is sent, and %s may send bytes the handler can still change", name)
	}
}

// declareHelper turns the helper into its counterpart, renamed, without
// the writer parameter and with (*http.Response, error) results, and
// adds the adapter keeping the helper's name and signature before it. It
// returns the counterpart's name.
func (m *migrator) declareHelper(hp *helper) string {
	d := m.h.Decl
	name := d.Name.Name
	recvText, recvName := m.receiver(d)
	if d.Recv != nil && recvName == "" {
		recvText, recvName = m.namedReceiver(d)
	}
	pure := m.newFuncName(name, "pure")
	m.editString(d.Name.Pos(), d.Name.End(), pure)

	// The counterpart's parameters: the helper's, but the writer.
	writer := m.h.Writer
	sig := new(snippet)
	sig.WriteString("(")
	var args []string
	first := true
	for _, field := range m.ftype.Params.List {
		if m.info.Defs[field.Names[0]] == writer {
			continue
		}
		if !first {
			sig.WriteString(", ")
		}
		first = false
		var names []string
		for _, n := range field.Names {
			names = append(names, n.Name)
			args = append(args, n.Name)
		}
		sig.WriteString(strings.Join(names, ", ") + " ")
		sig.node(m, field.Type)
	}
	sig.WriteString(")")
	sigEnd := m.ftype.Params.Closing + 1
	if m.h.withResults {
		sig.WriteString(" ")
		m.counterpartResults(sig)
		sigEnd = m.ftype.Results.End()
	} else {
		sig.WriteString(" (*" + m.httpName + ".Response, error)")
	}
	m.edit(m.ftype.Params.Opening, sigEnd, sig)

	var wName, rName string
	for _, field := range m.ftype.Params.List {
		for _, n := range field.Names {
			switch m.info.Defs[n] {
			case writer:
				wName = n.Name
			case m.h.Request:
				rName = n.Name
			}
		}
	}
	call := pure + "(" + strings.Join(args, ", ")
	if hp.fn.Signature().Variadic() {
		call += "..."
	}
	call += ")"
	if recvName != "" {
		call = recvName + "." + call
	}
	t := new(snippet)
	t.WriteString("func " + recvText + name)
	t.copy(m, m.ftype.Params.Opening, sigEnd)
	t.WriteString(" {\n")
	taken := map[string]bool{pure: true, m.routeName: true, m.httpName: true, recvName: true}
	for _, field := range m.ftype.Params.List {
		for _, n := range field.Names {
			taken[n.Name] = true
		}
	}
	if rName == "" {
		// route.Func uses the request only in what it gives
		// route.LogError (a status it cannot send, a body longer than
		// its Content-Length): one naming the helper does.
		url := m.importNameFor(m.fileOf(d.Pos()), "net/url", "url")
		taken[url] = true
		rName = "&" + m.httpName + ".Request{URL: &" + url + ".URL{Path: " + strconv.Quote(name) + "}}"
		t.WriteString("\t// " + name + " has no request; this one names it in route.LogError's messages.\n")
	}
	if m.h.withResults {
		m.resultAdapterBody(t, call, wName, rName, taken)
	} else {
		t.WriteString("\t" + m.routeName + ".Func(func(*" + m.httpName + ".Request) (*" + m.httpName + ".Response, error) { return " + call + " }).ServeHTTP(" + wName + ", " + rName + ")\n}\n\n")
	}
	t.WriteString("// " + pure + " is " + name + " as a pure function: it returns the response instead of writing it.\n")
	m.edit(d.Pos(), d.Pos(), t)
	return pure
}

// migratedHelpers returns the names of the helpers the fix makes
// adapters, sorted: those it calls, directly or not, that were not
// adapters yet.
func (m *migrator) migratedHelpers() []string {
	seen := map[*helper]bool{}
	var names []string
	var add func(hp *helper)
	add = func(hp *helper) {
		if seen[hp] {
			return
		}
		seen[hp] = true
		if hp.files != nil {
			names = append(names, funcName(hp.fn))
		}
		for _, name := range hp.adapted {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		for _, dep := range hp.deps {
			add(dep)
		}
	}
	for _, hp := range m.helpers {
		add(hp)
	}
	slices.Sort(names)
	return names
}

// mergeHelpers adds the edits of the helpers the handler calls, and of
// the helpers they call, to the fix: the same edits in every fix calling
// a helper, so that fixes applied together merge them.
func (m *migrator) mergeHelpers() {
	seen := map[*helper]bool{}
	var add func(hp *helper)
	add = func(hp *helper) {
		if seen[hp] {
			return
		}
		seen[hp] = true
		// The edits of another package's files, made by its analysis
		// (foreign.go): the same in every fix, several helpers' may
		// repeat an edit (an import both need), kept once.
		for _, e := range hp.foreignEdits {
			if !slices.ContainsFunc(m.foreignEdits, func(x analysis.TextEdit) bool {
				return x.Pos == e.Pos && x.End == e.End && string(x.NewText) == string(e.NewText)
			}) {
				m.foreignEdits = append(m.foreignEdits, e)
			}
		}
		for tf, hf := range hp.files {
			f := m.fileOf(tf.Pos(0))
			if f == nil {
				m.block(ReasonNameConflict, hp.fn.Pos(), "the source of %s is not available", funcName(hp.fn))
				return
			}
			for _, e := range hf.edits {
				if m.h.Decl != nil && e.start < m.h.Decl.End() && m.h.Decl.Pos() < e.end || m.h.Lit != nil && e.start < m.h.Lit.End() && m.h.Lit.Pos() < e.end {
					m.block(ReasonWriterEscapes, hp.fn.Pos(), "the handler is inside %s", funcName(hp.fn))
					return
				}
			}
			f.edits = append(f.edits, hf.edits...)
			for path, name := range hf.needs {
				if have, ok := f.needs[path]; ok && have != name {
					m.block(ReasonNameConflict, hp.fn.Pos(), "the handler and %s would import %s under different names", funcName(hp.fn), path)
					return
				}
				f.needs[path] = name
			}
		}
		for _, dep := range hp.deps {
			add(dep)
		}
	}
	for _, hp := range m.helpers {
		add(hp)
	}
}
