package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"slices"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/flow"
	"golang.org/x/tools/go/types/typeutil"
)

// This file is the part of the CORS summaries (cors.go) that finds
// a helper's origin parameter: the writer, pointer to it or header map
// through which a function sets Access-Control-Allow-Origin, on every
// path that returns or on some.

// originParam finds the parameter of a helper through which it sets
// Access-Control-Allow-Origin: on every path that returns, or on some
// path when the helper only sets headers with it. It returns 1 + its
// index, or 0.
func (c *corsEngine) originParam(fn *types.Func, decl *ast.FuncDecl) (writer int, always bool) {
	params := fn.Signature().Params()
	for i := range params.Len() {
		v := params.At(i)
		kind := paramKind(v.Type())
		if kind == 0 {
			continue
		}
		t := c.newTarget(decl.Body, v, kind)
		if !c.setsOriginOn(decl.Body, t) {
			continue
		}
		if c.originOnEveryPath(decl, t) {
			return i + 1, true
		}
		if c.onlyHeaders(decl.Body, t) {
			return i + 1, false
		}
	}
	return 0, false
}

// A target is a parameter a function writes a response through, with its
// local aliases: the writer (or a pointer to it) and header maps taken
// from it.
type target struct {
	kind    int
	vars    *alias.Set
	headers map[types.Object]bool // locals holding its header map
	info    *types.Info
}

func (c *corsEngine) newTarget(body *ast.BlockStmt, v *types.Var, kind int) *target {
	t := &target{kind: kind, vars: c.aliases(body, v), headers: map[types.Object]bool{}, info: c.pass.TypesInfo}
	if kind == kindHeader {
		return t
	}
	// h := w.Header(), assigned nothing else.
	other := map[types.Object]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		assign, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range assign.Lhs {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok {
				continue
			}
			obj := t.info.ObjectOf(id)
			if obj == nil {
				continue
			}
			if len(assign.Lhs) == len(assign.Rhs) && t.headerCall(assign.Rhs[i]) {
				t.headers[obj] = true
			} else {
				other[obj] = true
			}
		}
		return true
	})
	for obj := range other {
		delete(t.headers, obj)
	}
	return t
}

// writer reports whether e is the target writer: an alias of it, or *p for
// a pointer parameter.
func (t *target) writer(e ast.Expr) bool {
	e = ast.Unparen(e)
	if t.kind == kindWriterPtr {
		star, ok := e.(*ast.StarExpr)
		return ok && t.vars.Refers(star.X)
	}
	return t.kind == kindWriter && t.vars.Refers(e)
}

// headerCall reports whether e is W.Header() for the target writer W.
func (t *target) headerCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Header" && t.writer(sel.X)
}

// header reports whether e is the target's header map.
func (t *target) header(e ast.Expr) bool {
	e = ast.Unparen(e)
	if t.kind == kindHeader {
		return t.vars.Refers(e)
	}
	if id, ok := e.(*ast.Ident); ok && t.headers[t.info.Uses[id]] {
		return true
	}
	return t.headerCall(e)
}

// passes reports whether arg hands the target to a callee whose parameter
// has the given kind.
func (t *target) passes(arg ast.Expr, kind int) bool {
	switch kind {
	case kindWriter:
		return t.writer(arg)
	case kindWriterPtr:
		arg = ast.Unparen(arg)
		if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
			return t.kind == kindWriter && t.vars.Refers(u.X)
		}
		return t.kind == kindWriterPtr && t.vars.Refers(arg)
	case kindHeader:
		return t.header(arg)
	}
	return false
}

// setsOrigin reports whether n sets Access-Control-Allow-Origin on the
// target: directly, or through a helper that does on every path
// (always) or on some path.
func (c *corsEngine) setsOrigin(n ast.Node, t *target, always bool) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		if key, h, ok := c.headerSet(n); ok && http.CanonicalHeaderKey(key) == hdrAllowOrigin && t.header(h) {
			return true
		}
		fn, ok := typeutil.Callee(c.pass.TypesInfo, n).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() == "net/http" {
			return false
		}
		f := c.factOf(fn)
		if f.Writer == 0 || f.Writer > len(n.Args) || always && !f.Always {
			return false
		}
		params := fn.Signature().Params()
		return f.Writer <= params.Len() && t.passes(n.Args[f.Writer-1], paramKind(params.At(f.Writer-1).Type()))
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			if idx, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && t.header(idx.X) {
				if key, ok := code.StringConst(c.pass.TypesInfo, idx.Index); ok && http.CanonicalHeaderKey(key) == hdrAllowOrigin {
					return true
				}
			}
		}
	}
	return false
}

// setsOriginOn reports whether body sets the origin on t anywhere outside
// function literals.
func (c *corsEngine) setsOriginOn(body *ast.BlockStmt, t *target) bool {
	found := false
	flow.Preorder(body, func(n ast.Node) bool {
		if !found && c.setsOrigin(n, t, false) {
			found = true
		}
		return !found
	})
	return found
}

// originOnEveryPath reports whether decl sets the origin on t on every
// path that returns, solving a must problem on its control-flow graph
// (whose paths already end at panic, os.Exit and the like).
func (c *corsEngine) originOnEveryPath(decl *ast.FuncDecl, t *target) bool {
	g := c.cfgs.FuncDecl(decl)
	if g == nil {
		return false
	}
	const set flow.Event = 0
	every, returns := true, false
	flow.Forward(g, func(n ast.Node, s *flow.State, final bool) {
		flow.Preorder(n, func(m ast.Node) bool {
			if c.setsOrigin(m, t, true) {
				s.Add(set, m.Pos())
			}
			return true
		})
		if _, ok := n.(*ast.ReturnStmt); ok && final {
			returns = true
			every = every && s.Has(set)
		}
	})
	return every && returns
}

// onlyHeaders reports whether every use of the target in body is to set
// or read headers: the helper writes no body or status with it, so
// setting the origin on some path is all it is for.
func (c *corsEngine) onlyHeaders(body *ast.BlockStmt, t *target) bool {
	info := c.pass.TypesInfo
	ok := true
	var stack []ast.Node // the ancestors of the node visited
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if !ok {
			return false
		}
		if id, isIdent := n.(*ast.Ident); isIdent && t.vars.Contains(info.Uses[id]) {
			ok = c.headerUse(t, id, stack)
		}
		stack = append(stack, n)
		return true
	})
	return ok
}

// headerUse reports whether a use of the target, with the given
// ancestors, only sets or reads headers, or passes it to a CORS helper.
func (c *corsEngine) headerUse(t *target, use *ast.Ident, stack []ast.Node) bool {
	var ancestors []ast.Node
	for i := len(stack) - 1; i >= 0; i-- {
		if _, paren := stack[i].(*ast.ParenExpr); !paren {
			ancestors = append(ancestors, stack[i])
		}
	}
	var e ast.Node = use
	kind := t.kind
	if len(ancestors) == 0 {
		return false
	}
	if kind == kindWriterPtr {
		// Only (*w) counts, as the writer itself.
		star, ok := ancestors[0].(*ast.StarExpr)
		if !ok {
			return false
		}
		e, ancestors, kind = star, ancestors[1:], kindWriter
	}
	if len(ancestors) == 0 {
		return false
	}
	switch p := ancestors[0].(type) {
	case *ast.SelectorExpr:
		// w.Header(), or h.Set/Add/Get/Del/Values.
		return kind == kindWriter && p.Sel.Name == "Header" ||
			kind == kindHeader && slices.Contains([]string{"Set", "Add", "Get", "Del", "Values"}, p.Sel.Name)
	case *ast.IndexExpr:
		return kind == kindHeader && ast.Unparen(p.X) == e // h["Key"] = ...
	case *ast.CallExpr:
		for _, arg := range p.Args {
			if ast.Unparen(arg) == e {
				return c.passesToHelper(p, arg)
			}
		}
	case *ast.AssignStmt, *ast.ValueSpec:
		return true // an alias, checked at its own uses
	}
	return false
}

// passesToHelper reports whether the call passes arg to a CORS helper's
// origin parameter.
func (c *corsEngine) passesToHelper(call *ast.CallExpr, arg ast.Expr) bool {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return false
	}
	f := c.factOf(fn)
	return f.Writer > 0 && f.Writer <= len(call.Args) && call.Args[f.Writer-1] == arg
}
