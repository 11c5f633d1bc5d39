package migrate

// Streamed bodies: a function that sets its headers and status, then
// writes its body through its writer as an io.Writer, in as many writes as
// it likes, through writers wrapped around it, in loops:
//
//	func streamJSONArray(w http.ResponseWriter, chunkSize int, next func() ([]byte, error)) {
//		w.Header().Set("Content-Type", "application/json")
//		w.WriteHeader(http.StatusOK)
//		streamData(w, []byte("["))
//		for ... { streamData(w, chunk) }
//		streamData(w, []byte("]"))
//	}
//
// is migrated, when the translation of the whole body blocks, by keeping
// the body's last statements, the tail, as they are inside a function
// route.WriteThrough calls with the writer:
//
//	return route.WriteThrough(http.StatusOK, "application/json", func(w io.Writer) error {
//		streamData(w, []byte("["))
//		...
//		return nil
//	})
//
// The statements before the tail are translated as a handler's are; the
// response of their end state gives WriteThrough its status and headers.
//
// Why it sends the same: route.Func serves a WriteThrough response by
// setting the headers, calling WriteHeader unless the status is
// route.ImplicitOK, and calling the function with the ResponseWriter
// itself, in the handler's goroutine, and nothing else (see
// route.WriteThrough). So the writer the tail's calls get is the same
// value as before, with the same dynamic type (its type assertions to
// http.Flusher, the writes of a csv.Writer or zip.Writer wrapped around
// it, a panic with http.ErrAbortHandler: all as they were), and the calls
// made on it are the handler's calls in the handler's order. Only the
// static type of the writer's name changes, to io.Writer: every use of it
// in the tail must be one that compiles, and means the same, with that
// type (an argument of an interface parameter io.Writer satisfies, its
// Write method, a type assertion); any other use (Header, WriteHeader,
// a helper taking an http.ResponseWriter, a copy) keeps the tail out.
//
// What moves is when the tail runs relative to the function's frame: it
// now runs after the function returned. So the function must have no
// deferred call before the tail (it would run before the body is
// written, where it ran after; the tail's own defers run when the tail
// ends, as before), and a caller of a helper migrated so must have none
// either (checkStreamCall). The tail's uses of the writer must be of the
// parameter itself, outside function literals (which might run later
// still), and its bare returns become return nil.

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/source"
)

// A streamTail is the statements of a function body, from start on, that
// write the body through the writer as an io.Writer.
type streamTail struct {
	start int
	stmts []ast.Stmt
}

// streamFallback reports whether a function whose translation blocked
// with b may be migrated with a streamed tail: the block is inside a tail
// whose writer uses are all io.Writer uses. For a helper with results,
// which cannot be, it makes b say so instead.
func streamFallback(h *Handler, b *Blocked) bool {
	if b == nil {
		return false
	}
	m, blocked := newMigrator(h)
	if blocked != nil {
		return false
	}
	tail := m.findStreamTail()
	if tail == nil || b.Pos < tail.stmts[0].Pos() || b.Pos >= tail.stmts[len(tail.stmts)-1].End() {
		return false
	}
	if h.withResults {
		// Its results, an error from the stream included, are known
		// only once the body is written, after a counterpart returned.
		*b = Blocked{ReasonHelperResult, b.Pos, "it streams its body through the writer and has results, which its callers would need before the body is written"}
		return false
	}
	return true
}

// newStreamMigrator returns a migrator for h that translates the body
// before its streamed tail and keeps the tail in a route.WriteThrough.
func newStreamMigrator(h *Handler) (*migrator, *Blocked) {
	// The tail ends the body: no method split, whose functions would
	// each need it.
	unsplit := *h
	unsplit.SplitMethods = false
	m, blocked := newMigrator(&unsplit)
	if blocked != nil {
		return nil, blocked
	}
	m.stream = m.findStreamTail()
	if m.stream == nil {
		return nil, &Blocked{ReasonWriterEscapes, m.body.Pos(), "no streamed tail"}
	}
	// The uses of the tail are checked: classify skips them.
	for _, s := range m.stream.stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && m.isWriter(m.info.Uses[id]) {
				m.consumed[id] = true
			}
			return true
		})
	}
	for _, s := range m.body.List[:m.stream.start] {
		if d := deferIn(s); d != nil {
			return nil, &Blocked{ReasonDeferBeforeSend, d.Pos(), "a deferred call would run before the streamed body is written, where it ran after"}
		}
	}
	return m, nil
}

// deferIn returns a defer statement of s outside function literals.
func deferIn(s ast.Stmt) *ast.DeferStmt {
	var found *ast.DeferStmt
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = n
		}
		return found == nil
	})
	return found
}

// findStreamTail returns the longest tail of the body whose writer uses
// are all streamUses, if it has one.
func (m *migrator) findStreamTail() *streamTail {
	list := m.body.List
	start := len(list)
	writing := m.writingLiterals()
	for start > 0 && m.streamable(list[start-1]) && !usesAnyVar(m.info, list[start-1], writing) {
		start--
	}
	// Statements without the writer at the tail's start stay before it:
	// they run before the headers are sent either way.
	for start < len(list) && !m.usesWriter(list[start]) {
		start++
	}
	if start == len(list) {
		return nil
	}
	return &streamTail{start: start, stmts: list[start:]}
}

func (m *migrator) usesWriter(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && m.isWriter(m.info.Uses[id]) {
			found = true
		}
		return !found
	})
	return found
}

// streamable reports whether every writer use in s is a streamUse.
func (m *migrator) streamable(s ast.Stmt) bool {
	ok := true
	var stack []ast.Node
	ast.Inspect(s, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if !ok {
			return false
		}
		if id, isID := n.(*ast.Ident); isID && m.isWriter(m.info.Uses[id]) {
			ok = m.streamUse(id, stack)
		}
		stack = append(stack, n)
		return true
	})
	return ok
}

// ioWriter is an interface with io.Writer's method set.
var ioWriter = func() *types.Interface {
	bytes := types.NewVar(token.NoPos, nil, "p", types.NewSlice(types.Typ[types.Byte]))
	n := types.NewVar(token.NoPos, nil, "n", types.Typ[types.Int])
	err := types.NewVar(token.NoPos, nil, "err", types.Universe.Lookup("error").Type())
	sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(bytes), types.NewTuple(n, err), false)
	return types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, "Write", sig)}, nil).Complete()
}()

// streamUse reports whether the writer use id, with ancestors stack,
// means the same when the writer's name is an io.Writer holding the same
// value: the writer parameter itself, outside function literals, go and
// defer statements (which run it at another time than before), and
// an argument of an interface parameter with methods io.Writer satisfies
// (of a function that is not generic), the receiver of Write, or the
// operand of a type assertion.
func (m *migrator) streamUse(id *ast.Ident, stack []ast.Node) bool {
	if m.info.Uses[id] != m.h.Writer {
		return false
	}
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		}
	}
	p, pi := parentOf(stack, len(stack))
	switch p := p.(type) {
	case *ast.TypeAssertExpr:
		return p.Type != nil
	case *ast.SelectorExpr:
		c, ok := parentNode(stack, pi).(*ast.CallExpr)
		return ok && p.Sel.Name == "Write" && ast.Unparen(c.Fun) == p
	case *ast.CallExpr:
		arg := slices.IndexFunc(p.Args, func(a ast.Expr) bool { return ast.Unparen(a) == id })
		if arg < 0 {
			return false
		}
		if fn, ok := typeutil.Callee(m.info, p).(*types.Func); ok && (fn.Origin() != fn || fn.Signature().TypeParams().Len() > 0) {
			return false // inference would see io.Writer
		}
		ft := m.info.TypeOf(p.Fun)
		if ft == nil {
			return false // a builtin
		}
		sig, ok := ft.Underlying().(*types.Signature)
		if !ok || sig.TypeParams().Len() > 0 {
			return false
		}
		params := sig.Params()
		var param types.Type
		switch {
		case sig.Variadic() && arg >= params.Len()-1:
			if p.Ellipsis.IsValid() {
				return false
			}
			slice, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice)
			if !ok {
				return false
			}
			param = slice.Elem()
		case arg < params.Len():
			param = params.At(arg).Type()
		default:
			return false
		}
		// A parameter that wants a writer: an interface with methods,
		// all io.Writer's (not any, which fmt.Print would format).
		iface, ok := param.Underlying().(*types.Interface)
		return ok && iface.NumMethods() > 0 && types.AssignableTo(ioWriter, param)
	}
	return false
}

// translateStream translates the body before the tail, and makes the
// tail the response of its end state.
func (m *migrator) translateStream() {
	tail := m.stream
	s, reachable := m.list(m.body.List[:tail.start], respState{}, false)
	if m.blocked != nil {
		return
	}
	first := tail.stmts[0]
	if !reachable {
		m.block(ReasonCodeAfterWrite, first.Pos(), "the streamed body is never reached")
		return
	}
	indent := source.LineIndent(m.src, m.tf.Offset(first.Pos()))
	p := &pendingReturn{
		start: first.Pos(), end: m.tailEnd(), state: s,
		term:   &writeCall{kind: writesStream, stmt: first},
		indent: indent,
	}
	if start, ok := m.afterDeletedOps(); ok {
		// Only header and status statements, deleted, come before: the
		// blank line that set the body apart from them would be left
		// alone after the brace.
		p.start, p.prefix = start, indent
	}
	m.pending = append(m.pending, p)
	m.render()
}

// afterDeletedOps returns the start of the line after the statements
// before the tail, when they all are header and status operations (whose
// lines render deletes, or replaces by the hoisting of their value) and
// only blank lines separate them from the tail.
func (m *migrator) afterDeletedOps() (token.Pos, bool) {
	prefix := m.body.List[:m.stream.start]
	if len(prefix) == 0 {
		return token.NoPos, false
	}
	for _, s := range prefix {
		if e := m.effects[s]; e == nil || e.op == nil {
			return token.NoPos, false
		}
	}
	from, to := m.tf.Offset(prefix[len(prefix)-1].End()), m.tf.Offset(m.stream.stmts[0].Pos())
	gap := string(m.src[from:to])
	nl := strings.IndexByte(gap, '\n')
	if nl < 0 || strings.TrimSpace(gap) != "" || strings.Count(gap, "\n") < 2 {
		return token.NoPos, false
	}
	return m.tf.Pos(from + nl + 1), true
}

// tailEnd returns the end of the tail: of its last statement, or of a
// comment after it on its line (a //nolint directive for it), which goes
// with it into the function literal.
func (m *migrator) tailEnd() token.Pos {
	last := m.stream.stmts[len(m.stream.stmts)-1]
	end := last.End()
	line := m.tf.Line(end)
	for _, cg := range m.file.Comments {
		if cg.Pos() >= end && m.tf.Line(cg.Pos()) == line {
			end = cg.List[0].End()
			break
		}
	}
	return end
}

// streamResponse writes the return of the streamed tail:
//
//	return route.WriteThrough(status, ct, func(w io.Writer) error {
//		<the tail, its bare returns returning nil>
//		return nil
//	}, opts...)
func (m *migrator) streamResponse(t *snippet, ct *headerValues, indent string, status func(), writeOpts func(*headerValues)) {
	tail := m.stream
	io := m.importNameFor(m.fileOf(m.body.Pos()), "io", "io")
	m.retCall(t, indent, func() {
		t.WriteString(m.routeName + ".WriteThrough(")
		status()
		t.WriteString(", ")
		ct = m.contentTypeArg(t, ct)
		t.WriteString(", func(" + m.h.Writer.Name() + " " + io + ".Writer) error {\n" + indent + "\t")
		at := tail.stmts[0].Pos()
		for _, s := range tail.stmts {
			ast.Inspect(s, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.ReturnStmt:
					if len(n.Results) == 0 {
						m.indented(t, at, n.Pos())
						t.WriteString("return nil")
						at = n.End()
					}
				}
				return true
			})
		}
		m.indented(t, at, m.tailEnd())
		if !terminates(tail.stmts[len(tail.stmts)-1], m.info) {
			t.WriteString("\n" + indent + "\treturn nil")
		}
		t.WriteString("\n" + indent + "}")
		writeOpts(ct)
		t.WriteString(")")
	})
}

// indented copies [from, to) one tab deeper: a tab after each newline,
// but those inside raw string literals, whose text it is.
func (m *migrator) indented(t *snippet, from, to token.Pos) {
	var raw [][2]token.Pos
	ast.Inspect(m.body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && lit.End() > from && lit.Pos() < to && strings.Contains(lit.Value, "\n") {
			raw = append(raw, [2]token.Pos{lit.Pos(), lit.End()})
		}
		return n == nil || n.End() > from && n.Pos() < to
	})
	text := m.text(from, to)
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		b.WriteByte(text[i])
		if text[i] != '\n' {
			continue
		}
		pos := from + token.Pos(i)
		inRaw := slices.ContainsFunc(raw, func(r [2]token.Pos) bool { return r[0] < pos && pos < r[1] })
		if !inRaw && i+1 < len(text) && text[i+1] != '\n' {
			b.WriteByte('\t')
		}
	}
	t.WriteString(b.String())
	t.copies = append(t.copies, [2]token.Pos{from, to})
}

// checkStreamCall blocks the call of a helper whose counterpart streams
// from a function with deferred calls: they would run before the body
// is written, where they ran after.
func (m *migrator) checkStreamCall(t *writeCall) {
	if m.hasDefer && t.helper.streams {
		m.block(ReasonDeferBeforeSend, t.stmt.Pos(), "%s streams its body, and the deferred calls of its caller would run before it is written, where they ran after", funcName(t.helper.fn))
	}
}

// counterpartStreams reports whether the existing counterpart pure of
// the helper decl may return a route.WriteThrough response, itself or
// through the counterparts it calls.
func (hs *Helpers) counterpartStreams(pure string, decl *ast.FuncDecl, seen map[*types.Func]bool) bool {
	fn := hs.counterpartFunc(pure, decl)
	if fn == nil || seen[fn] {
		return fn == nil
	}
	seen[fn] = true
	d := hs.declOf(fn)
	if d == nil || d.Body == nil {
		return true
	}
	streams := false
	ast.Inspect(d.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || streams {
			return !streams
		}
		callee, _ := typeutil.Callee(hs.pass.TypesInfo, call).(*types.Func)
		switch {
		case callee == nil || callee.Pkg() == nil:
		case callee.Pkg().Path() == RoutePath:
			streams = callee.Name() == "WriteThrough"
		case callee.Pkg() == hs.pass.Pkg:
			res := callee.Signature().Results()
			if res.Len() >= 2 && code.IsPointerTo(res.At(res.Len()-2).Type(), "net/http", "Response") {
				if cd := hs.declOf(callee); cd != nil {
					streams = hs.counterpartStreams(callee.Name(), cd, seen)
				}
			}
		}
		return !streams
	})
	return streams
}
