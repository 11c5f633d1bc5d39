package routematch

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// checkUnreachable reports registrations that an earlier or later
// registration on the same router always wins over.
func (c *checker) checkUnreachable() {
	if !c.model.Enabled(c.pass.Analyzer.Name, CategoryUnreachableRoute) {
		return
	}
	byRouter := map[*httpmodel.Router][]*httpmodel.Route{}
	var routers []*httpmodel.Router
	for _, rt := range c.model.Routes {
		if rt.Router == nil || (rt.Router.Kind != httpmodel.Chi && rt.Router.Kind != httpmodel.Gorilla) {
			continue
		}
		if byRouter[rt.Router] == nil {
			routers = append(routers, rt.Router)
		}
		byRouter[rt.Router] = append(byRouter[rt.Router], rt)
	}
	for _, r := range routers {
		routes := byRouter[r]
		for i, earlier := range routes {
			for _, later := range routes[i+1:] {
				// The pattern tests come before inOrder, which looks the
				// statements up: most pairs fail them, and cheaply.
				switch r.Kind {
				case httpmodel.Chi:
					if chiReplaces(later, earlier) && c.inOrder(earlier, later) {
						c.reportUnreachable(earlier, later, fmt.Sprintf(
							"route %s is never served: the registration of the same pattern at line %d replaces its handler (chi keeps the last one for a method and pattern); remove one of them",
							describeRoute(earlier), c.line(later)))
					}
				case httpmodel.Gorilla:
					if why := c.gorillaShadows(earlier, later); why != "" && c.inOrder(earlier, later) {
						c.reportUnreachable(later, earlier, fmt.Sprintf(
							"route %s is never reached: the route at line %d %s, and gorilla/mux serves the first route that matches; register it before that route, or remove it",
							describeRoute(later), c.line(earlier), why))
					}
				}
			}
		}
	}
}

func (c *checker) line(rt *httpmodel.Route) int { return c.pass.Fset.Position(rt.Call.Pos()).Line }

func (c *checker) reportUnreachable(rt, winner *httpmodel.Route, msg string) {
	c.model.Report(c.pass, analysis.Diagnostic{
		Pos: rt.Call.Pos(), End: rt.Call.End(), Category: CategoryUnreachableRoute, Message: msg,
		Related: []analysis.RelatedInformation{{Pos: winner.Call.Pos(), End: winner.Call.End(), Message: "this registration wins"}},
	})
}

// describeRoute spells a route for messages: "GET /items/{id}".
func describeRoute(rt *httpmodel.Route) string {
	path := rt.Path
	if path == "" {
		path = rt.Pattern
	}
	if len(rt.Methods) == 0 {
		return fmt.Sprintf("%q", path)
	}
	return fmt.Sprintf("%q", strings.Join(rt.Methods, ",")+" "+path)
}

// chiReplaces reports whether registering later replaces earlier's handler
// for every method earlier serves: same constant pattern, and later's
// methods include earlier's (a route for every method replaces all).
func chiReplaces(later, earlier *httpmodel.Route) bool {
	if !later.PatternKnown || !earlier.PatternKnown || later.Pattern != earlier.Pattern || later.Subtree || earlier.Subtree {
		return false
	}
	if later.Sub != nil || earlier.Sub != nil {
		return false // Mount twice panics instead; not this finding
	}
	return methodsInclude(later.Methods, earlier.Methods)
}

// gorillaShadows returns why earlier matches every request later would,
// or "". earlier must have no matcher the model does not read (Queries,
// Headers, Schemes, MatcherFunc), and the same host as later.
func (c *checker) gorillaShadows(earlier, later *httpmodel.Route) string {
	if !earlier.PatternKnown || !later.PatternKnown || earlier.PrefixVar != nil || later.PrefixVar != nil {
		return ""
	}
	if earlier.Host != later.Host || !methodsInclude(earlier.Methods, later.Methods) {
		return ""
	}
	if !c.onlyKnownMatchers(earlier) || earlier.Sub != nil || strings.Contains(earlier.Path, "{") {
		return ""
	}
	switch {
	case !earlier.Subtree && !later.Subtree && earlier.Path == later.Path:
		return "has the same path and methods"
	case earlier.Subtree && strings.HasPrefix(later.Path, earlier.Path):
		return fmt.Sprintf("is a PathPrefix(%q) for %s", earlier.Pattern, methodsText(earlier.Methods))
	}
	return ""
}

func methodsText(methods []string) string {
	if len(methods) == 0 {
		return "every method"
	}
	return strings.Join(methods, ", ")
}

// methodsInclude reports whether the methods of outer include those of
// inner; nil is every method.
func methodsInclude(outer, inner []string) bool {
	if outer == nil {
		return true
	}
	if inner == nil || slices.Contains(outer, "?") || slices.Contains(inner, "?") {
		return false
	}
	for _, m := range inner {
		if !slices.Contains(outer, m) {
			return false
		}
	}
	return true
}

// knownMatchers are the gorilla/mux calls a registration chain may hold
// for the model to know everything the route matches.
var knownMatchers = map[string]bool{
	"Handle": true, "HandleFunc": true, "Handler": true, "HandlerFunc": true,
	"Path": true, "PathPrefix": true, "Methods": true, "Host": true, "Name": true,
}

// onlyKnownMatchers reports whether rt's registration chain (and the
// chains that made its subrouters) holds only knownMatchers.
func (c *checker) onlyKnownMatchers(rt *httpmodel.Route) bool {
	stmt, ok := c.statementOf(rt.Call)
	if !ok {
		return false
	}
	good := true
	ast.Inspect(stmt.Node(), func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			fn, _ := c.pass.TypesInfo.Uses[sel.Sel].(*types.Func)
			if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == gorillaPath && fn.Signature().Recv() != nil && !knownMatchers[sel.Sel.Name] {
				good = false
			}
		}
		return good
	})
	if !good {
		return false
	}
	for _, x := range rt.Router.Chain() {
		if x.Origin == httpmodel.Derived {
			for _, call := range c.derivingCalls(x) {
				for e := ast.Expr(call); ; {
					inner, ok := ast.Unparen(e).(*ast.CallExpr)
					if !ok {
						break
					}
					sel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
					if !ok {
						break
					}
					if sel.Sel.Name != "Subrouter" && !knownMatchers[sel.Sel.Name] {
						return false
					}
					e = sel.X
				}
			}
		}
	}
	return true
}

// inOrder reports whether the registrations of earlier and later are
// statements of one block, earlier first, so that they run in that order
// whenever the block runs.
func (c *checker) inOrder(earlier, later *httpmodel.Route) bool {
	s1, ok1 := c.statementOf(earlier.Call)
	s2, ok2 := c.statementOf(later.Call)
	if !ok1 || !ok2 {
		return false
	}
	return s1.Parent() == s2.Parent() && s1.Node().Pos() < s2.Node().Pos()
}

// statementOf returns the statement holding call, when that statement
// is an element of a block's list.
func (c *checker) statementOf(call *ast.CallExpr) (inspector.Cursor, bool) {
	cur, ok := code.FindNode(c.graphs.Inspector().Root(), call)
	if !ok {
		return inspector.Cursor{}, false
	}
	for s := range cur.Enclosing((*ast.ExprStmt)(nil), (*ast.AssignStmt)(nil), (*ast.DeclStmt)(nil)) {
		if s.ParentEdgeKind() == edge.BlockStmt_List {
			return s, true
		}
		return inspector.Cursor{}, false
	}
	return inspector.Cursor{}, false
}
