package flow

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"
)

// inspectSyntax is what newSyntax records, found with ast.Inspect: the
// reference its own walk must match.
func inspectSyntax(files []*ast.File, info *types.Info) []SyntaxNode {
	var nodes []SyntaxNode
	var open []int
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				if i := open[len(open)-1]; i >= 0 {
					nodes[i].Next = int32(len(nodes))
				}
				open = open[:len(open)-1]
				return false
			}
			if recorded(n) {
				open = append(open, len(nodes))
				sn := SyntaxNode{Node: n}
				if call, ok := n.(*ast.CallExpr); ok {
					sn.Callee = typeutil.Callee(info, call)
				}
				nodes = append(nodes, sn)
			} else {
				open = append(open, -1)
			}
			return true
		})
	}
	return nodes
}

// TestSyntaxMatchesInspect checks, on net/http and its dependencies and
// on go/types, that a Syntax holds the nodes ast.Inspect visits of its
// kinds, in the same order and nesting; that Body gives the nodes of a
// function's body; and that the cursors of a DeclInspector move as those
// of the package's inspector inside the declaration.
func TestSyntaxMatchesInspect(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages from source")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, "net/http", "go/types")
	if err != nil {
		t.Fatal(err)
	}
	var checked, bodies int
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		checked += compareSyntax(t, p.Syntax, p.Fset, p.TypesInfo)
		bodies += compareDecls(t, p.Syntax)
	})
	if checked < 10000 || bodies < 1000 {
		t.Errorf("compared %d nodes and %d bodies: too few", checked, bodies)
	}
}

// TestSyntaxOfOddCode checks the same on code with syntax errors, which
// the analyzers that run despite errors read.
func TestSyntaxOfOddCode(t *testing.T) {
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "odd.go", `package p
func f(a [len("x")]int) (r int) {
	if x := g(func() { h() }); x == nil { r.Method == "OPTIONS" }
	switch r.Method { case "OPTIONS": }
	go
	defer func() {}()
	var v = r.Form
	for i := range g( { }
}
func (T) m() { x.(type) ; y := z.(T); select { case <-c: k() } }
var w = func() {}
`, parser.AllErrors)
	if f == nil {
		t.Fatal("no file")
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	(&types.Config{Error: func(error) {}}).Check("p", fset, []*ast.File{f}, info)
	compareSyntax(t, []*ast.File{f}, fset, info)
	compareDecls(t, []*ast.File{f})
}

func compareSyntax(t *testing.T, files []*ast.File, fset *token.FileSet, info *types.Info) int {
	t.Helper()
	want := inspectSyntax(files, info)
	got := newSyntax(files, info)
	if !slices.Equal(got.nodes, want) {
		for i := range min(len(got.nodes), len(want)) {
			if got.nodes[i] != want[i] {
				t.Errorf("node %d: got %T at %v (next %d), want %T at %v (next %d)", i,
					got.nodes[i].Node, fset.Position(got.nodes[i].Node.Pos()), got.nodes[i].Next,
					want[i].Node, fset.Position(want[i].Node.Pos()), want[i].Next)
				break
			}
		}
		t.Errorf("got %d nodes, want %d", len(got.nodes), len(want))
		return 0
	}
	// Body: the nodes ast.Inspect records walking the body alone.
	for _, sn := range got.nodes {
		var body *ast.BlockStmt
		switch n := sn.Node.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		if body == nil {
			continue
		}
		lo, hi, ok := got.Body(body)
		if !ok {
			t.Errorf("%v: no body", fset.Position(body.Pos()))
			continue
		}
		var inBody []ast.Node
		for _, sn := range got.nodes[lo:hi] {
			inBody = append(inBody, sn.Node)
		}
		var walked []ast.Node
		ast.Inspect(body, func(n ast.Node) bool {
			if n != nil && n != ast.Node(body) && recorded(n) {
				walked = append(walked, n)
			}
			return true
		})
		if !slices.Equal(inBody, walked) {
			t.Errorf("%v: Body gives %d nodes, the body holds %d", fset.Position(body.Pos()), len(inBody), len(walked))
		}
	}
	if _, _, ok := got.Body(&ast.BlockStmt{}); ok {
		t.Errorf("Body of a block that is no function's body")
	}
	return len(got.nodes)
}

// compareDecls compares, for every function declaration and literal,
// its cursor's parents up to its top-level declaration in the DeclInspector
// with those in the inspector of the whole package, and the nodes under it.
func compareDecls(t *testing.T, files []*ast.File) int {
	t.Helper()
	g := &Graphs{files: files, declInspector: map[ast.Decl]*inspector.Inspector{}}
	whole := inspector.New(files)
	n := 0
	for cur := range whole.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		in := g.DeclInspector(cur.Node().Pos())
		if in == nil {
			t.Errorf("no declaration inspector at %T", cur.Node())
			continue
		}
		dc, ok := in.Root().FindNode(cur.Node())
		if !ok {
			t.Errorf("%T not in its declaration's inspector", cur.Node())
			continue
		}
		n++
		a, b := cur, dc
		for {
			if a.Node() != b.Node() || a.ParentEdgeKind() != b.ParentEdgeKind() {
				t.Errorf("parents differ at %T", a.Node())
				break
			}
			if _, top := a.Parent().Node().(*ast.File); top {
				break
			}
			if a.ParentEdgeIndex() != b.ParentEdgeIndex() {
				t.Errorf("parent edge index differs at %T", a.Node())
				break
			}
			a, b = a.Parent(), b.Parent()
		}
		var wantUnder, gotUnder []ast.Node
		for c := range cur.Preorder() {
			wantUnder = append(wantUnder, c.Node())
		}
		for c := range dc.Preorder() {
			gotUnder = append(gotUnder, c.Node())
		}
		if !slices.Equal(gotUnder, wantUnder) {
			t.Errorf("%T: %d nodes under it in its declaration's inspector, %d in the package's", cur.Node(), len(gotUnder), len(wantUnder))
		}
	}
	return n
}
