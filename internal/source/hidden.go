package source

import (
	"go/scanner"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// HiddenIdents returns the identifiers used in the files of the pass's
// package directory that the pass does not see: its _test.go files and
// the files its build constraints exclude. A declaration none of them
// mentions is used only where the pass can see it. ok is false when the
// files could not all be read; idents then holds those of the files read
// before the failure, which are still names the package uses.
func HiddenIdents(pass *analysis.Pass) (idents map[string]bool, ok bool) {
	dir := ""
	for _, f := range pass.Files {
		if n := pass.Fset.File(f.FileStart).Name(); strings.HasSuffix(n, ".go") {
			dir = filepath.Dir(n)
			break
		}
	}
	if dir == "" {
		return nil, false
	}
	tests, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, false
	}
	return identsOf(pass, append(tests, pass.IgnoredFiles...))
}

// IgnoredIdents returns the identifiers used in the files of the pass's
// package that its build constraints exclude (another GOOS's variant of
// a file): code there may declare or call what the pass sees declared
// once. ok is false when the files could not all be read.
func IgnoredIdents(pass *analysis.Pass) (idents map[string]bool, ok bool) {
	return identsOf(pass, pass.IgnoredFiles)
}

func identsOf(pass *analysis.Pass, files []string) (idents map[string]bool, ok bool) {
	idents = map[string]bool{}
	for _, name := range files {
		src, err := ReadAny(pass.Fset, name)
		if err != nil {
			return idents, false
		}
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(name, -1, len(src)), src, nil, 0)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.IDENT {
				idents[lit] = true
			}
		}
	}
	return idents, true
}
