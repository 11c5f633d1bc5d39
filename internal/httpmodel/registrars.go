package httpmodel

// This file reads the registration calls of each router: net/http's
// Handle and HandleFunc, chi's, gorilla/mux's with their matchers, and
// the registrars .routevet.yaml names.

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"github.com/routevet/routevet/internal/code"
)

// netHTTP records http.Handle/HandleFunc and (*http.ServeMux).Handle/HandleFunc.
func (b *builder) netHTTP(c callSite) {
	if (c.fn.Name() != "Handle" && c.fn.Name() != "HandleFunc") || len(c.call.Args) != 2 {
		return
	}
	var router *Router
	if recv := c.fn.Signature().Recv(); recv == nil {
		router = b.defaultMux()
	} else if sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr); ok {
		router = b.routerOf(sel.X)
	} else {
		return // a method expression: (*http.ServeMux).Handle(mux, ...)
	}
	rt := &Route{Call: c.call, Router: router}
	if s, ok := b.stringConst(c.call.Args[0]); ok {
		rt.Pattern, rt.PatternKnown = s, true
		if p := b.parseMuxPattern(s, c.file); p != nil {
			rt.Mux = p
			rt.Path, rt.Host, rt.Methods, rt.Subtree = p.Path(), p.Host, p.Methods(), p.Subtree
		}
	}
	b.addRoute(rt, c.call.Args[1])
}

// parseMuxPattern parses a ServeMux pattern with the rules of the file's
// Go version: before Go 1.22 a pattern is a plain path, with no method or
// wildcards.
func (b *builder) parseMuxPattern(s string, file *ast.File) *Pattern {
	if v := b.pass.TypesInfo.FileVersions[file]; v != "" && version.Compare(v, "go1.22") < 0 {
		i := strings.IndexByte(s, '/')
		if i < 0 {
			return nil
		}
		return &Pattern{Raw: s, Host: s[:i], Subtree: strings.HasSuffix(s, "/"), Segments: []Segment{{Literal: s[i:]}}}
	}
	p, err := ParsePattern(s)
	if err != nil {
		return nil
	}
	return p
}

// configured records calls to the registrars named in .routevet.yaml. A
// method's receiver is its router; a function's routers are told apart by
// nothing, so they share one router per function.
func (b *builder) configured(c callSite) {
	if len(b.m.Config.Registrars) == 0 {
		return // the common case: no name to spell for every call
	}
	name := c.fn.Origin().FullName()
	for _, reg := range b.m.Config.Registrars {
		if reg.Func != name || max(reg.Pattern, reg.Handler) >= len(c.call.Args) || reg.Pattern < 0 || reg.Handler < 0 {
			continue
		}
		rt := &Route{Call: c.call}
		if sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr); ok && c.fn.Signature().Recv() != nil {
			rt.Router = b.routerOf(sel.X)
		} else {
			rt.Router = b.funcRouter(c.fn)
		}
		rt.Router.Kind = Custom
		for _, m := range reg.Methods {
			rt.Methods = append(rt.Methods, strings.ToUpper(m))
		}
		if s, ok := b.stringConst(c.call.Args[reg.Pattern]); ok {
			rt.Pattern, rt.PatternKnown, rt.Path = s, true, s
		}
		b.addRoute(rt, c.call.Args[reg.Handler])
		return
	}
}

// funcRouter returns the one router of a package-level registrar function.
func (b *builder) funcRouter(fn *types.Func) *Router {
	if r := b.routers[fn]; r != nil {
		return r
	}
	r := b.newRouter(nil, fn, Unknown, token.NoPos)
	b.routers[fn] = r
	return r
}

var chiMethods = map[string]string{
	"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
	"Head": "HEAD", "Options": "OPTIONS", "Connect": "CONNECT", "Trace": "TRACE",
}

// chi records chi's registrations, Mount and Use.
func (b *builder) chi(c callSite) {
	sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr)
	if !ok || c.fn.Signature().Recv() == nil {
		return
	}
	args := c.call.Args
	name := c.fn.Name()
	if name == "Use" {
		router := b.routerOf(sel.X)
		for _, arg := range args {
			router.Middleware = append(router.Middleware, b.middleware(arg))
		}
		return
	}
	rt := &Route{Call: c.call}
	switch {
	case chiMethods[name] != "" && len(args) == 2:
		rt.Methods = []string{chiMethods[name]}
	case (name == "Method" || name == "MethodFunc") && len(args) == 3:
		m, ok := b.stringConst(args[0])
		if !ok {
			return // unknown method: not guessed
		}
		rt.Methods = []string{strings.ToUpper(m)}
		args = args[1:]
	case (name == "Handle" || name == "HandleFunc" || name == "Mount") && len(args) == 2:
		rt.Subtree = name == "Mount"
	default:
		return
	}
	rt.Router = b.routerOf(sel.X)
	if s, ok := b.stringConst(args[0]); ok {
		if i := strings.IndexAny(s, " \t"); i >= 0 && name != "Mount" && rt.Methods == nil {
			// chi 5.1 and later: Handle("POST /items", h) is
			// Method("POST", "/items", h), as on a ServeMux. (Older
			// versions take it as a path with a space, which no one
			// registers.)
			rt.Methods = []string{strings.ToUpper(s[:i])}
			s = strings.TrimLeft(s[i+1:], " \t")
		}
		rt.Pattern, rt.PatternKnown = s, true
		rt.Subtree = rt.Subtree || strings.HasSuffix(s, "*")
	}
	b.addRoute(rt, args[1])
	if name == "Mount" && rt.Sub != nil && rt.Sub.Parent == nil && rt.Sub != rt.Router {
		rt.Sub.Parent, rt.Sub.Prefix = rt.Router, rt.Pattern
	}
}

// gorilla records gorilla/mux registrations: Router.Handle/HandleFunc and
// Route.Handler/HandlerFunc, with the matchers chained around them.
func (b *builder) gorilla(c callSite) {
	sel, ok := ast.Unparen(c.call.Fun).(*ast.SelectorExpr)
	if !ok || c.fn.Signature().Recv() == nil {
		return
	}
	recvType := c.fn.Signature().Recv().Type()
	onRouter := code.IsPointerTo(recvType, gorillaPath, "Router")
	onRoute := code.IsPointerTo(recvType, gorillaPath, "Route")
	name := c.fn.Name()
	switch {
	case onRouter && name == "Use":
		router := b.routerOf(sel.X)
		for _, arg := range c.call.Args {
			router.Middleware = append(router.Middleware, b.middleware(arg))
		}
	case onRouter && (name == "Handle" || name == "HandleFunc") && len(c.call.Args) == 2:
		rt := &Route{Call: c.call, Router: b.routerOf(sel.X)}
		b.gorillaPath(rt, c.call.Args[0])
		b.gorillaMatchers(rt, b.outwardChain(c.call))
		b.addRoute(rt, c.call.Args[1])
	case onRoute && (name == "Handler" || name == "HandlerFunc") && len(c.call.Args) == 1:
		rt := &Route{Call: c.call}
		chain, root := inwardChain(sel.X)
		if root == nil {
			return
		}
		rt.Router = b.routerOf(root)
		b.gorillaMatchers(rt, append(chain, b.outwardChain(c.call)...))
		b.addRoute(rt, c.call.Args[0])
	}
}

// gorillaMatchers applies matcher calls (Path, PathPrefix, Methods, Host)
// chained on a gorilla route.
func (b *builder) gorillaMatchers(rt *Route, chain []*ast.CallExpr) {
	for _, call := range chain {
		sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		switch sel.Sel.Name {
		case "Path", "PathPrefix":
			if len(call.Args) == 1 {
				b.gorillaPath(rt, call.Args[0])
				rt.Subtree = sel.Sel.Name == "PathPrefix"
			}
		case "Methods":
			rt.Methods = b.methodList(call.Args)
		case "Host":
			if len(call.Args) == 1 {
				rt.Host, _ = b.stringConst(call.Args[0])
			}
		}
	}
}

// gorillaPath sets rt's pattern from the path expression e: a constant,
// or a package-level variable followed by constants.
func (b *builder) gorillaPath(rt *Route, e ast.Expr) {
	rt.Pattern, rt.PatternKnown, rt.PrefixVar, rt.PathExpr = "", false, nil, nil
	if s, ok := b.stringConst(e); ok {
		rt.Pattern, rt.PatternKnown = s, true
		return
	}
	whole := e
	var suffix []string
	for {
		bin, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok || bin.Op != token.ADD {
			break
		}
		s, ok := b.stringConst(bin.Y)
		if !ok {
			return
		}
		suffix = append([]string{s}, suffix...)
		e = bin.X
	}
	v, ok := b.pass.TypesInfo.Uses[IdentOf(e)].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return
	}
	if t, ok := v.Type().Underlying().(*types.Basic); !ok || t.Info()&types.IsString == 0 {
		return
	}
	rt.Pattern, rt.PrefixVar, rt.PathExpr = strings.Join(suffix, ""), v, whole
}

// methodList returns the constant methods of gorilla's Methods(...), or a
// single "?" when one is not constant, so the route is not taken to accept
// every method.
func (b *builder) methodList(args []ast.Expr) []string {
	methods := []string{}
	for _, arg := range args {
		m, ok := b.stringConst(arg)
		if !ok {
			return []string{"?"}
		}
		methods = append(methods, strings.ToUpper(m))
	}
	return methods
}

// outwardChain returns the method calls chained on the result of call:
// for r.HandleFunc(...).Methods("POST"), the Methods call. A call is
// chained on another when its function is a selector (no parentheses)
// whose operand is the other call.
func (b *builder) outwardChain(call *ast.CallExpr) []*ast.CallExpr {
	if b.chained == nil {
		b.chained = map[*ast.CallExpr]*ast.CallExpr{}
		for _, sn := range b.syntax.Nodes() {
			if outer, ok := sn.Node.(*ast.CallExpr); ok {
				if sel, ok := outer.Fun.(*ast.SelectorExpr); ok {
					if inner, ok := sel.X.(*ast.CallExpr); ok {
						b.chained[inner] = outer
					}
				}
			}
		}
	}
	var chain []*ast.CallExpr
	for outer := b.chained[call]; outer != nil; outer = b.chained[outer] {
		chain = append(chain, outer)
	}
	return chain
}

// inwardChain follows r.Methods("POST").Path("/x") back to r, returning the
// matcher calls innermost first and the router expression.
func inwardChain(e ast.Expr) (chain []*ast.CallExpr, root ast.Expr) {
	for {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return chain, e
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, nil
		}
		chain = append([]*ast.CallExpr{call}, chain...)
		e = sel.X
		if sel.Sel.Name == "NewRoute" {
			return chain[1:], e
		}
	}
}
