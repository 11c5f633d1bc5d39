package analyze

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"

	"golang.org/x/tools/go/packages"
)

// ParseMode is how files are parsed, as go/packages parses them.
const ParseMode = parser.AllErrors | parser.ParseComments

// ParseFile reads and parses a file as go/packages does. It returns the
// syntax, which may be partial, and the error of the read or parse.
func ParseFile(fset *token.FileSet, name string, content []byte) (*ast.File, error) {
	if content == nil {
		var err error
		if content, err = os.ReadFile(name); err != nil {
			return nil, err
		}
	}
	return parser.ParseFile(fset, name, content, ParseMode)
}

// AddError records an error of a package's parse or type check in its
// errors, in the form go/packages gives it.
func AddError(p *packages.Package, err error) {
	var pathErr *os.PathError
	var list scanner.ErrorList
	var typeErr types.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
		}
	case errors.As(err, &typeErr):
		p.TypeErrors = append(p.TypeErrors, typeErr)
		p.Errors = append(p.Errors, packages.Error{Pos: typeErr.Fset.Position(typeErr.Pos).String(), Msg: typeErr.Msg, Kind: packages.TypeError})
	case errors.As(err, &pathErr):
		p.Errors = append(p.Errors, packages.Error{Pos: pathErr.Path + ":1", Msg: pathErr.Err.Error(), Kind: packages.ParseError})
	default:
		p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
	}
}

// TypeCheck type-checks a package from its syntax, as go/packages does:
// p.Types is the package to fill in, p.Imports the packages it imports,
// type-checked already. It sets p.Syntax, p.TypesInfo and p.IllTyped and
// adds the type errors to p.Errors and p.TypeErrors. Without bodies,
// function bodies are not checked and p.TypesInfo is left nil: enough
// for the packages that import it.
func TypeCheck(fset *token.FileSet, p *packages.Package, files []*ast.File, bodies bool) {
	p.Fset = fset
	p.Syntax = files
	if bodies {
		p.TypesInfo = newInfo()
	}
	tc := checkConfig(p, !bodies, func(err error) { AddError(p, err) })
	typErr := types.NewChecker(tc, fset, p.Types, p.TypesInfo).Files(files)
	if typErr != nil && len(p.Errors) == 0 {
		AddError(p, typErr)
	}
	p.IllTyped = len(p.Errors) > 0
	for _, imp := range p.Imports {
		if imp.IllTyped {
			p.IllTyped = true
		}
	}
}

// checkConfig is how a package is type-checked, as go/packages does it.
func checkConfig(p *packages.Package, ignoreFuncBodies bool, errorf func(error)) *types.Config {
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := p.Imports[path]
			if imp == nil {
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			if imp.Types == nil || !imp.Types.Complete() {
				return nil, fmt.Errorf("no types for %s", path)
			}
			return imp.Types, nil
		}),
		IgnoreFuncBodies: ignoreFuncBodies,
		Error:            errorf,
		Sizes:            p.TypesSizes,
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	return tc
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
