package effects

// How the writer engine classifies each call and assignment into a use
// of the writer (an Op): the writer's own methods, the library table,
// summarized helpers and local closures.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
	"golang.org/x/tools/go/types/typeutil"
)

// Classify returns what n, a call or an assignment, does to the writer.
func (s *WriterSolution) Classify(n ast.Node) Op {
	switch n := n.(type) {
	case *ast.AssignStmt:
		// w.Header()["X-Id"] = v, h[k] = v
		for _, lhs := range n.Lhs {
			if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && s.Writer.IsHeader(ix.X) {
				return Op{Node: n, Kind: OpHeader, What: types.ExprString(lhs) + " assignment"}
			}
		}
	case *ast.CallExpr:
		o := s.classifyCall(n)
		o.Node = n
		if o.What == calledName {
			// Spelled only for a use of the writer: most calls are none.
			o.What = ""
			if o.Kind != OpNone {
				o.What = types.ExprString(n.Fun)
			}
		}
		if o.Kind != OpNone && o.Kind != OpHeader {
			o.Tentative = s.info.tentative[n]
		}
		return o
	}
	return Op{}
}

// calledName stands, in the What of classifyCall's ops, for the call's
// function as written (types.ExprString(call.Fun)), which Classify spells
// for the ops that use the writer.
const calledName = "\x00called"

func (s *WriterSolution) classifyCall(call *ast.CallExpr) Op {
	info := s.e.r.pass.TypesInfo
	w := s.Writer
	fun := ast.Unparen(call.Fun)
	name := calledName
	if id, ok := fun.(*ast.Ident); ok {
		switch obj := info.Uses[id].(type) {
		case *types.Builtin:
			// delete(h, k), clear(h)
			if (obj.Name() == "delete" || obj.Name() == "clear") && len(call.Args) > 0 && w.IsHeader(call.Args[0]) {
				return Op{Kind: OpHeader, What: obj.Name() + " on the header map"}
			}
			return Op{}
		case *types.Var:
			if lit := w.Closure(obj); lit != nil {
				return s.opOf(s.closureEffects(call, lit), name)
			}
		}
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		switch {
		case w.Refers(sel.X):
			// The writer's own methods: w.WriteHeader, w.Write.
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			use, _ := Lookup(fn).On(Recv)
			if use.Must&SendsStatus != 0 && len(call.Args) == 1 && informational(info, call.Args[0]) {
				return Op{} // 1xx: headers may still change
			}
			if o := libraryOp(use.Must, name); o.Kind != OpNone && o.Kind != OpHeader {
				switch {
				case o.Kind == OpStatus && len(call.Args) == 1:
					o.StatusArg = call.Args[0]
					o.ErrorStatus = errorStatus(info, call.Args[0])
				case o.Kind == OpBody && len(call.Args) == 1:
					o.Empty = emptyBytes(info, call.Args[0])
					o.EmptyOnError = s.emptyOnError(call.Args[0])
				}
				return o
			}
		case w.IsHeader(sel.X):
			use, _ := Lookup(typeutil.StaticCallee(info, call)).On(Recv)
			if use.Must&SetsHeader != 0 {
				return Op{Kind: OpHeader, What: headerCallName(call)}
			}
		case sel.Sel.Name == "Flush":
			// w.(http.Flusher).Flush(), whatever the asserted type.
			if ta, ok := ast.Unparen(sel.X).(*ast.TypeAssertExpr); ok && w.Refers(ta.X) {
				return Op{Kind: OpBody, What: name}
			}
		}
	}
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		if bound := s.e.boundFunc(fun); bound != nil {
			// A function value the package binds to one function only.
			c := s.calleeEffects(bound, call)
			o := s.opOf(c.effect, name)
			o.ErrorStatus, o.StatusArg = c.errorStatus, c.statusArg
			return o
		}
		// An interface method or a function value given the writer:
		// a handler the analysis cannot see.
		if s.handsOn(call) {
			return Op{Kind: OpHandOn, What: name, Serves: servesRequest(info, call)}
		}
		return Op{}
	}
	if o, ok := s.library(fn, call, name); ok {
		return o
	}
	c := s.calleeEffects(fn, call)
	if c.cyclic && c.effect == 0 && s.handsOn(call) {
		// A call back into a function being solved, or of a function of
		// the same cycle that says nothing: what it does is not known, as
		// for a handler the analysis cannot see (see run).
		return Op{Kind: OpHandOn, What: name, Serves: servesRequest(info, call)}
	}
	o := s.opOf(c.effect, name)
	o.ErrorStatus, o.StatusArg = c.errorStatus, c.statusArg
	if o.Kind == OpNone && fn.Pkg() != s.e.r.pass.Pkg && isServeHTTP(fn) && s.handsOn(call) {
		// The ServeHTTP method of a handler of another package that says
		// nothing about its writer (http.HandlerFunc's, a router's).
		return Op{Kind: OpHandOn, What: name, Serves: true}
	}
	return o
}

// servesRequest reports whether call is a handler's: a ServeHTTP method,
// or a function value of type func(http.ResponseWriter, *http.Request)
// (http.HandlerFunc), which serves the whole request by contract.
func servesRequest(info *types.Info, call *ast.CallExpr) bool {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "ServeHTTP" && len(call.Args) == 2 {
		return true
	}
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 2 && sig.Results().Len() == 0 &&
		httpmodel.IsResponseWriter(sig.Params().At(0).Type()) && code.IsPointerTo(sig.Params().At(1).Type(), "net/http", "Request")
}

// handsOn reports whether the writer is one of call's arguments.
func (s *WriterSolution) handsOn(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if s.Writer.Refers(a) {
			return true
		}
	}
	return false
}

// isServeHTTP reports whether fn is a method ServeHTTP(http.ResponseWriter, *http.Request).
func isServeHTTP(fn *types.Func) bool {
	sig := fn.Signature()
	return fn.Name() == "ServeHTTP" && sig.Recv() != nil && sig.Params().Len() == 2
}

// errorStatus reports whether e is a constant status of 400 or more.
func errorStatus(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	v, ok := constant.Int64Val(tv.Value)
	return ok && v >= 400 && v <= 599
}

// emptyBytes reports whether e, the bytes of a write, is certainly empty:
// nil, an empty constant string, or a conversion of one to []byte.
func emptyBytes(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if code.IsNil(info, e) {
		return true
	}
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value) == ""
	}
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) == 1 {
		if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
			return emptyBytes(info, call.Args[0])
		}
	}
	return false
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
func (s *WriterSolution) library(fn *types.Func, call *ast.CallExpr, name string) (Op, bool) {
	row := Lookup(fn)
	if row == nil {
		return Op{}, false
	}
	w := s.Writer
	for _, use := range row.Uses {
		switch {
		case use.Of == Recv:
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || !(w.IsEncoder(sel.X) || w.IsController(sel.X)) {
				continue
			}
		case int(use.Of) >= len(call.Args) || !w.Refers(call.Args[use.Of]):
			continue
		}
		if o := libraryOp(use.Must, name); o.Kind != OpNone {
			// What the status or the bytes are, for the rules after a reply.
			switch {
			case code.IsFunc(fn, "net/http", "Error") && len(call.Args) == 3:
				o.StatusArg = call.Args[2]
				o.ErrorStatus = errorStatus(s.e.r.pass.TypesInfo, call.Args[2])
			case code.IsFunc(fn, "net/http", "NotFound"):
				o.ErrorStatus = true
			case (code.IsFunc(fn, "io", "WriteString") || code.IsFunc(fn, "fmt", "Fprint")) && len(call.Args) == 2:
				o.Empty = emptyBytes(s.e.r.pass.TypesInfo, call.Args[1])
				o.EmptyOnError = s.emptyOnError(call.Args[1])
			}
			return o, true
		}
	}
	return Op{}, false
}

// libraryOp turns what a library call does to the writer into an op.
func libraryOp(e Effect, name string) Op {
	o := Op{What: name}
	switch {
	case e&Replies != 0:
		o.Kind, o.Headers = OpReply, e&SetsHeader != 0
	case e&SendsStatus != 0:
		o.Kind, o.Headers = OpStatus, e&SetsHeader != 0
	case e&(Commits|WritesBody|Flushes) != 0:
		o.Kind = OpBody
	case e&SetsHeader != 0:
		o.Kind, o.Cookie = OpHeader, e&SetsCookie != 0
	}
	// http.ServeContent and its kind send a status and the content.
	o.Responds = o.Kind == OpStatus && e&WritesBody != 0
	return o
}

// opOf turns the effects of a call on the writer into an op.
func (s *WriterSolution) opOf(e Effect, name string) Op {
	o := Op{What: name, Helper: true, Headers: e&SetsHeader != 0, Responds: e&Responds != 0}
	switch {
	case e&Replies != 0:
		o.Kind = OpReply
	case e&SendsStatus != 0:
		o.Kind = OpStatus
	case e&Commits != 0:
		o.Kind = OpBody
	case e&Serves != 0:
		// Replies on some paths, hands the writer to a handler on the
		// others: at least what a handler's call is.
		o.Kind, o.Serves = OpHandOn, true
	case e&SetsHeader != 0:
		o.Kind = OpHeader
	}
	return o
}

// calleeEffects returns the effects on the writer of a call of fn: the
// summary of a function of this package, or the fact of an imported one.
// A calleeResult is what a call of a summarized function does to the
// writer: its effects, and whether the status it sends is an error status
// given at the call.
type calleeResult struct {
	effect      Effect
	errorStatus bool
	statusArg   ast.Expr
	// cyclic: fn calls back into its caller (directly or not): it is
	// being solved further up this call chain and has no effects yet, or
	// its effects were solved with the caller's unknown (see run).
	cyclic bool
}

func (s *WriterSolution) calleeEffects(fn *types.Func, call *ast.CallExpr) calleeResult {
	fn = fn.Origin()
	var params []Effect
	var when []Conditional
	cyclic := false
	if f := s.e.byObj[fn]; f != nil {
		s.e.analyze(f)
		if f.state != done {
			s.e.recursion(f)
			return calleeResult{cyclic: true}
		}
		params, when, cyclic = f.Effects, f.When, f.cyclic
	} else if fn.Pkg() != s.e.r.pass.Pkg {
		sum := s.e.r.imported(fn)
		if sum == nil {
			return calleeResult{}
		}
		params = make([]Effect, fn.Signature().Params().Len())
		for _, p := range sum.Params {
			if p.Index < len(params) {
				params[p.Index] = p.Writer
			}
		}
		when = sum.When
	}
	r := s.conditionalEffects(when, fn.Signature(), call)
	r.effect |= s.argEffects(params, fn.Signature(), call)
	r.cyclic = cyclic
	return r
}

// conditionalEffects returns the effects a call has on the writer under
// the conditions its arguments meet: a helper that replies only when its
// error is not nil replies when it is given an error that cannot be nil
// (see nonNil).
func (s *WriterSolution) conditionalEffects(when []Conditional, sig *types.Signature, call *ast.CallExpr) calleeResult {
	var r calleeResult
	if len(when) == 0 || sig.Variadic() && call.Ellipsis.IsValid() {
		return r
	}
	fixed := len(call.Args)
	if sig.Variadic() {
		fixed = sig.Params().Len() - 1
	}
	for _, c := range when {
		if c.Param >= fixed || c.Arg >= fixed || c.Param >= len(call.Args) || c.Arg >= len(call.Args) || !s.Writer.Refers(call.Args[c.Param]) {
			continue
		}
		arg := call.Args[c.Arg]
		switch c.If {
		case ErrorNotNil:
			if s.nonNil(call, arg) {
				r.effect |= c.Writer
			}
		case StatusAtLeast:
			// The status the helper sends is its argument.
			r.statusArg = arg
			if errorStatus(s.e.r.pass.TypesInfo, arg) {
				r.effect |= c.Writer
				r.errorStatus = true
			}
		}
	}
	return r
}

// nonNil reports whether the error argument arg of call cannot be nil: a
// composite literal (or its address) of a concrete type, a call of
// errors.New or fmt.Errorf, or a local variable that an enclosing if
// statement has just tested != nil, with the call in its then-branch and
// no assignment to the variable there before the call.
func (s *WriterSolution) nonNil(call *ast.CallExpr, arg ast.Expr) bool {
	info := s.e.r.pass.TypesInfo
	if code.NonNilValue(info, arg) {
		return true
	}
	if x, ok := ast.Unparen(arg).(*ast.Ident); ok {
		v, ok := info.Uses[x].(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return false
		}
		return s.testedNonNil(call, v)
	}
	return false
}

// testedNonNil reports whether call is in the then-branch of an if
// statement whose condition is v != nil, and v is not assigned in that
// branch before the call.
func (s *WriterSolution) testedNonNil(call *ast.CallExpr, v *types.Var) bool {
	info := s.e.r.pass.TypesInfo
	fnCur, ok := s.e.r.Cursor(s.Fn)
	if !ok {
		return false
	}
	cur, ok := fnCur.FindNode(call)
	if !ok {
		return false
	}
	for ifCur := range cur.Enclosing((*ast.IfStmt)(nil)) {
		ifs := ifCur.Node().(*ast.IfStmt)
		if call.Pos() < ifs.Body.Pos() || call.End() > ifs.Body.End() {
			continue // in the condition or the else branch
		}
		be, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || be.Op != token.NEQ {
			continue
		}
		x, y := be.X, be.Y
		if code.IsNil(info, x) {
			x, y = y, x
		}
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok || info.Uses[id] != v || !code.IsNil(info, y) {
			continue
		}
		assigned := false
		ast.Inspect(ifs.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && as.Pos() < call.Pos() {
				for _, lhs := range as.Lhs {
					if lid, ok := ast.Unparen(lhs).(*ast.Ident); ok && info.ObjectOf(lid) == v {
						assigned = true
					}
				}
			}
			if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND {
				if uid, ok := ast.Unparen(u.X).(*ast.Ident); ok && info.Uses[uid] == v {
					assigned = true // may change through the pointer
				}
			}
			return !assigned
		})
		return !assigned
	}
	return false
}

// argEffects merges the effects of the parameters the writer is passed to.
func (s *WriterSolution) argEffects(params []Effect, sig *types.Signature, call *ast.CallExpr) Effect {
	if sig.Variadic() && call.Ellipsis.IsValid() {
		return 0
	}
	var e Effect
	for i, a := range call.Args {
		if i < len(params) && (!sig.Variadic() || i < sig.Params().Len()-1) && s.Writer.Refers(a) {
			e |= params[i]
		}
	}
	return e
}

// A capturedSummary is the Effect a local closure has on a writer it
// captures.
type capturedSummary struct {
	state  int8
	effect Effect
}

type capturedKey struct {
	lit *ast.FuncLit
	w   *Writer
}

// closureEffects returns the effects of calling a local closure: on the
// writer it captures, and on writer parameters it is passed to.
func (s *WriterSolution) closureEffects(call *ast.CallExpr, lit *ast.FuncLit) Effect {
	c := s.e
	var e Effect
	if f := c.funcs[lit]; f != nil {
		c.analyze(f)
		if f.state == done {
			e |= s.argEffects(f.Effects, f.Sig, call)
		}
	}
	key := capturedKey{lit, s.Writer}
	sum := c.captured[key]
	if sum == nil {
		sum = &capturedSummary{state: analyzing}
		c.captured[key] = sum
		if g := c.cfgs.FuncLit(lit); g != nil {
			// Findings inside the closure are left to its own analysis
			// when it has a writer parameter; it is only summarized here.
			sum.effect = c.solve(s.Writer, lit, lit.Body, g, false).Exit()
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
