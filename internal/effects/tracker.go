package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/code"
)

// A Kind is what a value derived from a writer is.
type Kind uint8

const (
	NotDerived   Kind = iota
	IsWriter          // the writer itself, or a local copy of it
	IsHeader          // its header map: w.Header(), or a local holding it
	IsEncoder         // an encoder writing to it: json.NewEncoder(w), or a local holding one
	IsController      // http.NewResponseController(w)
)

// A Writer is an http.ResponseWriter variable followed through the
// function body that declares it: the local copies of it, and the values
// derived from it that code writes the response through.
type Writer struct {
	Param *types.Var

	info     *types.Info
	aliases  *alias.Set
	body     *ast.BlockStmt
	escaped  map[types.Object]bool         // locals whose address is taken
	headers  map[types.Object]bool         // locals holding its header map
	encoders map[types.Object]bool         // locals holding an encoder over it
	closures map[types.Object]*ast.FuncLit // locals bound once to a function literal

	// Trailers is set when the body names the Trailer header or a
	// trailer (http.TrailerPrefix): those are set after the body on
	// purpose.
	Trailers bool
}

// Track returns the writer for variable p (a parameter) of the function
// with the given body, or nil when the function assigns p or takes its
// address: the name then stands for more than one writer, and nothing
// about it is provable.
func Track(info *types.Info, body *ast.BlockStmt, p *types.Var) *Writer {
	return track(info, body, p, alias.AssignmentsIn(info, body))
}

// track is Track with what body assigns its variables at hand.
func track(info *types.Info, body *ast.BlockStmt, p *types.Var, assigned *alias.Assignments) *Writer {
	if len(assigned.Sources[p]) > 0 {
		return nil // p is assigned, or its address taken
	}
	w := &Writer{Param: p, info: info, aliases: assigned.Aliases(info, p), escaped: map[types.Object]bool{}, body: body}
	// sources lists what each assignment gives a local; nil is "other".
	// Only locals count: a package variable may be assigned anywhere.
	sources := map[types.Object][]ast.Expr{}
	for obj, rhss := range assigned.Sources {
		if w.local(obj) {
			sources[obj] = rhss
			// A local whose address is taken may change through the
			// pointer.
			w.escaped[obj] = assigned.AddressTaken[obj]
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING && isTrailerKey(n.Value) {
				w.Trailers = true
			}
		case *ast.SelectorExpr:
			if n.Sel.Name == "TrailerPrefix" && code.IsPkgName(info, n.X, "net/http") {
				w.Trailers = true
			}
		}
		return true
	})
	w.headers = derived(info, sources, w.headerCall)
	w.encoders = derived(info, sources, w.encoderCall)
	w.closures = map[types.Object]*ast.FuncLit{}
	for obj, srcs := range sources {
		if len(srcs) == 1 {
			// Parameters are not in sources: they also hold the argument.
			if lit, ok := ast.Unparen(srcs[0]).(*ast.FuncLit); ok {
				w.closures[obj] = lit
			}
		}
	}
	return w
}

// local reports whether obj is declared in the function's body (not a
// parameter, a package variable or a captured variable).
func (w *Writer) local(obj types.Object) bool {
	return obj.Pos() >= w.body.Pos() && obj.Pos() < w.body.End()
}

// Refers reports whether e denotes the writer: the variable or a local
// copy of it whose address is not taken.
func (w *Writer) Refers(e ast.Expr) bool {
	if !w.aliases.Refers(e) {
		return false
	}
	obj := w.info.Uses[ast.Unparen(e).(*ast.Ident)]
	return obj == w.Param || w.local(obj) && !w.escaped[obj]
}

// IsHeader reports whether e denotes the writer's header map.
func (w *Writer) IsHeader(e ast.Expr) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return w.headers[w.info.Uses[id]]
	}
	return w.headerCall(e)
}

// IsEncoder reports whether e is an encoder writing to the writer.
func (w *Writer) IsEncoder(e ast.Expr) bool {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		return w.encoders[w.info.Uses[id]]
	}
	return w.encoderCall(e)
}

// IsController reports whether e is http.NewResponseController(W).
func (w *Writer) IsController(e ast.Expr) bool {
	return w.makes(e, MakesController)
}

// Closure returns the function literal a local variable is bound to once
// and for all, or nil.
func (w *Writer) Closure(obj types.Object) *ast.FuncLit { return w.closures[obj] }

// Derived returns what e is, as a value derived from the writer.
func (w *Writer) Derived(e ast.Expr) Kind {
	switch {
	case w.Refers(e):
		return IsWriter
	case w.IsHeader(e):
		return IsHeader
	case w.IsEncoder(e):
		return IsEncoder
	case w.IsController(e):
		return IsController
	}
	return NotDerived
}

// headerCall reports whether e is W.Header() for the writer.
func (w *Writer) headerCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !w.Refers(sel.X) {
		return false
	}
	fn, _ := typeutil.Callee(w.info, call).(*types.Func)
	use, _ := Lookup(fn).On(Recv)
	return use.Must&MakesHeader != 0
}

// encoderCall reports whether e is json.NewEncoder(W) or xml.NewEncoder(W).
func (w *Writer) encoderCall(e ast.Expr) bool { return w.makes(e, MakesEncoder) }

// makes reports whether e is a call of a library function given the
// writer as its only argument whose result is of the kind effect says.
func (w *Writer) makes(e ast.Expr, effect Effect) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !w.Refers(call.Args[0]) {
		return false
	}
	use, _ := Lookup(typeutil.StaticCallee(w.info, call)).On(0)
	return use.Must&effect != 0
}

// derived returns the locals every assignment of which is an expression
// of the kind base decides, or a copy of another such local.
func derived(info *types.Info, sources map[types.Object][]ast.Expr, base func(ast.Expr) bool) map[types.Object]bool {
	set := map[types.Object]bool{}
	for changed := true; changed; {
		changed = false
		for obj, srcs := range sources {
			if set[obj] || !allFrom(info, srcs, set, base) {
				continue
			}
			set[obj] = true
			changed = true
		}
	}
	return set
}

// allFrom reports whether every source is of the kind base decides or a
// copy of a local already in set.
func allFrom(info *types.Info, srcs []ast.Expr, set map[types.Object]bool, base func(ast.Expr) bool) bool {
	for _, e := range srcs {
		if e == nil {
			return false
		}
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && set[info.Uses[id]] {
			continue
		}
		if !base(e) {
			return false
		}
	}
	return len(srcs) > 0
}

// isTrailerKey reports whether the quoted string literal names the Trailer
// header or a trailer (http.TrailerPrefix): trailers are set after the
// body on purpose.
func isTrailerKey(quoted string) bool {
	s := strings.Trim(quoted, "`\"")
	return strings.EqualFold(s, "Trailer") || strings.HasPrefix(s, "Trailer:")
}
