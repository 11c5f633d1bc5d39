package preflight

// This file reports, in the package that serves a router built in
// another package, the routes that become CORS routes only there: the
// caller wraps the router (or the router it is mounted on) in CORS
// middleware that hands OPTIONS on, and the router refuses the
// preflight (its route table, a fact, lists those it refuses). Known
// preflight-answering middleware (rs/cors, go-chi/cors,
// gorilla/handlers.CORS, configured middleware, middleware that tests
// for OPTIONS), an OPTIONS route of the router it is mounted on, or a
// use the analyzer does not follow mean no finding.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// A tableCall is a call of another package's function that returns a
// router with a route table.
type tableCall struct {
	cur   inspector.Cursor
	call  *ast.CallExpr
	fn    *types.Func
	table *httpmodel.RouteTable
}

// noteTableCall records a call of fn when fn has a route table.
func (c *checker) noteTableCall(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func) {
	if fn.Pkg() == c.pass.Pkg || !c.tableFuncs[fn] {
		return
	}
	var t httpmodel.RouteTable
	if c.pass.ImportObjectFact(fn, &t) && len(t.Routes) > 0 {
		c.tableCalls = append(c.tableCalls, &tableCall{cur: cur, call: call, fn: fn, table: &t})
	}
}

// A callerFinding is a route of another package's router that a caller's
// CORS middleware makes a CORS route whose preflight is refused.
type callerFinding struct {
	at     ast.Expr // the wrapping or mounting expression
	tc     *tableCall
	route  httpmodel.TableRoute
	name   string // the route's name with the mount prefix applied
	behind string // the CORS middleware, for the message
}

// checkTableCalls decides each call of a function with a route table.
func (c *checker) checkTableCalls() {
	for _, tc := range c.tableCalls {
		c.checkTableCall(tc)
	}
}

func (c *checker) checkTableCall(tc *tableCall) {
	f := c.followResult(tc)
	if !f.ok || len(f.mounted) > 1 || len(f.registers) > 0 {
		return // used in ways not followed
	}
	var corsAt ast.Expr
	behind := ""
	prefix := ""
	for _, w := range f.wrappers {
		if p, ok := c.stripPrefix(w); ok {
			prefix = p
			continue
		}
		kind, cors := c.classify(w)
		if kind != passes {
			return // it may answer preflights
		}
		if cors && corsAt == nil {
			corsAt, behind = w.expr, c.middlewareName(w)
		}
	}
	var mount *httpmodel.Route
	gorillaPrefix := ""
	if len(f.mounted) == 1 {
		mount = f.mounted[0]
		sc := c.scopeOf(mount.Router)
		if !sc.visible || sc.answered {
			return
		}
		if mount.Methods != nil && !slices.Contains(mount.Methods, http.MethodOptions) {
			return // the parent answers OPTIONS itself
		}
		for _, w := range c.routeMiddleware(mount) {
			kind, cors := c.classify(w)
			if kind != passes {
				return
			}
			if cors && corsAt == nil {
				corsAt, behind = w.expr, c.middlewareName(w)
			}
		}
		for _, x := range mount.Router.Chain() {
			for _, w := range c.frontMiddleware(x) {
				if _, cors := c.classify(w); cors && corsAt == nil {
					corsAt, behind = w.expr, c.middlewareName(w)
				}
			}
		}
		if corsAt == nil && sc.corsFront {
			corsAt, behind = mount.Call, "the CORS middleware in front of the router it is mounted on"
		}
		switch mount.Router.Kind {
		case httpmodel.ServeMux:
		case httpmodel.Chi:
			if !mount.PatternKnown || prefix != "" {
				return
			}
			prefix = strings.TrimSuffix(strings.TrimSuffix(mount.Path, "*"), "/")
		case httpmodel.Gorilla:
			// PathPrefix("/api").Handler(api.Router()) strips nothing:
			// the mounted router's paths are full paths, below the
			// prefix.
			if !mount.PatternKnown || prefix != "" {
				return
			}
			gorillaPrefix = mount.Path
		default:
			return
		}
	}
	if corsAt == nil || tc.table.Kind == 0 {
		return
	}
	for _, rt := range tc.table.Routes {
		if rt.CORS {
			continue // reported in its own package
		}
		path := joinPrefix(prefix, rt.Path)
		if !strings.HasPrefix(path, gorillaPrefix) {
			continue // never reaches the mounted router
		}
		if mount != nil && c.parentAnswers(mount, rt.Host, path) {
			continue
		}
		name := rt.Name
		if prefix != "" {
			name = strings.Join(rt.Methods, ", ") + " " + path
		}
		c.callerFindings = append(c.callerFindings, &callerFinding{at: corsAt, tc: tc, route: rt, name: name, behind: behind})
	}
}

// followResult follows the value of a call with a route table: through
// wrappers to where it is served or mounted. A router stored in a local
// variable is followed through its uses, which may be neither method
// calls (which might add routes) nor anything else not followed.
func (c *checker) followResult(tc *tableCall) *reach {
	f := &reach{ok: true}
	cur := tc.cur
	for {
		if _, ok := cur.Parent().Node().(*ast.ParenExpr); !ok {
			break
		}
		cur = cur.Parent()
	}
	var local types.Object
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if p.Tok == token.DEFINE && len(p.Lhs) == 1 && len(p.Rhs) == 1 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				local = c.pass.TypesInfo.Defs[id]
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) == 1 && len(p.Values) == 1 {
			local = c.pass.TypesInfo.Defs[p.Names[0]]
		}
	}
	if local == nil {
		c.valueFlow(cur, f, false)
		return f
	}
	if local.Parent() == c.pass.Pkg.Scope() {
		f.ok = false
		return f
	}
	for _, use := range c.uses[local] {
		c.valueFlow(use, f, false)
		if !f.ok {
			break
		}
	}
	if len(c.uses[local]) == 0 {
		f.ok = false
	}
	return f
}

// stripPrefix returns the prefix of http.StripPrefix(prefix, h).
func (c *checker) stripPrefix(w wrap) (string, bool) {
	if w.fn == nil || !code.IsFunc(w.fn, "net/http", "StripPrefix") {
		return "", false
	}
	call, ok := ast.Unparen(w.expr).(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return "", false
	}
	return code.StringConst(c.pass.TypesInfo, call.Args[0])
}

// parentAnswers reports whether the ServeMux a router is mounted on
// routes a preflight for path to another of its routes (an OPTIONS
// route), or the analyzer cannot tell; for chi and gorilla/mux, whether
// the parent has any route that accepts OPTIONS.
func (c *checker) parentAnswers(mount *httpmodel.Route, host, path string) bool {
	if mount.Router.Kind != httpmodel.ServeMux {
		return c.answersOptions(mount.Router, mount)
	}
	sm := c.servemuxOf(mount.Router)
	if sm == nil {
		return true
	}
	if host == "" {
		host = sm.freshHost()
	}
	resp := sm.serve(http.MethodOptions, host, path)
	return resp.pattern == nil || resp.pattern.route != mount
}

// middlewareName names CORS middleware for the message.
func (c *checker) middlewareName(w wrap) string {
	if w.fn != nil {
		return w.fn.Name()
	}
	return types.ExprString(w.expr)
}

func joinPrefix(prefix, path string) string {
	if prefix == "" {
		return path
	}
	return strings.TrimSuffix(prefix, "/") + "/" + strings.TrimPrefix(path, "/")
}

// reportCallers reports the routes of other packages' routers that this
// package's CORS middleware makes CORS routes.
func (c *checker) reportCallers() {
	for _, cf := range c.callerFindings {
		rt := cf.route
		where := shortPath(rt.File) + fmt.Sprintf(":%d", rt.Line)
		d := analysis.Diagnostic{
			Pos:      cf.at.Pos(),
			End:      cf.at.End(),
			Category: CategoryMissingOptionsRoute,
			Message: fmt.Sprintf("CORS route %q of %s.%s (registered at %s) has no OPTIONS route: %s here makes it a CORS route but hands OPTIONS on, and a browser's preflight gets %s, so the cross-origin %s is never sent; answer preflights in the middleware or add an OPTIONS route for the path",
				cf.name, cf.tc.fn.Pkg().Name(), cf.tc.fn.Name(), where, cf.behind, rt.Gets, strings.Join(rt.Methods, " or ")),
		}
		if pos := c.positionIn(rt.File, rt.Line, rt.Column); pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("route %q is registered here", cf.name)})
		}
		c.m.Report(c.pass, d)
	}
}

// shortPath keeps a file's directory and name: api/routes.go.
func shortPath(file string) string {
	return filepath.ToSlash(filepath.Join(filepath.Base(filepath.Dir(file)), filepath.Base(file)))
}

// positionIn returns the position of line:column of a file the file set
// holds (a package loaded from source in the same run), or NoPos.
func (c *checker) positionIn(file string, line, column int) token.Pos {
	pos := token.NoPos
	c.pass.Fset.Iterate(func(f *token.File) bool {
		if f.Name() != file {
			return true
		}
		if line >= 1 && line <= f.LineCount() {
			pos = f.LineStart(line)
			// A file read from export data (go vet) has its lines but
			// not their text: keep the line when the column is not in it.
			if off := f.Offset(pos) + column - 1; column >= 1 && off < f.Size() && f.Line(f.Pos(off)) == line {
				pos = f.Pos(off)
			}
		}
		return false
	})
	return pos
}
