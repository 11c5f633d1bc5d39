package edgeruntime

// This file tracks http.Client values, to tell a client on net/http's own
// transport (host-only on an edge runtime) from one given the platform's.

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// resolveClients turns calls on http.DefaultClient and on clients with no
// Transport into host-only calls.
func (b *builder) resolveClients() {
	for _, n := range b.nodes {
		for _, s := range n.sites {
			if s.recv == nil {
				continue
			}
			switch b.clients.kind(s.recv, 0) {
			case apiDefaultClient:
				s.leaf = b.pseudo(apiDefaultClient, "http.DefaultClient."+s.callee.Name())
			case apiBareClient:
				s.leaf = b.pseudo(apiBareClient, "(*http.Client)."+s.callee.Name()+" with no Transport")
			case apiOwnTransport:
				s.leaf = b.pseudo(apiOwnTransport, "(*http.Client)."+s.callee.Name()+" on an *http.Transport")
			}
		}
	}
}

func isClientMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil || !isClientType(recv.Type()) {
		return false
	}
	switch fn.Name() {
	case "Do", "Get", "Post", "Head", "PostForm":
		return true
	}
	return false
}

// clientVars follows http.Client variables to how they were made, to tell
// clients on net/http's own transport from clients given the platform's.
type clientVars struct {
	info *types.Info
	// writes lists each value assigned to a variable (its declaration
	// included); nil stands for a value that cannot be seen, zeroValue
	// for a declaration with none.
	writes map[*types.Var][]ast.Expr
	// transports lists each value assigned to a client's Transport field.
	transports map[*types.Var][]ast.Expr
}

var zeroValue = &ast.Ident{Name: "<zero value>"}

func isClientType(t types.Type) bool {
	return code.IsNamed(t, "net/http", "Client") || code.IsPointerTo(t, "net/http", "Client")
}

func isHTTPVar(obj types.Object, name string) bool {
	v, ok := obj.(*types.Var)
	return ok && v.Name() == name && v.Pkg() != nil && v.Pkg().Path() == "net/http" && v.Parent() == v.Pkg().Scope()
}

func (c *clientVars) varOf(e ast.Expr) *types.Var {
	id := httpmodel.IdentOf(e)
	if id == nil {
		return nil
	}
	v, _ := c.info.ObjectOf(id).(*types.Var)
	return v
}

func (c *clientVars) assign(n *ast.AssignStmt, installs *bool) {
	if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
		return // x += y
	}
	for i, lhs := range n.Lhs {
		v := c.varOf(lhs)
		if v == nil {
			continue
		}
		var rhs ast.Expr
		if len(n.Lhs) == len(n.Rhs) {
			rhs = n.Rhs[i]
		}
		if isHTTPVar(v, "DefaultTransport") || isHTTPVar(v, "DefaultClient") {
			*installs = true
		}
		if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && sel.Sel.Name == "Transport" {
			if client := c.varOf(sel.X); client != nil && isClientType(client.Type()) {
				c.transports[client] = append(c.transports[client], rhs)
				if isHTTPVar(client, "DefaultClient") {
					*installs = true
				}
			}
			continue
		}
		if isClientType(v.Type()) {
			c.writes[v] = append(c.writes[v], rhs)
		}
	}
}

func (c *clientVars) spec(n *ast.ValueSpec) {
	for i, name := range n.Names {
		v, _ := c.info.Defs[name].(*types.Var)
		if v == nil || !isClientType(v.Type()) {
			continue
		}
		var rhs ast.Expr
		switch {
		case len(n.Values) == 0:
			rhs = zeroValue
		case len(n.Values) == len(n.Names):
			rhs = n.Values[i]
		}
		c.writes[v] = append(c.writes[v], rhs)
	}
}

// kind tells how e, a client, reaches the network: through
// http.DefaultTransport, as http.DefaultClient (apiDefaultClient) or a
// client with no Transport (apiBareClient) do; through an *http.Transport
// of its own (apiOwnTransport); or in a way not seen here (""): another
// transport, a field, a parameter, a value from a call.
func (c *clientVars) kind(e ast.Expr, depth int) string {
	if depth > 3 {
		return ""
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.kind(e.X, depth+1)
		}
		return ""
	case *ast.CompositeLit:
		if !isClientType(c.info.TypeOf(e)) {
			return ""
		}
		return c.litTransport(e)
	case *ast.CallExpr:
		if isNew(c.info, e) && isClientType(c.info.TypeOf(e.Args[0])) {
			return apiBareClient
		}
		return ""
	}
	v := c.varOf(e)
	switch {
	case v == nil:
		return ""
	case isHTTPVar(v, "DefaultClient"):
		if len(c.transports[v]) > 0 {
			return "" // reported as installing a transport instead
		}
		return apiDefaultClient
	case v.Kind() != types.LocalVar && v.Kind() != types.PackageVar:
		return "" // a field or parameter: made elsewhere
	case v.Kind() == types.PackageVar && v.Exported():
		return "" // other packages may set it up
	}
	// The values the variable is given, or, when its Transport is
	// assigned, those of the field (what it was made with is overwritten).
	kinds := []string{}
	if ts := c.transports[v]; len(ts) > 0 {
		for _, t := range ts {
			kinds = append(kinds, c.transport(t))
		}
	} else {
		for _, w := range c.writes[v] {
			k := ""
			switch {
			case w == zeroValue:
				if _, ptr := types.Unalias(v.Type()).(*types.Pointer); !ptr {
					k = apiBareClient
				}
			case w != nil:
				k = c.kind(w, depth+1)
			}
			kinds = append(kinds, k)
		}
	}
	return weakest(kinds)
}

// weakest combines the kinds of a variable's values: unknown if any is,
// else the one a platform's installed transport fixes last.
func weakest(kinds []string) string {
	if len(kinds) == 0 || slices.Contains(kinds, "") {
		return ""
	}
	for _, k := range []string{apiOwnTransport, apiBareClient} {
		if slices.Contains(kinds, k) {
			return k
		}
	}
	return apiDefaultClient
}

// litTransport tells the transport of a client literal: apiBareClient for
// none, or the kind of the one it sets; a literal with unkeyed fields is
// not judged.
func (c *clientVars) litTransport(lit *ast.CompositeLit) string {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return ""
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Transport" {
			return c.transport(kv.Value)
		}
	}
	return apiBareClient
}

// transport tells a Transport value: nil and http.DefaultTransport make
// apiBareClient, an *http.Transport apiOwnTransport, anything else "".
func (c *clientVars) transport(e ast.Expr) string {
	if e == nil {
		return ""
	}
	if tv, ok := c.info.Types[e]; ok && tv.IsNil() {
		return apiBareClient
	}
	if v := c.varOf(e); v != nil && isHTTPVar(v, "DefaultTransport") {
		return apiBareClient
	}
	t := c.info.TypeOf(e)
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if t != nil && code.IsNamed(t, "net/http", "Transport") {
		return apiOwnTransport
	}
	return ""
}

// isNew reports whether call is new(T).
func isNew(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "new"
}
