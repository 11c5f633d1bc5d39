package code

import (
	"go/ast"

	"golang.org/x/tools/go/ast/inspector"
)

// FindNode returns the cursor of n in the subtree of root, as
// root.FindNode(n) does, but found from n's extent: FindByPos goes down
// the tree to the innermost node over n's extent (n, or a descendant
// spanning the same positions), and n is that node or one of its
// ancestors of the same extent. FindNode walks every node of the
// subtree before n's, which over a package's inspector, asked for many
// nodes, costs the package's size each time. It falls back on
// root.FindNode when positions do not lead to n (a node without
// positions, syntax a fix made).
func FindNode(root inspector.Cursor, n ast.Node) (inspector.Cursor, bool) {
	if n == nil {
		return inspector.Cursor{}, false
	}
	if pos, end := n.Pos(), n.End(); pos.IsValid() && pos < end {
		if cur, ok := root.FindByPos(pos, end); ok {
			for ; cur != root; cur = cur.Parent() {
				m := cur.Node()
				if m == n {
					return cur, true
				}
				if m == nil || m.Pos() != pos || m.End() != end {
					break
				}
			}
		}
	}
	return root.FindNode(n)
}
