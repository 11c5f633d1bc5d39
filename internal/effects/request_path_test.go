package effects

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// TestPathCursorMatchesInspector walks the package's own files and
// unreadbody's fixtures with walkPaths and with an inspector, and checks
// that every node's pathCursor answers as its inspector.Cursor does, up
// to its function's node, for the parent edges the engine tells apart.
func TestPathCursorMatchesInspector(t *testing.T) {
	told := map[edge.Kind]bool{
		edge.CallExpr_Fun: true, edge.CallExpr_Args: true, edge.SelectorExpr_X: true,
		edge.AssignStmt_Lhs: true, edge.AssignStmt_Rhs: true, edge.ValueSpec_Values: true,
		edge.BinaryExpr_X: true, edge.BinaryExpr_Y: true, edge.ParenExpr_X: true,
		edge.BlockStmt_List: true, edge.CaseClause_Body: true, edge.CommClause_Body: true,
	}
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("../../testdata/src/unreadbody/*/*.go")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("found %d files", len(files))
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			continue // a fixture of broken code
		}
		in := inspector.New([]*ast.File{f})
		for fnCur := range in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			fn := fnCur.Node()
			var want []inspector.Cursor
			for c := range fnCur.Preorder() {
				want = append(want, c)
			}
			i := 0
			walkPaths(fn, func(got pathCursor) {
				if i >= len(want) {
					t.Fatalf("%s: walkPaths visits more nodes than the inspector", fset.Position(fn.Pos()))
				}
				w := want[i]
				i++
				if got.Node() != w.Node() {
					t.Fatalf("%s: node %T, inspector's %T", fset.Position(w.Node().Pos()), got.Node(), w.Node())
				}
				if w.Node() == fn {
					if got.Parent().Valid() {
						t.Errorf("%s: the function's node has a parent", fset.Position(fn.Pos()))
					}
					return
				}
				if got.Parent().Node() != w.Parent().Node() {
					t.Errorf("%s: parent %T, inspector's %T", fset.Position(w.Node().Pos()), got.Parent().Node(), w.Parent().Node())
				}
				wk, gk := w.ParentEdgeKind(), got.ParentEdgeKind()
				switch {
				case told[wk] && (gk != wk || got.ParentEdgeIndex() != w.ParentEdgeIndex()):
					t.Errorf("%s: edge %v[%d], inspector's %v[%d]", fset.Position(w.Node().Pos()), gk, got.ParentEdgeIndex(), wk, w.ParentEdgeIndex())
				case !told[wk] && gk != edge.Invalid:
					t.Errorf("%s: edge %v, inspector's %v (not told apart)", fset.Position(w.Node().Pos()), gk, wk)
				}
				checked++
			})
			if i != len(want) {
				t.Fatalf("%s: walkPaths visits %d nodes, the inspector %d", fset.Position(fn.Pos()), i, len(want))
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked %d nodes", checked)
	}
}
