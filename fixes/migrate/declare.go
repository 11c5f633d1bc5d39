package migrate

// The declarations of a migrated handler: the pure function, the adapter
// that keeps callers compiling, the registrations rewritten to use the
// pure function, and the per-method split through route.Methods.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/source"
)

// A splitPlan is a handler that dispatches on r.Method, to be split into one
// function per method.
type splitPlan struct {
	cases []*methodCase
}

// A methodCase is one method's code.
type methodCase struct {
	keys    []ast.Expr // the methods as written (http.MethodGet, "GET")
	methods []string   // their values
	list    []ast.Stmt
	from    token.Pos // where the list's source starts and ends
	to      token.Pos
	name    string // the new function's name
}

func (s *splitPlan) methods() []string {
	var out []string
	for _, c := range s.cases {
		out = append(out, c.methods...)
	}
	return out
}

// methodSplit recognizes the two dispatch shapes that the per-method split
// handles, when the handler's other methods get a 405:
//
//	switch r.Method {
//	case http.MethodGet: ...
//	case http.MethodPost: ...
//	default: http.Error(w, "...", http.StatusMethodNotAllowed)
//	}
//
//	if r.Method != http.MethodPost {
//		http.Error(w, "...", http.StatusMethodNotAllowed) // or w.WriteHeader(405)
//		return
//	}
//	...
func (m *migrator) methodSplit() *splitPlan {
	d := m.h.Decl
	if !m.h.SplitMethods || d == nil || len(m.body.List) == 0 {
		return nil
	}
	if d.Recv != nil && (len(d.Recv.List) != 1 || len(d.Recv.List[0].Names) != 1 || d.Recv.List[0].Names[0].Name == "_") {
		return nil
	}
	for _, f := range m.ftype.Params.List {
		if len(f.Names) != 1 || f.Names[0].Name == "_" {
			return nil // the adapter passes both parameters on
		}
	}
	if len(m.body.List) == 1 {
		if sw, ok := m.body.List[0].(*ast.SwitchStmt); ok && sw.Init == nil && m.isMethodExpr(sw.Tag) {
			return m.switchSplit(sw)
		}
	}
	ifs, ok := m.body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(m.body.List) < 2 {
		return nil
	}
	be, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return nil
	}
	key := be.Y
	if !m.isMethodExpr(be.X) {
		if !m.isMethodExpr(be.Y) {
			return nil
		}
		key = be.X
	}
	method := m.constString(key)
	if method == nil || !m.answers405(ifs.Body.List, true) {
		return nil
	}
	rest := m.body.List[1:]
	c := &methodCase{keys: []ast.Expr{key}, methods: []string{*method}, list: rest}
	c.from, c.to = m.lineSpan(rest)
	return &splitPlan{cases: []*methodCase{c}}
}

func (m *migrator) switchSplit(sw *ast.SwitchStmt) *splitPlan {
	split := &splitPlan{}
	hasDefault := false
	for _, cl := range sw.Body.List {
		c := cl.(*ast.CaseClause)
		if c.List == nil {
			hasDefault = true
			if !m.answers405(c.Body, false) {
				return nil
			}
			continue
		}
		pc := &methodCase{list: c.Body, from: c.Colon + 1, to: c.Colon + 1}
		if len(c.Body) > 0 {
			pc.from, pc.to = m.lineSpan(c.Body)
		}
		for _, k := range c.List {
			v := m.constString(k)
			if v == nil {
				return nil
			}
			pc.keys = append(pc.keys, k)
			pc.methods = append(pc.methods, *v)
		}
		if hasBreak(c.Body) || (len(c.Body) > 0 && isFallthrough(c.Body[len(c.Body)-1])) {
			return nil
		}
		split.cases = append(split.cases, pc)
	}
	if !hasDefault || len(split.cases) == 0 {
		return nil
	}
	return split
}

// lineSpan returns the source range of a statement list, widened to
// whole lines when nothing else is on its first and last lines.
func (m *migrator) lineSpan(list []ast.Stmt) (from, to token.Pos) {
	from, to = list[0].Pos(), list[len(list)-1].End()
	if m.alone(from) {
		from = m.tf.LineStart(m.tf.Line(from))
	}
	end := m.tf.Offset(to)
	for end < len(m.src) && (m.src[end] == ' ' || m.src[end] == '\t' || m.src[end] == '\r') {
		end++
	}
	if end < len(m.src) && m.src[end] == '\n' {
		to = m.tf.Pos(end + 1)
	}
	return from, to
}

func isFallthrough(s ast.Stmt) bool {
	b, ok := s.(*ast.BranchStmt)
	return ok && b.Tok == token.FALLTHROUGH
}

// isMethodExpr reports whether e is r.Method for the handler's request.
func (m *migrator) isMethodExpr(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Method" {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && m.info.Uses[id] == m.h.Request
}

// answers405 reports whether list only answers 405 Method Not Allowed
// (headers, then http.Error with 405 or WriteHeader(405), maybe a body)
// and, when mustReturn, ends with a return.
func (m *migrator) answers405(list []ast.Stmt, mustReturn bool) bool {
	if len(list) == 0 {
		return false
	}
	if isBareReturn(list[len(list)-1]) {
		list = list[:len(list)-1]
	} else if mustReturn {
		return false
	}
	is405 := func(e ast.Expr) bool {
		tv, ok := m.info.Types[e]
		if !ok || tv.Value == nil {
			return false
		}
		v, exact := constant.Int64Val(tv.Value)
		return exact && v == 405
	}
	found := false
	for _, s := range list {
		e := m.effects[s]
		switch {
		case e == nil:
			return false
		case e.op != nil && e.op.kind == opStatus:
			found = found || is405(e.op.val)
		case e.term != nil && e.term.kind == writesError:
			found = found || is405(e.term.code)
		}
	}
	return found
}

// translateSplit translates each method's code as the body of its own
// function.
func (m *migrator) translateSplit(split *splitPlan) {
	base := m.h.Decl.Name.Name
	for _, c := range split.cases {
		var words []string
		for _, meth := range c.methods {
			words = append(words, strings.ToLower(meth))
		}
		c.name = m.newFuncName(base, words...)
		s, reachable := m.list(c.list, respState{}, true)
		if m.blocked != nil {
			return
		}
		if reachable {
			indent := source.LineIndent(m.src, m.tf.Offset(m.body.Rbrace)) + "\t"
			p := &pendingReturn{start: c.to, end: c.to, state: s, term: &writeCall{kind: writesNothing}, indent: indent, prefix: "\n" + indent}
			if m.tf.Offset(c.to) > 0 && m.src[m.tf.Offset(c.to)-1] == '\n' {
				p.prefix, p.suffix = indent, "\n"
			}
			m.pending = append(m.pending, p)
		}
	}
	m.render()
}

// receiver returns d's receiver as written, with a space after it
// ("(s *store) "), and its name: "" when d is a function, or its receiver
// has no name or is _.
func (m *migrator) receiver(d *ast.FuncDecl) (text, name string) {
	if d.Recv == nil {
		return "", ""
	}
	text = m.text(d.Recv.Opening, d.Recv.Closing+1) + " "
	if len(d.Recv.List) == 1 && len(d.Recv.List[0].Names) == 1 && d.Recv.List[0].Names[0].Name != "_" {
		name = d.Recv.List[0].Names[0].Name
	}
	return text, name
}

// namedReceiver returns a receiver for the adapter of d, a method whose
// receiver has no name: the adapter calls the pure counterpart through it,
// so it needs one.
func (m *migrator) namedReceiver(d *ast.FuncDecl) (text, name string) {
	name = m.newLocalName("h")
	t := new(snippet)
	t.WriteString("(" + name + " ")
	t.node(m, d.Recv.List[0].Type)
	t.WriteString(") ")
	return t.String(), name
}

// declare writes the pure function's declaration: in place, or renamed
// behind an adapter; and the split's functions. It returns the pure
// function's name.
func (m *migrator) declare(split *splitPlan) string {
	http := m.httpName
	results := " (*" + http + ".Response, error)"
	reqField := m.requestField()
	pureSig := func(t *snippet) {
		t.WriteString("(")
		t.node(m, reqField)
		t.WriteString(")" + results)
	}
	sigEdit := func() {
		t := new(snippet)
		pureSig(t)
		m.edit(m.ftype.Params.Opening, m.ftype.Params.Closing+1, t)
	}
	if m.h.Lit != nil {
		sigEdit()
		m.wrapLiteral()
		return ""
	}
	d := m.h.Decl
	name := d.Name.Name
	recvText, recvName := m.receiver(d)
	qualify := func(fn string) string {
		if d.Recv == nil {
			return fn
		}
		return recvName + "." + fn
	}
	if split != nil {
		m.declareSplit(split, recvText, qualify, pureSig)
		return name
	}
	if m.h.InPlace {
		sigEdit()
		return name
	}
	if d.Recv != nil && recvName == "" {
		recvText, recvName = m.namedReceiver(d)
	}
	pure := m.newFuncName(name, "pure")
	m.editString(d.Name.Pos(), d.Name.End(), pure)
	sigEdit()
	t := new(snippet)
	t.WriteString("func " + recvText + name)
	wName, rName := m.adapterParams(t, recvName)
	t.WriteString(" {\n\t" + m.routeName + ".Func(" + qualify(pure) + ").ServeHTTP(" + wName + ", " + rName + ")\n}\n\n")
	t.WriteString("// " + pure + " is " + name + " as a route.Func: it returns the response instead of writing it.\n")
	m.edit(d.Pos(), d.Pos(), t)
	return pure
}

// requestField returns the request parameter's field.
func (m *migrator) requestField() *ast.Field {
	for _, f := range m.ftype.Params.List {
		for _, n := range f.Names {
			if m.info.Defs[n] == m.h.Request {
				return f
			}
		}
	}
	return m.ftype.Params.List[len(m.ftype.Params.List)-1]
}

// adapterParams writes the adapter's parameter list, naming unnamed
// parameters, and returns the names.
func (m *migrator) adapterParams(t *snippet, recvName string) (w, r string) {
	params := m.ftype.Params.List
	named := func(f *ast.Field, def string) string {
		if len(f.Names) == 1 && f.Names[0].Name != "_" {
			return f.Names[0].Name
		}
		return def
	}
	w = named(params[0], "w")
	r = named(params[len(params)-1], "r")
	if w == recvName {
		w = m.newLocalName("w")
	}
	if r == recvName || r == w {
		r = m.newLocalName("req")
	}
	t.WriteString("(" + w + " ")
	t.node(m, params[0].Type)
	t.WriteString(", " + r + " ")
	t.node(m, params[len(params)-1].Type)
	t.WriteString(")")
	return w, r
}

// declareSplit replaces the handler's body with the route.Methods table
// and adds one function per method after it.
func (m *migrator) declareSplit(split *splitPlan, recvText string, qualify func(string) string, pureSig func(*snippet)) {
	d := m.h.Decl
	f := m.fileOf(d.Pos())
	// Take the edits inside each method's code out of the file: the code
	// moves into the new functions.
	bodies := make([]*snippet, len(split.cases))
	for i, c := range split.cases {
		bodies[i] = m.moveCode(f, c.from, c.to)
	}
	var keep []fileEdit
	for _, e := range f.edits {
		if e.start >= m.body.Lbrace && e.end <= m.body.Rbrace+1 {
			continue // inside the replaced body
		}
		keep = append(keep, e)
	}
	f.edits = keep

	table := new(snippet)
	table.WriteString(m.routeName + ".Methods{\n")
	for _, c := range split.cases {
		for _, k := range c.keys {
			table.WriteString("\t\t")
			table.node(m, k)
			table.WriteString(": " + qualify(c.name) + ",\n")
		}
	}
	table.WriteString("\t}")
	body := new(snippet)
	if m.h.InPlace {
		t := new(snippet)
		pureSig(t)
		m.edit(m.ftype.Params.Opening, m.ftype.Params.Closing+1, t)
		body.WriteString("{\n\treturn ")
		body.add(*table)
		body.WriteString(".Serve(" + m.h.Request.Name() + ")\n}")
	} else {
		params := m.ftype.Params.List
		w, r := params[0].Names[0].Name, params[len(params)-1].Names[0].Name
		body.WriteString("{\n\t")
		body.add(*table)
		body.WriteString(".ServeHTTP(" + w + ", " + r + ")\n}")
	}
	m.edit(m.body.Lbrace, m.body.Rbrace+1, body)

	funcs := new(snippet)
	for i, c := range split.cases {
		funcs.WriteString("\n\n// " + c.name + " serves " + d.Name.Name + "'s " + strings.Join(c.methods, " and ") + " requests.\n")
		funcs.WriteString("func " + recvText + c.name)
		pureSig(funcs)
		funcs.WriteString(" {\n")
		body := *bodies[i]
		text := strings.TrimRight(body.String(), " \t\r\n")
		body.Reset()
		body.WriteString(text)
		funcs.add(body)
		funcs.WriteString("\n}")
	}
	m.edit(d.End(), d.End(), funcs)
}

// moveCode returns the source of [from, to) with the edits inside it
// applied (clipped to it), and removes those edits from f.
func (m *migrator) moveCode(f *editedFile, from, to token.Pos) *snippet {
	var inside, rest []fileEdit
	for _, e := range f.edits {
		if (e.start == e.end && from <= e.start && e.start <= to) || (e.start < to && e.end > from) {
			e.start, e.end = max(e.start, from), min(e.end, to)
			inside = append(inside, e)
		} else {
			rest = append(rest, e)
		}
	}
	f.edits = rest
	slices.SortStableFunc(inside, func(a, b fileEdit) int {
		if a.start != b.start {
			return int(a.start - b.start)
		}
		return int(a.end - b.end)
	})
	t := new(snippet)
	at := from
	for _, e := range inside {
		if e.start > at {
			t.copy(m, at, e.start)
		}
		t.WriteString(e.text)
		t.copies = append(t.copies, e.copies...)
		at = max(at, e.end)
	}
	if to > at {
		t.copy(m, at, to)
	}
	return t
}

// wrapLiteral makes a migrated literal serve HTTP again where it is: as
// route.Func(lit) where an http.Handler is taken, else as the method value
// route.Func(lit).ServeHTTP, which has the literal's old type.
func (m *migrator) wrapLiteral() {
	lit := m.h.Lit
	for _, reg := range m.h.Registrations {
		if reg.Ref == lit && reg.Handle != "" {
			m.wrapRegistration(reg)
			return
		}
	}
	m.wrapRef(lit)
}

// rewriteRegistrations makes the registrations of a handler migrated in
// place use route.Func(h).
func (m *migrator) rewriteRegistrations() {
	if m.h.Lit != nil || !m.h.InPlace {
		return
	}
	for _, reg := range m.h.Registrations {
		if reg.Handle != "" {
			m.wrapRegistration(reg)
		} else {
			m.wrapRef(reg.Ref)
		}
	}
}

// wrapRegistration turns HandleFunc(p, h) into Handle(p, route.Func(h)).
func (m *migrator) wrapRegistration(reg Registration) {
	sel, ok := ast.Unparen(reg.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		m.wrapRef(reg.Ref)
		return
	}
	f := m.fileOf(reg.Call.Pos())
	if f == nil {
		m.block(ReasonNameConflict, reg.Call.Pos(), "a registration's source is not available")
		return
	}
	rt := m.importNameFor(f, RoutePath, "route")
	m.editString(sel.Sel.Pos(), sel.Sel.End(), reg.Handle)
	m.editString(reg.Ref.Pos(), reg.Ref.Pos(), rt+".Func(")
	m.editString(reg.Ref.End(), reg.Ref.End(), ")")
}

// wrapRef wraps a reference to the migrated handler so that it keeps its
// type: http.HandlerFunc(h) becomes route.Func(h) where an http.Handler is
// taken, anything else route.Func(h).ServeHTTP.
func (m *migrator) wrapRef(ref ast.Expr) {
	f := m.fileOf(ref.Pos())
	if f == nil {
		m.block(ReasonNameConflict, ref.Pos(), "a registration's source is not available")
		return
	}
	rt := m.importNameFor(f, RoutePath, "route")
	path, _ := astutil.PathEnclosingInterval(f.file, ref.Pos(), ref.End())
	for len(path) > 1 && path[0] != ast.Node(ref) {
		path = path[1:]
	}
	if conv := m.handlerFuncConversion(path); conv != nil {
		m.editString(conv.Pos(), ref.Pos(), rt+".Func(")
		return
	}
	m.editString(ref.Pos(), ref.Pos(), rt+".Func(")
	m.editString(ref.End(), ref.End(), ").ServeHTTP")
}

// handlerFuncConversion returns http.HandlerFunc(ref) when path (from ref
// outwards) shows ref converted so, in a place that takes an http.Handler:
// a call argument or a returned value.
func (m *migrator) handlerFuncConversion(path []ast.Node) *ast.CallExpr {
	if len(path) < 3 {
		return nil
	}
	conv, ok := path[1].(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 || ast.Unparen(conv.Args[0]) != path[0] {
		return nil
	}
	tv, ok := m.info.Types[conv.Fun]
	if !ok || !tv.IsType() || !code.IsNamed(tv.Type, "net/http", "HandlerFunc") {
		return nil
	}
	switch p := path[2].(type) {
	case *ast.CallExpr:
		sig, ok := m.info.TypeOf(p.Fun).(*types.Signature)
		if !ok {
			return nil
		}
		for i, a := range p.Args {
			if a != ast.Expr(conv) {
				continue
			}
			var pt types.Type
			switch {
			case sig.Variadic() && i >= sig.Params().Len()-1:
				if p.Ellipsis.IsValid() {
					return nil
				}
				pt = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
			case i < sig.Params().Len():
				pt = sig.Params().At(i).Type()
			}
			if pt != nil && code.IsNamed(pt, "net/http", "Handler") {
				return conv
			}
		}
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if r == ast.Expr(conv) && len(p.Lhs) == len(p.Rhs) && p.Tok == token.ASSIGN && code.IsNamed(m.info.TypeOf(p.Lhs[i]), "net/http", "Handler") {
				return conv
			}
		}
	case *ast.ValueSpec:
		if p.Type != nil && code.IsNamed(m.info.TypeOf(p.Type), "net/http", "Handler") {
			return conv
		}
	case *ast.ReturnStmt:
		for _, n := range path[3:] {
			var ft *ast.FuncType
			switch fn := n.(type) {
			case *ast.FuncDecl:
				ft = fn.Type
			case *ast.FuncLit:
				ft = fn.Type
			default:
				continue
			}
			if ft.Results != nil && len(ft.Results.List) == 1 && len(p.Results) == 1 && code.IsNamed(m.info.TypeOf(ft.Results.List[0].Type), "net/http", "Handler") {
				return conv
			}
			return nil
		}
	}
	return nil
}
