package lsp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/config"
)

// statusLiteral is the analyzer the tests drive the server with, so they
// do not depend on what the real analyzers report: it finds a status code
// written as a number in w.WriteHeader(404) or http.Error(w, msg, 404) and
// suggests the net/http constant. It applies .routevet.yaml as the handler model does for the
// real analyzers (whose package, internal, the server cannot import), so
// the tests see configuration changes reach the analyzers.
var statusLiteral = &analysis.Analyzer{
	Name:     "statusliteral",
	Doc:      "statusliteral: report status codes written as numbers\n\nA test analyzer for the language server.",
	URL:      "https://example.com/routevet/statusliteral",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      runStatusLiteral,
}

const categoryStatusLiteral = "status-literal"

func runStatusLiteral(pass *analysis.Pass) (any, error) {
	var http *types.Package
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == "net/http" {
			http = imp
		}
	}
	if http == nil || len(pass.Files) == 0 {
		return nil, nil
	}
	cfg, err := config.ForDir(filepath.Dir(pass.Fset.File(pass.Files[0].FileStart).Name()))
	if err != nil {
		return nil, err
	}
	if !cfg.Enabled(pass.Analyzer.Name, categoryStatusLiteral) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for file := range insp.Root().Children() {
		checkStatusLiterals(pass, http, file)
	}
	return nil, nil
}

func checkStatusLiterals(pass *analysis.Pass, http *types.Package, file inspector.Cursor) {
	qual := httpName(file.Node().(*ast.File))
	for cur := range file.Preorder((*ast.CallExpr)(nil)) {
		lit := statusArg(pass, cur.Node().(*ast.CallExpr))
		if lit == nil || lit.Kind != token.INT {
			continue
		}
		code, err := strconv.Atoi(lit.Value)
		if err != nil {
			continue
		}
		name := statusConstant(http, code)
		if name == nil {
			continue
		}
		d := analysis.Diagnostic{
			Pos:      lit.Pos(),
			End:      lit.End(),
			Category: categoryStatusLiteral,
			Message:  fmt.Sprintf("status %d written as a number: use http.%s, which says what it means", code, name.Name()),
			Related:  []analysis.RelatedInformation{{Pos: name.Pos(), End: name.Pos() + token.Pos(len(name.Name())), Message: "declared here"}},
		}
		if qual != "" {
			text := qual + "." + name.Name()
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "Use " + text,
				TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(text)}},
			}}
		}
		pass.Report(d)
	}
}

// statusArg returns the status code argument of w.WriteHeader(code) or
// http.Error(w, msg, code) when it is a literal.
func statusArg(pass *analysis.Pass, call *ast.CallExpr) *ast.BasicLit {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	fn, _ := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
	switch {
	case sel.Sel.Name == "WriteHeader" && len(call.Args) == 1,
		fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" && fn.Name() == "Error" && len(call.Args) == 3:
		lit, _ := call.Args[len(call.Args)-1].(*ast.BasicLit)
		return lit
	}
	return nil
}

// statusConstant returns net/http's Status constant with the value code.
func statusConstant(http *types.Package, code int) *types.Const {
	for _, n := range http.Scope().Names() {
		c, ok := http.Scope().Lookup(n).(*types.Const)
		if ok && strings.HasPrefix(n, "Status") {
			if v, exact := constant.Int64Val(c.Val()); exact && v == int64(code) {
				return c
			}
		}
	}
	return nil
}

// httpName returns the name a file imports net/http as, or "" when it
// cannot be used to qualify a constant.
func httpName(f *ast.File) string {
	for _, imp := range f.Imports {
		if imp.Path.Value != `"net/http"` {
			continue
		}
		if imp.Name == nil {
			return "http"
		}
		if imp.Name.Name != "_" && imp.Name.Name != "." {
			return imp.Name.Name
		}
	}
	return ""
}

// panicky panics on every package that declares a function named
// "explode", to show that an analyzer's panic ends neither the check nor
// the server.
var panicky = &analysis.Analyzer{
	Name: "panicky",
	Doc:  "panicky: panic on packages with a function named explode",
	Run: func(pass *analysis.Pass) (any, error) {
		if pass.Pkg.Scope().Lookup("explode") != nil {
			panic("boom")
		}
		return nil, nil
	},
}

// TestMain lets the test binary act as the language server for the
// Neovim test, and tells the configuration about the test analyzers'
// names, which are not the suite's.
func TestMain(m *testing.M) {
	config.SetKnownNames(append(analyzers.Names(),
		statusLiteral.Name, statusLiteral.Name+"/"+categoryStatusLiteral, panicky.Name))
	if os.Getenv(fakeGoplsEnv) == "1" {
		os.Exit(fakeGopls())
	}
	if os.Getenv(serverEnv) == "1" {
		os.Exit(serveForEditorTest())
	}
	os.Exit(m.Run())
}
