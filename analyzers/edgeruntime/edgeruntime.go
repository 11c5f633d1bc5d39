package edgeruntime

import (
	_ "embed"
	"go/token"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
)

//go:embed doc.go
var doc string

// Analyzer reports host-only calls reachable from edge handlers.
var Analyzer = &analysis.Analyzer{
	Name:       "edgeruntime",
	Doc:        analyzerdoc.MustExtract(doc, "edgeruntime"),
	URL:        "https://pkg.go.dev/github.com/routevet/routevet/analyzers/edgeruntime",
	Requires:   []*analysis.Analyzer{httpmodel.Analyzer, flow.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(Reaches), new(InstallsTransport)},
	ResultType: reflect.TypeFor[*Result](),
}

// A Result lists what the analyzer found in a package besides its
// findings; routevet's migration summary counts from it. The analyzer
// returns a nil *Result when the configuration disables it for the
// package: it did not look.
type Result struct {
	edgeHandlers []token.Pos
}

// EdgeHandlers returns the package's handlers and functions that run on
// an edge runtime (marked by a directive, given to a platform's entry
// point, or in a package built for or configured as one), whose calls
// the analyzer checked.
func (r *Result) EdgeHandlers() []token.Pos { return r.edgeHandlers }

func run(pass *analysis.Pass) (any, error) {
	if !analyzeStandardLibrary && isStandardLibrary(pass) {
		// The standard library is followed no further than the table's
		// APIs: inside it, host-only calls are fallbacks that fail
		// gracefully (multipart spilling to temporary files, optional
		// configuration files), and its handlers never run on the edge.
		return new(Result), nil
	}
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	profiles, err := profilesFor(m.Config)
	if err != nil {
		return nil, err
	}
	b := newBuilder(pass, m, profiles)
	if err := b.addConfiguredEntryPoints(); err != nil {
		return nil, err
	}
	// Facts are computed for every package, also those that do not
	// import net/http: helpers anywhere may be called from a handler.
	b.scan()
	b.resolveClients()
	b.propagate()
	b.exportFacts()
	if workHook != nil {
		sites, witnesses := 0, 0
		for _, n := range b.nodes {
			sites += len(n.sites)
			witnesses += len(n.order)
		}
		workHook(sites, witnesses)
	}
	if !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	roots, err := b.roots()
	if err != nil {
		return nil, err
	}
	res := new(Result)
	for _, r := range roots {
		res.edgeHandlers = append(res.edgeHandlers, r.pos())
		b.report(r)
	}
	return res, nil
}

// isStandardLibrary reports whether the package is in GOROOT.
var isStandardLibrary = source.IsStandardLibrary

// analyzeStandardLibrary makes the analyzer treat the standard library as
// any other code, and workHook receives each package's work (its static
// calls, and the witnesses propagation recorded): the benchmark measures
// them on std.
var (
	analyzeStandardLibrary = false
	workHook               func(sites, witnesses int)
)
