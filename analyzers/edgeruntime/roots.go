package edgeruntime

// This file finds the edge handlers (roots) and the profile each runs
// under: directives, entry-point calls (their handlers found through the
// route model), and the package's profile.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/httpmodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// A root is an edge handler: a function of this package (node), or one
// declared elsewhere (fn) whose fact is reported at the expression that
// makes it a handler (at).
type root struct {
	node *node
	fn   *types.Func
	at   ast.Node
	name string
	prof *profile
	rank int // which marking decided the profile; higher wins
}

// Ranks of the ways a handler becomes an edge handler: the most specific
// decides its profile.
const (
	rankPackage   = 1 // package directive or configured package
	rankEntry     = 2 // passed to an entry point
	rankDirective = 3 // //routevet:edge on the function
)

// roots returns the package's edge handlers in source order.
func (b *builder) roots() ([]*root, error) {
	byNode := map[*node]*root{}
	type extKey struct {
		fn *types.Func
		at ast.Node
	}
	byExt := map[extKey]*root{}
	var all []*root
	add := func(r *root) {
		if r.node != nil {
			if old := byNode[r.node]; old != nil {
				if old.rank < r.rank {
					*old = *r
				}
				return
			}
			byNode[r.node] = r
		} else {
			k := extKey{r.fn, r.at}
			if byExt[k] != nil {
				return
			}
			byExt[k] = r
		}
		all = append(all, r)
	}

	for _, d := range b.funcDirectives {
		prof := b.profileNamed(d.profile, d.comment)
		if prof == nil {
			continue
		}
		add(&root{node: d.node, name: funcName(d.node.fn, false), prof: prof, rank: rankDirective})
	}
	for _, e := range b.entries {
		if e.ep.arg >= len(e.call.Args) {
			continue
		}
		prof := b.profileNamed(e.ep.profile, nil)
		entryName := b.entryName(e.call)
		b.entryTargets(e, func(t *target) {
			add(&root{node: t.node, fn: t.fn, at: t.at, name: t.describe(entryName), prof: prof, rank: rankEntry})
		})
	}
	if prof, err := b.packageProfile(); err != nil {
		return nil, err
	} else if prof != nil {
		for _, h := range b.model.Handlers {
			var n *node
			if h.Decl != nil {
				n = b.byFunc[h.Func]
			} else {
				n = b.byLit[h.Lit]
			}
			if n != nil {
				add(&root{node: n, name: h.Name(), prof: prof, rank: rankPackage})
			}
		}
	}
	slices.SortStableFunc(all, func(x, y *root) int { return int(x.pos() - y.pos()) })
	return all, nil
}

func (r *root) pos() token.Pos {
	if r.node != nil {
		if r.node.decl != nil {
			return r.node.decl.Pos()
		}
		return r.node.lit.Pos()
	}
	return r.at.Pos()
}

// profileNamed returns the named profile, or the package's platform's for
// "". An unknown name in a directive is reported.
func (b *builder) profileNamed(name string, directive *ast.Comment) *profile {
	if name == "" {
		name = b.inferredProfile()
	}
	if p := b.profiles.byName[name]; p != nil {
		return p
	}
	if directive != nil {
		b.model.Report(b.pass, analysis.Diagnostic{
			Pos:      directive.Pos(),
			End:      directive.End(),
			Category: CategoryUnknownProfile,
			Message: fmt.Sprintf("//routevet:edge names unknown profile %q, so nothing is checked; use one of %s",
				name, strings.Join(b.profiles.names(), ", ")),
		})
	}
	return nil
}

// inferredProfile is the platform whose SDK the package imports, when
// there is exactly one, and the generic profile otherwise.
func (b *builder) inferredProfile() string {
	found := ""
	for _, imp := range b.pass.Pkg.Imports() {
		for _, sdk := range sdkPrefixes {
			if inTree(imp.Path(), sdk.prefix) {
				if found != "" && found != sdk.profile {
					return defaultProfile
				}
				found = sdk.profile
			}
		}
	}
	if found == "" {
		return defaultProfile
	}
	return found
}

// packageProfile returns the profile every handler of the package runs
// on, when a directive or the configuration marks the package as edge.
func (b *builder) packageProfile() (*profile, error) {
	for _, c := range b.pkgDirectives {
		profile, _ := parseDirective(c.Text)
		if p := b.profileNamed(profile, c); p != nil {
			return p, nil
		}
	}
	if p := b.configuredPackage(); p != nil {
		return b.profileNamed(p.Profile, nil), nil
	}
	return nil, nil
}

// configuredPackage returns the entry of .routevet.yaml's edge.packages
// that marks the package, or nil.
func (b *builder) configuredPackage() *config.EdgePackage {
	c := b.model.Config
	if c == nil {
		return nil
	}
	path := b.pass.Pkg.Path()
	for i, p := range c.Edge.Packages {
		tree, isTree := strings.CutSuffix(p.Path, "/...")
		if p.Path == path || isTree && inTree(path, tree) {
			return &c.Edge.Packages[i]
		}
	}
	return nil
}

// A target is a function an entry point's argument resolves to.
type target struct {
	node  *node
	fn    *types.Func
	at    ast.Node
	route *httpmodel.Route // the route it serves, for naming a literal
}

// describe names the handler for messages.
func (t *target) describe(entry string) string {
	switch {
	case t.node != nil && t.node.fn != nil:
		return funcName(t.node.fn, false)
	case t.fn != nil:
		return funcName(t.fn, true)
	case t.route != nil && t.route.PatternKnown:
		return fmt.Sprintf("func literal for %q", t.route.Pattern)
	}
	return "func literal passed to " + entry
}

// entryName names the entry point as the call spells it: spinhttp.Handle.
func (b *builder) entryName(call *ast.CallExpr) string {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			if _, isPkg := b.info.Uses[id].(*types.PkgName); isPkg {
				return id.Name + "." + sel.Sel.Name
			}
		}
	}
	if fn := typeutil.StaticCallee(b.info, call); fn != nil {
		return funcName(fn, true)
	}
	return "the entry point"
}

// follow is how edgeruntime follows handler expressions through the
// route model: middleware is any call wrapping a value that takes a
// ResponseWriter (Fastly's included), no router's own code is entered,
// and an edge platform's entry points are not followed (fsthttp.Adapt(h)
// is an entry point of its own).
func (b *builder) follow() httpmodel.Follow {
	return httpmodel.Follow{
		Handlers: httpmodel.WriterTakers,
		Routers:  httpmodel.RouterCode,
		Stop: func(fn *types.Func) bool {
			_, isEntry := b.entryFns[fn.FullName()]
			return isEntry
		},
	}
}

// entryTargets finds the functions an entry-point call's argument runs.
func (b *builder) entryTargets(e entryCall, add func(*target)) {
	arg := e.call.Args[e.ep.arg]
	if tv, ok := b.info.Types[arg]; ok && tv.IsNil() {
		if e.ep.nilMux && b.model.HTTP != nil {
			routers := b.model.RoutersHeldBy(b.model.HTTP.Scope().Lookup("DefaultServeMux"))
			b.model.RouteTargets(routers, b.follow(), b.targetOf(add))
		}
		return
	}
	var body *ast.BlockStmt
	if e.owner != nil {
		body = e.owner.body()
	}
	b.model.HandlerTargets(arg, body, b.follow(), b.targetOf(add))
}

// targetOf turns the model's targets into nodes of this package's call
// graph, or functions of others.
func (b *builder) targetOf(add func(*target)) func(httpmodel.Target) {
	return func(t httpmodel.Target) {
		switch {
		case t.Lit != nil:
			if n := b.byLit[t.Lit]; n != nil {
				add(&target{node: n, at: t.At, route: t.Route})
			}
		case b.byFunc[t.Func] != nil:
			add(&target{node: b.byFunc[t.Func], at: t.At, route: t.Route})
		default:
			add(&target{fn: t.Func, at: t.At, route: t.Route})
		}
	}
}
