package effects

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/flow"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"
)

// What the request engine knows of the body: the locals holding it, a
// decoder over it or its bytes, and the calls it is handed to.

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
	values := map[types.Object][]ast.Expr{}
	for obj, srcs := range sources {
		for _, s := range srcs {
			if s.idx >= 0 {
				s.e = nil // one of several results: not a body
			}
			values[obj] = append(values[obj], s.e)
		}
	}
	f.findBoundedVars(values)
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

// passed classifies the request (body false) or its body (body true,
// limited when through io.LimitReader) passed as argument at cur to a
// call: a known reader, or a function whose fact says what it does.
// Anything else is unknown code.
func (f *RequestSolution) passed(cur pathCursor, body, limited bool) (*action, bool) {
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
	// bounded: the body reaches the call through http.MaxBytesReader or
	// io.LimitReader, here or in a variable.
	bounded := body && f.isLimitedExpr(cur.Node().(ast.Expr))
	if use, _ := Lookup(callee).On(Operand(idx)); body && callee.Signature().Recv() == nil {
		if use.Must&ReadsBody != 0 {
			if limited {
				return &action{may: TouchesBody, node: call}, true // a partial read
			}
			what := qualifiedName(f.a.r.pass.Pkg, callee)
			f.readWhat[call.Pos()] = what
			f.noteReadErr(cur.Parent())
			act := &action{check: CheckRead, kill: bodyEvents, gen: bits(EvRawRead), may: ReadsBody | TouchesBody, node: call, what: what}
			if idx == 1 && len(call.Args) == 2 && use.Must&ReadsWhole == 0 && isDiscard(f.info, call.Args[0]) {
				// io.Copy(io.Discard, r.Body) throws away what is left:
				// after another read, that is nothing, on purpose.
				act.gen |= bits(EvDrained)
				act.check = CheckNone
			}
			if use.Must&ReadsWhole != 0 && !bounded {
				act.pre = append(act.pre, &action{check: CheckUnbounded, node: call, what: what})
			}
			return act, true
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
	act.pre = f.calleeChecks(call, callee, pf, body, limited || bounded)
	if pf.FormUse.Known() && !body {
		act.formUse = calleeSite(pf.FormUse, callee)
	}
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
	if act.may&BoundsBody != 0 {
		act.kill |= bits(EvUnbounded) // it may limit the body
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
func (f *RequestSolution) bodyUse(at pathCursor, limited bool) *action {
	cur := up(at)
	node := at.Node()
	switch cur.ParentEdgeKind() {
	case edge.CallExpr_Args:
		act, _ := f.passed(cur, true, limited)
		return act
	case edge.SelectorExpr_X:
		// Its own methods: Close, and Read, a partial read that neither
		// consumes the body nor proves anything about it.
		sel := cur.Parent().Node().(*ast.SelectorExpr)
		if s := f.info.Selections[sel]; s != nil {
			fn, _ := s.Obj().(*types.Func)
			if use, ok := Lookup(fn).On(Recv); ok {
				if use.May == 0 {
					return harmless
				}
				return &action{may: use.May & requestAll, node: node}
			}
		}
	case edge.AssignStmt_Rhs, edge.ValueSpec_Values:
		if lhs := assignedTo(cur); lhs != nil && (f.isBodyExpr(lhs) || f.bodyVarDef(lhs)) {
			return harmless // r.Body = http.MaxBytesReader(w, r.Body, n); b := r.Body
		}
	case edge.AssignStmt_Lhs:
		assign := cur.Parent().Node().(*ast.AssignStmt)
		_, isField := node.(*ast.SelectorExpr)
		if len(assign.Lhs) == len(assign.Rhs) && f.isBodyExpr(assign.Rhs[cur.ParentEdgeIndex()]) {
			if isField && f.isLimitedExpr(assign.Rhs[cur.ParentEdgeIndex()]) {
				// r.Body = http.MaxBytesReader(w, r.Body, n)
				return &action{kill: bits(EvUnbounded), may: BoundsBody, node: node}
			}
			return harmless
		}
		if isField {
			// r.Body = io.NopCloser(bytes.NewReader(data)): a new body.
			return &action{kill: bodyEvents | bits(EvUnbounded), may: TouchesBody, node: node}
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

func isField(info *types.Info, sel *ast.SelectorExpr) bool {
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.FieldVal
}
