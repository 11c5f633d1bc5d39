package analyze

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/printer"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"
)

// declarationsSource declares package variables in every form
// withoutTypedValues rewrites, and some it must leave alone.
const declarationsSource = `package p

import "strings"

type T struct{ A int }

type G[P any] struct{ V P }

const k = 3

var (
	a      = [...]int{1, 2, 3}
	b      = [...]string{2: "x", 5 - 1: "y", "z"}
	c      = &T{A: 1}
	d T    = T{}
	e      = map[string]int{"x": 1}
	f      = [...]int{k: 1}
	g, h   = 1, "2"
	i      = struct{ B string }{"x"}
	j      = [...][2]int{{1, 2}, {3, 4}}
	l      = []func() string{func() string { return strings.ToUpper("x") }}
	m      = (*T)(nil)
	n      = [...]byte{0x10 * 2: 1, (3): 2}
	o      = &[...]int{1, 2}
	q      = G[int]{V: 1}
	r, s T = T{}, T{A: 2}
	u      = []T{{A: 1}}
)

func F() int { x := 1; return x }
`

// TestCheckDeclarations checks that the declarations checked alone have
// the objects, positions and types of the full check, and that the
// shared syntax is not changed.
func TestCheckDeclarations(t *testing.T) {
	fset := token.NewFileSet()
	file, err := ParseFile(fset, "p.go", []byte(declarationsSource))
	if err != nil {
		t.Fatal(err)
	}
	var before bytes.Buffer
	printer.Fprint(&before, fset, file)

	stdlib := importer.Default()
	strings, err := stdlib.Import("strings")
	if err != nil {
		t.Fatal(err)
	}
	p := &packages.Package{
		ID: "p", PkgPath: "p", Name: "p",
		Imports: map[string]*packages.Package{"strings": {PkgPath: "strings", Types: strings}},
		Types:   types.NewPackage("p", "p"),
	}
	TypeCheck(fset, p, []*ast.File{file}, true)
	if len(p.Errors) > 0 {
		t.Fatal(p.Errors)
	}
	declared := types.NewPackage("p", "p")
	checkDeclarations(fset, p, []*ast.File{file}, declared)

	full := p.Types.Scope()
	for _, name := range full.Names() {
		want, got := full.Lookup(name), declared.Scope().Lookup(name)
		switch {
		case got == nil:
			t.Errorf("%s not declared", name)
		case got.Pos() != want.Pos():
			t.Errorf("%s declared at %v, want %v", name, fset.Position(got.Pos()), fset.Position(want.Pos()))
		case got.Type().String() != want.Type().String(): // the same types, of other packages
			t.Errorf("%s has type %v, want %v", name, got.Type(), want.Type())
		}
	}
	if got, want := declared.Scope().Len(), full.Len(); got != want {
		t.Errorf("%d objects declared, want %d", got, want)
	}
	var after bytes.Buffer
	printer.Fprint(&after, fset, file)
	if after.String() != before.String() {
		t.Errorf("the syntax changed:\n%s", after.String())
	}
}
