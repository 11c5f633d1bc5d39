package writerwrap

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// A wrapper is a struct type declared at package level that holds exactly
// one http.ResponseWriter and is a ResponseWriter itself.
type wrapper struct {
	obj   *types.TypeName
	named *types.Named
	decl  *ast.GenDecl
	spec  *ast.TypeSpec
	field *types.Var // the wrapped writer
	// fieldType is the field's type as written (http.ResponseWriter).
	fieldType ast.Expr
	uses      []writerUse
}

// A writerUse is a place where a wrapper value becomes an
// http.ResponseWriter: an argument, an assignment, a return, a field.
type writerUse struct {
	pos      token.Pos
	pointer  bool // the value is a *T
	exported bool // in an exported function or method
}

func (a *analyzer) checkWrappers() {
	if !a.model.Enabled(a.pass.Analyzer.Name, CategoryWrapperWithoutUnwrap) {
		return
	}
	files := a.sourceFiles(false)
	byObj := map[*types.TypeName]*wrapper{}
	var wrappers []*wrapper
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				if w := a.wrapperOf(gd, s.(*ast.TypeSpec)); w != nil {
					byObj[w.obj] = w
					wrappers = append(wrappers, w)
				}
			}
		}
	}
	if len(wrappers) == 0 {
		return
	}
	decls := funcDecls(a.pass.TypesInfo, files)
	timeoutHandlers := timeoutHandlerVars(a.pass.TypesInfo, a.model, files)
	for _, f := range files {
		a.collectUses(f, byObj, timeoutHandlers)
	}
	for _, w := range wrappers {
		if len(w.uses) > 0 {
			a.checkWrapper(w, decls)
		}
	}
}

// wrapperOf returns the wrapper declared by spec, or nil if it is not one.
func (a *analyzer) wrapperOf(gd *ast.GenDecl, spec *ast.TypeSpec) *wrapper {
	info := a.pass.TypesInfo
	obj, ok := info.Defs[spec.Name].(*types.TypeName)
	if !ok || spec.Assign.IsValid() || spec.TypeParams != nil {
		return nil
	}
	named, ok := obj.Type().(*types.Named)
	if !ok {
		return nil
	}
	st, ok := named.Underlying().(*types.Struct)
	astStruct, isStruct := spec.Type.(*ast.StructType)
	if !ok || !isStruct {
		return nil
	}
	w := &wrapper{obj: obj, named: named, decl: gd, spec: spec}
	for i := range st.NumFields() {
		if isResponseWriter(st.Field(i).Type()) {
			if w.field != nil {
				return nil // two writers: which one Unwrap returns is a choice
			}
			w.field = st.Field(i)
		}
	}
	if w.field == nil || !types.Implements(types.NewPointer(named), a.rw) {
		return nil
	}
	for _, f := range astStruct.Fields.List {
		if isResponseWriter(info.TypeOf(f.Type)) {
			w.fieldType = f.Type
		}
	}
	return w
}

// collectUses records where values of the wrappers become
// http.ResponseWriters in f.
func (a *analyzer) collectUses(f *ast.File, byObj map[*types.TypeName]*wrapper, timeoutHandlers map[types.Object]bool) {
	info := a.pass.TypesInfo
	exportsAPI := a.pass.Pkg.Name() != "main"
	var walk func(n ast.Node, sig *types.Signature, exported bool)
	walk = func(root ast.Node, sig *types.Signature, exported bool) {
		use := func(e ast.Expr) {
			t := info.TypeOf(e)
			pointer := false
			if p, ok := types.Unalias(t).(*types.Pointer); ok {
				t, pointer = p.Elem(), true
			}
			n, ok := types.Unalias(t).(*types.Named)
			if !ok {
				return
			}
			if w := byObj[n.Obj()]; w != nil {
				w.uses = append(w.uses, writerUse{pos: e.Pos(), pointer: pointer, exported: exported})
			}
		}
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if s, ok := info.TypeOf(n).(*types.Signature); ok {
					walk(n.Body, s, exported)
				}
				return false
			case *ast.CallExpr:
				callUses(info, a.pass.Pkg, timeoutHandlers, n, use)
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, lhs := range n.Lhs {
						if isResponseWriter(info.TypeOf(lhs)) {
							use(n.Rhs[i])
						}
					}
				}
			case *ast.ValueSpec:
				if n.Type != nil && isResponseWriter(info.TypeOf(n.Type)) {
					for _, v := range n.Values {
						use(v)
					}
				}
			case *ast.ReturnStmt:
				if sig != nil && len(n.Results) == sig.Results().Len() {
					for i, r := range n.Results {
						if isResponseWriter(sig.Results().At(i).Type()) {
							use(r)
						}
					}
				}
			case *ast.CompositeLit:
				compositeUses(info, n, use)
			}
			return true
		})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			fn, ok := info.Defs[d.Name].(*types.Func)
			if !ok || d.Body == nil {
				continue
			}
			walk(d.Body, fn.Signature(), exportsAPI && isExportedFunc(d))
		case *ast.GenDecl:
			walk(d, nil, false)
		}
	}
}

// callUses calls use for every argument of call passed as an
// http.ResponseWriter, and for the operand of a conversion to one.
func callUses(info *types.Info, self *types.Package, timeoutHandlers map[types.Object]bool, call *ast.CallExpr, use func(ast.Expr)) {
	tv, ok := info.Types[call.Fun]
	if !ok {
		return
	}
	if tv.IsType() {
		if isResponseWriter(tv.Type) && len(call.Args) == 1 {
			use(call.Args[0])
		}
		return
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || !handsToUnseenCode(info, self, timeoutHandlers, call) {
		return
	}
	params := sig.Params()
	for i, arg := range call.Args {
		var pt types.Type
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if call.Ellipsis.IsValid() {
				continue
			}
			if s, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice); ok {
				pt = s.Elem()
			}
		case i < params.Len():
			pt = params.At(i).Type()
		}
		if pt != nil && isResponseWriter(pt) {
			use(arg)
		}
	}
}

// handsToUnseenCode reports whether what call is passed may reach
// handlers the package does not show: a function value (next(w, r)), an
// interface method (next.ServeHTTP), a ServeHTTP method, or a function of
// another package outside the standard library. A function of this package is code the
// analysis could follow, and a function of the standard library other
// than ServeHTTP (http.Error, http.ServeContent) neither flushes nor
// hijacks; counting them would report wrappers that only record what a
// known helper writes.
func handsToUnseenCode(info *types.Info, self *types.Package, timeoutHandlers map[types.Object]bool, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return true // a function value, or a builtin (which takes no writer)
	}
	if fn.Name() == "ServeHTTP" {
		return !servesThroughTimeoutHandler(info, timeoutHandlers, call)
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return true
	}
	if fn.Pkg() == nil || fn.Pkg() == self {
		return false
	}
	return !isStd(fn.Pkg().Path())
}

// servesThroughTimeoutHandler reports whether call is h.ServeHTTP(...)
// where h is http.TimeoutHandler(...), directly or through a variable only
// ever assigned such a call: TimeoutHandler hands its handler a writer of
// its own, with neither Flush nor Unwrap, so what the wrapper offers never
// reaches that handler.
func servesThroughTimeoutHandler(info *types.Info, timeoutHandlers map[types.Object]bool, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch recv := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		return timeoutHandlers[info.Uses[recv]]
	case *ast.CallExpr:
		return isTimeoutHandlerCall(info, recv)
	}
	return false
}

func isTimeoutHandlerCall(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return code.IsFunc(fn, httpPath, "TimeoutHandler")
}

// timeoutHandlerVars returns the variables of files that are assigned
// http.TimeoutHandler(...) and nothing else.
func timeoutHandlerVars(info *types.Info, m *httpmodel.Model, files []*ast.File) map[types.Object]bool {
	vars := map[types.Object]bool{}
	poisoned := map[types.Object]bool{}
	if !callsTimeoutHandler(m) {
		return vars // the usual case: no assignment to walk the files for
	}
	for _, f := range files {
		for obj, rhss := range alias.AssignmentsIn(info, f).Sources {
			if slices.ContainsFunc(rhss, func(rhs ast.Expr) bool { return rhs == nil || !isTimeoutHandlerCall(info, rhs) }) {
				poisoned[obj] = true
			} else {
				vars[obj] = true
			}
		}
	}
	for obj := range poisoned {
		delete(vars, obj)
	}
	return vars
}

// callsTimeoutHandler reports whether the package calls
// http.TimeoutHandler, from the calls the model recorded.
func callsTimeoutHandler(m *httpmodel.Model) bool {
	for _, fn := range m.Calls() {
		if code.IsFunc(fn, httpPath, "TimeoutHandler") {
			return true
		}
	}
	return false
}

// isStd reports whether path is that of a standard library package: its
// first element has no dot.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// compositeUses calls use for every element of a struct literal that
// fills a field of type http.ResponseWriter.
func compositeUses(info *types.Info, lit *ast.CompositeLit, use func(ast.Expr)) {
	t := info.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		var ft types.Type
		value := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			value = kv.Value
			if key, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := info.Uses[key].(*types.Var); ok {
					ft = v.Type()
				}
			}
		} else if i < st.NumFields() {
			ft = st.Field(i).Type()
		}
		if ft != nil && isResponseWriter(ft) {
			use(value)
		}
	}
}

// isExportedFunc reports whether code of other packages can call fd.
func isExportedFunc(fd *ast.FuncDecl) bool {
	if !fd.Name.IsExported() {
		return false
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return true
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if ix, ok := t.(*ast.IndexListExpr); ok {
		t = ix.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

// funcDecls maps the package's functions and methods to their declarations.
func funcDecls(info *types.Info, files []*ast.File) map[*types.Func]*ast.FuncDecl {
	decls := map[*types.Func]*ast.FuncDecl{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	return decls
}

// checkWrapper reports w if it hides what http.NewResponseController
// needs and something may need it.
func (a *analyzer) checkWrapper(w *wrapper, decls map[*types.Func]*ast.FuncDecl) {
	ptr := types.NewPointer(w.named)
	if obj, _, _ := types.LookupFieldOrMethod(ptr, true, a.pass.Pkg, "Unwrap"); obj != nil {
		return // has Unwrap (any Unwrap: one of another shape is its author's choice)
	}
	var hidden []string
	for _, m := range []struct{ method, what string }{
		{"Flush", "flush"},
		{"Hijack", "hijack"},
		{"SetWriteDeadline", "set deadlines"},
	} {
		if obj, _, _ := types.LookupFieldOrMethod(ptr, true, a.pass.Pkg, m.method); obj == nil {
			hidden = append(hidden, m.what)
		}
	}
	// A wrapper that forwards Flush and Hijack itself was written for
	// streaming and upgrades; that it hides deadlines alone is too weak a
	// reason to report it.
	if len(hidden) < 2 {
		return
	}
	// A wrapper whose Header, Write or WriteHeader does not reach the wrapped
	// writer buffers or transforms the response (compression, caching,
	// delayed status): hiding the writer is then deliberate, and Unwrap
	// would let a flush commit a status the wrapper has not written.
	if !a.forwards(w, decls, "Write") || !a.forwards(w, decls, "WriteHeader") || !a.forwards(w, decls, "Header") {
		return
	}
	exported := w.obj.Exported() && a.pass.Pkg.Name() != "main"
	for _, u := range w.uses {
		exported = exported || u.exported
	}
	var why string
	switch {
	case a.streams != nil:
		why = fmt.Sprintf("%s in this module does", a.streams.Where)
	case exported:
		why = "handlers of the packages that use this exported middleware may"
	default:
		return
	}
	d := analysis.Diagnostic{
		Pos:      w.spec.Name.Pos(),
		End:      w.spec.Name.End(),
		Category: CategoryWrapperWithoutUnwrap,
		Message: fmt.Sprintf("%s wraps the http.ResponseWriter it is used as but has no Unwrap method, so http.NewResponseController cannot %s through it and handlers behind it get ErrNotSupported (%s); add Unwrap() http.ResponseWriter returning the wrapped writer",
			w.obj.Name(), strings.Join(hidden, " or "), why),
		Related: []analysis.RelatedInformation{{Pos: w.uses[0].pos, Message: "used as an http.ResponseWriter here"}},
	}
	if fix, ok := a.unwrapFix(w, decls); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	a.model.Report(a.pass, d)
}

// forwards reports whether w's own method name, if it declares one,
// calls the same method of the wrapped writer somewhere.
func (a *analyzer) forwards(w *wrapper, decls map[*types.Func]*ast.FuncDecl, name string) bool {
	for i := range w.named.NumMethods() {
		m := w.named.Method(i)
		if m.Name() != name {
			continue
		}
		fd := decls[m]
		if fd == nil || fd.Body == nil {
			return false
		}
		found := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != name {
				return true
			}
			if inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok {
				if s := a.pass.TypesInfo.Selections[inner]; s != nil && s.Obj() == w.field {
					found = true
				}
			}
			return !found
		})
		return found
	}
	return true // promoted from the wrapped writer
}

// unwrapFix returns the fix adding Unwrap to w, placed after its type
// declaration. Adding a method changes nothing but what looks for it:
// http.NewResponseController, and code asserting to an Unwrap interface,
// which is the point. It is offered when w has no field or method named
// Unwrap at all (checked before), its writer's type is written with the
// net/http import's name, and w is declared at package level (methods
// cannot be added to local types).
func (a *analyzer) unwrapFix(w *wrapper, decls map[*types.Func]*ast.FuncDecl) (analysis.SuggestedFix, bool) {
	sel, ok := w.fieldType.(*ast.SelectorExpr)
	if !ok || !code.IsPkgName(a.pass.TypesInfo, sel.X, httpPath) {
		return analysis.SuggestedFix{}, false
	}
	qual := sel.X.(*ast.Ident).Name
	// The receiver: the name the type's methods use, pointer or value as
	// they are, unless the wrapper is used as a writer by value, when
	// only a value receiver puts Unwrap in the method set used.
	recv, pointerRecv := "", true
	for i := range w.named.NumMethods() {
		fd := decls[w.named.Method(i)]
		if fd == nil || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		field := fd.Recv.List[0]
		if recv == "" && len(field.Names) == 1 && field.Names[0].Name != "_" {
			recv = field.Names[0].Name
			_, pointerRecv = field.Type.(*ast.StarExpr)
		}
	}
	for _, u := range w.uses {
		if !u.pointer {
			pointerRecv = false
		}
	}
	if recv == "" || recv == qual {
		r, _ := utf8.DecodeRuneInString(w.obj.Name())
		recv = string(unicode.ToLower(r))
		if recv == qual || !token.IsIdentifier(recv) {
			recv = "rw"
		}
	}
	recvType := w.obj.Name()
	if pointerRecv {
		recvType = "*" + recvType
	}
	text := fmt.Sprintf("\n\n// Unwrap returns the wrapped writer, so that http.NewResponseController\n// reaches its Flush, Hijack and deadline methods.\nfunc (%s %s) Unwrap() %s.ResponseWriter { return %s.%s }",
		recv, recvType, qual, recv, w.field.Name())
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Add Unwrap to %s", w.obj.Name()),
		TextEdits: []analysis.TextEdit{{Pos: w.decl.End(), End: w.decl.End(), NewText: []byte(text)}},
	}, true
}
