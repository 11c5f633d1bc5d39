package effects

import (
	"go/ast"

	"golang.org/x/tools/go/ast/edge"
)

// The request engine classifies the uses of a function's request, body
// and writer with a pathCursor: the node of a use and the nodes above it
// up to the function's, as its walk of the function holds them. Every
// function with a request or reader parameter of every package is
// classified, and an inspector of its declaration (what a cursor of
// inspector needs) cost more than the rest of the classification; the
// walk's path costs nothing.

// A pathCursor is a node of a function and the path to it from the
// function's node (path[0]), valid while the walk is at the node: the
// uses are classified during the walk, and none keeps a cursor. Above the
// function's node there is nothing (Valid is false).
type pathCursor struct {
	path []ast.Node
	i    int
}

// Valid reports whether the cursor is at a node.
func (c pathCursor) Valid() bool { return c.path != nil && c.i >= 0 }

// Node returns the node, nil when the cursor is not Valid.
func (c pathCursor) Node() ast.Node {
	if !c.Valid() {
		return nil
	}
	return c.path[c.i]
}

// Parent returns the cursor of the node's parent (not Valid above the
// function's node).
func (c pathCursor) Parent() pathCursor { return pathCursor{c.path, c.i - 1} }

// ParentEdgeKind returns, as inspector.Cursor's, the field of its parent
// the node is in, for the fields the engine tells apart (edge.Invalid for
// any other, which the engine never asks for).
func (c pathCursor) ParentEdgeKind() edge.Kind {
	k, _ := c.parentEdge()
	return k
}

// ParentEdgeIndex returns, as inspector.Cursor's, the index of the node
// in its parent's field when the field is a list, else -1.
func (c pathCursor) ParentEdgeIndex() int {
	_, i := c.parentEdge()
	return i
}

func (c pathCursor) parentEdge() (edge.Kind, int) {
	if !c.Valid() || c.i == 0 {
		return edge.Invalid, -1
	}
	child := c.path[c.i]
	switch p := c.path[c.i-1].(type) {
	case *ast.CallExpr:
		if p.Fun == child {
			return edge.CallExpr_Fun, -1
		}
		if i := indexOf(p.Args, child); i >= 0 {
			return edge.CallExpr_Args, i
		}
	case *ast.SelectorExpr:
		if p.X == child {
			return edge.SelectorExpr_X, -1
		}
	case *ast.AssignStmt:
		if i := indexOf(p.Lhs, child); i >= 0 {
			return edge.AssignStmt_Lhs, i
		}
		if i := indexOf(p.Rhs, child); i >= 0 {
			return edge.AssignStmt_Rhs, i
		}
	case *ast.ValueSpec:
		if i := indexOf(p.Values, child); i >= 0 {
			return edge.ValueSpec_Values, i
		}
	case *ast.BinaryExpr:
		if p.X == child {
			return edge.BinaryExpr_X, -1
		}
		if p.Y == child {
			return edge.BinaryExpr_Y, -1
		}
	case *ast.ParenExpr:
		if p.X == child {
			return edge.ParenExpr_X, -1
		}
	case *ast.BlockStmt:
		if i := indexOf(p.List, child); i >= 0 {
			return edge.BlockStmt_List, i
		}
	case *ast.CaseClause:
		if i := indexOf(p.Body, child); i >= 0 {
			return edge.CaseClause_Body, i
		}
	case *ast.CommClause:
		if i := indexOf(p.Body, child); i >= 0 {
			return edge.CommClause_Body, i
		}
	}
	return edge.Invalid, -1
}

// indexOf returns the index of n in list, or -1.
func indexOf[N ast.Node](list []N, n ast.Node) int {
	for i, x := range list {
		if ast.Node(x) == n {
			return i
		}
	}
	return -1
}

// walkPaths calls visit for every node under root, root included, in
// the order of ast.Inspect (and of an inspector's Preorder), with its
// cursor.
func walkPaths(root ast.Node, visit func(pathCursor)) {
	var path []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			path = path[:len(path)-1]
			return true
		}
		path = append(path, n)
		visit(pathCursor{path, len(path) - 1})
		return true
	})
}

// declared reports whether n, a function declaration or literal, is in a
// declaration of the package's files (as Cursor finds it).
func (r *Result) declared(n ast.Node) bool {
	_, decl := r.graphs.DeclAt(n.Pos())
	return decl != nil
}
