package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/flow"
)

// findVars finds the local variables that hold the body (b := r.Body,
// wrapped or not), a JSON or XML decoder over it, or the bytes read from
// it: each is one when every value it is given is.
func (f *RequestSolution) findVars() {
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
func (f *RequestSolution) isBodyExpr(e ast.Expr) bool {
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
func (f *RequestSolution) isBodyDecoder(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	use, _ := Lookup(typeutil.StaticCallee(f.info, call)).On(0)
	return use.Must&MakesDecoder != 0 && f.isBodyExpr(call.Args[0])
}

// isBodyReadAll reports whether e is io.ReadAll(body).
func (f *RequestSolution) isBodyReadAll(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	use, _ := Lookup(typeutil.StaticCallee(f.info, call)).On(0)
	return use.Must&ReadsBody != 0 && use.Must&MakesDecoder == 0 && f.isBodyExpr(call.Args[0])
}

// wrapArg returns the index of the reader argument of a function whose
// result reads through to it without reading itself, or -1.
func wrapArg(fn *types.Func) int {
	row := Lookup(fn)
	if row == nil || fn.Signature().Recv() != nil {
		return -1
	}
	for _, use := range row.Uses {
		if use.Of >= 0 && use.Must&WrapsBody != 0 {
			return int(use.Of)
		}
	}
	return -1
}

// classify walks the function once and records the action of every use of
// the request, its body and the writer, keyed by the node the data-flow
// walk will reach.
func (f *RequestSolution) classify(root inspector.Cursor) {
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
func (f *RequestSolution) add(cur inspector.Cursor, act *action) {
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
		kill |= bits(EvUnparsed)
	}
	if act.may&(ParsesMultipart) != 0 {
		kill |= bits(EvNoMultipart)
	}
	if act.may&(TouchesBody|ReadsBody|ReadsMultipartBody) != 0 {
		kill |= bodyEvents
	}
	if act.check == CheckForm || act.check == CheckMultipart || act.check == CheckIgnored {
		kill = 0 // reads only
	}
	return &action{kill: kill, may: act.may, node: act.node, escapes: kill != 0}
}

// escape is the action of handing the request to unknown code.
func escape(n ast.Node) *action {
	return &action{kill: requestEvents, may: requestAll, node: n, escapes: true}
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
func (f *RequestSolution) requestUse(id inspector.Cursor) (act *action, touches bool) {
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
func (f *RequestSolution) copiedToAlias(cur inspector.Cursor) bool {
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
func (f *RequestSolution) sameRequest(e ast.Expr) bool {
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
func (f *RequestSolution) fieldUse(sel inspector.Cursor, rname, field string) (*action, bool) {
	what := rname + "." + field
	switch field {
	case "Body":
		return f.bodyUse(sel, false), true
	case "Form", "PostForm", "MultipartForm":
		cur := up(sel)
		switch cur.ParentEdgeKind() {
		case edge.AssignStmt_Lhs: // r.Form = url.Values{...}
			if field == "MultipartForm" {
				return &action{kill: bits(EvNoMultipart), may: ParsesMultipart, node: sel.Node()}, true
			}
			return &action{kill: bits(EvUnparsed), may: ParsesForm, node: sel.Node()}, true
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
				return &action{check: CheckMultipart, node: sel.Node(), what: what, field: field}, true
			}
			return harmless, true // handed on: whether it is dereferenced is not known
		}
		return &action{check: CheckForm, node: sel.Node(), what: what, field: field}, true
	case "ContentLength", "GetBody", "TransferEncoding":
		return harmless, true // about the body
	}
	return harmless, false
}

// methodCall classifies r.<method>(...); call is the call's cursor, fn
// the method. What each method does comes from effects' table.
func (f *RequestSolution) methodCall(call inspector.Cursor, rname string, method *types.Func) (*action, bool) {
	node := call.Node()
	use, ok := Lookup(method).On(Recv)
	switch {
	case !ok:
		return escape(node), true
	case use.May == 0:
		return harmless, false
	case use.Must&CopiesRequest != 0:
		// A copy shares body and form: harmless when it replaces r.
		cur := up(call)
		if (cur.ParentEdgeKind() == edge.AssignStmt_Rhs || cur.ParentEdgeKind() == edge.ValueSpec_Values) && f.copiedToAlias(cur) {
			return harmless, false
		}
		return escape(node), true
	}
	what := rname + "." + method.Name()
	act := &action{node: node, what: what, may: use.May & requestAll}
	if use.Must&ReadsForm != 0 {
		f.formUses = append(f.formUses, node.Pos())
	}
	if use.Must&NeedsBody != 0 {
		act.check = CheckFormBody
	}
	if use.Must&ReadsMultipartBody != 0 {
		// FormFile's own error reports a failed parse: it is no use of
		// the form that would hide one.
		f.readWhat[node.Pos()] = what
		f.noteReadErr(call)
	}
	if use.May&ParsesForm != 0 {
		act.kill |= bits(EvUnparsed)
	}
	if use.May&ParsesMultipart != 0 {
		act.kill |= bits(EvNoMultipart)
	}
	for _, g := range []struct {
		eff Effect
		ev  flow.Event
	}{{ParsesForm, EvFormParsed}, {ParsesMultipart, EvMultipartParsed}, {ReadsMultipartBody, EvFormRead}} {
		if use.Must&g.eff != 0 {
			act.gen |= bits(g.ev)
		}
	}
	return act, true
}

// passed classifies the request (body false) or its body (body true,
// limited when through io.LimitReader) passed as argument at cur to a
// call: a known reader, or a function whose fact says what it does.
// Anything else is unknown code.
func (f *RequestSolution) passed(cur inspector.Cursor, body, limited bool) (*action, bool) {
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
	if use, _ := Lookup(callee).On(Operand(idx)); body && callee.Signature().Recv() == nil {
		if use.Must&ReadsBody != 0 {
			if limited {
				return &action{may: TouchesBody, node: call}, true // a partial read
			}
			what := qualifiedName(f.a.r.pass.Pkg, callee)
			f.readWhat[call.Pos()] = what
			f.noteReadErr(cur.Parent())
			return &action{check: CheckRead, kill: bodyEvents, gen: bits(EvRawRead), may: ReadsBody | TouchesBody, node: call, what: what}, true
		}
		if use.Must&WrapsBody != 0 {
			// The wrapped body, used in turn; io.LimitReader's reader
			// reads part of it only.
			return f.bodyUse(cur.Parent(), limited || use.Must&LimitsBody != 0), true
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
	var pf *Param
	if fact := f.a.factOf(callee); fact != nil {
		pf = fact.param(idx)
	}
	if pf == nil {
		return unknown, true
	}
	if !body && pf.May == 0 && pf.Must == 0 {
		return harmless, false // mux.Vars(r), chi.URLParam(r, "id")
	}
	eff := *pf
	if limited {
		eff.Must = 0 // it reads the limited part only
	}
	act := f.helperCall(call, callee, eff, body)
	if act.gen&bodyEvents != 0 {
		f.noteReadErr(cur.Parent())
	}
	return act, true
}

// helperCall is the action of calling a summarized function.
func (f *RequestSolution) helperCall(call *ast.CallExpr, callee *types.Func, pf Param, body bool) *action {
	act := &action{node: call, what: qualifiedName(f.a.r.pass.Pkg, callee), may: pf.May | pf.Must}
	if body {
		act.may &= ReadsBody | TouchesBody
		pf.Must &= ReadsBody
	}
	switch {
	case pf.Must&ReadsBody != 0:
		act.check = CheckRead
		f.readWhat[call.Pos()] = act.what
	case pf.Must&ReadsMultipartBody != 0:
		act.check = CheckFormBody
		f.readWhat[call.Pos()] = act.what
	}
	if act.may&ParsesForm != 0 {
		act.kill |= bits(EvUnparsed)
	}
	if act.may&ParsesMultipart != 0 {
		act.kill |= bits(EvNoMultipart)
	}
	if act.may&(ReadsBody|ReadsMultipartBody|TouchesBody) != 0 {
		act.kill |= bodyEvents
		act.escapes = true
	}
	for eff, ev := range map[Effect]flow.Event{ParsesForm: EvFormParsed, ParsesMultipart: EvMultipartParsed, ReadsBody: EvRawRead, ReadsMultipartBody: EvFormRead} {
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
func (f *RequestSolution) bodyUse(at inspector.Cursor, limited bool) *action {
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
func (f *RequestSolution) bodyVarDef(lhs ast.Expr) bool {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	return ok && f.bodyVars[f.info.ObjectOf(id)]
}

// writerUse classifies a use of w: only w.Header() and handing w to
// http.MaxBytesReader cannot write the response.
func (f *RequestSolution) writerUse(id inspector.Cursor) *action {
	cur := up(id)
	switch cur.ParentEdgeKind() {
	case edge.SelectorExpr_X:
		sel := cur.Parent().Node().(*ast.SelectorExpr)
		if s := f.info.Selections[sel]; s != nil && cur.Parent().ParentEdgeKind() == edge.CallExpr_Fun {
			fn, _ := s.Obj().(*types.Func)
			if use, ok := Lookup(fn).On(Recv); ok && use.May&^(ReadsHeader|MakesHeader) == 0 {
				return harmless
			}
		}
	case edge.CallExpr_Args:
		// Handed to a library function that does nothing to it
		// (http.MaxBytesReader).
		call := cur.Parent().Node().(*ast.CallExpr)
		if fn := typeutil.StaticCallee(f.info, call); fn != nil && fn.Signature().Recv() == nil {
			if use, ok := Lookup(fn).On(Operand(cur.ParentEdgeIndex())); ok && use.May == 0 {
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
	return &action{kill: bits(EvWriterFresh), node: id.Node()}
}

// ignoredError records a statement that discards the error of decoding the
// body or parsing the form: json.NewDecoder(r.Body).Decode(&v), _ =
// json.Unmarshal(body, &v), r.ParseForm().
func (f *RequestSolution) ignoredError(cur inspector.Cursor) {
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
	ic.Stmt = cur.Node().(ast.Stmt)
	f.actions[ic.Stmt] = append(f.actions[ic.Stmt], &action{check: CheckIgnored, node: ic.Stmt, ignored: ic})
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// decodeCall recognizes a call decoding the body or parsing the form.
func (f *RequestSolution) decodeCall(call *ast.CallExpr) *IgnoredCall {
	callee := typeutil.StaticCallee(f.info, call)
	row := Lookup(callee)
	if row == nil {
		return nil
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if use, _ := row.On(0); use.Must&Decodes != 0 && callee.Signature().Recv() == nil {
		// json.Unmarshal(data, &v) of the bytes read from the body.
		if len(call.Args) != 2 {
			return nil
		}
		if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || !f.bytesVars[f.info.Uses[id]] {
			return nil
		}
		return &IgnoredCall{Call: call, What: qualifiedName(f.a.r.pass.Pkg, callee), Kind: formatOf(callee.Pkg().Path()), Target: f.rootVar(call.Args[1])}
	}
	use, _ := row.On(Recv)
	switch {
	case use.Must&Decodes == 0 || sel == nil:
	case use.Must&ParsesForm != 0:
		// r.ParseForm(), r.ParseMultipartForm(n)
		if f.req == nil || !f.req.Refers(sel.X) {
			return nil
		}
		kind := "form"
		if use.Must&ParsesMultipart != 0 {
			kind = "multipart"
		}
		rname := ast.Unparen(sel.X).(*ast.Ident).Name // Refers saw an identifier
		return &IgnoredCall{Call: call, What: rname + "." + callee.Name(), Kind: kind}
	case len(call.Args) == 1:
		// dec.Decode(&v) of a decoder over the body.
		x := ast.Unparen(sel.X)
		id, isIdent := x.(*ast.Ident)
		if !f.isBodyDecoder(x) && !(isIdent && f.decoderVars[f.info.Uses[id]]) {
			return nil
		}
		return &IgnoredCall{Call: call, What: "Decode", Kind: formatOf(callee.Pkg().Path()), Target: f.rootVar(call.Args[0])}
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
func (f *RequestSolution) rootVar(e ast.Expr) types.Object {
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

func isField(info *types.Info, sel *ast.SelectorExpr) bool {
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.FieldVal
}
