package alias_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"github.com/routevet/routevet/internal/alias"
)

func TestOf(t *testing.T) {
	const src = `package p

func f(w any, other any, c bool) {
	a := w
	var b = a
	var c2 any = w
	d := w
	d = other
	e := w
	if c {
		e = a
	}
	var f any
	f = w
	g, h := w, other
	p := w
	_ = &p
	global = w
	_, _, _, _, _, _, _, _ = a, b, c2, d, e, f, g, h
}

var global any
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	fn := file.Decls[0].(*ast.FuncDecl)
	w := info.Defs[fn.Type.Params.List[0].Names[0]].(*types.Var)
	set := alias.Of(info, fn.Body, w)
	var got []string
	for id, obj := range info.Defs {
		if obj != nil && obj != w && set.Contains(obj) {
			got = append(got, id.Name)
		}
	}
	slices.Sort(got)
	// f is declared without a value (the zero value is not w), d and h
	// are given other values, p's address is taken, and global is not
	// local.
	want := []string{"a", "b", "c2", "e", "g"}
	if !slices.Equal(got, want) {
		t.Errorf("aliases = %v, want %v", got, want)
	}
}
