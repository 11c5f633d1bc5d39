package code_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/routevet/routevet/internal/code"
)

// TestFindNode checks that FindNode finds what inspector's FindNode does,
// for every node of two files whose positions are out of order (as
// go/packages parses them), from the root and from a function's cursor,
// including nodes of the same extent nested (a FuncDecl without a body
// and its FuncType, an ExprStmt and its call).
func TestFindNode(t *testing.T) {
	fset := token.NewFileSet()
	srcs := []string{
		`package p

func external(int) bool

func f(x int) (y int) {
	g()
	if x > 0 { return (x) }
	func() { _ = []int{1, 2}[0] }()
	return x
}

func g() {}
`,
		`package p

type T struct{ A, B int }

var v = T{A: 1}
`,
	}
	var files []*ast.File
	for i, src := range srcs {
		f, err := parser.ParseFile(fset, "f"+string(rune('0'+i))+".go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	files[0], files[1] = files[1], files[0]
	in := inspector.New(files)
	roots := []inspector.Cursor{in.Root()}
	for cur := range in.Root().Preorder((*ast.FuncDecl)(nil)) {
		roots = append(roots, cur)
	}
	for _, root := range roots {
		for cur := range in.Root().Preorder() {
			n := cur.Node()
			want, wantOK := root.FindNode(n)
			got, gotOK := code.FindNode(root, n)
			if got != want || gotOK != wantOK {
				t.Errorf("FindNode(%T at %v) from %v = %v, %v; want %v, %v", n, fset.Position(n.Pos()), root.Node(), got, gotOK, want, wantOK)
			}
		}
	}
}
