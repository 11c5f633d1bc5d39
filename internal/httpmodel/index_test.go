package httpmodel_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/httpmodel"
)

// indexDump reports, for each argument of a call see(...), what the
// model's published lookups say of it, and the callback parameter of
// each chi Route and Group.
var indexDump = &analysis.Analyzer{
	Name:     "indexdump",
	Doc:      "report the model's lookups",
	Requires: []*analysis.Analyzer{httpmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				fn, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
				switch {
				case fn == nil:
				case fn.Name() == "see":
					for _, arg := range call.Args {
						pass.Reportf(arg.Pos(), "see %s: %s", types.ExprString(arg), describeLookups(m, pass.TypesInfo, arg))
					}
				case fn.Name() == "follow":
					var body *ast.BlockStmt
					for _, fd := range f.Decls {
						if fd, ok := fd.(*ast.FuncDecl); ok && fd.Body != nil && fd.Body.Pos() <= call.Pos() && call.Pos() < fd.Body.End() {
							body = fd.Body
						}
					}
					var names []string
					follow := httpmodel.Follow{Handlers: httpmodel.WriterTakers, Routers: httpmodel.RouterCode}
					m.HandlerTargets(call.Args[0], body, follow, func(t httpmodel.Target) {
						name := "literal"
						if t.Func != nil {
							name = t.Func.Name()
						}
						if t.Route != nil {
							name += "@" + t.Route.Pattern
						}
						names = append(names, name)
					})
					pass.Reportf(call.Args[0].Pos(), "targets %s", strings.Join(names, " "))
				case httpmodel.RouterPackage(fn.Pkg()) == httpmodel.Chi && (fn.Name() == "Route" || fn.Name() == "Group"):
					if p := m.CallbackParam(call.Args[len(call.Args)-1]); p != nil {
						pass.Reportf(call.Pos(), "callback %s", p.Name())
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func describeLookups(m *httpmodel.Model, info *types.Info, e ast.Expr) string {
	var b strings.Builder
	if r := m.RouterOf(e); r != nil {
		fmt.Fprintf(&b, "router %s %s", r.Kind, [...]string{"unknown", "local", "derived"}[r.Origin])
		if p := r.FullPrefix(); p != "" {
			b.WriteString(" " + p)
		}
		fmt.Fprintf(&b, " below=%d", len(m.RoutesBelow([]*httpmodel.Router{r})))
		if d := m.Derived(r); len(d) > 0 {
			fmt.Fprintf(&b, " derived=%d", len(d))
		}
	} else {
		b.WriteString("router nil")
	}
	if root := httpmodel.ReceiverRoot(e); root != e {
		fmt.Fprintf(&b, " root=%s", types.ExprString(root))
	}
	res := m.ResolveHandler(e)
	switch {
	case res.Handler != nil:
		b.WriteString(" resolve=" + res.Handler.Name())
	case res.Func != nil:
		b.WriteString(" resolve=" + res.Func.Name())
	case res.Sub != nil:
		b.WriteString(" resolve=sub")
	case httpmodel.IsRouterType(info.TypeOf(e)):
		b.WriteString(" resolve=sub-unknown")
	}
	if len(res.Middleware) > 0 {
		b.WriteString(" mw=" + middlewareNames(res.Middleware))
	}
	t := info.TypeOf(e)
	flags := ""
	for i, match := range []httpmodel.HandlerMatch{httpmodel.ExactHandlers, httpmodel.HandlerShaped, httpmodel.WriterTakers} {
		if httpmodel.IsHandlerValue(t, match) {
			flags += string("ESW"[i])
		}
	}
	if flags != "" {
		b.WriteString(" handler=" + flags)
	}
	var kinds []string
	for _, match := range []httpmodel.RouterMatch{httpmodel.RouterValues, httpmodel.RouterTypes, httpmodel.RouterCode} {
		if k := httpmodel.RouterKindOf(t, match); k != 0 {
			kinds = append(kinds, k.String())
		} else {
			kinds = append(kinds, "-")
		}
	}
	if k := strings.Join(kinds, ","); k != "-,-,-" && m.RouterOf(e) == nil {
		b.WriteString(" kinds=" + k)
	}
	if id := httpmodel.IdentOf(e); id != nil {
		if held := m.RoutersHeldBy(info.Uses[id]); len(held) > 0 && m.RouterOf(e) != nil && m.RouterOf(e).Origin == httpmodel.Unknown {
			fmt.Fprintf(&b, " held=%d", len(held))
		}
	}
	return b.String()
}

func TestIndex(t *testing.T) {
	analysistest.Run(t, testdata(), indexDump, "httpmodel/index")
}

// TestResolveHandlerAgrees checks, on every fixture, that ResolveHandler
// and RouterOf answer for a route's handler what the model recorded for
// the route.
func TestResolveHandlerAgrees(t *testing.T) {
	var routes atomic.Int64
	agree := &analysis.Analyzer{
		Name:             "agree",
		Doc:              "compare ResolveHandler with the routes",
		Requires:         []*analysis.Analyzer{httpmodel.Analyzer},
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
			for _, rt := range m.Routes {
				routes.Add(1)
				res := m.ResolveHandler(rt.HandlerExpr)
				if res.Handler != rt.Handler || res.Func != rt.Func || res.Sub != rt.Sub || len(res.Middleware) != len(rt.Middleware) {
					t.Errorf("%s: ResolveHandler(%s) = %+v, route has handler %v func %v sub %v mw %d",
						pass.Fset.Position(rt.Call.Pos()), types.ExprString(rt.HandlerExpr), res, rt.Handler, rt.Func, rt.Sub, len(rt.Middleware))
				}
				if sel, ok := ast.Unparen(rt.Call.Fun).(*ast.SelectorExpr); ok && rt.Router.Kind != httpmodel.Gorilla && rt.Router.Kind != httpmodel.Custom {
					if r := m.RouterOf(sel.X); r != rt.Router && !httpmodel.IsDefaultServeMux(rt.Router.Var) {
						t.Errorf("%s: RouterOf(%s) = %v, route's router %v", pass.Fset.Position(rt.Call.Pos()), types.ExprString(sel.X), r, rt.Router)
					}
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(quiet{t}, testdata(), agree,
		"httpmodel/shapes", "httpmodel/servemux", "httpmodel/legacymux",
		"httpmodel/chirouter", "httpmodel/gorillarouter", "httpmodel/custom", "httpmodel/index",
		"preflight/chirouter", "preflight/gorillarouter", "preflight/servemux", "preflight/methodcheck")
	if n := routes.Load(); n < 50 {
		t.Errorf("only %d routes checked", n)
	}
}
