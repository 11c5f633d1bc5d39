package migrate

// The translation of a handler body into a route.Func body.
//
// The body is walked as a tree of statement lists, carrying the response
// state of net/http at each point: the header operations made so far
// (w.Header().Set/Add/Del, http.SetCookie) and the status of a
// w.WriteHeader. Statements that do not touch the writer are kept as they
// are, except that each bare return becomes a return of what the handler
// left in its writer at that point: nil, nil when nothing, or its headers
// and the WriteHeader status (route.ImplicitOK if none) with no body, so
// that route.Func leaves the writer in the same state for whatever writes
// after the handler. Header and status statements are deleted; their
// effect moves into the response helpers' options. A statement that writes
// the body or calls http.Error, http.Redirect or http.NotFound must be
// followed by a return or the end of the handler; it becomes a return of
// the matching route helper.
//
// Anything that the walk cannot prove sends the same response blocks the
// migration with a reason: writes in loops, state that differs between
// branches that merge again, code running after the response is written,
// headers after a commit, the writer leaving the handler.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/source"
)

// A stmtEffect is a statement whose only writer use is one the translation
// understands.
type stmtEffect struct {
	op   *headerOp  // a header or status operation
	term *writeCall // a response-writing statement
	// alias marks rw := w, which is deleted.
	alias bool
	// checked is the call of a helper with results, tested at once
	// (results.go).
	checked *checkedCall
}

type opKind int

const (
	opSet opKind = iota
	opAdd
	opDel
	opCookie
	opStatus
)

// A headerOp is a header or status operation.
type headerOp struct {
	stmt    ast.Stmt
	kind    opKind
	key     string   // canonical header key ("Set-Cookie" for cookies)
	keyExpr ast.Expr // as written
	val     ast.Expr // value, cookie or status code
	// stable values can be evaluated where the response is returned
	// instead of where the operation was; so can values without side
	// effects when no statement runs between the operation and the
	// response (crossed is false). Others are hoisted into a local.
	stable  bool
	crossed bool
	// lateTerm: a response using the operation evaluates calls of its own
	// before the operation's value would be evaluated.
	lateTerm bool
	hoist    string
	used     bool
}

type writeKind int

const (
	writesNothing   writeKind = iota // no body written: nil, nil or route.Status
	writesBody                       // w.Write, io.WriteString, fmt.Fprint*
	writesJSON                       // json.NewEncoder(w).Encode(v)
	writesError                      // http.Error
	writesRedirect                   // http.Redirect
	writesNotFound                   // http.NotFound
	writesTemplate                   // tmpl.Execute(w, data), its error ignored (template.go)
	writesHelper                     // a helper of the package (helpers.go)
	writesResponder                  // a library responder (library.go)
	writesStream                     // the body's streamed tail (stream.go)
)

// A writeCall is a statement that writes the response.
type writeCall struct {
	kind writeKind
	stmt ast.Stmt
	call *ast.CallExpr
	// body: the []byte or string written (nil for fmt calls, see fmtName)
	body     ast.Expr
	isString bool
	fmtName  string // "Fprintf", "Fprint" or "Fprintln"
	// JSON
	value    ast.Expr
	jsonSafe bool
	// errors and redirects
	msg, code, url, req ast.Expr
	// errCheck is the "if err := tmpl.Execute(w, ...); err != nil" a
	// template execution is the init of, kept with its branch (template.go)
	errCheck *ast.IfStmt
	// the helper called
	helper *helper
	// the library responder called, and the selector naming it (render.JSON)
	responder *responder
	pkgQual   *ast.SelectorExpr
}

// A respState is what net/http holds of the response at a point: the header
// operations so far and the WriteHeader status. States are compared by the
// identity of their operations.
type respState struct {
	ops    []*headerOp
	status *headerOp
}

func (s respState) with(op *headerOp) respState {
	if op.kind == opStatus {
		s.status = op
		return s
	}
	s.ops = append(slices.Clip(s.ops), op)
	return s
}

// cross notes that a statement runs while the state's operations are
// pending, so values evaluated later might differ.
func (s respState) cross() {
	for _, op := range s.ops {
		op.crossed = true
	}
	if s.status != nil {
		s.status.crossed = true
	}
}

func (s respState) equal(t respState) bool {
	return s.status == t.status && slices.Equal(s.ops, t.ops)
}

// A branchTarget is an enclosing statement that break or continue may leave.
type branchTarget struct {
	node  ast.Stmt
	state respState
}

// A pendingReturn is a response to render once every operation's hoisting is
// decided.
type pendingReturn struct {
	start, end token.Pos
	state      respState
	term       *writeCall
	indent     string
	prefix     string // text before the return (a newline when appended)
	suffix     string
	// ret, in a helper with results, is the return statement the
	// response goes into.
	ret *ast.ReturnStmt
}

// classify finds every use of the writer and records the statements the
// translation understands; any other use blocks the migration.
func (m *migrator) classify() {
	if m.closures(); m.blocked != nil {
		return
	}
	var stack []ast.Node
	ast.Inspect(m.body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if m.blocked != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if m.closureLits[n] != nil {
				return false // translated on its own (closures.go)
			}
		case *ast.DeferStmt:
			m.hasDefer = m.hasDefer || !inFuncLit(stack)
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "recover" {
				if _, ok := m.info.Uses[id].(*types.Builtin); ok {
					m.block(ReasonRecover, n.Pos(), "the handler calls recover, so a recovered panic would return nil, nil, which writes nothing, instead of the headers and status set before the panic")
					return false
				}
			}
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				m.block(ReasonControlFlow, n.Pos(), "the handler uses goto")
				return false
			}
		case *ast.Ident:
			if m.closureCalls[n] != nil {
				m.uses = append(m.uses, n.Pos()) // its statement is a response (closures.go)
			}
			if obj := m.info.Uses[n]; obj != nil && m.isWriter(obj) {
				m.uses = append(m.uses, n.Pos())
				if !m.consumed[n] {
					m.classifyUse(n, stack)
				}
			}
		}
		stack = append(stack, n)
		return true
	})
}

func inFuncLit(stack []ast.Node) bool {
	for _, n := range stack {
		if _, ok := n.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// parent returns the nearest ancestor in stack that is not a
// parenthesis, and its index.
func parentOf(stack []ast.Node, i int) (ast.Node, int) {
	for i--; i >= 0; i-- {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			return stack[i], i
		}
	}
	return nil, -1
}

// classifyUse classifies one use of the writer; stack holds its ancestors.
func (m *migrator) classifyUse(id *ast.Ident, stack []ast.Node) {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			kind, what := ReasonClosureWrite, "a function literal"
			if i > 0 {
				if call, ok := stack[i-1].(*ast.CallExpr); ok && call.Fun == n && i > 1 {
					switch stack[i-2].(type) {
					case *ast.DeferStmt:
						kind, what = ReasonDeferredWrite, "a deferred function"
					case *ast.GoStmt:
						kind, what = ReasonGoroutineWrite, "a goroutine"
					}
				}
			}
			m.block(kind, id.Pos(), "%s uses the writer, so what is sent depends on when it runs", what)
			return
		case *ast.DeferStmt:
			m.block(ReasonDeferredWrite, id.Pos(), "a deferred call uses the writer, after the handler's own writes")
			return
		case *ast.GoStmt:
			m.block(ReasonGoroutineWrite, id.Pos(), "a goroutine uses the writer")
			return
		}
	}
	top := len(stack)
	p, pi := parentOf(stack, top)
	switch p := p.(type) {
	case *ast.SelectorExpr:
		m.classifyMethod(id, p, stack[:pi+1])
		return
	case *ast.CallExpr:
		for ai, arg := range p.Args {
			if ast.Unparen(arg) == id {
				m.classifyArg(id, p, ai, stack[:pi+1])
				return
			}
		}
	case *ast.AssignStmt:
		if m.isAliasAssign(p.Lhs, p.Rhs) {
			m.effects[p] = &stmtEffect{alias: true}
			return
		}
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is stored in a variable that is not a plain copy of it")
		return
	case *ast.ValueSpec:
		if gd, gi := parentOf(stack, pi); gd != nil {
			if ds, ok := parentNode(stack, gi).(*ast.DeclStmt); ok && len(gd.(*ast.GenDecl).Specs) == 1 && m.isAliasSpec(p) {
				m.effects[ds] = &stmtEffect{alias: true}
				return
			}
		}
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is stored in a variable that is not a plain copy of it")
		return
	case *ast.TypeAssertExpr:
		m.block(ReasonFlushHijack, id.Pos(), "the writer is type-asserted (to reach Flush, Hijack or another interface), which a returned response cannot do")
		return
	}
	m.block(ReasonWriterEscapes, id.Pos(), "the writer is used as a value (stored, compared or passed on)")
}

func parentNode(stack []ast.Node, i int) ast.Node {
	n, _ := parentOf(stack, i)
	return n
}

// isAliasAssign reports whether lhs = rhs copies the writer to aliases.
func (m *migrator) isAliasAssign(lhs, rhs []ast.Expr) bool {
	if len(lhs) != len(rhs) {
		return false
	}
	for i := range lhs {
		l, ok1 := ast.Unparen(lhs[i]).(*ast.Ident)
		r, ok2 := ast.Unparen(rhs[i]).(*ast.Ident)
		if !ok1 || !ok2 {
			return false
		}
		lo := m.info.ObjectOf(l)
		ro := m.info.Uses[r]
		if lo == nil || ro == nil || !m.isWriter(lo) || !m.isWriter(ro) {
			return false
		}
	}
	return true
}

func (m *migrator) isAliasSpec(spec *ast.ValueSpec) bool {
	lhs := make([]ast.Expr, len(spec.Names))
	for i, n := range spec.Names {
		lhs[i] = n
	}
	return m.isAliasAssign(lhs, spec.Values)
}

// statementOf returns the statement that a call is the whole of: an
// expression statement, or an assignment of its results to blank
// identifiers. stack ends with the call.
func statementOf(stack []ast.Node, call *ast.CallExpr) ast.Stmt {
	p, _ := parentOf(stack, len(stack)-1)
	switch p := p.(type) {
	case *ast.ExprStmt:
		return p
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == call {
			for _, l := range p.Lhs {
				if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
					return nil
				}
			}
			return p
		}
	}
	return nil
}

// classifyMethod classifies w.Header(), w.WriteHeader(c) and w.Write(b);
// stack ends with the selector.
func (m *migrator) classifyMethod(id *ast.Ident, sel *ast.SelectorExpr, stack []ast.Node) {
	call, ci := parentOf(stack, len(stack)-1)
	c, ok := call.(*ast.CallExpr)
	if !ok || c.Fun != sel && ast.Unparen(c.Fun) != sel {
		m.block(ReasonWriterEscapes, id.Pos(), "the writer's method %s is used as a value", sel.Sel.Name)
		return
	}
	cstack := stack[:ci+1]
	switch sel.Sel.Name {
	case "Header":
		m.classifyHeader(id, c, cstack)
	case "WriteHeader":
		stmt := statementOf(cstack, c)
		if stmt == nil || len(c.Args) != 1 {
			m.block(ReasonWriterEscapes, id.Pos(), "WriteHeader is called inside an expression")
			return
		}
		m.effects[stmt] = &stmtEffect{op: &headerOp{stmt: stmt, kind: opStatus, val: c.Args[0], stable: m.stable(c.Args[0])}}
	case "Write":
		if len(c.Args) != 1 {
			m.block(ReasonWriterEscapes, id.Pos(), "unexpected call of Write")
			return
		}
		t := &writeCall{kind: writesBody, call: c, body: c.Args[0]}
		if conv, ok := ast.Unparen(c.Args[0]).(*ast.CallExpr); ok && len(conv.Args) == 1 {
			if tv, ok := m.info.Types[conv.Fun]; ok && tv.IsType() && isStringType(m.info.TypeOf(conv.Args[0])) {
				t.body, t.isString = conv.Args[0], true
			}
		}
		m.addTerm(id, t, cstack)
	default:
		m.block(ReasonFlushHijack, id.Pos(), "the writer's method %s is called", sel.Sel.Name)
		return
	}
}

// classifyHeader classifies w.Header().Set/Add/Del(k, v); c is the
// w.Header() call.
func (m *migrator) classifyHeader(id *ast.Ident, c *ast.CallExpr, stack []ast.Node) {
	sel, si := parentOf(stack, len(stack)-1)
	s, ok := sel.(*ast.SelectorExpr)
	if !ok {
		m.block(ReasonHeaderRead, id.Pos(), "the handler keeps or reads its response header map, which the rewrite cannot follow")
		return
	}
	call, ci := parentOf(stack, si)
	mc, ok := call.(*ast.CallExpr)
	if !ok || ast.Unparen(mc.Fun) != s {
		m.block(ReasonHeaderRead, id.Pos(), "the handler keeps or reads its response header map, which the rewrite cannot follow")
		return
	}
	var kind opKind
	switch s.Sel.Name {
	case "Set":
		kind = opSet
	case "Add":
		kind = opAdd
	case "Del":
		kind = opDel
	default:
		m.block(ReasonHeaderRead, id.Pos(), "the handler calls Header().%s, reading back its own response headers", s.Sel.Name)
		return
	}
	stmt := statementOf(stack[:ci+1], mc)
	if stmt == nil {
		m.block(ReasonHeaderRead, id.Pos(), "a header is changed inside an expression")
		return
	}
	if len(mc.Args) == 0 {
		m.block(ReasonDynamicHeader, id.Pos(), "unexpected header call")
		return
	}
	key := m.constString(mc.Args[0])
	if key == nil {
		m.block(ReasonDynamicHeader, mc.Args[0].Pos(), "the header key %s is not a constant", m.text(mc.Args[0].Pos(), mc.Args[0].End()))
		return
	}
	canon := http.CanonicalHeaderKey(*key)
	switch {
	case canon == "Trailer" || strings.HasPrefix(canon, http.TrailerPrefix) || canon == "Transfer-Encoding":
		m.block(ReasonDynamicHeader, mc.Args[0].Pos(), "the header %s controls framing or trailers, which route.Func sets itself", canon)
		return
	}
	op := &headerOp{stmt: stmt, kind: kind, key: canon, keyExpr: mc.Args[0], stable: true}
	if kind != opDel {
		if len(mc.Args) != 2 {
			m.block(ReasonDynamicHeader, id.Pos(), "unexpected header call")
			return
		}
		op.val = mc.Args[1]
		op.stable = m.stable(op.val)
	}
	m.effects[stmt] = &stmtEffect{op: op}
}

// classifyArg classifies f(w, ...); stack ends with the call. What a
// library call does to the writer comes from the effects table, the one
// mutablewriter reads: the calls the translation turns into a returned
// response are named there, and any other call that writes, flushes or
// hijacks blocks with what it does.
func (m *migrator) classifyArg(id *ast.Ident, call *ast.CallExpr, arg int, stack []ast.Node) {
	fn, _ := typeutil.Callee(m.info, call).(*types.Func)
	name := "a function value"
	if fn != nil {
		name = funcName(fn)
	}
	if isMaxBytesReader(fn, arg) {
		m.addLimit(id, call, stack)
		return
	}
	if PassesToHandler(m.info, call) {
		m.block(ReasonDelegates, id.Pos(), "the writer is passed on to another handler (%s), whose response the rewrite cannot see", name)
		return
	}
	if m.helperTerm(id, call, fn, arg, name, stack, false) || m.responderTerm(id, call, fn, arg, stack) {
		return
	}
	row := effects.Lookup(fn)
	use, known := row.On(effects.Operand(arg))
	if !known && m.helperTerm(id, call, fn, arg, name, stack, true) {
		return
	}
	if !known {
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is passed to %s, whose writes the rewrite cannot see", name)
		return
	}
	if isTemplateExec(row.Name) && arg == 0 {
		m.addTemplate(id, call, stack)
		return
	}
	switch row.Name {
	case "fmt.Fprintf", "fmt.Fprint", "fmt.Fprintln":
		m.addTerm(id, &writeCall{kind: writesBody, call: call, fmtName: fn.Name()}, stack)
		return
	case "io.WriteString":
		m.addTerm(id, &writeCall{kind: writesBody, call: call, body: call.Args[1], isString: true}, stack)
		return
	case "encoding/json.NewEncoder":
		sel, si := parentOf(stack, len(stack)-1)
		if s, ok := sel.(*ast.SelectorExpr); ok && s.Sel.Name == "Encode" {
			if enc, ei := parentOf(stack, si); enc != nil {
				if ec, ok := enc.(*ast.CallExpr); ok && ast.Unparen(ec.Fun) == s && len(ec.Args) == 1 {
					t := &writeCall{kind: writesJSON, call: ec, value: ec.Args[0], jsonSafe: m.jsonSafeExpr(ec.Args[0])}
					m.addTerm(id, t, stack[:ei+1])
					return
				}
			}
		}
		m.block(ReasonWriterEscapes, id.Pos(), "json.NewEncoder(w) is kept or configured (SetIndent, SetEscapeHTML), which route.JSON does not do")
		return
	case "net/http.Error":
		m.addTerm(id, &writeCall{kind: writesError, call: call, msg: call.Args[1], code: call.Args[2]}, stack)
		return
	case "net/http.Redirect":
		m.addTerm(id, &writeCall{kind: writesRedirect, call: call, req: call.Args[1], url: call.Args[2], code: call.Args[3]}, stack)
		return
	case "net/http.NotFound":
		m.addTerm(id, &writeCall{kind: writesNotFound, call: call, req: call.Args[1]}, stack)
		return
	case "net/http.SetCookie":
		stmt := statementOf(stack, call)
		if stmt == nil {
			m.block(ReasonWriterEscapes, id.Pos(), "http.SetCookie is called inside an expression")
			return
		}
		m.effects[stmt] = &stmtEffect{op: &headerOp{stmt: stmt, kind: opCookie, key: "Set-Cookie", val: call.Args[1], stable: m.stable(call.Args[1])}}
		return
	}
	switch {
	case use.May&(effects.Flushes|effects.Hijacks|effects.MakesController) != 0:
		m.block(ReasonFlushHijack, id.Pos(), "%s(w) reaches Flush, Hijack or deadlines, which a returned response cannot", name)
	case use.May&effects.MakesEncoder != 0:
		m.block(ReasonWriterEscapes, id.Pos(), "%s(w) makes an encoder writing the body, which the rewrite does not translate", name)
	case use.May&effects.WriterEffects != 0:
		m.block(ReasonWriterEscapes, id.Pos(), "%s writes the response through the writer itself, which the rewrite does not translate", name)
	default:
		m.block(ReasonWriterEscapes, id.Pos(), "the writer is passed to %s, whose writes the rewrite cannot see", name)
	}
}

// PassesToHandler reports whether call passes a writer on to another
// handler: a ServeHTTP method, or a function with the handler signature
// other than http.NotFound (which the migration translates).
func PassesToHandler(info *types.Info, call *ast.CallExpr) bool {
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && code.IsFunc(fn, "net/http", "NotFound") {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "ServeHTTP" {
		return true
	}
	sig, ok := info.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		if t := info.TypeOf(call.Fun); t != nil {
			sig, ok = t.Underlying().(*types.Signature)
		}
	}
	if !ok || sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return false
	}
	return code.IsNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") && code.IsPointerTo(sig.Params().At(1).Type(), "net/http", "Request")
}

func funcName(fn *types.Func) string {
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
		return fn.Name()
	}
	if fn.Pkg() != nil && fn.Pkg().Name() != "" {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// addTerm records a response-writing call as the effect of its statement:
// an expression statement, a blank assignment, or the init of
// "if err := call; err != nil { ... }", whose body can only run when
// writing failed (the client is gone) and is dropped.
func (m *migrator) addTerm(id *ast.Ident, t *writeCall, stack []ast.Node) {
	p, pi := parentOf(stack, len(stack)-1)
	if stmt := statementOf(stack, t.call); stmt != nil {
		t.stmt = stmt
		if ifs, ok := parentNode(stack, pi).(*ast.IfStmt); ok && ifs.Init == stmt {
			m.block(ReasonCodeAfterWrite, id.Pos(), "the response is written in an if statement's init")
			return
		}
		m.effects[stmt] = &stmtEffect{term: t}
		return
	}
	// if err := call; err != nil { ... } (also "_, err :=" for Write)
	a, ok := p.(*ast.AssignStmt)
	if ok && len(a.Rhs) == 1 && ast.Unparen(a.Rhs[0]) == t.call {
		if ifs, ok := parentNode(stack, pi).(*ast.IfStmt); ok && ifs.Init == a && ifs.Else == nil && m.isErrCheck(a, ifs.Cond) {
			if t.kind == writesJSON && !t.jsonSafe {
				m.block(ReasonJSONEncodeError, t.call.Pos(), "the encoding error is handled, and this value's encoding can fail (floats, interfaces, Marshalers), where route.JSON would answer 500 instead")
				return
			}
			if t.kind != writesBody && t.kind != writesJSON {
				m.block(ReasonCodeAfterWrite, id.Pos(), "the result of a response-writing call is checked")
				return
			}
			// The branch runs when the write fails. Under net/http that
			// means the client is gone and nothing more can be sent, but
			// a wrapper or a test double may fail before it committed
			// anything, and then an http.Error there answers 500; and
			// a log line there is written either way. A returned
			// response is written by route.Func after the function
			// returned, where no code of the handler's sees the
			// failure: only a branch that does nothing can be dropped.
			// (A branch that only logs is kept by the streamed tail,
			// which runs the write as written, with the real writer.)
			if !doesNothing(ifs.Body) {
				m.block(ReasonWriteError, ifs.Body.Pos(), "a failed write is handled here, which a returned response, written after the handler returns, cannot do (a writer that fails before sending, such as a test double, would show the difference)")
				return
			}
			t.stmt = ifs
			m.effects[ifs] = &stmtEffect{term: t}
			return
		}
	}
	m.block(ReasonCodeAfterWrite, id.Pos(), "the result of a response-writing call is used")
}

// isErrCheck reports whether cond is "err != nil" for the one non-blank
// variable a assigns.
func (m *migrator) isErrCheck(a *ast.AssignStmt, cond ast.Expr) bool {
	var errVar types.Object
	for _, l := range a.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return false
		}
		if id.Name != "_" {
			if errVar != nil {
				return false
			}
			errVar = m.info.ObjectOf(id)
		}
	}
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ || errVar == nil {
		return false
	}
	x, ok := ast.Unparen(be.X).(*ast.Ident)
	return ok && m.info.Uses[x] == errVar && code.IsNil(m.info, be.Y)
}

// doesNothing reports whether running body has no effect: it is empty or
// only returns without results.
func doesNothing(body *ast.BlockStmt) bool {
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.EmptyStmt:
		case *ast.ReturnStmt:
			if len(s.Results) != 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// constString returns the value of a constant string expression.
func (m *migrator) constString(e ast.Expr) *string {
	tv, ok := m.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil
	}
	s := constant.StringVal(tv.Value)
	return &s
}

func isStringType(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// stable reports whether e has the same value at any later point of the
// handler: a constant, or made of constants and of local variables of
// basic type that are assigned only where declared and never have their
// address taken, through operators and conversions.
func (m *migrator) stable(e ast.Expr) bool {
	if tv, ok := m.info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := m.info.Uses[e].(*types.Var)
		if !ok || v.Parent() == nil || v.Parent() == m.pass.Pkg.Scope() || v.Pos() < m.ftype.Pos() || v.Pos() > m.body.End() {
			return false
		}
		if _, ok := v.Type().Underlying().(*types.Basic); !ok {
			return false
		}
		return m.singleAssignment(v)
	case *ast.BinaryExpr:
		return m.stable(e.X) && m.stable(e.Y)
	case *ast.CallExpr:
		if tv, ok := m.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			if _, ok := tv.Type.Underlying().(*types.Basic); ok {
				return m.stable(e.Args[0])
			}
		}
	}
	return false
}

// singleAssignment reports whether v is assigned only by its declaration
// (parameters: never) and its address is never taken.
func (m *migrator) singleAssignment(v *types.Var) bool {
	ok := true
	ast.Inspect(m.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, isID := ast.Unparen(l).(*ast.Ident); isID && m.info.Uses[id] == v {
					ok = false
				}
			}
		case *ast.IncDecStmt:
			if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && m.info.Uses[id] == v {
				ok = false
			}
		case *ast.UnaryExpr:
			if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && n.Op == token.AND && m.info.Uses[id] == v {
				ok = false
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if id, isID := x.(*ast.Ident); isID && n.Tok == token.ASSIGN && m.info.Uses[id] == v {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}

// usesIn reports whether the writer is used in [from, to).
func (m *migrator) usesIn(n ast.Node) bool {
	i, _ := slices.BinarySearch(m.uses, n.Pos())
	return i < len(m.uses) && m.uses[i] < n.End()
}

// translateBody translates the whole body in place.
func (m *migrator) translateBody() {
	if m.stream != nil {
		m.translateStream()
		return
	}
	// A helper with results ends with explicit returns, which a
	// response joins; nothing is appended at the end of a branch.
	s, reachable := m.list(m.body.List, respState{}, !m.h.withResults)
	if m.blocked != nil {
		return
	}
	if reachable && !m.h.withResults {
		m.appendReturn(m.body.Rbrace, s)
	}
	m.render()
}

// list translates a statement list entered in state s. exit says that
// leaving the list's end runs nothing more before the handler returns. It
// returns the state at the end and whether the end is reachable.
func (m *migrator) list(stmts []ast.Stmt, s respState, exit bool) (respState, bool) {
	reachable := true
	for i := 0; i < len(stmts); i++ {
		if m.blocked != nil {
			return s, false
		}
		stmt := stmts[i]
		var next ast.Stmt
		if i+1 < len(stmts) {
			next = stmts[i+1]
		}
		stmtExit := (next == nil && exit) || isBareReturn(next)
		if e := m.effects[stmt]; e != nil {
			switch {
			case e.alias:
				m.deleteStmt(stmt)
			case e.op != nil:
				s = m.operation(e.op, s)
			case e.term != nil:
				m.terminal(e.term, s, next, stmtExit || m.isExitReturn(next))
				if m.isExitReturn(next) {
					i++ // the return is part of the rewritten statement
				}
				reachable = false
			case e.checked != nil:
				m.checked(e.checked, s)
				if e.checked.stmt == e.checked.assign {
					i++ // the if statement testing the error is part of it
				}
			}
			continue
		}
		s.cross()
		if !m.usesIn(stmt) {
			m.plain(stmt, s)
			if terminates(stmt, m.info) {
				reachable = false
			}
			continue
		}
		var r bool
		s, r = m.compound(stmt, s, stmtExit)
		if !r {
			reachable = false
			// Every path through stmt returns once its replies are
			// returns, but it did not before: a bare return after it
			// was how those paths left, and is now dead code, which go
			// vet reports as unreachable. Nothing runs on it (a bare
			// return has no effects), so deleting it changes nothing.
			if isBareReturn(next) && !terminates(stmt, m.info) {
				m.deleteStmt(next)
				i++
			}
		}
	}
	return s, reachable
}

func isBareReturn(s ast.Stmt) bool {
	r, ok := s.(*ast.ReturnStmt)
	return ok && len(r.Results) == 0
}

// operation applies a header or status operation.
func (m *migrator) operation(op *headerOp, s respState) respState {
	if s.status != nil {
		if op.kind == opStatus {
			m.block(ReasonHeaderAfterCommit, op.stmt.Pos(), "WriteHeader is called a second time (net/http ignores it; a rewrite would not)")
			return s
		}
		m.block(ReasonHeaderAfterCommit, op.stmt.Pos(), "a header is changed after WriteHeader sent the headers (net/http drops it; a rewrite would send it)")
		return s
	}
	m.ops = append(m.ops, op)
	return s.with(op)
}

// terminal rewrites a response-writing statement into a return.
func (m *migrator) terminal(t *writeCall, s respState, next ast.Stmt, exit bool) {
	if !exit {
		if m.loops > 0 {
			m.block(ReasonWriteInLoop, t.stmt.Pos(), "the response is written in a loop without ending the handler (a streamed response)")
			return
		}
		if next != nil && m.effects[next] != nil {
			m.block(ReasonMultipleWrites, next.Pos(), "the response is written in several steps (a second write, or a header or status after the body), which net/http sends as they come")
			return
		}
		m.block(ReasonCodeAfterWrite, t.stmt.Pos(), "statements still run after the response is written here; move them before the write or end the handler with return")
		return
	}
	if s.status != nil && (t.kind == writesError || t.kind == writesRedirect || t.kind == writesNotFound) {
		m.block(ReasonHeaderAfterCommit, t.stmt.Pos(), "%s is called after WriteHeader, so its status and headers are dropped by net/http", writeName(t.kind))
		return
	}
	if t.kind == writesHelper {
		if m.checkHelperCall(t, s); m.blocked != nil {
			return
		}
	}
	if t.kind == writesResponder {
		if m.checkResponderCall(t, s); m.blocked != nil {
			return
		}
	}
	if t.kind == writesBody && m.hasDefer && !t.isString && t.fmtName == "" && !m.freshBytes(t.body) {
		m.block(ReasonDeferBeforeSend, t.stmt.Pos(), "the handler has deferred calls, which run before a returned body is sent and may reuse these bytes")
		return
	}
	p := &pendingReturn{start: t.stmt.Pos(), end: t.stmt.End(), state: s, term: t, indent: source.LineIndent(m.src, m.tf.Offset(t.stmt.Pos()))}
	if m.h.withResults {
		// The response joins the helper's return after the write,
		// whose error must say that it wrote.
		ret, ok := next.(*ast.ReturnStmt)
		if !ok {
			m.block(ReasonCodeAfterWrite, t.stmt.Pos(), "the response is written without a return right after it")
			return
		}
		p.ret, p.end = ret, ret.End()
		if m.proveFailing(p.ret, "writes a response"); m.blocked != nil {
			return
		}
		if m.resultTerm(t); m.blocked != nil {
			return
		}
	} else if isBareReturn(next) {
		m.deleteStmt(next)
	}
	m.pending = append(m.pending, p)
}

// deleteStmt deletes a statement, with its line when it is alone on it.
func (m *migrator) deleteStmt(stmt ast.Stmt) {
	d := m.deleteLines(m.fileOf(stmt.Pos()), stmt.Pos(), stmt.End())
	m.edit(d.start, d.end, nil)
}

func writeName(k writeKind) string {
	switch k {
	case writesError:
		return "http.Error"
	case writesRedirect:
		return "http.Redirect"
	case writesNotFound:
		return "http.NotFound"
	}
	return "the write"
}

// freshBytes reports whether e makes a new byte slice (a conversion or a
// composite literal), which nothing else can change.
func (m *migrator) freshBytes(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		tv, ok := m.info.Types[e.Fun]
		return ok && tv.IsType()
	}
	return false
}

// plain keeps a statement that does not use the writer, turning its bare
// returns into returns of the response of state s.
func (m *migrator) plain(stmt ast.Stmt, s respState) {
	loops, breakables := 0, 0 // statements entered inside stmt
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				m.pending = append(m.pending, &pendingReturn{start: n.Pos(), end: n.End(), state: s, term: &writeCall{kind: writesNothing}, indent: source.LineIndent(m.src, m.tf.Offset(n.Pos()))})
			} else if m.h.withResults {
				m.resultReturnAt(n, s)
			}
		case *ast.BranchStmt:
			inner := breakables > 0
			if n.Tok == token.CONTINUE {
				inner = loops > 0
			}
			m.checkBranch(n, s, inner)
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			_, isFor := n.(*ast.ForStmt)
			_, isRange := n.(*ast.RangeStmt)
			loop := isFor || isRange
			breakables++
			if loop {
				loops++
			}
			ast.Inspect(n, func(c ast.Node) bool {
				if c == n {
					return true
				}
				return walk(c)
			})
			breakables--
			if loop {
				loops--
			}
			return false
		}
		return true
	}
	ast.Inspect(stmt, walk)
}

// checkBranch blocks a break, continue or fallthrough that leaves a
// statement entered in another state than s: the response state would
// differ between the paths that meet there. inner is set when the branch
// targets a statement inside the one being kept.
func (m *migrator) checkBranch(b *ast.BranchStmt, s respState, inner bool) {
	if b.Label != nil {
		if entry, ok := m.labels[b.Label.Name]; ok && !entry.equal(s) {
			m.block(ReasonControlFlow, b.Pos(), "%s leaves a statement after the response headers or status changed", b.Tok)
			return
		}
		return
	}
	if inner || b.Tok == token.GOTO {
		return
	}
	for i := len(m.targets) - 1; i >= 0; i-- {
		t := m.targets[i]
		if b.Tok == token.CONTINUE {
			switch t.node.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
			default:
				continue
			}
		}
		if !t.state.equal(s) {
			m.block(ReasonControlFlow, b.Pos(), "%s leaves a statement after the response headers or status changed", b.Tok)
			return
		}
		return
	}
}

// compound translates a statement that contains writer uses in nested
// statement lists.
func (m *migrator) compound(stmt ast.Stmt, s respState, exit bool) (respState, bool) {
	switch n := stmt.(type) {
	case *ast.BlockStmt:
		out, r := m.list(n.List, s, exit)
		if r && !out.equal(s) {
			m.block(ReasonConditionalWrite, n.Pos(), "headers or status are set in a block whose end is not the end of the handler")
			return s, false
		}
		return s, r
	case *ast.LabeledStmt:
		entry := s
		m.labels[n.Label.Name] = &entry
		return m.compound(n.Stmt, s, exit)
	case *ast.IfStmt:
		m.noWriter(n.Init, n.Cond)
		out, r := m.branch(n.Body.List, n.Body.Rbrace, s, exit)
		if n.Else == nil {
			return out, true
		}
		var r2 bool
		switch e := n.Else.(type) {
		case *ast.BlockStmt:
			_, r2 = m.branch(e.List, e.Rbrace, s, exit)
		case *ast.IfStmt:
			if m.usesIn(e) {
				_, r2 = m.compound(e, s, exit)
			} else {
				m.plain(e, s)
				r2 = !terminates(e, m.info)
			}
		}
		return s, r || r2
	case *ast.SwitchStmt:
		m.noWriter(n.Init, n.Tag)
		return m.clauses(n, n.Body, s, exit)
	case *ast.TypeSwitchStmt:
		m.noWriter(n.Init, n.Assign)
		return m.clauses(n, n.Body, s, exit)
	case *ast.SelectStmt:
		return m.clauses(n, n.Body, s, exit)
	case *ast.ForStmt:
		m.noWriter(n.Init, n.Cond, n.Post)
		return m.loop(n, n.Body, s, n.Cond == nil)
	case *ast.RangeStmt:
		m.noWriter(n.Key, n.Value, n.X)
		return m.loop(n, n.Body, s, false)
	}
	m.block(ReasonWriterEscapes, stmt.Pos(), "the writer is used in a way the rewrite does not know")
	return s, true
}

// noWriter blocks writer uses in the expressions and simple statements of
// a compound statement's header.
func (m *migrator) noWriter(nodes ...ast.Node) {
	for _, n := range nodes {
		if n != nil && m.usesIn(n) {
			m.block(ReasonWriterEscapes, n.Pos(), "the writer is used in a condition or loop header")
			return
		}
	}
}

// branch translates the statement list of a branch that ends at rbrace;
// when its end is reachable with changed state and the branch is the last
// thing the handler runs, a return is appended.
func (m *migrator) branch(stmts []ast.Stmt, rbrace token.Pos, s respState, exit bool) (respState, bool) {
	out, r := m.list(stmts, s, exit)
	if r && !out.equal(s) {
		if !exit {
			m.block(ReasonConditionalWrite, rbrace, "headers or status are set in a branch that does not end the handler, so the response depends on the path taken")
			return s, false
		}
		m.appendReturn(rbrace, out)
		return s, false
	}
	return s, r
}

// appendReturn adds, before pos (a closing brace, or the case or default
// keyword of the next clause), a return of the response of state s.
func (m *migrator) appendReturn(pos token.Pos, s respState) {
	indent := source.LineIndent(m.src, m.tf.Offset(pos))
	p := &pendingReturn{start: pos, end: pos, state: s, term: &writeCall{kind: writesNothing}, indent: indent + "\t"}
	if m.alone(pos) {
		p.prefix, p.suffix = "\t", "\n"+indent
	} else {
		p.prefix, p.suffix = "; ", "; "
	}
	m.pending = append(m.pending, p)
}

// alone reports whether only blanks precede pos on its line.
func (m *migrator) alone(pos token.Pos) bool {
	off := m.tf.Offset(pos)
	for off > 0 && (m.src[off-1] == ' ' || m.src[off-1] == '\t') {
		off--
	}
	return off == 0 || m.src[off-1] == '\n'
}

// clauses translates the clauses of a switch, type switch or select.
func (m *migrator) clauses(stmt ast.Stmt, body *ast.BlockStmt, s respState, exit bool) (respState, bool) {
	m.targets = append(m.targets, branchTarget{node: stmt, state: s})
	defer func() { m.targets = m.targets[:len(m.targets)-1] }()
	reachable, hasDefault := false, false
	for ci, c := range body.List {
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			m.noWriter(exprNodes(c.List)...)
			list = c.Body
			hasDefault = hasDefault || c.List == nil
		case *ast.CommClause:
			m.noWriter(c.Comm)
			list = c.Body
			hasDefault = hasDefault || c.Comm == nil
		}
		out, r := m.list(list, s, exit)
		if r && !out.equal(s) {
			if !exit || hasBreak(list) {
				m.block(ReasonConditionalWrite, c.Pos(), "headers or status are set in a case that does not end the handler, so the response depends on the path taken")
				return s, false
			}
			next := body.Rbrace
			if ci+1 < len(body.List) {
				next = body.List[ci+1].Pos()
			}
			m.appendReturn(next, out)
			r = false
		}
		reachable = reachable || r || hasBreak(list)
	}
	if _, isSelect := stmt.(*ast.SelectStmt); !hasDefault && !isSelect {
		reachable = true
	}
	return s, reachable
}

func exprNodes(list []ast.Expr) []ast.Node {
	out := make([]ast.Node, len(list))
	for i, e := range list {
		out[i] = e
	}
	return out
}

// loop translates a loop body: it may end the handler (a write followed by
// return) but must not leave state behind for the next iteration.
func (m *migrator) loop(stmt ast.Stmt, body *ast.BlockStmt, s respState, infinite bool) (respState, bool) {
	m.targets = append(m.targets, branchTarget{node: stmt, state: s})
	m.loops++
	defer func() {
		m.targets = m.targets[:len(m.targets)-1]
		m.loops--
	}()
	out, r := m.list(body.List, s, false)
	if r && !out.equal(s) {
		m.block(ReasonWriteInLoop, stmt.Pos(), "the response is written or its headers set in a loop, without ending the handler (streaming)")
		return s, false
	}
	return s, !infinite || hasBreak(body.List)
}

// hasBreak reports whether list has a break that leaves its enclosing
// statement (an unlabeled break not inside a nested loop, switch or
// select, or any labeled break).
func hasBreak(list []ast.Stmt) bool {
	found := false
	for _, s := range list {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				// Nested: only labeled breaks can leave.
				ast.Inspect(n, func(c ast.Node) bool {
					if b, ok := c.(*ast.BranchStmt); ok && b.Tok == token.BREAK && b.Label != nil {
						found = true
					}
					_, lit := c.(*ast.FuncLit)
					return !lit
				})
				return false
			case *ast.BranchStmt:
				if n.Tok == token.BREAK {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// render decides which operations are hoisted and turns the pending
// responses and the operations into edits.
func (m *migrator) render() {
	// An operation is used by a response that keeps it; render once to
	// find out, then hoist the unstable used ones.
	for _, p := range m.pending {
		m.options(p.state, p.term)
	}
	for _, op := range m.ops {
		f := m.fileOf(op.stmt.Pos())
		del := m.deleteLines(f, op.stmt.Pos(), op.stmt.End())
		inline := op.stable || (!op.crossed && !op.lateTerm && m.sideEffectFree(op.val))
		switch {
		case op.val == nil || (op.used && inline) || (!op.used && m.pure(op.val)):
			m.edit(del.start, del.end, nil)
		case !op.used:
			t := new(snippet)
			t.WriteString("_ = ")
			t.node(m, op.val)
			m.edit(op.stmt.Pos(), op.stmt.End(), t)
		default:
			op.hoist = m.hoistName(op)
			t := new(snippet)
			t.WriteString(op.hoist + " := ")
			t.node(m, op.val)
			m.edit(op.stmt.Pos(), op.stmt.End(), t)
		}
	}
	for _, p := range m.pending {
		if p.ret != nil && p.term.kind == writesNothing && p.state.status == nil && len(p.state.ops) == 0 {
			// A return of a helper with results that wrote nothing:
			// a nil response before its error.
			last := p.ret.Results[len(p.ret.Results)-1]
			m.editString(last.Pos(), last.Pos(), "nil, ")
			continue
		}
		t := new(snippet)
		t.WriteString(p.prefix)
		m.ret = p.ret
		m.response(t, p.state, p.term, p.indent)
		m.ret = nil
		t.WriteString(p.suffix)
		m.edit(p.start, p.end, t)
	}
}

func (m *migrator) hoistName(op *headerOp) string {
	switch op.kind {
	case opStatus:
		return m.newLocalName("status")
	case opCookie:
		return m.newLocalName("cookie")
	}
	return m.newLocalName(strings.ReplaceAll(op.key, "-", " "))
}

// termArgs returns the expressions a response-writing call evaluates.
func (m *migrator) termArgs(t *writeCall) []ast.Expr {
	switch t.kind {
	case writesBody:
		if t.fmtName != "" {
			return t.call.Args[1:]
		}
		return []ast.Expr{t.body}
	case writesJSON:
		return []ast.Expr{t.value}
	case writesError:
		return []ast.Expr{t.msg, t.code}
	case writesRedirect:
		return []ast.Expr{t.req, t.url, t.code}
	case writesNotFound:
		return []ast.Expr{t.req}
	case writesTemplate:
		return templateArgs(t)
	case writesHelper:
		return helperArgs(t)
	case writesResponder:
		return []ast.Expr{t.req, t.value}
	}
	return nil
}

// pureFuncs are functions without side effects that header values
// commonly call.
var pureFuncs = map[string]bool{
	"fmt.Sprintf": true, "fmt.Sprint": true, "fmt.Sprintln": true,
	"strconv.Itoa": true, "strconv.FormatInt": true, "strconv.FormatUint": true,
	"strconv.FormatBool": true, "strconv.Quote": true,
	"strings.Join": true, "strings.ToLower": true, "strings.ToUpper": true,
	"strings.TrimSpace": true, "strings.Repeat": true,
	"net/http.StatusText": true, "net/http.CanonicalHeaderKey": true,
	"path.Join": true, "net/url.PathEscape": true, "net/url.QueryEscape": true,
	"(time.Time).Format": true, "(time.Time).UTC": true, "(time.Duration).String": true,
}

// sideEffectFree reports whether evaluating e changes nothing: no calls
// other than conversions, len and cap, and pureFuncs; no receives.
func (m *migrator) sideEffectFree(e ast.Expr) bool { return m.withoutEffects(e, true) }

// pure reports whether evaluating e has no effect: no calls other than
// conversions, no receives.
func (m *migrator) pure(e ast.Expr) bool { return m.withoutEffects(e, false) }

// withoutEffects reports whether e has no receives and no calls but
// conversions and, when knownCalls is set, len, cap and pureFuncs.
func (m *migrator) withoutEffects(e ast.Expr, knownCalls bool) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv, isType := m.info.Types[n.Fun]; isType && tv.IsType() {
				break
			}
			switch fn := typeutil.Callee(m.info, n).(type) {
			case *types.Builtin:
				ok = ok && knownCalls && (fn.Name() == "len" || fn.Name() == "cap")
			case *types.Func:
				ok = ok && knownCalls && pureFuncs[fn.FullName()]
			default:
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit:
			return false
		}
		return ok
	})
	return ok
}

// A headerValues is one header of the response: the operations that give it
// its final values.
type headerValues struct {
	key string
	ops []*headerOp
}

// headers returns the headers state s leaves, in order of first setting;
// keys in drop are left out (the terminal call sets them itself).
func (m *migrator) headers(s respState, drop ...string) []*headerValues {
	var out []*headerValues
	find := func(key string) *headerValues {
		for _, h := range out {
			if h.key == key {
				return h
			}
		}
		h := &headerValues{key: key}
		out = append(out, h)
		return h
	}
	for _, op := range s.ops {
		h := find(op.key)
		switch op.kind {
		case opSet:
			h.ops = []*headerOp{op}
		case opAdd, opCookie:
			h.ops = append(h.ops, op)
		case opDel:
			h.ops = nil
		}
	}
	return slices.DeleteFunc(out, func(h *headerValues) bool {
		return len(h.ops) == 0 || slices.Contains(drop, h.key)
	})
}

// options marks the operations a response of state s with terminal t
// keeps, and returns its route options (without Content-Type, which
// response handles).
func (m *migrator) options(s respState, t *writeCall) (opts []*headerValues, ct *headerValues) {
	var drop []string
	switch t.kind {
	case writesError, writesNotFound:
		drop = []string{"Content-Type", "Content-Length", "X-Content-Type-Options"}
	case writesRedirect:
		drop = []string{"Location"}
	case writesResponder:
		drop = []string{"Content-Type"} // set by the responder
	}
	// A helper's counterpart is a call evaluated before the options.
	late := t.kind == writesHelper
	for _, a := range m.termArgs(t) {
		late = late || !m.sideEffectFree(a)
	}
	for _, h := range m.headers(s, drop...) {
		if h.key == "Content-Type" {
			ct = h
		} else {
			opts = append(opts, h)
		}
		for _, op := range h.ops {
			op.used = true
			op.lateTerm = op.lateTerm || late
		}
	}
	if s.status != nil {
		s.status.used = true
		s.status.lateTerm = s.status.lateTerm || late
	}
	if t.kind == writesRedirect && ct != nil {
		m.block(ReasonRedirectHeader, t.stmt.Pos(), "Content-Type is set before http.Redirect, which then sends no body; route.Redirect always writes its own")
		return
	}
	return opts, ct
}

// value writes an operation's value: its hoisted local or its source.
func (m *migrator) value(t *snippet, op *headerOp) {
	if op.hoist != "" {
		t.WriteString(op.hoist)
	} else {
		t.node(m, op.val)
	}
}

// response writes the return statement(s) for the response of state s
// with terminal term, at the given indentation.
func (m *migrator) response(t *snippet, s respState, term *writeCall, indent string) {
	opts, ct := m.options(s, term)
	rt := m.routeName
	// A handler that never called WriteHeader sends an implicit 200 with
	// its first Write, or when it returns; route.ImplicitOK makes
	// route.Func skip WriteHeader too. An explicit WriteHeader(200) is
	// not the same: a ResponseRecorder then sniffs no Content-Type, and
	// wrappers of the writer see the call.
	status := func() {
		if s.status != nil {
			m.value(t, s.status)
		} else {
			t.WriteString(rt + ".ImplicitOK")
		}
	}
	// Options, with Content-Type first when given.
	writeOpts := func(withCT *headerValues) {
		all := opts
		if withCT != nil {
			all = append([]*headerValues{withCT}, opts...)
		}
		for _, h := range all {
			m.option(t, h)
		}
	}
	switch term.kind {
	case writesNothing:
		if s.status == nil && ct == nil && len(opts) == 0 {
			// Nothing was written, not even a header: route.Func writes
			// nothing for a nil response, so whatever called the handler
			// (a dispatcher writing an error after it, middleware, or
			// net/http's implicit 200) finds the writer as the original
			// left it.
			m.retValue(t, "nil")
			break
		}
		// Headers and no WriteHeader: route.Status(route.ImplicitOK)
		// sets the headers and writes nothing else, leaving them for
		// whatever writes next, as the original did.
		m.retCall(t, indent, func() {
			t.WriteString(rt + ".Status(")
			status()
			writeOpts(ct)
			t.WriteString(")")
		})
	case writesError:
		m.retCall(t, indent, func() {
			t.WriteString(rt + ".Error(")
			t.node(m, term.code)
			t.WriteString(", ")
			t.node(m, term.msg)
			writeOpts(nil)
			t.WriteString(")")
		})
	case writesNotFound:
		if len(opts) == 0 {
			m.retCall(t, indent, func() {
				t.WriteString(rt + ".NotFound(")
				t.node(m, term.req)
				t.WriteString(")")
			})
			break
		}
		m.retCall(t, indent, func() {
			t.WriteString(rt + ".Error(" + m.httpName + ".StatusNotFound, \"404 page not found\"")
			writeOpts(nil)
			t.WriteString(")")
		})
	case writesRedirect:
		m.retCall(t, indent, func() {
			t.WriteString(rt + ".Redirect(")
			t.node(m, term.req)
			t.WriteString(", ")
			t.node(m, term.url)
			t.WriteString(", ")
			t.node(m, term.code)
			writeOpts(nil)
			t.WriteString(")")
		})
	case writesJSON:
		call := func() {
			t.WriteString(rt + ".JSON(")
			status()
			t.WriteString(", ")
			t.node(m, term.value)
			switch {
			case ct == nil:
				// The handler set no Content-Type: net/http sniffs one
				// from what Encode writes (always text/plain; charset=utf-8
				// for JSON), a ResponseRecorder too unless WriteHeader came
				// first, and a writer that does not sniff (a middleware's
				// wrapper) sees none. Deleting route.JSON's header leaves
				// all of them as they were; writing the sniffed type out
				// would not.
				m.notes.sniffedJSON = true
				t.WriteString(", " + rt + ".Header(\"Content-Type\")")
				writeOpts(nil)
			case len(ct.ops) == 1 && m.isConst(ct.ops[0].val, "application/json"):
				writeOpts(nil)
			default:
				writeOpts(ct)
			}
			t.WriteString(")")
		}
		if term.jsonSafe {
			m.retCall(t, indent, call)
			break
		}
		// The value's encoding can fail; then Encode wrote nothing (it
		// encodes before writing), so the handler left its headers and
		// status, if any, and so does the rewrite: the empty response of
		// the same state.
		resp, err := m.ifFormNames()
		t.WriteString("if " + resp + ", " + err + " := ")
		call()
		t.WriteString("; " + err + " == nil {\n" + indent + "\t")
		m.retValue(t, resp)
		t.WriteString("\n" + indent + "}\n" + indent)
		m.response(t, s, &writeCall{kind: writesNothing}, indent)
	case writesBody:
		m.bodyResponse(t, s, term, opts, ct, status, writeOpts, indent)
	case writesTemplate:
		m.templateResponse(t, term, ct, indent, status, writeOpts)
	case writesHelper:
		m.helperResponse(t, term, opts, ct, writeOpts, indent)
	case writesResponder:
		m.responderResponse(t, s, term, opts, indent)
	case writesStream:
		m.streamResponse(t, ct, indent, status, writeOpts)
	}
}

// bodyResponse writes the return of a body write: route.Text when the
// body is a string sent as text/plain; charset=utf-8, route.Bytes with the
// handler's Content-Type otherwise. With no Content-Type set, route.Bytes
// gets "" and sets none either, so whatever sniffs the original's first
// Write sniffs the same bytes (net/http, a ResponseRecorder unless
// WriteHeader came first), and a writer that does not sniff sees no
// Content-Type, as before; even for a constant body, the type net/http
// would sniff is not written out.
func (m *migrator) bodyResponse(t *snippet, s respState, term *writeCall, opts []*headerValues, ct *headerValues, status func(), writeOpts func(*headerValues), indent string) {
	rt := m.routeName
	const textPlain = "text/plain; charset=utf-8"
	ctConst := ""
	if ct != nil && len(ct.ops) == 1 {
		if v := m.constString(ct.ops[0].val); v != nil {
			ctConst = *v
		}
	}
	stringBody := term.isString || term.fmtName != ""
	if ctConst == textPlain && stringBody {
		m.retCall(t, indent, func() {
			t.WriteString(rt + ".Text(")
			status()
			t.WriteString(", ")
			m.bodyExpr(t, term, true)
			writeOpts(nil)
			t.WriteString(")")
		})
		return
	}
	m.retCall(t, indent, func() {
		t.WriteString(rt + ".Bytes(")
		status()
		t.WriteString(", ")
		switch {
		case ct != nil && len(ct.ops) == 1:
			m.value(t, ct.ops[0])
			ct = nil
		default:
			t.WriteString(`""`)
		}
		t.WriteString(", ")
		m.bodyExpr(t, term, false)
		writeOpts(ct)
		t.WriteString(")")
	})
}

// bodyExpr writes the body of a write as a string or a []byte.
func (m *migrator) bodyExpr(t *snippet, term *writeCall, asString bool) {
	if term.fmtName != "" {
		args := term.call.Args[1:]
		// fmt's qualifier as written (fmt may be dot-imported), copied
		// so that it still counts as a use of the import: the call may
		// have been the file's last one.
		fmtQual := func() {
			if sel, ok := ast.Unparen(term.call.Fun).(*ast.SelectorExpr); ok {
				t.copy(m, sel.Pos(), sel.Sel.Pos())
			}
		}
		verb := strings.TrimPrefix(term.fmtName, "F")
		switch {
		case asString:
			fmtQual()
			t.WriteString("S" + verb + "(")
		case m.goVersionAtLeast("go1.19"):
			fmtQual()
			t.WriteString("Append" + strings.TrimPrefix(verb, "print") + "(nil, ")
		default:
			t.WriteString("[]byte(")
			fmtQual()
			t.WriteString("S" + verb + "(")
		}
		if len(args) > 0 {
			t.copy(m, args[0].Pos(), term.call.Rparen)
		}
		t.WriteString(")")
		if !asString && !m.goVersionAtLeast("go1.19") {
			t.WriteString(")")
		}
		return
	}
	switch {
	case asString == term.isString:
		t.node(m, term.body)
	case asString:
		t.WriteString("string(")
		t.node(m, term.body)
		t.WriteString(")")
	default:
		t.WriteString("[]byte(")
		t.node(m, term.body)
		t.WriteString(")")
	}
}

// option writes one header's route option(s).
func (m *migrator) option(t *snippet, h *headerValues) {
	rt := m.routeName
	cookies := 0
	for _, op := range h.ops {
		if op.kind == opCookie {
			cookies++
		}
	}
	if cookies > 0 {
		if cookies != len(h.ops) {
			m.block(ReasonDynamicHeader, h.ops[0].stmt.Pos(), "Set-Cookie is both set directly and through http.SetCookie")
			return
		}
		for _, op := range h.ops {
			t.WriteString(", " + rt + ".Cookie(")
			m.value(t, op)
			t.WriteString(")")
		}
		return
	}
	t.WriteString(", " + rt + ".Header(")
	key := h.ops[len(h.ops)-1].keyExpr
	t.node(m, key)
	for _, op := range h.ops {
		t.WriteString(", ")
		m.value(t, op)
	}
	t.WriteString(")")
}

func (m *migrator) isConst(e ast.Expr, want string) bool {
	s := m.constString(e)
	return s != nil && *s == want
}

// goVersionAtLeast reports whether the handler's file may use features of
// Go version v.
func (m *migrator) goVersionAtLeast(v string) bool {
	fv := m.info.FileVersions[m.file]
	if fv == "" && m.pass.Pkg != nil {
		fv = m.pass.Pkg.GoVersion()
	}
	if fv == "" {
		return true
	}
	return version.Compare(fv, v) >= 0
}

// isWriter reports whether obj is the handler's writer or a local copy.
func (m *migrator) isWriter(obj types.Object) bool { return m.writers.Contains(obj) }
