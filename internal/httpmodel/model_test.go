package httpmodel_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/internal/httpmodel"
)

// dump reports everything the model found, so fixtures can assert on it
// with // want comments.
var dump = &analysis.Analyzer{
	Name:             "modeldump",
	Doc:              "report the handler and route model",
	Requires:         []*analysis.Analyzer{httpmodel.Analyzer},
	RunDespiteErrors: true,
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
		for _, h := range m.Handlers {
			pass.Reportf(h.Pos(), "%s", describeHandler(h))
		}
		for _, rt := range m.Routes {
			pass.Reportf(rt.Call.Pos(), "%s", describeRoute(rt))
		}
		for _, n := range m.Pure {
			pass.Reportf(n.Pos(), "pure handler")
		}
		return nil, nil
	},
}

func describeHandler(h *httpmodel.Handler) string {
	s := fmt.Sprintf("handler %s w=%s r=%s", h.Name(), h.Writer.Name(), h.Request.Name())
	for _, flag := range []struct {
		on   bool
		name string
	}{{h.ServeHTTP, "servehttp"}, {h.Exported, "exported"}, {h.Referenced, "referenced"}} {
		if flag.on {
			s += " " + flag.name
		}
	}
	return s
}

func describeRoute(rt *httpmodel.Route) string {
	var b strings.Builder
	fmt.Fprintf(&b, "route %s", rt.Router.Kind)
	if v := rt.Router.Var; v != nil && v.Name() != "DefaultServeMux" {
		fmt.Fprintf(&b, "#%s", v.Name())
	}
	if v := rt.Router.Var; v == nil || v.Name() != "DefaultServeMux" {
		fmt.Fprintf(&b, "(%s)", [...]string{"unknown", "local", "derived"}[rt.Router.Origin])
	}
	switch {
	case rt.Methods == nil && (rt.PatternKnown && (rt.Router.Kind != httpmodel.ServeMux || rt.Mux != nil)):
		b.WriteString(" *")
	case rt.Methods == nil:
		b.WriteString(" ?")
	default:
		b.WriteString(" " + strings.Join(rt.Methods, ","))
	}
	if rt.Host != "" {
		b.WriteString(" " + rt.Host)
	}
	switch {
	case rt.PatternKnown:
		b.WriteString(" " + rt.Path)
	case rt.PrefixVar != nil:
		fmt.Fprintf(&b, " <%s.%s>%s", rt.PrefixVar.Pkg().Name(), rt.PrefixVar.Name(), rt.Pattern)
	default:
		b.WriteString(" ?")
	}
	if rt.Subtree {
		b.WriteString(" subtree")
	}
	switch {
	case rt.Handler != nil:
		fmt.Fprintf(&b, " -> %s", rt.Handler.Name())
	case rt.Func != nil:
		fmt.Fprintf(&b, " -> func %s", rt.Func.Name())
	default:
		b.WriteString(" -> ?")
	}
	if len(rt.Middleware) > 0 {
		b.WriteString(" mw=" + middlewareNames(rt.Middleware))
	}
	var muxMW []httpmodel.Middleware
	for _, r := range rt.Router.Chain() {
		muxMW = append(muxMW, r.Middleware...)
	}
	if len(muxMW) > 0 {
		b.WriteString(" mux-mw=" + middlewareNames(muxMW))
	}
	return b.String()
}

func middlewareNames(mws []httpmodel.Middleware) string {
	var names []string
	for _, mw := range mws {
		switch {
		case mw.Func == nil:
			names = append(names, "?")
		case mw.Func.Pkg() != nil && mw.Func.Pkg().Name() == "main" || mw.Func.Pkg().Path() == "" || !strings.Contains(mw.Func.Pkg().Path(), "."):
			names = append(names, mw.Func.Name())
		default:
			names = append(names, mw.Func.FullName())
		}
	}
	return strings.Join(names, ",")
}

var _ = types.Universe

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestModel(t *testing.T) {
	analysistest.Run(t, testdata(), dump,
		"httpmodel/shapes", "httpmodel/servemux", "httpmodel/legacymux",
		"httpmodel/chirouter", "httpmodel/gorillarouter", "httpmodel/custom")
}

func TestBrokenCodeDoesNotPanic(t *testing.T) {
	// Type errors are expected; only a panic or an analysis error fails.
	results := analysistest.Run(quiet{t}, testdata(), dump, "httpmodel/broken")
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("analysis error: %v", r.Err)
		}
	}
}

// quiet is a testing.T that ignores unexpected-diagnostic errors, for
// fixtures that only check the model survives odd code.
type quiet struct{ *testing.T }

func (quiet) Errorf(string, ...any) {}

// reporter reports each call to flag() and noisy() through Model.Report,
// so fixtures can show which ones configuration and //nolint suppress.
var reporter = &analysis.Analyzer{
	Name:     "reporter",
	Doc:      "report calls to flag and noisy",
	Requires: []*analysis.Analyzer{httpmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "flag" || id.Name == "noisy") {
						m.Report(pass, analysis.Diagnostic{Pos: call.Pos(), Category: id.Name, Message: "finding"})
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestSuppression(t *testing.T) {
	analysistest.Run(t, testdata(), reporter, "httpmodel/suppress", "httpmodel/configured")
}
