package routematch

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/servemux"
)

// A registration is one pattern registered on a ServeMux: a route of the
// package, or one that an imported package registers on DefaultServeMux
// when it is initialized (net/http/pprof, expvar).
type registration struct {
	route   *httpmodel.Route // nil for a package's own
	pattern *servemux.Pattern
	by      string // the registering package, for those of imports
}

// initRegistrations are what packages register on DefaultServeMux when a
// program imports them, by Go 1.22's rules (with httpmuxgo121 they drop
// the method).
var initRegistrations = map[string][]string{
	"net/http/pprof": {"GET /debug/pprof/", "GET /debug/pprof/cmdline", "GET /debug/pprof/profile", "GET /debug/pprof/symbol", "GET /debug/pprof/trace"},
	"expvar":         {"GET /debug/vars"},
}

// checkConflicts reports pairs of registrations on one ServeMux that make
// registration panic.
func (c *checker) checkConflicts() {
	if !c.model.Enabled(c.pass.Analyzer.Name, CategoryPatternConflict) {
		return
	}
	byRouter := map[*httpmodel.Router][]registration{}
	var routers []*httpmodel.Router
	for _, rt := range c.model.Routes {
		if rt.Router == nil || rt.Router.Kind != httpmodel.ServeMux || rt.Mux == nil {
			continue
		}
		if byRouter[rt.Router] == nil {
			routers = append(routers, rt.Router)
		}
		byRouter[rt.Router] = append(byRouter[rt.Router], registration{route: rt, pattern: servemux.New(rt.Mux)})
	}
	for _, r := range routers {
		regs := byRouter[r]
		inits := c.initRegistrations(r)
		for i, later := range regs {
			modern := servemux.Modern(c.fileVersion(later.route.Call.Pos()))
			if modern && c.unconditionalInMain(later.route) {
				for _, first := range inits {
					if later.pattern.ConflictsWith(first.pattern) {
						c.reportConflict(later, first, modern)
						break
					}
				}
			}
			for _, earlier := range regs[:i] {
				conflicts := modern && later.pattern.ConflictsWith(earlier.pattern) || !modern && later.pattern.Raw == earlier.pattern.Raw
				if conflicts && c.inOrder(earlier.route, later.route) {
					c.reportConflict(later, earlier, modern)
					break
				}
			}
		}
	}
}

// initRegistrations returns the patterns that packages the program
// imports register on r before main runs, when r is DefaultServeMux and
// this is the main package.
func (c *checker) initRegistrations(r *httpmodel.Router) []registration {
	if c.pass.Pkg.Name() != "main" || r.Var == nil || r.Var.Name() != "DefaultServeMux" || r.Var.Pkg() == nil || r.Var.Pkg().Path() != "net/http" {
		return nil
	}
	var regs []registration
	for _, path := range importedAmong(c.pass.Pkg, initRegistrations) {
		for _, raw := range initRegistrations[path] {
			p, err := httpmodel.ParsePattern(raw)
			if err != nil {
				continue
			}
			regs = append(regs, registration{pattern: servemux.New(p), by: path})
		}
	}
	return regs
}

// importedAmong returns the keys of m that pkg imports, directly or not,
// in a fixed order.
func importedAmong(pkg *types.Package, m map[string][]string) []string {
	seen := map[*types.Package]bool{}
	found := map[string]bool{}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		if _, ok := m[p.Path()]; ok {
			found[p.Path()] = true
		}
		for _, imp := range p.Imports() {
			walk(imp)
		}
	}
	walk(pkg)
	var out []string
	for _, path := range []string{"expvar", "net/http/pprof"} {
		if found[path] {
			out = append(out, path)
		}
	}
	return out
}

// unconditionalInMain reports whether rt is registered by a statement of
// main's or an init function's body itself, so that it runs whenever the
// program starts.
func (c *checker) unconditionalInMain(rt *httpmodel.Route) bool {
	stmt, ok := c.statementOf(rt.Call)
	if !ok {
		return false
	}
	block, ok := stmt.Parent().Node().(*ast.BlockStmt)
	if !ok {
		return false
	}
	decl, ok := stmt.Parent().Parent().Node().(*ast.FuncDecl)
	return ok && decl.Body == block && decl.Recv == nil && (decl.Name.Name == "main" || decl.Name.Name == "init")
}

func (c *checker) fileVersion(pos token.Pos) string {
	if f := code.FileOf(c.pass.Files, pos); f != nil {
		return c.pass.TypesInfo.FileVersions[f]
	}
	return ""
}

// reportConflict reports the registration of later, which panics because
// first was registered.
func (c *checker) reportConflict(later, first registration, modern bool) {
	where := fmt.Sprintf("registered by %s when it is imported", first.by)
	var related []analysis.RelatedInformation
	if first.route != nil {
		where = fmt.Sprintf("at line %d", c.line(first.route))
		related = []analysis.RelatedInformation{{Pos: first.route.Call.Pos(), End: first.route.Call.End(), Message: "the pattern it conflicts with"}}
	}
	var reason string
	if modern {
		reason = strings.ReplaceAll(servemux.Conflict(later.pattern, first.pattern), "\n", " ")
	} else {
		reason = "http: multiple registrations for " + later.pattern.Raw
	}
	c.model.Report(c.pass, analysis.Diagnostic{
		Pos: later.route.Call.Pos(), End: later.route.Call.End(), Category: CategoryPatternConflict,
		Message: fmt.Sprintf("registering %q panics when the program starts, since it conflicts with %q %s (%s); make one of the patterns more specific, or remove one",
			later.pattern.Raw, first.pattern.Raw, where, reason),
		Related: related,
	})
}
