// Package httpmodel finds the HTTP handlers and route registrations of a
// package, once, for every routevet analyzer. Its Analyzer's result is a
// *Model; analyzers Require it and report through Model.Report, which
// applies the package's .routevet.yaml and //nolint comments.
//
// Analyzers ask the model, rather than work out again, which router an
// expression is (RouterOf, RoutersHeldBy, Derived, RoutesBelow,
// CallbackParam), what a handler expression runs (ResolveHandler, and
// deeper HandlerTargets and RouteTargets), and whether a type is a router
// (RouterKindOf) or a handler (IsHandlerValue). kinds.go is the one place
// that knows the router packages.
package httpmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"iter"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/source"
)

// Analyzer computes the Model of a package.
var Analyzer = &analysis.Analyzer{
	Name:             "httpmodel",
	Doc:              "find HTTP handlers and route registrations, for routevet's analyzers",
	URL:              "https://pkg.go.dev/github.com/routevet/routevet/internal/httpmodel",
	Requires:         []*analysis.Analyzer{flow.Analyzer},
	Run:              run,
	RunDespiteErrors: true,
	ResultType:       reflect.TypeFor[*Model](),
}

// A Model is what a package holds of HTTP serving.
type Model struct {
	// Config is the package's configuration (.routevet.yaml).
	Config *config.Config
	// HTTP is net/http as the package sees it, nil when the package does
	// not import it (then it has no handlers or routes).
	HTTP *types.Package

	Handlers []*Handler
	Routes   []*Route
	Routers  []*Router
	// Pure lists the functions and literals, with bodies, that already
	// have the pure handler shape func(*http.Request) (*http.Response,
	// error).
	Pure []ast.Node

	// calls are the package's calls of functions and methods, in
	// source order (see Calls).
	calls []callSite
	// assertions are the package's type assertions x.(T), in source
	// order (see TypeAssertions).
	assertions []*ast.TypeAssertExpr

	handlerByNode map[ast.Node]*Handler
	handlerByFunc map[*types.Func]*Handler
	// The builder's indexes, read by the methods of index.go once built.
	info    *types.Info
	pkg     *types.Package
	files   []*ast.File
	graphs  *flow.Graphs              // DeclOf: the functions declared in this package
	routers map[types.Object]*Router  // variables, parameters, fields
	derived map[*ast.CallExpr]*Router // calls that make or derive routers
	fset    *token.FileSet
	// nolint holds the //nolint ranges of the files read so far (see
	// nolintOf); several analyzers report at once.
	nolintMu sync.Mutex
	nolint   map[*token.File][]nolintRange
	// testSupport is set for a test-support package (see Silenced).
	testSupport bool
}

// HandlerOf returns the handler whose declaration or literal is n, or nil.
func (m *Model) HandlerOf(n ast.Node) *Handler { return m.handlerByNode[n] }

// HandlerOfFunc returns the handler declared as fn in this package, or nil.
func (m *Model) HandlerOfFunc(fn *types.Func) *Handler { return m.handlerByFunc[fn] }

// Calls yields the package's calls whose callee is a function or method
// (typeutil.Callee), in source order, with their callees. The model's
// traversal records them, so an analyzer that looks for the calls of a
// few functions need not walk the package again. A package that does not
// import net/http has none.
func (m *Model) Calls() iter.Seq2[*ast.CallExpr, *types.Func] {
	return func(yield func(*ast.CallExpr, *types.Func) bool) {
		for _, c := range m.calls {
			if c.fn != nil && !yield(c.call, c.fn) {
				return
			}
		}
	}
}

// TypeAssertions returns the package's type assertions x.(T), type
// switches left out, in source order; none for a package that does not
// import net/http. As Calls, they spare analyzers a walk.
func (m *Model) TypeAssertions() []*ast.TypeAssertExpr { return m.assertions }

// Report reports d for pass's analyzer unless configuration or a //nolint
// comment turns it off.
func (m *Model) Report(pass *analysis.Pass, d analysis.Diagnostic) {
	if !m.Config.Enabled(pass.Analyzer.Name, d.Category) {
		return
	}
	if m.Silenced(d.Pos) {
		return
	}
	if f := m.fset.File(d.Pos); f != nil && m.suppressed(f, d.Pos, pass.Analyzer.Name) {
		return
	}
	pass.Report(d)
}

// Enabled reports whether anything of the analyzer (any category) can be
// reported, so an analyzer may skip its work.
func (m *Model) Enabled(analyzer string, categories ...string) bool {
	return m.Config.EnabledAny(analyzer, categories...)
}

func run(pass *analysis.Pass) (any, error) {
	cfg, err := config.ForDir(packageDir(pass))
	if err != nil {
		return nil, err
	}
	m := &Model{
		Config:        cfg,
		HTTP:          importedPackage(pass.Pkg, "net/http"),
		handlerByNode: map[ast.Node]*Handler{},
		handlerByFunc: map[*types.Func]*Handler{},
		info:          pass.TypesInfo,
		pkg:           pass.Pkg,
		files:         pass.Files,
		graphs:        pass.ResultOf[flow.Analyzer].(*flow.Graphs),
		fset:          pass.Fset,
	}
	m.testSupport = isTestSupport(pass.Fset, pass.Pkg, pass.Files)
	if m.HTTP == nil {
		return m, nil
	}
	b := newBuilder(pass, m)
	b.scan(m.graphs.Syntax())
	b.registrations()
	b.finish()
	m.calls = b.calls
	return m, nil
}

// packageDir returns the directory of the package's source files, where the
// configuration search starts.
func packageDir(pass *analysis.Pass) string { return source.PackageDir(pass) }

// importedPackage returns the package with the given path that pkg imports
// directly, or nil.
func importedPackage(pkg *types.Package, path string) *types.Package {
	if pkg == nil {
		return nil
	}
	if pkg.Path() == path {
		return pkg
	}
	for _, imp := range pkg.Imports() {
		if imp.Path() == path {
			return imp
		}
	}
	return nil
}
