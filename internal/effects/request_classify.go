package effects

// How the request engine classifies each use of the request, its body and
// the writer into the actions of its data-flow problem.

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
)

// classify walks the function once and records the action of every use of
// the request, its body and the writer, keyed by the node the data-flow
// walk will reach. Every function with a request or reader parameter of
// every package comes here, most of whose identifiers are none of these
// variables: an identifier is looked up in the package's uses, its
// biggest map, only when its name is one of theirs (an identifier refers
// to an object of its own name).
func (f *RequestSolution) classify() {
	var names []string
	if f.req != nil {
		names = f.req.Names()
	}
	for obj := range f.bodyVars {
		names = append(names, obj.Name())
	}
	if f.writer != nil {
		names = append(names, f.writer.Names()...)
	}
	walkPaths(f.node, func(cur pathCursor) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			if !slices.Contains(names, n.Name) {
				return
			}
			obj := f.info.Uses[n]
			if obj == nil {
				return
			}
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
		case *ast.ExprStmt, *ast.AssignStmt:
			if f.writer != nil {
				f.ignoredError(cur)
			}
		}
	})
}

// add records act for the use at cur. A use inside a function literal
// happens at no known time: it only forgets what its effect could change,
// where the outermost literal is written. The call of a go statement runs
// at no known time either; the call of a defer statement runs after
// everything else, so its effect changes nothing before (its operands,
// r.MultipartForm in defer r.MultipartForm.RemoveAll(), are evaluated at
// once, as usual).
func (f *RequestSolution) add(cur pathCursor, act *action) {
	if act == nil {
		return
	}
	key := cur.Node()
	var lit pathCursor
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
	return &action{kill: bodyEvents | bits(EvUnbounded), may: TouchesBody, node: n, escapes: true}
}

// up returns the cursor of the outermost parenthesis around cur's node.
func up(cur pathCursor) pathCursor {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	return cur
}

// requestUse classifies a use of the request variable, and says whether
// the use may concern the payload (body or form), for body-never-read.
func (f *RequestSolution) requestUse(id pathCursor) (act *action, touches bool) {
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
		if isNilComparison(f.info, cur) {
			return harmless, false
		}
	}
	return escape(id.Node()), true
}

// copiedToAlias reports whether the value at cur (an assignment's right
// side) is assigned to an alias of the request.
func (f *RequestSolution) copiedToAlias(cur pathCursor) bool {
	id, ok := assignedTo(cur).(*ast.Ident)
	return ok && f.req.Contains(f.info.ObjectOf(id))
}

// assignedTo returns what the value at cur, the right side of an
// assignment or a var declaration, is assigned to: nil when the two sides
// do not pair up (x, y := f()).
func assignedTo(cur pathCursor) ast.Expr {
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
		use, _ := Lookup(typeutil.StaticCallee(f.info, call)).On(Recv)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && use.Must&CopiesRequest != 0 {
			e = sel.X
		}
	}
	return f.req.Refers(e)
}

func isNilComparison(info *types.Info, cur pathCursor) bool {
	bin := cur.Parent().Node().(*ast.BinaryExpr)
	if bin.Op != token.EQL && bin.Op != token.NEQ {
		return false
	}
	other := bin.Y
	if cur.ParentEdgeKind() == edge.BinaryExpr_Y {
		other = bin.X
	}
	return code.IsNil(info, other)
}

// fieldUse classifies r.<field>; sel is the selector's cursor.
func (f *RequestSolution) fieldUse(sel pathCursor, rname, field string) (*action, bool) {
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
			if isNilComparison(f.info, cur) {
				// The code knows the field may be nil.
				f.nilChecked[field] = true
				return harmless, true
			}
		}
		f.formUses = append(f.formUses, sel.Node().Pos())
		if field == "MultipartForm" {
			if cur.ParentEdgeKind() == edge.SelectorExpr_X {
				return &action{check: CheckMultipart, node: sel.Node(), what: what, field: field, may: ReadsForm}, true
			}
			return harmless, true // handed on: whether it is dereferenced is not known
		}
		return &action{check: CheckForm, node: sel.Node(), what: what, field: field, may: ReadsForm}, true
	case "ContentLength", "GetBody", "TransferEncoding":
		return harmless, true // about the body
	}
	return harmless, false
}

// methodCall classifies r.<method>(...); call is the call's cursor, fn
// the method. What each method does comes from effects' table.
func (f *RequestSolution) methodCall(call pathCursor, rname string, method *types.Func) (*action, bool) {
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
	act := &action{node: node, what: what, may: use.May & (requestAll | ReadsForm)}
	if use.Must&ReadsForm != 0 {
		f.formUses = append(f.formUses, node.Pos())
	}
	switch {
	case use.Must&NeedsBody != 0:
		act.check = CheckFormBody
	case use.Must&ParsesForm != 0:
		// r.ParseForm, r.FormValue: the body's fields are lost when it
		// was drained.
		act.check = CheckDrainedForm
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

// writerUse classifies a use of w: only w.Header() and handing w to
// http.MaxBytesReader cannot write the response.
func (f *RequestSolution) writerUse(id pathCursor) *action {
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
		if isNilComparison(f.info, cur) {
			return harmless
		}
	}
	return &action{kill: bits(EvWriterFresh), node: id.Node()}
}
