package writerwrap

import (
	_ "embed"
	"go/ast"
	"go/types"
	"go/version"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
)

//go:embed doc.go
var doc string

// The categories of writerwrap's diagnostics.
const (
	CategoryWrapperWithoutUnwrap = "writer-wrapper-without-unwrap"
	CategoryFlusherAssertion     = "flusher-assertion" // off by default (config.OptIn)
)

// Categories lists every category, for the suite and configuration.
var Categories = []string{
	CategoryWrapperWithoutUnwrap,
	CategoryFlusherAssertion,
}

// Analyzer reports response writer wrappers that hide Flush, Hijack and
// deadlines from http.NewResponseController, and interface assertions
// that do not see through wrappers.
var Analyzer = &analysis.Analyzer{
	Name: "writerwrap",
	Doc:  analyzerdoc.MustExtract(doc, "writerwrap"),
	URL:  "https://pkg.go.dev/github.com/routevet/routevet/analyzers/writerwrap",
	// effects computes the Streams fact on every package, so that this
	// analyzer, without facts of its own, runs on the analyzed packages
	// only.
	Requires: []*analysis.Analyzer{httpmodel.Analyzer, effects.Analyzer},
	Run:      run,
}

const httpPath = "net/http"

// minGo is the first Go version with http.NewResponseController.
const minGo = "go1.20"

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	streams := pass.ResultOf[effects.Analyzer].(*effects.Result).Streams()
	if m.HTTP == nil || !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	rw, _ := m.HTTP.Scope().Lookup("ResponseWriter").Type().Underlying().(*types.Interface)
	if rw == nil {
		return nil, nil
	}
	a := &analyzer{pass: pass, model: m, rw: rw, streams: streams}
	a.checkWrappers()
	a.checkAssertions()
	return nil, nil
}

// analyzer is the state of one pass.
type analyzer struct {
	pass    *analysis.Pass
	model   *httpmodel.Model
	rw      *types.Interface // net/http.ResponseWriter's method set
	streams *Streams         // this package's or its module's, or nil
}

// sourceFiles returns the package's files that are not tests (wrappers
// and assertions in tests serve the tests only) and, with needsController,
// whose Go version has http.NewResponseController, for the advice to use
// it. Unwrap needs no particular version to compile, and helps whoever
// builds the code with Go 1.20 or later, so wrappers are checked in every
// file.
func (a *analyzer) sourceFiles(needsController bool) []*ast.File {
	var files []*ast.File
	for _, f := range a.pass.Files {
		name := a.pass.Fset.File(f.FileStart).Name()
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		if v := a.pass.TypesInfo.FileVersions[f]; needsController && v != "" && version.Compare(v, minGo) < 0 {
			continue
		}
		files = append(files, f)
	}
	return files
}

// isResponseWriter reports whether t is net/http.ResponseWriter itself.
func isResponseWriter(t types.Type) bool { return code.IsNamed(t, httpPath, "ResponseWriter") }
