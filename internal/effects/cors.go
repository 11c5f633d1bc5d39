package effects

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
)

// This file is the effects model's reading of what functions do for
// CORS: the response headers they set (Access-Control-Allow-Origin, to
// which origins, always or only under a test of the request's path; the
// preflight headers), whether they test for OPTIONS, parse a form body,
// or chain to middleware they are given, and through which parameter
// (writer, pointer to writer or header map) a helper sets the origin.
// It is computed on demand per function and body, and exported with a
// function's Summary (its CORS field). cors_origin.go finds a helper's
// origin parameter. Its interface is [Result.CORSOf] and
// [Result.CORSOfBody]; preflight reads it.

// corsEngine computes and caches the CORS summaries of one package.
type corsEngine struct {
	pass  *analysis.Pass
	cfgs  *flow.Graphs // also the index of the functions declared here
	facts map[*types.Func]*CORS
	// imported caches the facts of functions of other packages, which
	// a package calls over and over.
	imported map[*types.Func]*CORS
	bodies   map[*ast.BlockStmt]*CORS
	// headerSetters are net/http's Header.Set and Header.Add, the callees
	// of every call headerSet recognizes, when the package imports
	// net/http (nil otherwise): the others are passed over by their
	// callee, which the Syntax holds, with no look at their syntax.
	headerSetters []types.Object
	// aliases is Result.aliases: the writer engine walked the bodies of
	// most functions with a writer parameter already.
	aliases func(body *ast.BlockStmt, v *types.Var) *alias.Set
}

func newCORSEngine(r *Result) *corsEngine {
	pass := r.pass
	c := &corsEngine{
		pass:     pass,
		cfgs:     r.graphs,
		facts:    map[*types.Func]*CORS{},
		imported: map[*types.Func]*CORS{},
		bodies:   map[*ast.BlockStmt]*CORS{},
		aliases:  r.aliases,
	}
	http := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model).HTTP
	set, add := httpMethod(http, "Header", "Set"), httpMethod(http, "Header", "Add")
	if set != nil && add != nil {
		c.headerSetters = []types.Object{set, add}
	}
	return c
}

// CORSOf returns what fn does for CORS: computed for a function of this
// package, imported with its Summary for one elsewhere. It never returns
// nil.
func (r *Result) CORSOf(fn *types.Func) *CORS { return r.cors.factOf(fn) }

// CORSOfBody returns what a body of this package (a function literal's,
// function literals in it included) does for CORS.
func (r *Result) CORSOfBody(body *ast.BlockStmt) *CORS { return r.cors.summarize(body) }

// A CORS is what a function does for CORS. It is exported as a
// Summary's CORS field when it says something, so that handlers,
// helpers and middleware in other packages count too.
type CORS struct {
	// Writer is 1 + the index of a parameter (http.ResponseWriter,
	// *http.ResponseWriter or http.Header) on which the function sets
	// Access-Control-Allow-Origin on every path that returns (Always),
	// or on some path when all it does with the parameter is set
	// headers: a CORS helper such as setCORS(w, r). 0 when none.
	Writer int
	Always bool
	// SetsOrigin is set when the function, or a function literal in it,
	// sets Access-Control-Allow-Origin on some response: a CORS handler
	// or middleware.
	SetsOrigin bool
	// OriginByPath is set when every Access-Control-Allow-Origin it
	// sets is under a test of the request's path (CORS for the API
	// paths only): the analyzer cannot tell for which routes.
	OriginByPath bool
	// Origins lists the constant values it sets; Dynamic is set when it
	// also sets a value that is not constant.
	Origins []string
	Dynamic bool
	// Credentials: it sets Access-Control-Allow-Credentials.
	// PreflightHeaders: it sets Access-Control-Allow-Methods or
	// -Headers, which only a preflight needs.
	Credentials, PreflightHeaders bool
	// Preflight is set when it compares a request's method with OPTIONS:
	// wrapping a router, it may answer preflights before routing.
	Preflight bool
	// ParsesForm: it reads the request as a form, which a browser may
	// send cross-origin without a preflight.
	ParsesForm bool
	// Chains is set when it applies middleware it is given (calls a
	// func(http.Handler) http.Handler value): wrapping a router, it may
	// apply CORS middleware the analyzer does not see.
	Chains bool
}

func (f *CORS) String() string {
	var parts []string
	if f.Writer > 0 {
		parts = append(parts, fmt.Sprintf("origin-on-param-%d(always=%v)", f.Writer-1, f.Always))
	}
	for _, flag := range []struct {
		on   bool
		name string
	}{{f.SetsOrigin, "sets-origin"}, {f.OriginByPath, "by-path"}, {f.Dynamic, "dynamic"}, {f.Credentials, "credentials"},
		{f.PreflightHeaders, "preflight-headers"}, {f.Preflight, "preflight"}, {f.ParsesForm, "form"}, {f.Chains, "chains"}} {
		if flag.on {
			parts = append(parts, flag.name)
		}
	}
	if len(f.Origins) > 0 {
		parts = append(parts, "origins="+strings.Join(f.Origins, ","))
	}
	return "cors(" + strings.Join(parts, " ") + ")"
}

func (f *CORS) empty() bool {
	return f.Writer == 0 && !f.SetsOrigin && !f.Credentials && !f.PreflightHeaders && !f.Preflight && !f.ParsesForm && !f.Chains
}

// enablesCORS reports whether the function sets
// Access-Control-Allow-Origin on some response, whatever the path.
func (f *CORS) EnablesCORS() bool { return f.SetsOrigin && !f.OriginByPath }

// addOrigin records a value set as Access-Control-Allow-Origin, under a
// test of the request's path when byPath.
func (f *CORS) addOrigin(value string, known, byPath bool) {
	f.OriginByPath = byPath && (f.OriginByPath || !f.SetsOrigin)
	f.SetsOrigin = true
	switch {
	case !known:
		f.Dynamic = true
	case !slices.Contains(f.Origins, value):
		f.Origins = append(f.Origins, value)
	}
}

// merge adds what a callee does to the response the caller passed it.
func (f *CORS) Merge(g *CORS) {
	if g.SetsOrigin {
		f.OriginByPath = g.OriginByPath && (f.OriginByPath || !f.SetsOrigin)
		f.SetsOrigin = true
		f.Dynamic = f.Dynamic || g.Dynamic
		for _, o := range g.Origins {
			f.addOrigin(o, true, f.OriginByPath)
		}
	}
	f.Credentials = f.Credentials || g.Credentials
	f.PreflightHeaders = f.PreflightHeaders || g.PreflightHeaders
}

// The response headers the analyzer follows, canonical.
const (
	hdrAllowOrigin      = "Access-Control-Allow-Origin"
	hdrAllowCredentials = "Access-Control-Allow-Credentials"
	hdrAllowMethods     = "Access-Control-Allow-Methods"
	hdrAllowHeaders     = "Access-Control-Allow-Headers"
)

// factOf returns what fn does for CORS: computed for a function of this
// package, imported for one elsewhere. It never returns nil.
func (c *corsEngine) factOf(fn *types.Func) *CORS {
	if fn == nil || fn.Pkg() == nil {
		return &CORS{}
	}
	fn = fn.Origin()
	if decl := c.cfgs.DeclOf(fn); decl != nil && decl.Body != nil {
		return c.declFact(fn, decl)
	}
	if f, ok := c.imported[fn]; ok {
		return f
	}
	f := &CORS{}
	var s Summary
	if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &s) && s.CORS != nil {
		f = s.CORS
	}
	c.imported[fn] = f
	return f
}

// declFact computes (once) the fact of a function declared here. A
// recursive call sees the function as doing nothing.
func (c *corsEngine) declFact(fn *types.Func, decl *ast.FuncDecl) *CORS {
	if f, ok := c.facts[fn]; ok {
		return f
	}
	c.facts[fn] = &CORS{}
	f := c.summarize(decl.Body)
	if decl.Body != nil {
		f.Writer, f.Always = c.originParam(fn, decl)
	}
	c.facts[fn] = f
	return f
}

// summarize reads a function body, function literals in it included, for
// what it does to any response: headers set, origins, method tests.
func (c *corsEngine) summarize(body *ast.BlockStmt) *CORS {
	if body == nil {
		return &CORS{}
	}
	if f, ok := c.bodies[body]; ok {
		return f
	}
	f := &CORS{}
	c.bodies[body] = f // a literal seen again through recursion adds nothing
	syntax := c.cfgs.Syntax()
	lo, hi, ok := syntax.Body(body)
	if !ok {
		return f // not a body of the package's files
	}
	// The package's flow.Syntax holds every node visit reads (the kinds,
	// and of selectors, comparisons and switches those whose syntax
	// could pass its tests), and the if statements: no walk of the body.
	// ifs holds the if statements of the body the node visited is under:
	// byPath reports whether one of them tests the request's path.
	nodes := syntax.Nodes()
	var ifs []int
	byPath := func() bool {
		return slices.ContainsFunc(ifs, func(i int) bool { return c.testsPath(nodes[i].Node.(*ast.IfStmt).Cond) })
	}
	for i := lo; i < hi; i++ {
		for len(ifs) > 0 && int(nodes[ifs[len(ifs)-1]].Next) <= i {
			ifs = ifs[:len(ifs)-1]
		}
		c.visit(f, nodes[i], byPath)
		if _, ok := nodes[i].Node.(*ast.IfStmt); ok {
			ifs = append(ifs, i)
		}
	}
	return f
}

// visit reads one node of a body for summarize.
func (c *corsEngine) visit(f *CORS, sn flow.SyntaxNode, byPath func() bool) {
	info := c.pass.TypesInfo
	switch n := sn.Node.(type) {
	case *ast.CallExpr:
		if c.maySetHeader(sn.Callee) {
			if key, value, ok := c.headerSet(n); ok && isResponseHeader(info, value) {
				c.noteHeader(f, key, n.Args[1], byPath())
			}
		}
		switch fn := sn.Callee.(type) { // typeutil.Callee
		case *types.Func:
			c.noteCall(f, fn, n)
			if fn.Signature().Recv() != nil && types.IsInterface(fn.Signature().Recv().Type()) && isMiddlewareSig(fn.Signature()) {
				f.Chains = true // x.Middleware(h) on an interface
			}
		case *types.Var, nil:
			if t := info.TypeOf(n.Fun); t != nil && isMiddlewareSig(asSignature(t)) {
				f.Chains = true // mw(h) for a middleware value mw
			}
		}
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			if idx, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && isHeaderType(info.TypeOf(idx.X)) && isResponseHeader(info, idx.X) {
				if key, ok := code.StringConst(c.pass.TypesInfo, idx.Index); ok && len(n.Lhs) == len(n.Rhs) {
					c.noteHeader(f, key, sliceElem(n.Rhs[slices.Index(n.Lhs, lhs)]), byPath())
				}
			}
		}
	case *ast.BinaryExpr:
		if (n.Op == token.EQL || n.Op == token.NEQ) && (c.isOptionsTest(n.X, n.Y) || c.isOptionsTest(n.Y, n.X)) {
			f.Preflight = true
		}
	case *ast.SwitchStmt:
		if n.Tag != nil && IsMethodOf(c.pass.TypesInfo, n.Tag, nil) && switchHasOptions(c, n) {
			f.Preflight = true
		}
	case *ast.SelectorExpr:
		if isFormField(info, n) {
			f.ParsesForm = true
		}
	}
}

// noteHeader records that key is set to value on a response, under a
// test of the request's path when byPath.
func (c *corsEngine) noteHeader(f *CORS, key string, value ast.Expr, byPath bool) {
	switch http.CanonicalHeaderKey(key) {
	case hdrAllowOrigin:
		s, ok := "", false
		if value != nil {
			s, ok = code.StringConst(c.pass.TypesInfo, value)
		}
		f.addOrigin(s, ok, byPath)
	case hdrAllowCredentials:
		f.Credentials = true
	case hdrAllowMethods, hdrAllowHeaders:
		f.PreflightHeaders = true
	}
}

// noteCall records what a call to fn adds to the caller's summary: a
// helper's effect on the response it is given, a method test, form
// parsing.
func (c *corsEngine) noteCall(f *CORS, fn *types.Func, call *ast.CallExpr) {
	if isFormMethod(fn) {
		f.ParsesForm = true
	}
	if fn.Pkg() == nil || fn.Pkg().Path() == "net/http" {
		return
	}
	g := c.factOf(fn)
	f.Preflight = f.Preflight || g.Preflight
	f.Chains = f.Chains || g.Chains
	if g.Writer > 0 && g.Writer <= len(call.Args) && isResponseArg(c.pass.TypesInfo, call.Args[g.Writer-1]) {
		f.Merge(g)
	}
}

// testsPath reports whether cond reads the request's path: r.URL.Path,
// r.URL.RawPath, r.RequestURI, or r.URL.EscapedPath() and the like.
func (c *corsEngine) testsPath(cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || found {
			return !found
		}
		t := c.pass.TypesInfo.TypeOf(sel.X)
		switch {
		case t == nil:
		case httpmodel.IsRequestPtr(t):
			found = sel.Sel.Name == "RequestURI"
		case isURL(t):
			switch sel.Sel.Name {
			case "Path", "RawPath", "EscapedPath", "RequestURI", "String":
				found = true
			}
		}
		return !found
	})
	return found
}

// isURL reports whether t is url.URL or *url.URL.
func isURL(t types.Type) bool {
	return code.IsNamed(t, "net/url", "URL") || code.IsPointerTo(t, "net/url", "URL")
}

// maySetHeader reports whether a call of callee (typeutil.Callee's) may
// be one headerSet recognizes: h.Set or h.Add on an http.Header h calls
// Header's method.
func (c *corsEngine) maySetHeader(callee types.Object) bool {
	return c.headerSetters == nil || callee == c.headerSetters[0] || callee == c.headerSetters[1]
}

// headerSet recognizes h.Set(key, value) and h.Add(key, value) on an
// http.Header with a constant key, returning the key and h.
func (c *corsEngine) headerSet(call *ast.CallExpr) (key string, header ast.Expr, ok bool) {
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !isSel || (sel.Sel.Name != "Set" && sel.Sel.Name != "Add") || len(call.Args) != 2 {
		return "", nil, false
	}
	if !isHeaderType(c.pass.TypesInfo.TypeOf(sel.X)) {
		return "", nil, false
	}
	key, ok = code.StringConst(c.pass.TypesInfo, call.Args[0])
	return key, sel.X, ok
}

// isResponseHeader reports whether h, an http.Header, is not a request's
// (r.Header): it belongs to a response, or to a map that becomes one.
func isResponseHeader(info *types.Info, h ast.Expr) bool {
	if sel, ok := ast.Unparen(h).(*ast.SelectorExpr); ok && sel.Sel.Name == "Header" {
		if t := info.TypeOf(sel.X); t != nil && httpmodel.IsRequestPtr(t) {
			return false
		}
	}
	return true
}

// isResponseArg reports whether an argument gives a callee a response to
// write to: a writer, a pointer to one, or a header map.
func isResponseArg(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	return t != nil && paramKind(t) != 0 && isResponseHeader(info, e)
}

// sliceElem returns the value of []string{v}, for h["Key"] = []string{v}.
func sliceElem(e ast.Expr) ast.Expr {
	if lit, ok := ast.Unparen(e).(*ast.CompositeLit); ok && len(lit.Elts) == 1 {
		return lit.Elts[0]
	}
	return nil
}

func isHeaderType(t types.Type) bool { return code.IsNamed(t, "net/http", "Header") }

// The kinds of parameter a CORS helper sets headers through.
const (
	kindWriter    = iota + 1 // http.ResponseWriter
	kindWriterPtr            // *http.ResponseWriter
	kindHeader               // http.Header
)

func paramKind(t types.Type) int {
	switch {
	case httpmodel.IsResponseWriter(t):
		return kindWriter
	case isHeaderType(t):
		return kindHeader
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok && httpmodel.IsResponseWriter(p.Elem()) {
		return kindWriterPtr
	}
	return 0
}

// isOptionsTest reports whether x is r.Method and y the constant OPTIONS.
// x is looked at first: a selector named Method is rare, a constant is
// not.
func (c *corsEngine) isOptionsTest(x, y ast.Expr) bool {
	if !IsMethodOf(c.pass.TypesInfo, x, nil) {
		return false
	}
	s, ok := code.StringConst(c.pass.TypesInfo, y)
	return ok && s == http.MethodOptions
}

// IsMethodOf reports whether e is X.Method for a request X (one of req's
// aliases, when req is not nil).
func IsMethodOf(info *types.Info, e ast.Expr, req *alias.Set) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Method" {
		return false
	}
	if req != nil {
		return req.Refers(sel.X)
	}
	t := info.TypeOf(sel.X)
	return t != nil && httpmodel.IsRequestPtr(t)
}

func switchHasOptions(c *corsEngine, sw *ast.SwitchStmt) bool {
	for _, stmt := range sw.Body.List {
		for _, e := range stmt.(*ast.CaseClause).List {
			if s, ok := code.StringConst(c.pass.TypesInfo, e); ok && s == http.MethodOptions {
				return true
			}
		}
	}
	return false
}

func asSignature(t types.Type) *types.Signature {
	sig, _ := t.Underlying().(*types.Signature)
	return sig
}

// isMiddlewareSig reports whether sig is func(http.Handler) http.Handler,
// the shape of middleware.
func isMiddlewareSig(sig *types.Signature) bool {
	return sig != nil && sig.Params().Len() == 1 && sig.Results().Len() == 1 &&
		httpmodel.IsHandlerValue(sig.Params().At(0).Type(), httpmodel.HandlerShaped) && httpmodel.IsHandlerValue(sig.Results().At(0).Type(), httpmodel.HandlerShaped)
}

// isFormMethod reports whether fn parses the request body as a form.
func isFormMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil || !httpmodel.IsRequestPtr(recv.Type()) {
		return false
	}
	switch fn.Name() {
	case "ParseForm", "ParseMultipartForm", "FormValue", "PostFormValue", "FormFile":
		return true
	}
	return false
}

// isFormField reports whether sel is r.Form, r.PostForm or r.MultipartForm.
func isFormField(info *types.Info, sel *ast.SelectorExpr) bool {
	switch sel.Sel.Name {
	case "Form", "PostForm", "MultipartForm":
		t := info.TypeOf(sel.X)
		return t != nil && httpmodel.IsRequestPtr(t)
	}
	return false
}

// exported returns the CORS summaries of the exported functions
// declared here that say something, for their Summary facts: packages
// that import this one see its CORS handlers, helpers and middleware.
// Other functions cannot be named elsewhere.
func (c *corsEngine) exported() map[*types.Func]*CORS {
	out := map[*types.Func]*CORS{}
	if c.pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model).HTTP == nil {
		return out // no handler, helper or middleware without net/http
	}
	// In source order, not the map's: a summary is computed on demand and a
	// call cycle is cut where it is entered (its member in progress reads
	// as empty), so the order of the first visits must not change between
	// runs.
	var fns []*types.Func
	for fn, decl := range c.cfgs.Decls() {
		if decl.Body != nil && fn.Exported() {
			fns = append(fns, fn)
		}
	}
	slices.SortFunc(fns, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
	for _, fn := range fns {
		if f := c.declFact(fn, c.cfgs.DeclOf(fn)); !f.empty() {
			out[fn] = f
		}
	}
	return out
}

// sortedFuncs returns the keys of m in source order, so facts are
// exported in a stable order.
func sortedFuncs(m map[*types.Func]*CORS) []*types.Func {
	fns := make([]*types.Func, 0, len(m))
	for fn := range m {
		fns = append(fns, fn)
	}
	slices.SortFunc(fns, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
	return fns
}
