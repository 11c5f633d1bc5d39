// Package pathvalues finds what a function asks a request for by name
// (path values, chi URL parameters, gorilla/mux variables), directly or
// through the functions it hands the request to, and which path values
// code sets with r.SetPathValue, for routematch. The effects analyzer
// computes both on every package and exports them as facts (reads of
// exported functions, sets of packages), so that routematch, without
// facts of its own, runs on the analyzed packages only.
package pathvalues

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// A Kind is the API a name is asked through, which decides the patterns
// that answer it.
type Kind uint8

const (
	PathValue  Kind = iota + 1 // r.PathValue(name)
	ChiParam                   // chi.URLParam(r, name), chi.URLParamFromCtx(r.Context(), name)
	GorillaVar                 // mux.Vars(r)[name]
)

// A Read is one name asked of a request: in the function itself, or
// through a call that passes the request on (Via names the callee).
type Read struct {
	Kind Kind
	Name string
	// NameParam is the index of the string parameter of the function that
	// gives the name, when the name is not a constant (-1 otherwise):
	// request.RouteParam(r, "id") reading r.PathValue(name).
	NameParam int
	// Node is the read, or the call that passes the request on.
	Node ast.Node
	// Lit is the name's literal when it is written in this function, for
	// the fix.
	Lit *ast.BasicLit
	// Via and Where name the callee that reads, and where it does, for a
	// read through a call.
	Via, Where string
}

// Describe spells the read for messages: `r.PathValue("id")`.
func (rd Read) Describe() string {
	switch rd.Kind {
	case ChiParam:
		return fmt.Sprintf("chi.URLParam(r, %q)", rd.Name)
	case GorillaVar:
		return fmt.Sprintf("mux.Vars(r)[%q]", rd.Name)
	}
	return fmt.Sprintf("r.PathValue(%q)", rd.Name)
}

// A ReadsFact lists, for a function's *http.Request parameters, the names
// it asks of them, so that reads in helpers of other packages count.
type ReadsFact struct {
	Params []paramReads
}

type paramReads struct {
	Index int
	Reads []factRead
}

type factRead struct {
	Kind      uint8
	Name      string
	NameParam int    // as in Read; Name is "" when it is not -1
	Where     string // "file.go:12", for messages
}

func (*ReadsFact) AFact() {}

func (f *ReadsFact) String() string {
	var parts []string
	for _, p := range f.Params {
		var names []string
		for _, r := range p.Reads {
			if r.NameParam >= 0 {
				names = append(names, fmt.Sprintf("%d:$%d", r.Kind, r.NameParam))
			} else {
				names = append(names, fmt.Sprintf("%d:%s", r.Kind, r.Name))
			}
		}
		parts = append(parts, fmt.Sprintf("p%d=%s", p.Index, strings.Join(names, ",")))
	}
	return "reads(" + strings.Join(parts, " ") + ")"
}

// An Index computes, once per function of the package, the names it
// reads from each of its request parameters. It is not safe for
// concurrent use: routematch alone reads it.
type Index struct {
	pass    *analysis.Pass
	decls   map[*types.Func]*ast.FuncDecl
	summary map[*types.Func]map[int][]Read // nil entry while being computed
}

// NewIndex returns the index of the package of pass, whose analyzer must
// have the fact types ReadsFact and SetsFact.
func NewIndex(pass *analysis.Pass) *Index {
	x := &Index{pass: pass, decls: map[*types.Func]*ast.FuncDecl{}, summary: map[*types.Func]map[int][]Read{}}
	for _, f := range pass.Files {
		for _, d := range f.Decls { // function declarations are only there
			if decl, ok := d.(*ast.FuncDecl); ok && decl.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
					x.decls[fn] = decl
				}
			}
		}
	}
	return x
}

// ExportFacts exports the reads of the package's exported functions and
// methods, for callers in other packages.
func (x *Index) ExportFacts() {
	for fn := range x.decls {
		if !fn.Exported() {
			continue
		}
		byParam := x.Of(fn)
		var fact ReadsFact
		for i := range fn.Signature().Params().Len() {
			reads := byParam[i]
			if len(reads) == 0 {
				continue
			}
			pr := paramReads{Index: i}
			for _, rd := range reads {
				where := rd.Where
				if where == "" {
					pos := x.pass.Fset.Position(rd.Node.Pos())
					where = fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
				}
				pr.Reads = append(pr.Reads, factRead{Kind: uint8(rd.Kind), Name: rd.Name, NameParam: rd.NameParam, Where: where})
			}
			fact.Params = append(fact.Params, pr)
		}
		if len(fact.Params) > 0 {
			x.pass.ExportObjectFact(fn, &fact)
		}
	}
}

// Of returns the reads of fn's request parameters, by parameter index: of
// its body for a function of this package (a recursive call reads
// nothing more), of its fact for another package's.
func (x *Index) Of(fn *types.Func) map[int][]Read {
	fn = fn.Origin()
	if byParam, done := x.summary[fn]; done {
		return byParam
	}
	decl := x.decls[fn]
	if decl == nil {
		if fn.Pkg() == x.pass.Pkg {
			return nil
		}
		var fact ReadsFact
		if !x.pass.ImportObjectFact(fn, &fact) {
			return nil
		}
		byParam := map[int][]Read{}
		for _, p := range fact.Params {
			for _, r := range p.Reads {
				byParam[p.Index] = append(byParam[p.Index], Read{Kind: Kind(r.Kind), Name: r.Name, NameParam: r.NameParam, Where: r.Where})
			}
		}
		return byParam
	}
	x.summary[fn] = nil // a call back into fn while computing adds nothing
	byParam := map[int][]Read{}
	params := fn.Signature().Params()
	var requests []int
	for i := range params.Len() {
		if p := params.At(i); httpmodel.IsRequestPtr(p.Type()) && p.Name() != "" && p.Name() != "_" {
			requests = append(requests, i)
		}
	}
	if requests != nil {
		// Most functions take no request: their bodies are not walked.
		names := nameParams(x.pass.TypesInfo, decl.Body, params)
		for _, i := range requests {
			byParam[i] = x.Reads(decl.Body, params.At(i), names)
		}
	}
	x.summary[fn] = byParam
	return byParam
}

// nameParams returns the string parameters of a function that its body
// never assigns, by object, with their indexes: a name asked through one
// of them is the caller's argument.
func nameParams(info *types.Info, body *ast.BlockStmt, params *types.Tuple) map[types.Object]int {
	names := map[types.Object]int{}
	for i := range params.Len() {
		if b, ok := params.At(i).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			names[params.At(i)] = i
		}
	}
	if len(names) == 0 {
		return nil
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
					delete(names, info.Uses[id])
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				delete(names, info.Uses[id])
			}
		}
		return true
	})
	return names
}

// nameOf returns the name an argument gives: a constant, or a parameter
// of the function in names (then name is "" and param its index).
func nameOf(info *types.Info, e ast.Expr, names map[types.Object]int) (name string, lit *ast.BasicLit, param int, ok bool) {
	if name, lit, ok := constString(info, e); ok {
		return name, lit, -1, true
	}
	if id, isID := ast.Unparen(e).(*ast.Ident); isID {
		if i, isParam := names[info.Uses[id]]; isParam {
			return "", nil, i, true
		}
	}
	return "", nil, -1, false
}

// Reads returns what body asks of the request req (or of the local copies
// of it), in source order. names are the function's string parameters
// that may give a name (nil for a handler).
func (x *Index) Reads(body *ast.BlockStmt, req *types.Var, names map[types.Object]int) []Read {
	info := x.pass.TypesInfo
	reqs := alias.Of(info, body, req)
	varsOf := varsLocals(info, body, reqs)
	var out []Read
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IndexExpr:
			// mux.Vars(r)["id"], or vars["id"] with vars := mux.Vars(r)
			name, lit, param, ok := nameOf(info, n.Index, names)
			if !ok {
				return true
			}
			id, _ := ast.Unparen(n.X).(*ast.Ident)
			if isVarsCall(info, n.X, reqs) || id != nil && varsOf[info.Uses[id]] {
				out = append(out, Read{Kind: GorillaVar, Name: name, NameParam: param, Node: n, Lit: lit})
			}
		case *ast.CallExpr:
			out = append(out, x.callReads(n, reqs, names)...)
		}
		return true
	})
	return out
}

// callReads returns what a call asks of the request: a read itself, or
// the reads of a callee that the request is passed to.
func (x *Index) callReads(call *ast.CallExpr, reqs *alias.Set, names map[types.Object]int) []Read {
	info := x.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	switch {
	case fn.Name() == "PathValue" && fn.FullName() == "(*net/http.Request).PathValue": // the name first: FullName spells a string
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if ok && len(call.Args) == 1 && reqs.Refers(sel.X) {
			if name, lit, param, ok := nameOf(info, call.Args[0], names); ok {
				return []Read{{Kind: PathValue, Name: name, NameParam: param, Node: call, Lit: lit}}
			}
		}
		return nil
	case isChi(fn) && fn.Name() == "URLParam" && len(call.Args) == 2:
		if reqs.Refers(call.Args[0]) {
			if name, lit, param, ok := nameOf(info, call.Args[1], names); ok {
				return []Read{{Kind: ChiParam, Name: name, NameParam: param, Node: call, Lit: lit}}
			}
		}
		return nil
	case isChi(fn) && fn.Name() == "URLParamFromCtx" && len(call.Args) == 2:
		if isContextOf(info, call.Args[0], reqs) {
			if name, lit, param, ok := nameOf(info, call.Args[1], names); ok {
				return []Read{{Kind: ChiParam, Name: name, NameParam: param, Node: call, Lit: lit}}
			}
		}
		return nil
	}
	var out []Read
	sig := fn.Signature()
	for i, arg := range call.Args {
		if !reqs.Refers(arg) || (sig.Variadic() && i >= sig.Params().Len()-1) {
			continue
		}
		for _, rd := range x.Of(fn)[i] {
			where := rd.Where
			if where == "" {
				pos := x.pass.Fset.Position(rd.Node.Pos())
				where = fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
			}
			name, param := rd.Name, -1
			if rd.NameParam >= 0 {
				// The callee asks for the name the call passes: a
				// constant here, or a parameter of this function.
				if rd.NameParam >= len(call.Args) || (sig.Variadic() && rd.NameParam >= sig.Params().Len()-1) {
					continue
				}
				var ok bool
				if name, _, param, ok = nameOf(info, call.Args[rd.NameParam], names); !ok {
					continue
				}
			}
			out = append(out, Read{Kind: rd.Kind, Name: name, NameParam: param, Node: call, Via: fn.Name(), Where: where})
		}
	}
	return out
}

// varsLocals returns the local variables every assignment of which is
// mux.Vars of the request.
func varsLocals(info *types.Info, body *ast.BlockStmt, reqs *alias.Set) map[types.Object]bool {
	from := map[types.Object]bool{}
	for obj, rhss := range alias.AssignmentsIn(info, body).Sources {
		if !slices.ContainsFunc(rhss, func(rhs ast.Expr) bool { return rhs == nil || !isVarsCall(info, rhs, reqs) }) {
			from[obj] = true
		}
	}
	return from
}

// isVarsCall reports whether e is mux.Vars(r) of the request.
func isVarsCall(info *types.Info, e ast.Expr, reqs *alias.Set) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return code.IsFunc(fn, gorillaPath, "Vars") && reqs.Refers(call.Args[0])
}

// isContextOf reports whether e is r.Context() of the request.
func isContextOf(info *types.Info, e ast.Expr, reqs *alias.Set) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !reqs.Refers(sel.X) {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn != nil && fn.FullName() == "(*net/http.Request).Context"
}

// constString returns the value of a constant string expression and, when
// it is a literal, the literal.
func constString(info *types.Info, e ast.Expr) (string, *ast.BasicLit, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", nil, false
	}
	lit, _ := ast.Unparen(e).(*ast.BasicLit)
	return constant.StringVal(tv.Value), lit, true
}

const (
	gorillaPath = "github.com/gorilla/mux"
	chiV5Path   = "github.com/go-chi/chi/v5"
	chiV1Path   = "github.com/go-chi/chi"
)

func isChi(fn *types.Func) bool {
	return fn.Pkg() != nil && (fn.Pkg().Path() == chiV5Path || fn.Pkg().Path() == chiV1Path)
}

// A Sets records the names that code may set with r.SetPathValue:
// middleware can give a handler a value no pattern defines. any is set
// when a name is not a constant.
type Sets struct {
	names map[string]bool
	any   bool
}

// A SetsFact is a package's Sets, for the packages importing it.
type SetsFact struct {
	Names []string
	Any   bool
}

func (*SetsFact) AFact() {}

func (f *SetsFact) String() string {
	if f.Any {
		return "sets path values (any name)"
	}
	return "sets path values " + strings.Join(f.Names, ",")
}

// MaySet reports whether name may be set by r.SetPathValue.
func (s *Sets) MaySet(name string) bool { return s.any || s.names[name] }

// FindSets collects the SetPathValue calls of the package (test files
// excepted: a test setting a value calls the handler itself, which then
// is not only registered) and of every package it depends on, and
// exports the package's own. pass's analyzer must have the fact type
// SetsFact.
func FindSets(pass *analysis.Pass, m *httpmodel.Model) *Sets {
	s := &Sets{names: map[string]bool{}}
	own := &SetsFact{}
	// The model's traversal recorded every call: those of SetPathValue
	// are looked up by callee rather than found by walking the package.
	setPathValue := requestMethod(m.HTTP, "SetPathValue")
	for call, fn := range m.Calls() {
		if setPathValue == nil || fn != setPathValue || len(call.Args) != 2 {
			continue
		}
		if tf := pass.Fset.File(call.Pos()); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			continue
		}
		if name, _, ok := constString(pass.TypesInfo, call.Args[0]); ok {
			if !slices.Contains(own.Names, name) {
				own.Names = append(own.Names, name)
			}
		} else {
			own.Any = true
		}
	}
	if own.Any || len(own.Names) > 0 {
		slices.Sort(own.Names)
		pass.ExportPackageFact(own)
	}
	add := func(f *SetsFact) {
		s.any = s.any || f.Any
		for _, n := range f.Names {
			s.names[n] = true
		}
	}
	add(own)
	for _, pf := range pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*SetsFact); ok {
			add(f)
		}
	}
	return s
}

// requestMethod returns the method of *http.Request with the given name,
// nil when net/http (of an older Go) has none.
func requestMethod(http *types.Package, name string) *types.Func {
	req, _ := http.Scope().Lookup("Request").(*types.TypeName)
	if req == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(req.Type()), false, http, name)
	fn, _ := obj.(*types.Func)
	return fn
}
