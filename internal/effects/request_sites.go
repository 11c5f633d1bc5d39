package effects

// What the request engine records for the rules that follow the request
// into callees and beyond handlers: where a function reads the form its
// caller must have parsed, where it reads the body whole with no limit,
// the body drained to io.Discard, and the functions limiting the bodies
// of the handlers behind them.

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strconv"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
)

// siteOf returns the site of the function's own use at pos.
func (f *RequestSolution) siteOf(what string, pos token.Pos) Site {
	p := f.a.r.pass.Fset.Position(pos)
	return Site{What: what, At: filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)}
}

// calleeSite returns the site of a callee's fact as seen from its caller:
// the callee becomes Via unless the use is deeper still.
func calleeSite(s Site, callee *types.Func) Site {
	if s.Via == "" {
		s.Via = qualifiedName(nil, callee)
	}
	return s
}

// noteSites records, on the final walk of a summary, the first uses of
// each kind the function's callers check: a form read with no parse
// before it on any path, a use of the form, a whole read of the body with
// no limit before it.
func (f *RequestSolution) noteSites(act *action, s *flow.State) {
	site := act.site
	if !site.Known() && act.node != nil {
		site = f.siteOf(act.what, act.node.Pos())
	}
	switch act.check {
	case CheckForm:
		if !f.needsForm.Known() && s.Has(EvUnparsed) && !f.nilChecked[fieldOf(site.What)] {
			f.needsForm = site
		}
	case CheckMultipart:
		if !f.needsMultipart.Known() && s.Has(EvNoMultipart) && !f.nilChecked["MultipartForm"] {
			f.needsMultipart = site
		}
	case CheckUnbounded:
		if !f.unbounded.Known() && s.Has(EvUnbounded) {
			f.unbounded = site
		}
	}
	if !f.formUse.Known() && act.may&ReadsForm != 0 {
		switch {
		case act.formUse.Known():
			f.formUse = act.formUse
		case act.check == CheckForm || act.check == CheckMultipart || act.what != "" && act.site == (Site{}):
			f.formUse = f.siteOf(act.what, act.node.Pos())
		}
	}
}

// fieldOf returns "PostForm" for "r.PostForm".
func fieldOf(what string) string {
	for i := len(what) - 1; i >= 0; i-- {
		if what[i] == '.' {
			return what[i+1:]
		}
	}
	return what
}

// FormUseSite returns, for a form use (see FormUses) that is the call of
// a summarized function, where that function uses the form.
func (f *RequestSolution) FormUseSite(pos token.Pos) (Site, bool) {
	s, ok := f.formUseSites[pos]
	return s, ok
}

// calleeChecks returns the checks a call handing the request (body false)
// or its body to a summarized callee gets, before its own effect: the
// callee reading the form its caller must have parsed, or the body whole
// with no limit of its own. It records the callee's use of the form.
func (f *RequestSolution) calleeChecks(call *ast.CallExpr, callee *types.Func, pf *Param, body, limited bool) []*action {
	name := qualifiedName(f.a.r.pass.Pkg, callee)
	var pre []*action
	if !body {
		if pf.NeedsForm.Known() {
			pre = append(pre, &action{check: CheckForm, node: call, what: name, field: fieldOf(pf.NeedsForm.What), site: calleeSite(pf.NeedsForm, callee)})
		}
		if pf.NeedsMultipart.Known() {
			pre = append(pre, &action{check: CheckMultipart, node: call, what: name, field: "MultipartForm", site: calleeSite(pf.NeedsMultipart, callee)})
		}
		if pf.FormUse.Known() {
			f.formUses = append(f.formUses, call.Pos())
			f.formUseSites[call.Pos()] = calleeSite(pf.FormUse, callee)
		}
	}
	if pf.Unbounded.Known() && !limited {
		pre = append(pre, &action{check: CheckUnbounded, node: call, what: name, site: calleeSite(pf.Unbounded, callee)})
	}
	return pre
}

// isDiscard reports whether e is io.Discard (or ioutil.Discard).
func isDiscard(info *types.Info, e ast.Expr) bool {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.Ident:
		id = e
	default:
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && v.Name() == "Discard" && v.Pkg() != nil && (v.Pkg().Path() == "io" || v.Pkg().Path() == "io/ioutil") && v.Parent() == v.Pkg().Scope()
}

// isLimitedExpr reports whether e is a body with a limit: wrapped by
// http.MaxBytesReader or io.LimitReader, or a variable only ever given
// such a body.
func (f *RequestSolution) isLimitedExpr(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return f.boundedVars[f.info.Uses[e]]
	case *ast.CallExpr:
		fn := typeutil.StaticCallee(f.info, e)
		i := wrapArg(fn)
		if i < 0 || i >= len(e.Args) {
			return false
		}
		if use, _ := Lookup(fn).On(Operand(i)); use.Must&(BoundsBody|LimitsBody) != 0 {
			return true
		}
		return f.isLimitedExpr(e.Args[i])
	}
	return false
}

// findBoundedVars marks the body variables whose every value has a limit.
func (f *RequestSolution) findBoundedVars(sources map[types.Object][]ast.Expr) {
	for changed := true; changed; {
		changed = false
		for obj, srcs := range sources {
			if f.boundedVars[obj] || !f.bodyVars[obj] || len(srcs) == 0 {
				continue
			}
			all := true
			for _, e := range srcs {
				if e == nil || !f.isLimitedExpr(e) {
					all = false
					break
				}
			}
			if all {
				f.boundedVars[obj] = true
				changed = true
			}
		}
	}
}

// RequestFuncs returns the functions other than handlers that take a
// *http.Request, solved for the rules that hold in any such function (a
// body read twice, a form parsed from a drained body), in source order.
// Each is solved once, on the first call.
//
// Only the functions that may break one of these rules are listed: those
// where a use of the request is one of their checks (CheckRead,
// CheckFormBody, CheckDrainedForm), found by classifying the uses. Most
// helpers given a request read its headers, its context or its URL, and
// the data-flow solution of those would find nothing.
func (r *Result) RequestFuncs() []*RequestSolution {
	a := r.request
	if a.funcsDone {
		return a.funcs
	}
	a.funcsDone = true
	for _, fn := range a.helpers {
		decl := a.decls[fn]
		for _, p := range trackedParams(fn.Signature()) {
			if !p.request || p.v.Name() == "" || p.v.Name() == "_" {
				continue
			}
			f := a.newFunc(decl, decl.Body, a.cfgs.FuncDecl(decl))
			f.fn = fn
			f.req = r.aliases(decl.Body, p.v)
			if f.graph == nil || !f.classifyUses() {
				continue // unsure: nothing to report
			}
			if !f.readsTwiceChecked() {
				continue
			}
			f.solveFlow()
			a.funcs = append(a.funcs, f)
		}
	}
	return a.funcs
}

// readsTwiceChecked reports whether a use classified is checked for a body
// already consumed: a read, a parse needing the body, or a parse of a
// drained body.
func (f *RequestSolution) readsTwiceChecked() bool {
	checked := func(act *action) bool {
		switch act.check {
		case CheckRead, CheckFormBody, CheckDrainedForm:
			return true
		}
		return false
	}
	for _, acts := range f.actions {
		for _, act := range acts {
			if checked(act) || slices.ContainsFunc(act.pre, checked) {
				return true
			}
		}
	}
	return false
}

// Func returns the declared function solved, for RequestFuncs' solutions.
func (f *RequestSolution) Func() *types.Func { return f.fn }

// passesRequest reports whether one of a call's arguments is a request.
func passesRequest(info *types.Info, call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		if tv, ok := info.Types[arg]; ok && httpmodel.IsRequestPtr(tv.Type) {
			return true
		}
	}
	return false
}

// limitsBodies reports whether a function declaration calls
// http.MaxBytesReader (itself or in a literal) and hands a request on
// (next.ServeHTTP(w, r), or next(w, r) through a function value): a
// middleware limiting the bodies of the handlers behind it, or the
// function making one.
func (r *Result) limitsBodies(decl *ast.FuncDecl) bool {
	if decl.Body == nil {
		return false
	}
	limits, handsOn := false, false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if r.callsMaxBytesReader(call) {
			limits = true
		}
		fn := typeutil.StaticCallee(r.pass.TypesInfo, call)
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "ServeHTTP" {
			handsOn = true
		}
		if fn == nil && passesRequest(r.pass.TypesInfo, call) {
			handsOn = true // next(w, r), through a function value
		}
		return true
	})
	return limits && handsOn
}

// findLimiters records the function declarations limiting the bodies of
// the handlers behind them. Limiting takes a call of
// http.MaxBytesReader: a package that does not import net/http has no
// limiter (and most packages do not), and in one that does, only the
// declarations holding such a call are read whole, found in one pass
// over the package's calls.
func (r *Result) findLimiters() {
	if !r.importsHTTP() {
		return
	}
	// The calls are told by their callee, which the Syntax holds: the
	// one http.MaxBytesReader of the package's net/http, compared with
	// no look at the call's syntax (most calls of every package
	// importing net/http come here).
	maxBytesReader := httpFunc(r.pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model).HTTP, "MaxBytesReader")
	if maxBytesReader == nil {
		return
	}
	syntax := r.graphs.Syntax()
	// decl is the declaration the calls are under, until next: function
	// declarations are not nested.
	var decl *ast.FuncDecl
	var next int32
	for i, sn := range syntax.Nodes() {
		if int32(i) >= next {
			decl = nil
		}
		switch n := sn.Node.(type) {
		case *ast.FuncDecl:
			decl, next = n, sn.Next
		case *ast.CallExpr:
			if decl == nil || sn.Callee != maxBytesReader {
				continue
			}
			fn, ok := r.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok || r.limiters[fn] || !r.limitsBodies(decl) {
				continue
			}
			if r.limiters == nil {
				r.limiters = map[*types.Func]bool{}
			}
			r.limiters[fn] = true
		}
	}
}

// httpFunc returns the function of net/http named name, from http, the
// package as the analyzed package sees it (httpmodel.Model.HTTP), or nil.
func httpFunc(http *types.Package, name string) types.Object {
	if http == nil {
		return nil
	}
	fn, _ := http.Scope().Lookup(name).(*types.Func)
	if fn == nil {
		return nil // not a typed nil in the interface
	}
	return fn
}

// httpMethod returns the method name of net/http's type typeName, from
// http as httpFunc's, or nil.
func httpMethod(http *types.Package, typeName, name string) types.Object {
	if http == nil {
		return nil
	}
	tn, _ := http.Scope().Lookup(typeName).(*types.TypeName)
	if tn == nil {
		return nil
	}
	m, _, _ := types.LookupFieldOrMethod(tn.Type(), true, http, name)
	if fn, ok := m.(*types.Func); ok {
		return fn
	}
	return nil
}

// callsMaxBytesReader reports whether call calls http.MaxBytesReader,
// looking at the called name before the types: most calls are not.
func (r *Result) callsMaxBytesReader(call *ast.CallExpr) bool {
	var name *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = fun
	case *ast.SelectorExpr:
		name = fun.Sel
	}
	if name == nil || name.Name != "MaxBytesReader" {
		return false
	}
	fn := typeutil.StaticCallee(r.pass.TypesInfo, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" && fn.Name() == "MaxBytesReader"
}

// importsHTTP reports whether the package imports net/http itself.
func (r *Result) importsHTTP() bool {
	if r.httpImported == nil {
		imported := slices.ContainsFunc(r.pass.Pkg.Imports(), func(p *types.Package) bool { return p.Path() == "net/http" })
		r.httpImported = &imported
	}
	return *r.httpImported
}

// limiterOrder returns the limiters in source order, for a stable export.
func (r *Result) limiterOrder() []*types.Func {
	var fns []*types.Func
	for fn := range r.limiters {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	return fns
}

// LimitsBodies reports whether fn, of this package or another, limits
// the bodies of the handlers behind it (a middleware calling
// http.MaxBytesReader, or the function making one).
func (r *Result) LimitsBodies(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	if fn.Pkg() == r.pass.Pkg {
		return r.limiters[fn]
	}
	s := r.imported(fn)
	return s != nil && s.LimitsBodies
}

// PackageLimitsBodies reports whether the package declares a function
// limiting the bodies of the handlers behind it: one the model may not see
// wrapping the handlers (a server's handler, a router of another file).
func (r *Result) PackageLimitsBodies() bool { return len(r.limiters) > 0 }

// nilBody reports whether cond having the outcome taken means the
// request's body is nil: r.Body != nil not taken, r.Body == nil taken.
func (f *RequestSolution) nilBody(cond ast.Expr, taken bool) bool {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || f.req == nil || (bin.Op != token.EQL && bin.Op != token.NEQ) || (bin.Op == token.EQL) != taken {
		return false
	}
	x, y := ast.Unparen(bin.X), ast.Unparen(bin.Y)
	if code.IsNil(f.info, x) {
		x, y = y, x
	}
	sel, ok := x.(*ast.SelectorExpr)
	return ok && code.IsNil(f.info, y) && sel.Sel.Name == "Body" && isField(f.info, sel) && f.req.Refers(sel.X)
}
