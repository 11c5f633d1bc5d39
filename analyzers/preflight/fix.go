package preflight

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/fixes"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
)

// This file builds the suggested fixes. Every fix calls one preflight
// handler factory per package (fixes.Preflight); the fixes of a package
// that add it all carry the same edit at the same place (the end of one
// file chosen for the whole package), which drivers apply once, so any
// subset of the fixes, applied together or one run after another,
// yields one factory and compiling code. Routes that share a path share
// one OPTIONS route the same way.

// A fixPlan holds what the fixes of a package share.
type fixPlan struct {
	c   *checker
	gen fixes.Preflight
	// decl adds the factory; nil when the package has one already.
	decl []analysis.TextEdit
	// none says why no finding of the package gets a fix.
	none string
	// groups caches the route edit shared by findings with one path.
	groups map[string]groupFix
}

type groupFix struct {
	edit   analysis.TextEdit
	path   string
	reason string
}

// planFixes picks the factory's name and file.
func (c *checker) planFixes() *fixPlan {
	p := &fixPlan{c: c, groups: map[string]groupFix{}}
	if len(c.missing) == 0 && len(c.rejected) == 0 {
		return p
	}
	cfg := c.m.Config.CORS
	p.gen = fixes.Preflight{AllowHeaders: cfg.AllowHeaders, MaxAge: cfg.MaxAge}
	var sites []token.Pos // where fixes call the factory
	for _, mr := range c.missing {
		sites = append(sites, mr.route.Call.Pos())
	}
	for _, rp := range c.rejected {
		sites = append(sites, rp.rj.stmt.Pos())
	}
	// Positions of different files compare in the order the files were
	// parsed, which may vary: order by the package's file list instead.
	slices.SortFunc(sites, func(a, b token.Pos) int {
		fa, fb := slices.Index(c.pass.Files, code.FileOf(c.pass.Files, a)), slices.Index(c.pass.Files, code.FileOf(c.pass.Files, b))
		if fa != fb {
			return fa - fb
		}
		return int(a - b)
	})
	name, existing := c.factoryName(sites)
	p.gen.Func = name
	if existing {
		return p
	}
	file := c.factoryFile(sites[0])
	if file == nil {
		p.none = "no file of the package imports net/http under a name"
		return p
	}
	p.gen.HTTP = c.httpName(file)
	end := file.FileEnd
	p.decl = []analysis.TextEdit{{Pos: end, End: end, NewText: []byte("\n" + p.gen.Decl())}}
	return p
}

// factoryName returns the name of the factory: one declared by an
// earlier fix (existing), or the first of corsPreflight, corsPreflight2,
// ... that nothing in the package declares and nothing shadows where the
// fixes call it.
func (c *checker) factoryName(sites []token.Pos) (name string, existing bool) {
	scope := c.pass.Pkg.Scope()
	for i := 1; ; i++ {
		name = "corsPreflight"
		if i > 1 {
			name += strconv.Itoa(i)
		}
		obj := scope.Lookup(name)
		if obj != nil && !isFactory(obj) {
			continue
		}
		shadowed := false
		for _, pos := range sites {
			if inner := scope.Innermost(pos); inner != nil {
				if _, found := inner.LookupParent(name, pos); found != nil && found != obj {
					shadowed = true
				}
			}
		}
		if !shadowed {
			return name, obj != nil
		}
	}
}

// isFactory reports whether obj is a factory an earlier fix added:
// func(methods string, origins ...string) http.HandlerFunc.
func isFactory(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Signature()
	if sig.Recv() != nil || !sig.Variadic() || sig.Params().Len() != 2 || sig.Results().Len() != 1 {
		return false
	}
	str := types.Typ[types.String]
	variadic, ok := sig.Params().At(1).Type().(*types.Slice)
	if !types.Identical(sig.Params().At(0).Type(), str) || !ok || !types.Identical(variadic.Elem(), str) {
		return false
	}
	named, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Named)
	return ok && named.Obj().Name() == fixes.FactoryResult && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "net/http"
}

// factoryFile picks the file the factory is added to: the file of the
// first fix, or else the first file, that imports net/http under a name
// and is not generated.
func (c *checker) factoryFile(first token.Pos) *ast.File {
	var candidate *ast.File
	for _, f := range c.pass.Files {
		if ast.IsGenerated(f) || c.httpName(f) == "" {
			continue
		}
		if f.FileStart <= first && first <= f.FileEnd {
			return f
		}
		if candidate == nil {
			candidate = f
		}
	}
	return candidate
}

// httpName returns the name file gives net/http, or "".
func (c *checker) httpName(file *ast.File) string {
	for _, imp := range file.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err != nil || path != "net/http" {
			continue
		}
		if imp.Name == nil {
			return "http"
		}
		if imp.Name.Name != "_" && imp.Name.Name != "." {
			return imp.Name.Name
		}
	}
	return ""
}

func noFix(reason string) string { return " (no automatic fix: " + reason + ")" }

// missingFix returns the fix of a refused preflight: an OPTIONS route
// for the path, registered right after the first CORS route of the path.
func (p *fixPlan) missingFix(mr *missingRoute) ([]analysis.SuggestedFix, string) {
	if p.none != "" {
		return nil, noFix(p.none)
	}
	key := p.c.groupKey(mr.route)
	g, ok := p.groups[key]
	if !ok {
		g = p.groupFix(key)
		p.groups[key] = g
	}
	if g.reason != "" {
		return nil, noFix(g.reason)
	}
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Add an OPTIONS route for %s that answers the preflight", g.path),
		TextEdits: append([]analysis.TextEdit{g.edit}, p.decl...),
	}}, ""
}

// groupKey identifies the OPTIONS route a refused route needs: its
// router tree and its path, with wildcard names dropped (two routes
// with {id} and {key} need the same one).
func (c *checker) groupKey(rt *httpmodel.Route) string {
	path := routePath(rt)
	var b strings.Builder
	depth := 0
	for _, ch := range path {
		switch {
		case ch == '{':
			depth++
			if depth == 1 {
				b.WriteString("{}")
			}
		case ch == '}':
			depth--
		case depth == 0:
			b.WriteRune(ch)
		}
	}
	if strings.HasSuffix(path, "...}") {
		b.WriteString("...")
	}
	return fmt.Sprintf("%p %s %s", rootOf(rt.Router), rt.Host, b.String())
}

// groupFix builds the route edit shared by the refused routes of one key.
func (p *fixPlan) groupFix(key string) groupFix {
	c := p.c
	var group []*missingRoute
	for _, mr := range c.missing {
		if c.groupKey(mr.route) == key {
			group = append(group, mr)
		}
	}
	first := group[0] // c.missing is in source order
	rt := first.route
	var crs []*corsRoute
	for _, mr := range group {
		crs = append(crs, mr.cors)
	}
	origins, reason := p.origins(crs)
	if reason != "" {
		return groupFix{reason: reason}
	}
	stmt, indent, ok := c.registrationStmt(rt)
	if !ok {
		return groupFix{reason: "the registration is not a statement of its own"}
	}
	recv, ok := c.receiverName(rt)
	if !ok {
		return groupFix{reason: "the router is not a variable"}
	}
	gen := p.gen
	gen.HTTP = c.httpName(code.FileOf(c.pass.Files, stmt.Pos()))
	var text, path string
	switch rt.Router.Kind {
	case httpmodel.ServeMux:
		path = "OPTIONS " + rt.Mux.Host + rt.Mux.Path()
		if why := c.conflict(rt, path); why != "" {
			return groupFix{reason: why}
		}
		text = gen.ServeMuxRoute(recv, path, append(slices.Clone(first.out.allow), http.MethodOptions), origins)
	case httpmodel.Chi:
		path = rt.Pattern
		text = gen.ChiRoute(recv, path, c.pathMethods(rt), origins)
	case httpmodel.Gorilla:
		if rt.Host != "" || rt.Subtree || !rt.PatternKnown && rt.PrefixVar == nil {
			return groupFix{reason: "the route has matchers other than a path"}
		}
		path = rt.Pattern
		pathExpr := strconv.Quote(path)
		if rt.PrefixVar != nil {
			// The same expression as the route's: it starts with the
			// same variable, which is in scope right after it.
			src, ok := c.sourceText(rt.PathExpr)
			if !ok {
				return groupFix{reason: "the path's source is not available"}
			}
			path, pathExpr = routePath(rt), src
		}
		text = gen.GorillaRoute(recv, pathExpr, c.pathMethods(rt), origins)
	}
	at := c.afterLine(stmt.End())
	edit := analysis.TextEdit{Pos: at, End: at, NewText: []byte("\n" + indent + text)}
	return groupFix{edit: edit, path: strconv.Quote(path)}
}

// sourceText returns the source of e as written.
func (c *checker) sourceText(e ast.Expr) (string, bool) {
	tf, content, ok := c.contentAt(e.Pos())
	if !ok {
		return "", false
	}
	return string(content[tf.Offset(e.Pos()):tf.Offset(e.End())]), true
}

// contentAt returns the file holding pos and its content as the
// analysis parsed it, read once per file.
// indentAt returns the white space before pos on its line, when nothing
// else precedes it there.
func (c *checker) indentAt(pos token.Pos) (string, bool) {
	tf, content, ok := c.contentAt(pos)
	if !ok {
		return "", false
	}
	return source.Indent(tf, content, pos)
}

func (c *checker) contentAt(pos token.Pos) (*token.File, []byte, bool) {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return nil, nil, false
	}
	content, ok := c.contents[tf]
	if !ok {
		data, err := source.ReadFile(c.pass, tf.Name())
		if err == nil && len(data) == tf.Size() {
			content = data
		}
		c.contents[tf] = content
	}
	return tf, content, content != nil
}

// conflict explains why registering pattern on rt's ServeMux would not
// answer rt's preflight: it conflicts with a pattern there (and
// registering it would panic), or another pattern still takes the
// request.
func (c *checker) conflict(rt *httpmodel.Route, pattern string) string {
	sm := c.servemuxOf(rt.Router)
	parsed, err := httpmodel.ParsePattern(pattern)
	if sm == nil || err != nil {
		return "the new pattern cannot be checked"
	}
	added := newMuxPattern(parsed, nil)
	for _, q := range sm.patterns {
		if added.conflictsWith(q) {
			return fmt.Sprintf("%q would conflict with %q, and registering it would panic", pattern, q.Raw)
		}
	}
	with := &servemux{patterns: append(slices.Clone(sm.patterns), added)}
	var pp *muxPattern
	for _, q := range sm.patterns {
		if q.route == rt {
			pp = q
		}
	}
	if pp == nil {
		return "the route's pattern is not known"
	}
	host := pp.Host
	if host == "" {
		host = with.freshHost()
	}
	if with.serve(http.MethodOptions, host, with.sampleRequest(pp)).pattern != added {
		return fmt.Sprintf("another pattern would still take the preflight from %q", pattern)
	}
	return ""
}

// pathMethods returns the methods of the routes of rt's router tree with
// rt's path, and OPTIONS: what the preflight allows.
func (c *checker) pathMethods(rt *httpmodel.Route) []string {
	key := c.groupKey(rt)
	var methods []string
	for _, q := range c.component(rootOf(rt.Router)) {
		if c.groupKey(q) != key {
			continue
		}
		for _, m := range q.Methods {
			if m != http.MethodOptions && m != "?" && !slices.Contains(methods, m) {
				methods = append(methods, m)
			}
		}
	}
	slices.Sort(methods)
	return append(methods, http.MethodOptions)
}

// origins returns the origins the preflight allows: the constant values
// the handlers set, or else the configured allow-list.
func (p *fixPlan) origins(crs []*corsRoute) ([]string, string) {
	var origins []string
	dynamic := false
	for _, cr := range crs {
		if cr.fact.Credentials {
			return nil, "the handler allows credentials, which the generated preflight handler does not"
		}
		dynamic = dynamic || cr.fact.Dynamic || len(cr.fact.Origins) == 0
		for _, o := range cr.fact.Origins {
			if !slices.Contains(origins, o) {
				origins = append(origins, o)
			}
		}
	}
	if !dynamic {
		return origins, ""
	}
	if cfg := p.c.m.Config.CORS.AllowOrigins; len(cfg) > 0 {
		return cfg, ""
	}
	return nil, "the allowed origin is not a constant and .routevet.yaml sets no cors.allow-origins"
}

// registrationStmt returns the statement that registers rt, when it is a
// statement of its own in a block, and its indentation.
func (c *checker) registrationStmt(rt *httpmodel.Route) (ast.Stmt, string, bool) {
	cur, ok := c.routeCursors[rt.Call]
	if !ok {
		return nil, "", false
	}
	// Climb r.HandleFunc(p, h).Methods("POST") to the outermost call.
	for {
		sel, ok := cur.Parent().Node().(*ast.SelectorExpr)
		if !ok || sel.X != cur.Node() {
			break
		}
		call, ok := cur.Parent().Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != sel {
			break
		}
		cur = cur.Parent().Parent()
	}
	stmt, ok := cur.Parent().Node().(*ast.ExprStmt)
	if !ok {
		return nil, "", false
	}
	switch cur.Parent().Parent().Node().(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return nil, "", false
	}
	indent, ok := c.indentAt(stmt.Pos())
	return stmt, indent, ok
}

// receiverName returns the variable (or the http package, for
// http.HandleFunc) rt is registered on.
func (c *checker) receiverName(rt *httpmodel.Route) (string, bool) {
	sel, ok := ast.Unparen(rt.Call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	x := sel.X
	if rt.Router.Kind == httpmodel.Gorilla {
		x = httpmodel.ReceiverRoot(x)
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return "", false
	}
	switch c.pass.TypesInfo.Uses[id].(type) {
	case *types.Var, *types.PkgName:
		return id.Name, true
	}
	return "", false
}

// afterLine returns the end of pos's line when only white space and a
// line comment follow pos there (a new statement goes after the
// comment), or else pos.
func (c *checker) afterLine(pos token.Pos) token.Pos {
	tf, content, ok := c.contentAt(pos)
	if !ok {
		return pos
	}
	off := tf.Offset(pos)
	end := off
	for end < len(content) && content[end] != '\n' {
		end++
	}
	rest := strings.TrimSpace(string(content[off:end]))
	if rest != "" && (!strings.HasPrefix(rest, "//") || strings.Contains(rest, "*/")) {
		return pos
	}
	return tf.Pos(end)
}

// rejectedFix returns the fix of a method check that rejects preflights:
// an OPTIONS branch before it, or an OPTIONS case before the switch's
// default.
func (p *fixPlan) rejectedFix(rp *rejectedPreflight) ([]analysis.SuggestedFix, string) {
	if p.none != "" {
		return nil, noFix(p.none)
	}
	c := p.c
	rj := rp.rj
	origins, reason := p.origins(rp.cors)
	if reason != "" {
		return nil, noFix(reason)
	}
	w := rj.handler.Writer.Name()
	if rj.request == nil || w == "" || w == "_" {
		return nil, noFix("the handler's writer or request has no name")
	}
	at := rj.stmt.Pos()
	if rj.clause != nil {
		at = rj.clause.Pos()
	}
	indent, ok := c.indentAt(at)
	if !ok {
		return nil, noFix("the check does not start its line")
	}
	gen := p.gen
	gen.HTTP = c.httpName(code.FileOf(c.pass.Files, at))
	methods := append(slices.Clone(rp.methods), http.MethodOptions)
	var text, msg string
	if rj.clause != nil {
		text = gen.Case(w, rj.request.Name, indent, rj.tagless, methods, origins)
		msg = "Answer OPTIONS with the preflight handler in a new case"
	} else {
		text = gen.Branch(w, rj.request.Name, indent, methods, origins)
		msg = "Answer OPTIONS with the preflight handler before the method check"
	}
	edit := analysis.TextEdit{Pos: at, End: at, NewText: []byte(text)}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: append([]analysis.TextEdit{edit}, p.decl...)}}, ""
}
