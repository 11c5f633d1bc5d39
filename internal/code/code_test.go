package code

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

const src = `package p

import "net/http"

var req *http.Request
var rec http.Request

type alias = http.Request

var viaAlias alias

func f() bool {
	nil := 0
	return nil == 0
}

func g(p *int) bool { return p == nil }
`

func check(t *testing.T) (*token.FileSet, *ast.File, *types.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f, pkg, info
}

func TestTypes(t *testing.T) {
	_, _, pkg, _ := check(t)
	typeOf := func(name string) types.Type { return pkg.Scope().Lookup(name).Type() }
	if !IsPointerTo(typeOf("req"), "net/http", "Request") || IsNamed(typeOf("req"), "net/http", "Request") {
		t.Error("*http.Request: want a pointer to the named type, not the named type")
	}
	if !IsNamed(typeOf("rec"), "net/http", "Request") || !IsNamed(typeOf("viaAlias"), "net/http", "Request") {
		t.Error("http.Request and its alias: want the named type")
	}
	if IsNamed(typeOf("rec"), "net/http", "Response") {
		t.Error("http.Request is not http.Response")
	}
}

func TestIsNilByObjectNotSpelling(t *testing.T) {
	_, f, _, info := check(t)
	var shadowed, real int
	ast.Inspect(f, func(n ast.Node) bool {
		be, ok := n.(*ast.BinaryExpr)
		if !ok {
			return true
		}
		if id, ok := be.X.(*ast.Ident); ok && id.Name == "nil" {
			if IsNil(info, be.X) {
				t.Error("a local variable named nil was taken for nil")
			}
			shadowed++
		}
		if IsNil(info, be.Y) {
			real++
		}
		return true
	})
	if shadowed != 1 || real != 1 {
		t.Errorf("saw %d shadowed and %d real nils, want 1 and 1", shadowed, real)
	}
}

func TestFileOf(t *testing.T) {
	_, f, _, _ := check(t)
	files := []*ast.File{f}
	for _, pos := range []token.Pos{f.FileStart, f.Package, f.FileEnd} {
		if FileOf(files, pos) != f {
			t.Errorf("position %d of [%d, %d] not found", pos, f.FileStart, f.FileEnd)
		}
	}
	if FileOf(files, f.FileEnd+1) != nil || FileOf(files, token.NoPos) != nil {
		t.Error("positions outside the file were found in it")
	}
}
