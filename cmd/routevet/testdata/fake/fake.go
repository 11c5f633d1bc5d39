// Package fake holds stand-ins for routevet's analyzers, which the driver's
// tests run through the real driver code: in process, and built into the
// fakevet command for go vet and go fix.
package fake

import (
	"errors"
	"go/ast"
	"path/filepath"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/config"
)

// Entries returns the fake suite.
func Entries() []analyzers.Entry {
	return []analyzers.Entry{
		{Analyzer: BadCall, Categories: []string{"call"}},
		{Analyzer: PureHandler},
	}
}

// Model plays the part of routevet's httpmodel: every analyzer requires
// it, and it reads the package's configuration.
var Model = &analysis.Analyzer{
	Name:       "fakemodel",
	Doc:        "read the configuration, for the fake analyzers",
	Run:        runModel,
	ResultType: reflect.TypeFor[*config.Config](),
}

// failWith, when set (-badcall.fail), is an error Model returns for every
// package.
var failWith string

func runModel(pass *analysis.Pass) (any, error) {
	if failWith != "" {
		return nil, errors.New(failWith)
	}
	if len(pass.Files) == 0 {
		return new(config.Config), nil
	}
	return config.ForDir(filepath.Dir(pass.Fset.File(pass.Files[0].FileStart).Name()))
}

// BadCall reports calls of a function named bad, and suggests calling good.
var BadCall = &analysis.Analyzer{
	Name: "badcall",
	Doc: `report calls of bad

The badcall analyzer reports each call of the function named by
-badcall.name, and suggests calling good instead.`,
	URL:      "https://example.com/badcall",
	Requires: []*analysis.Analyzer{Model},
	Run:      runBadCall,
}

var badName = "bad"

func init() {
	BadCall.Flags.StringVar(&badName, "name", badName, "name of the function whose calls are reported")
	BadCall.Flags.StringVar(&failWith, "fail", "", "make every analysis fail with this message")
}

func runBadCall(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[Model].(*config.Config)
	if !cfg.Enabled(pass.Analyzer.Name, "call") {
		return nil, nil
	}
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || id.Name != badName {
				return true
			}
			d := analysis.Diagnostic{
				Pos:      call.Pos(),
				End:      call.End(),
				Category: "call",
				Message:  "call of " + badName,
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "call good instead",
					TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte("good")}},
				}},
			}
			if obj := pass.TypesInfo.Uses[id]; obj != nil && obj.Pkg() == pass.Pkg {
				d.Related = []analysis.RelatedInformation{{Pos: obj.Pos(), Message: badName + " is declared here"}}
			}
			pass.Report(d)
			return true
		})
	}
	return nil, nil
}

// PureHandler stands in for an opt-in analyzer: it is named like one in
// config.OptIn, and reports functions named handler.
var PureHandler = &analysis.Analyzer{
	Name:     "purehandler",
	Doc:      "report functions named handler\n\nAn opt-in stand-in.",
	Requires: []*analysis.Analyzer{Model},
	Run:      runPureHandler,
}

func runPureHandler(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[Model].(*config.Config)
	if !cfg.Enabled(pass.Analyzer.Name, "") {
		return nil, nil
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Name.Name == "handler" {
				pass.Reportf(fn.Name.Pos(), "handler could be pure")
			}
		}
	}
	return nil, nil
}
