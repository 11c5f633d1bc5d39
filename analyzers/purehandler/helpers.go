package purehandler

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/fixes/migrate"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/source"
)

// helpersAnalyzer migrates, once per package, the helpers its handlers
// pass their writer to, and carries the helpers of a package to the
// handlers of the packages importing it as facts (fixes/migrate's
// foreign.go). It is an analyzer of its own, with facts, so that on a
// dependency only it runs, not the route model and purehandler: a
// package that does not import net/http has no helper and is skipped at
// once, and one outside the main module only says where it is.
var helpersAnalyzer = &analysis.Analyzer{
	Name:       "purehandlerhelpers",
	Doc:        "purehandlerhelpers migrates the helpers that write a whole response to pure counterparts, for purehandler, and exports them as facts to the packages calling them",
	URL:        "https://pkg.go.dev/github.com/routevet/routevet/analyzers/purehandler",
	Run:        runHelpers,
	FactTypes:  migrate.FactTypes,
	ResultType: reflect.TypeFor[*migrate.Helpers](),
}

func runHelpers(pass *analysis.Pass) (any, error) {
	importsHTTP := false
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == "net/http" {
			importsHTTP = true
		}
	}
	if !importsHTTP {
		// No function of the package can take an http.ResponseWriter
		// by name, nor pass one on.
		return (*migrate.Helpers)(nil), nil
	}
	var hidden map[string]bool
	read := false
	taken := func(name string) bool {
		if !read {
			read = true
			hidden, _ = source.HiddenIdents(pass)
		}
		return hidden[name]
	}
	hs := migrate.NewHelpers(pass, taken)
	hs.PackageFacts(func() bool { return enabledIn(pass) })
	return hs, nil
}

// enabledIn reports whether the configuration of the pass's package
// turns purehandler on: only then are its helpers made pure for other
// packages (it is off by default, and the work is that of migrating
// them).
func enabledIn(pass *analysis.Pass) bool {
	cfg, err := config.ForDir(source.PackageDir(pass))
	return err == nil && cfg.EnabledAny(Name, Categories...)
}
