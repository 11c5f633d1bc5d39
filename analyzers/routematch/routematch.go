package routematch

import (
	_ "embed"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/pathvalues"
)

//go:embed doc.go
var doc string

// The diagnostic categories.
const (
	CategoryUnknownPathValue = "unknown-path-value"
	CategoryPatternConflict  = "pattern-conflict"
	CategoryUnreachableRoute = "unreachable-route"
)

// gorillaPath is gorilla/mux, whose Host and Queries matchers the checks
// read.
const gorillaPath = "github.com/gorilla/mux"

// Categories lists every category the analyzer reports.
var Categories = []string{CategoryUnknownPathValue, CategoryPatternConflict, CategoryUnreachableRoute}

// Analyzer reports handlers that ask their routes for path values the
// routes do not define, and registrations no request can reach.
var Analyzer = &analysis.Analyzer{
	Name: "routematch",
	Doc:  analyzerdoc.MustExtract(doc, "routematch"),
	URL:  "https://pkg.go.dev/github.com/routevet/routevet/analyzers/routematch",
	// effects computes and exports, on every package, the path values
	// functions read and set (internal/pathvalues), so that this
	// analyzer, without facts of its own, runs on the analyzed packages
	// only.
	Requires: []*analysis.Analyzer{httpmodel.Analyzer, flow.Analyzer, effects.Analyzer},
	Run:      run,
}

// A checker holds the state of one pass.
type checker struct {
	pass  *analysis.Pass
	model *httpmodel.Model
	// graphs gives the package's inspector, built when a check first
	// needs it: most packages importing net/http, dependencies above
	// all, have no route to check, and their facts need none.
	graphs *flow.Graphs
	reads  *pathvalues.Index
	sets   *pathvalues.Sets

	derivers map[token.Pos][]*ast.CallExpr // calls that may derive a router, by position
	served   map[*httpmodel.Router]bool    // root routers only served from here
	gorilla  *gorillaMatchers              // Host and Queries templates of the package
	hidden   *hiddenIdents                 // names the files the pass does not see mention
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	if m.HTTP == nil {
		return nil, nil // no request, no handler, no route
	}
	c := &checker{
		pass:   pass,
		model:  m,
		graphs: pass.ResultOf[flow.Analyzer].(*flow.Graphs),
	}
	// effects exported the facts other packages need: which path values
	// the package sets, and which its functions read from a request they
	// are given.
	res := pass.ResultOf[effects.Analyzer].(*effects.Result)
	c.sets, c.reads = res.PathValueSets(), res.PathValueReads()
	if !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	c.checkPathValues()
	c.checkConflicts()
	c.checkUnreachable()
	return nil, nil
}
