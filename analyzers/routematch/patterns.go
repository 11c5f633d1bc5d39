package routematch

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/pathvalues"
)

// This file answers which names a handler's routes define for each way of
// asking, and whether that answer is complete.

// definedNames returns the names that the routes define for reads of
// kind, and false when the routes do not tell (a pattern or a prefix is
// not a constant, the router could be mounted where a caller adds names,
// the routes are of another router kind than the read's API answers).
func (c *checker) definedNames(routes []*httpmodel.Route, kind pathvalues.Kind) (map[string]bool, bool) {
	names := map[string]bool{}
	for _, rt := range routes {
		if !rt.PatternKnown || rt.Router == nil {
			return nil, false
		}
		switch {
		case rt.Router.Kind == httpmodel.ServeMux && kind == pathvalues.PathValue:
			// The innermost ServeMux's pattern is the request's: an
			// outer mux's wildcards are replaced when this one routes.
			if rt.Mux == nil {
				return nil, false
			}
			for _, s := range rt.Mux.Segments {
				if s.Wild != "" {
					names[s.Wild] = true
				}
			}
		case rt.Router.Kind == httpmodel.Chi && (kind == pathvalues.ChiParam || kind == pathvalues.PathValue):
			// chi adds the parameters of every prefix the route is
			// mounted under, and from 5.1 on sets them as path values
			// too: the whole chain must be known and served from here.
			if !c.chainKnown(rt.Router) || !c.servedHere(rt.Router) {
				return nil, false
			}
			for _, n := range templateNames(rt.Path, chiSyntax) {
				names[n] = true
			}
		case rt.Router.Kind == httpmodel.Gorilla && kind == pathvalues.GorillaVar:
			// A router mounted as another's handler starts its
			// variables afresh; a subrouter adds its prefix's and its
			// host's. (Host and Queries templates anywhere in the package
			// may add names to any route: see checkPathValues.)
			if !c.chainKnown(rt.Router) || c.gorillaExtra().unknown {
				return nil, false
			}
			for _, n := range templateNames(rt.Path, gorillaSyntax) {
				names[n] = true
			}
		case rt.Router.Kind == httpmodel.Gorilla && kind == pathvalues.PathValue:
			// gorilla/mux never sets path values; a ServeMux outside it
			// could, unless it is served from here.
			if !c.chainKnown(rt.Router) || !c.servedHere(rt.Router) {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return names, true
}

type templateSyntax int

const (
	chiSyntax     templateSyntax = iota // {name}, {name:regexp}, and * for the rest
	gorillaSyntax                       // {name}, {name:regexp} with balanced braces
)

// templateNames returns the names a chi or gorilla/mux template defines.
func templateNames(tpl string, syntax templateSyntax) []string {
	var names []string
	depth, start := 0, -1
	for i := 0; i < len(tpl); i++ {
		switch tpl[i] {
		case '{':
			if depth == 0 {
				start = i + 1
			}
			depth++
		case '}':
			if depth == 0 {
				continue
			}
			depth--
			if depth == 0 && start >= 0 {
				name, _, _ := strings.Cut(tpl[start:i], ":")
				names = append(names, strings.TrimSpace(name))
				start = -1
			}
		case '*':
			if syntax == chiSyntax && depth == 0 {
				names = append(names, "*")
			}
		}
	}
	return names
}

// chainKnown reports whether every router from r up to its root is known,
// with a constant prefix: a root made in this package, routers derived
// from it by calls with constant arguments, and mounts at constant paths.
func (c *checker) chainKnown(r *httpmodel.Router) bool {
	for _, x := range r.Chain() {
		switch x.Origin {
		case httpmodel.Unknown:
			return false
		case httpmodel.Derived:
			if !c.derivationConstant(x) {
				return false
			}
		}
		if x.Parent != nil && x.Origin != httpmodel.Derived {
			// Mounted: the mount's path must be a constant.
			for _, rt := range c.model.Routes {
				if rt.Sub == x && !rt.PatternKnown {
					return false
				}
			}
		}
	}
	return true
}

// derivationConstant reports whether the call that derived r (chi's
// Route, Group or With; gorilla's Subrouter after its matchers) has only
// constant prefixes and hosts. The calls of one chain start at the same
// position (r.With(m).Route("/x", f)); all of them must be constant.
func (c *checker) derivationConstant(r *httpmodel.Router) bool {
	calls := c.derivingCalls(r)
	for _, call := range calls {
		if !c.constantDerivation(call) {
			return false
		}
	}
	return len(calls) > 0
}

func (c *checker) constantDerivation(call *ast.CallExpr) bool {
	sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	switch sel.Sel.Name {
	case "Group", "With":
		return true
	case "Route":
		return len(call.Args) > 0 && c.isConstString(call.Args[0])
	case "Subrouter":
		for e := sel.X; ; {
			inner, ok := ast.Unparen(e).(*ast.CallExpr)
			if !ok {
				return true
			}
			isel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch isel.Sel.Name {
			case "Path", "PathPrefix", "Host":
				if len(inner.Args) != 1 || !c.isConstString(inner.Args[0]) {
					return false
				}
			}
			e = isel.X
		}
	}
	return false
}

// derivingCalls returns the calls at r's position that may have derived
// it.
func (c *checker) derivingCalls(r *httpmodel.Router) []*ast.CallExpr {
	if c.derivers == nil {
		c.derivers = map[token.Pos][]*ast.CallExpr{}
		for n := range c.graphs.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
			call := n.Node().(*ast.CallExpr)
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Route", "Group", "With", "Subrouter":
					c.derivers[call.Pos()] = append(c.derivers[call.Pos()], call)
				}
			}
		}
	}
	return c.derivers[r.Pos]
}

func (c *checker) isConstString(e ast.Expr) bool {
	_, ok := code.StringConst(c.pass.TypesInfo, e)
	return ok
}

// servedHere reports whether the root of r's chain is made in this
// package, held in a local variable that is used only to register routes
// on it, derive routers from it, and serve it (http.ListenAndServe,
// http.Serve, an http.Server's Handler): no other code can mount it under
// a prefix of its own.
func (c *checker) servedHere(r *httpmodel.Router) bool {
	chain := r.Chain()
	root := chain[len(chain)-1]
	if root.Origin != httpmodel.Local || root.Var == nil {
		return false
	}
	if served, ok := c.served[root]; ok {
		return served
	}
	if c.served == nil {
		c.served = map[*httpmodel.Router]bool{}
	}
	served := c.onlyServed(root.Var)
	c.served[root] = served
	return served
}

// onlyServed reports whether every use of v is a method call on it, or
// hands it to net/http to serve.
func (c *checker) onlyServed(v types.Object) bool {
	info := c.pass.TypesInfo
	for n := range c.graphs.Inspector().Root().Preorder((*ast.Ident)(nil)) {
		id := n.Node().(*ast.Ident)
		if info.Uses[id] != v {
			continue
		}
		parent := n.Parent()
		switch p := parent.Node().(type) {
		case *ast.SelectorExpr:
			if p.X == id {
				if call, ok := parent.Parent().Node().(*ast.CallExpr); ok && call.Fun == p {
					continue // r.Get(...), r.Route(...), r.Use(...)
				}
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, p).(*types.Func); ok && isServing(fn) {
				continue
			}
		case *ast.KeyValueExpr:
			if key, ok := p.Key.(*ast.Ident); ok && key.Name == "Handler" && p.Value == id && isServerLit(info, parent.Parent()) {
				continue
			}
		}
		return false
	}
	return true
}

// isServing reports whether fn serves a handler argument: net/http's
// ListenAndServe, ListenAndServeTLS, Serve and ServeTLS.
func isServing(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != "net/http" || fn.Signature().Recv() != nil {
		return false
	}
	switch fn.Name() {
	case "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS":
		return true
	}
	return false
}

// isServerLit reports whether the cursor is an http.Server composite
// literal (or a pointer to one).
func isServerLit(info *types.Info, cur inspector.Cursor) bool {
	lit, ok := cur.Node().(*ast.CompositeLit)
	if !ok {
		return false
	}
	t := info.TypeOf(lit)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Server"
}

// gorillaMatchers is what gorilla/mux Host and Queries matchers anywhere
// in the package may add to a route's variables.
type gorillaMatchers struct {
	names   map[string]bool
	unknown bool // one of them is not a constant
}

func (c *checker) gorillaExtra() *gorillaMatchers {
	if c.gorilla != nil {
		return c.gorilla
	}
	g := &gorillaMatchers{names: map[string]bool{}}
	for n := range c.graphs.Inspector().Root().Preorder((*ast.CallExpr)(nil)) {
		call := n.Node().(*ast.CallExpr)
		fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != gorillaPath || (fn.Name() != "Host" && fn.Name() != "Queries") {
			continue
		}
		for _, arg := range call.Args {
			s, ok := code.StringConst(c.pass.TypesInfo, arg)
			if !ok {
				g.unknown = true
				continue
			}
			for _, name := range templateNames(s, gorillaSyntax) {
				g.names[name] = true
			}
		}
	}
	c.gorilla = g
	return g
}
