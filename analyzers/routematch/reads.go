package routematch

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

// This file finds what a function asks a request for by name: path
// values, chi URL parameters and gorilla/mux variables, directly or
// through the functions it hands the request to.

// A readKind is the API a name is asked through, which decides the
// patterns that answer it.
type readKind uint8

const (
	pathValue  readKind = iota + 1 // r.PathValue(name)
	chiParam                       // chi.URLParam(r, name), chi.URLParamFromCtx(r.Context(), name)
	gorillaVar                     // mux.Vars(r)[name]
)

// A read is one name asked of a request: in the function itself, or
// through a call that passes the request on (via names the callee).
type read struct {
	kind readKind
	name string
	// nameParam is the index of the string parameter of the function that
	// gives the name, when the name is not a constant (-1 otherwise):
	// request.RouteParam(r, "id") reading r.PathValue(name).
	nameParam int
	// node is the read, or the call that passes the request on.
	node ast.Node
	// lit is the name's literal when it is written in this function, for
	// the fix.
	lit *ast.BasicLit
	// via and where name the callee that reads, and where it does, for a
	// read through a call.
	via, where string
}

// describe spells the read for messages: `r.PathValue("id")`.
func (rd read) describe() string {
	switch rd.kind {
	case chiParam:
		return fmt.Sprintf("chi.URLParam(r, %q)", rd.name)
	case gorillaVar:
		return fmt.Sprintf("mux.Vars(r)[%q]", rd.name)
	}
	return fmt.Sprintf("r.PathValue(%q)", rd.name)
}

// A readsFact lists, for a function's *http.Request parameters, the names
// it asks of them, so that reads in helpers of other packages count.
type readsFact struct {
	Params []paramReads
}

type paramReads struct {
	Index int
	Reads []factRead
}

type factRead struct {
	Kind      uint8
	Name      string
	NameParam int    // as in read; Name is "" when it is not -1
	Where     string // "file.go:12", for messages
}

func (*readsFact) AFact() {}

func (f *readsFact) String() string {
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

// A readIndex computes, once per function of the package, the names it
// reads from each of its request parameters.
type readIndex struct {
	pass    *analysis.Pass
	decls   map[*types.Func]*ast.FuncDecl
	summary map[*types.Func]map[int][]read // nil entry while being computed
}

func newReadIndex(pass *analysis.Pass) *readIndex {
	x := &readIndex{pass: pass, decls: map[*types.Func]*ast.FuncDecl{}, summary: map[*types.Func]map[int][]read{}}
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

// exportFacts exports the reads of the package's exported functions and
// methods, for callers in other packages.
func (x *readIndex) exportFacts() {
	for fn := range x.decls {
		if !fn.Exported() {
			continue
		}
		byParam := x.of(fn)
		var fact readsFact
		for i := range fn.Signature().Params().Len() {
			reads := byParam[i]
			if len(reads) == 0 {
				continue
			}
			pr := paramReads{Index: i}
			for _, rd := range reads {
				where := rd.where
				if where == "" {
					pos := x.pass.Fset.Position(rd.node.Pos())
					where = fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
				}
				pr.Reads = append(pr.Reads, factRead{Kind: uint8(rd.kind), Name: rd.name, NameParam: rd.nameParam, Where: where})
			}
			fact.Params = append(fact.Params, pr)
		}
		if len(fact.Params) > 0 {
			x.pass.ExportObjectFact(fn, &fact)
		}
	}
}

// of returns the reads of fn's request parameters, by parameter index: of
// its body for a function of this package (a recursive call reads
// nothing more), of its fact for another package's.
func (x *readIndex) of(fn *types.Func) map[int][]read {
	fn = fn.Origin()
	if byParam, done := x.summary[fn]; done {
		return byParam
	}
	decl := x.decls[fn]
	if decl == nil {
		if fn.Pkg() == x.pass.Pkg {
			return nil
		}
		var fact readsFact
		if !x.pass.ImportObjectFact(fn, &fact) {
			return nil
		}
		byParam := map[int][]read{}
		for _, p := range fact.Params {
			for _, r := range p.Reads {
				byParam[p.Index] = append(byParam[p.Index], read{kind: readKind(r.Kind), name: r.Name, nameParam: r.NameParam, where: r.Where})
			}
		}
		return byParam
	}
	x.summary[fn] = nil // a call back into fn while computing adds nothing
	byParam := map[int][]read{}
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
			byParam[i] = x.reads(decl.Body, params.At(i), names)
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

// reads returns what body asks of the request req (or of the local copies
// of it), in source order. names are the function's string parameters
// that may give a name (nil for a handler).
func (x *readIndex) reads(body *ast.BlockStmt, req *types.Var, names map[types.Object]int) []read {
	info := x.pass.TypesInfo
	reqs := alias.Of(info, body, req)
	varsOf := varsLocals(info, body, reqs)
	var out []read
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
				out = append(out, read{kind: gorillaVar, name: name, nameParam: param, node: n, lit: lit})
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
func (x *readIndex) callReads(call *ast.CallExpr, reqs *alias.Set, names map[types.Object]int) []read {
	info := x.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	switch {
	case fn.FullName() == "(*net/http.Request).PathValue":
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if ok && len(call.Args) == 1 && reqs.Refers(sel.X) {
			if name, lit, param, ok := nameOf(info, call.Args[0], names); ok {
				return []read{{kind: pathValue, name: name, nameParam: param, node: call, lit: lit}}
			}
		}
		return nil
	case isChi(fn) && fn.Name() == "URLParam" && len(call.Args) == 2:
		if reqs.Refers(call.Args[0]) {
			if name, lit, param, ok := nameOf(info, call.Args[1], names); ok {
				return []read{{kind: chiParam, name: name, nameParam: param, node: call, lit: lit}}
			}
		}
		return nil
	case isChi(fn) && fn.Name() == "URLParamFromCtx" && len(call.Args) == 2:
		if isContextOf(info, call.Args[0], reqs) {
			if name, lit, param, ok := nameOf(info, call.Args[1], names); ok {
				return []read{{kind: chiParam, name: name, nameParam: param, node: call, lit: lit}}
			}
		}
		return nil
	}
	var out []read
	sig := fn.Signature()
	for i, arg := range call.Args {
		if !reqs.Refers(arg) || (sig.Variadic() && i >= sig.Params().Len()-1) {
			continue
		}
		for _, rd := range x.of(fn)[i] {
			where := rd.where
			if where == "" {
				pos := x.pass.Fset.Position(rd.node.Pos())
				where = fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
			}
			name, param := rd.name, -1
			if rd.nameParam >= 0 {
				// The callee asks for the name the call passes: a
				// constant here, or a parameter of this function.
				if rd.nameParam >= len(call.Args) || (sig.Variadic() && rd.nameParam >= sig.Params().Len()-1) {
					continue
				}
				var ok bool
				if name, _, param, ok = nameOf(info, call.Args[rd.nameParam], names); !ok {
					continue
				}
			}
			out = append(out, read{kind: rd.kind, name: name, nameParam: param, node: call, via: fn.Name(), where: where})
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

// A pathValueSets records the names that code may set with
// r.SetPathValue: middleware can give a handler a value no pattern
// defines. any is set when a name is not a constant.
type pathValueSets struct {
	names map[string]bool
	any   bool
}

// A setsFact is a package's pathValueSets, for the packages importing it.
type setsFact struct {
	Names []string
	Any   bool
}

func (*setsFact) AFact() {}

func (f *setsFact) String() string {
	if f.Any {
		return "sets path values (any name)"
	}
	return "sets path values " + strings.Join(f.Names, ",")
}

// sets reports whether name may be set by r.SetPathValue.
func (s *pathValueSets) sets(name string) bool { return s.any || s.names[name] }

// findSets collects the SetPathValue calls of the package (test files
// excepted: a test setting a value calls the handler itself, which then
// is not only registered) and of every package it depends on, and
// exports the package's own.
func findSets(pass *analysis.Pass, m *httpmodel.Model) *pathValueSets {
	s := &pathValueSets{names: map[string]bool{}}
	own := &setsFact{}
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
	add := func(f *setsFact) {
		s.any = s.any || f.Any
		for _, n := range f.Names {
			s.names[n] = true
		}
	}
	add(own)
	for _, pf := range pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*setsFact); ok {
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
