package preflight

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// This file decides, for a router, whether the analyzer sees everything
// that can answer a request to it: every registration, and every
// middleware in front of it. A router is visible when it was made in
// this package (or is DefaultServeMux in package main) and every use of
// every variable holding it, or a router derived from it, is one the
// analyzer follows: a method call, a wrapper call whose result is used
// the same way, a serving call (http.ListenAndServe, http.Server's
// Handler, httptest.NewServer), a registration mounting it on another
// router, a return from an unexported function whose calls are all
// used that way, or a return from an exported function (the router
// leaves the package: see leaves). Anything else (an argument to another function, a
// field, a global) might register an OPTIONS route or wrap the router in
// CORS middleware, and its routes get no findings.

const (
	passes  middlewareKind = iota // hands it on
	answers                       // may answer it (a CORS package, or code that tests for OPTIONS)
	unknown                       // its code is not known
)

// A reach is where a router value goes: whether every use is followed,
// and the wrapper calls it passes through on the way to being served.
type reach struct {
	ok       bool
	wrappers []wrap
	// leaves lists the exported functions whose results carry the
	// router out of the package (an api package's NewHandler() or
	// (*Server).Routes()): callers elsewhere serve it.
	leaves []*types.Func
	// mounted lists the routes it is mounted as the handler of.
	mounted []*httpmodel.Route
	// registers lists the calls that pass it to another package's
	// function registering routes on it (register.go).
	registers []*registerUse
}

// add adds what g found to f: the wrappers and exits of a value that
// flows on.
func (f *reach) add(g *reach) {
	f.ok = f.ok && g.ok
	f.wrappers = append(f.wrappers, g.wrappers...)
	f.mounted = append(f.mounted, g.mounted...)
	f.registers = append(f.registers, g.registers...)
	for _, fn := range g.leaves {
		if !slices.Contains(f.leaves, fn) {
			f.leaves = append(f.leaves, fn)
		}
	}
}

// objectFlow follows every use of a variable holding a router (or a
// handler made from one).
func (c *checker) objectFlow(obj types.Object) *reach {
	if f, ok := c.flows[obj]; ok {
		return f
	}
	f := &reach{ok: true}
	c.flows[obj] = f // a cycle sees what is known so far
	for _, cur := range c.uses[obj] {
		if !f.ok {
			break
		}
		c.valueFlow(cur, f, true)
	}
	return f
}

// valueFlow follows the value of the expression at cur. method is set
// when cur may be the receiver of a method call (it is a router).
func (c *checker) valueFlow(cur inspector.Cursor, f *reach, method bool) {
	info := c.pass.TypesInfo
	child := cur.Node()
	for {
		if _, ok := cur.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		cur = cur.Parent()
		child = cur.Node()
	}
	parent := cur.Parent()
	switch p := parent.Node().(type) {
	case *ast.SelectorExpr:
		call, ok := parent.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != p || !method && p.Sel.Name != "ServeHTTP" {
			f.ok = false // a method value, or a field
		}
	case *ast.CallExpr:
		c.argFlow(parent, p, child.(ast.Expr), f)
	case *ast.KeyValueExpr:
		// &http.Server{Handler: mux}
		key, _ := p.Key.(*ast.Ident)
		lit, ok := parent.Parent().Node().(*ast.CompositeLit)
		if !ok || key == nil || key.Name != "Handler" || !isServerType(info.TypeOf(lit)) {
			f.ok = false
		}
	case *ast.ReturnStmt:
		c.returnFlow(parent, f)
	case *ast.AssignStmt:
		c.assignFlow(p, child.(ast.Expr), f)
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == child && len(p.Names) == len(p.Values) {
				c.localFlow(info.Defs[p.Names[i]], f)
				return
			}
		}
		f.ok = false
	case *ast.ExprStmt:
		// A derived router made and dropped: r.Route("/api", fn).
	default:
		f.ok = false
	}
}

// argFlow follows a value passed to a call.
func (c *checker) argFlow(cur inspector.Cursor, call *ast.CallExpr, arg ast.Expr, f *reach) {
	info := c.pass.TypesInfo
	if call.Fun == arg {
		f.ok = false
		return
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		c.valueFlow(cur, f, false) // a conversion passes the value on
		return
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	switch {
	case fn != nil && isServing(fn):
		return
	case fn != nil && httpmodel.RouterPackage(fn.Pkg()) == httpmodel.Gorilla && fn.Name() == "CORSMethodMiddleware":
		return // reads the routes, registers none
	case fn != nil && c.registerUseOf(call, fn, arg) != nil:
		f.registers = append(f.registers, c.registerUseOf(call, fn, arg))
		return
	case c.routeCalls[call] != nil:
		f.mounted = append(f.mounted, c.routeCalls[call])
		return // mounted on another router, which is followed itself
	case httpmodel.IsHandlerValue(info.TypeOf(call), httpmodel.HandlerShaped) && onlyHandlerArg(c.m.HandlerArgs(call, httpmodel.HandlerShaped), arg):
		f.wrappers = append(f.wrappers, wrap{expr: call, fn: c.m.StaticFunc(call)})
		c.valueFlow(cur, f, false)
		return
	}
	f.ok = false
}

// onlyHandlerArg reports whether arg is the one argument of a call that
// serves HTTP, given those that do: no other is.
func onlyHandlerArg(handlerArgs []ast.Expr, arg ast.Expr) bool {
	return len(handlerArgs) == 0 || len(handlerArgs) == 1 && handlerArgs[0] == arg
}

// isServerType reports whether t is http.Server or *http.Server.
func isServerType(t types.Type) bool {
	return code.IsNamed(t, "net/http", "Server") || code.IsPointerTo(t, "net/http", "Server")
}

// isServing reports whether fn serves a handler and does nothing else
// with it.
func isServing(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return false
	}
	// Every call of a function comes here: the path is compared before
	// the name.
	switch fn.Pkg().Path() {
	case "net/http":
		switch fn.Name() {
		case "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS":
			return true
		}
	case "net/http/httptest":
		switch fn.Name() {
		case "NewServer", "NewTLSServer", "NewUnstartedServer":
			return true
		}
	}
	return false
}

// returnFlow follows a value returned by an unexported function (or any
// function of package main) to every call of that function. A value
// returned by an exported function leaves the package: what the
// package did to it up to there is all the analyzer sees.
func (c *checker) returnFlow(cur inspector.Cursor, f *reach) {
	var decl *ast.FuncDecl
	ok := false
	for encl := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		decl, ok = encl.Node().(*ast.FuncDecl)
		break
	}
	if !ok {
		f.ok = false
		return
	}
	fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if fn == nil {
		f.ok = false
		return
	}
	if fn.Exported() && c.pass.Pkg.Name() != "main" {
		if !slices.Contains(f.leaves, fn) {
			f.leaves = append(f.leaves, fn)
		}
		return
	}
	f.add(c.callFlow(fn))
}

// callFlow follows the results of every call of fn.
func (c *checker) callFlow(fn *types.Func) *reach {
	if g, ok := c.results[fn]; ok {
		return g
	}
	g := &reach{ok: true}
	c.results[fn] = g // a recursive call sees what is known so far
	for _, use := range c.uses[fn] {
		// f(...), or x.f(...) for a method.
		callee := use
		if sel, ok := use.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == use.Node() {
			callee = use.Parent()
		}
		call, ok := callee.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != callee.Node() {
			g.ok = false
			break
		}
		c.valueFlow(callee.Parent(), g, false)
		if !g.ok {
			break
		}
	}
	return g
}

// assignFlow follows x := value and var x = value to the uses of x, for
// a local x assigned nothing else.
func (c *checker) assignFlow(assign *ast.AssignStmt, value ast.Expr, f *reach) {
	for i, rhs := range assign.Rhs {
		if rhs != value || len(assign.Lhs) != len(assign.Rhs) {
			continue
		}
		if id, ok := assign.Lhs[i].(*ast.Ident); ok && assign.Tok == token.DEFINE {
			c.localFlow(c.pass.TypesInfo.Defs[id], f)
			return
		}
	}
	f.ok = false
}

// localFlow follows the uses of a local variable given a router value,
// unless it is ever assigned again.
func (c *checker) localFlow(obj types.Object, f *reach) {
	if obj == nil || obj.Parent() == c.pass.Pkg.Scope() {
		f.ok = false
		return
	}
	if httpmodel.RouterKindOf(obj.Type(), httpmodel.RouterTypes) != 0 {
		return // a router variable, followed as one of the router's
	}
	f.add(c.objectFlow(obj))
}
