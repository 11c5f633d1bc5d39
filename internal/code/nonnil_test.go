package code

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestNonNilValue(t *testing.T) {
	const src = `package p

import (
	"errors"
	"fmt"
)

type codeErr struct{ code int }

func (e codeErr) Error() string { return "" }

var sentinel = errors.New("x")

func mayBeNil() error { return nil }

func errorsOf(err error) []error {
	return []error{
		errors.New("a"),          // yes
		fmt.Errorf("b: %w", err), // yes
		&codeErr{1},              // yes
		codeErr{2},               // yes
		(errors.New("c")),        // yes
		err,                      // no: a variable
		sentinel,                 // no: a variable
		mayBeNil(),               // no: another call
		errors.Unwrap(err),       // no
		error(nil),               // no
	}
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var lit *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CompositeLit); ok && lit == nil && len(c.Elts) > 5 {
			lit = c
		}
		return true
	})
	if lit == nil {
		t.Fatal("no list")
	}
	for i, e := range lit.Elts {
		if got, want := NonNilValue(info, e), i < 5; got != want {
			t.Errorf("element %d (line %d): NonNilValue = %v, want %v", i, fset.Position(e.Pos()).Line, got, want)
		}
	}
}
