package flow

import (
	"go/ast"
	"go/token"
	"sort"
	"sync"

	"golang.org/x/tools/go/ast/inspector"
)

// Syntax lists the nodes of a package that the analyzers look for in
// every package importing net/http, dependencies included, in the order
// ast.Inspect visits them: files and their declarations, function
// literals, calls, assignments, value specs, type assertions and if
// statements; and, for the effects' CORS summaries, the few nodes that
// can make one say something besides calls and assignments: selectors
// named Form, PostForm or MultipartForm, and == and != comparisons and
// expression switches with an operand or tag that is a selector named
// Method (each is recorded only when its syntax could pass the
// summary's test).
//
// It stands in for the package's inspector there. An inspector records
// two 32-byte events for each node of the package; on a web module's
// dependencies, building those was half of what the suite allocated.
// The kinds above are a small part of the nodes, each recorded once.
type Syntax struct {
	nodes []SyntaxNode
	// bodies maps the body of each function declaration and literal to
	// the index of its node, built when first asked for.
	bodiesOnce sync.Once
	bodies     map[*ast.BlockStmt]int32
}

// A SyntaxNode is one node of a Syntax.
type SyntaxNode struct {
	Node ast.Node
	// Next is the index in the Syntax of the first node that is not
	// under this one: the nodes under it are those between.
	Next int32
}

// newSyntax walks the files once.
func newSyntax(files []*ast.File) *Syntax {
	// Sized for the packages of a web module's dependencies, which hold
	// one of these nodes in about 57 bytes of source: one allocation
	// most of the time.
	extent := 0
	for _, f := range files {
		extent += max(0, int(f.End()-f.Pos())) // never negative, even for odd syntax
	}
	nodes := make([]SyntaxNode, 0, extent/48)
	// open holds, for each node ast.Inspect has entered and not left,
	// its index in nodes, or -1 for a node of another kind.
	var open []int32
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
				open = append(open, int32(len(nodes)))
				nodes = append(nodes, SyntaxNode{Node: n})
			} else {
				open = append(open, -1)
			}
			return true
		})
	}
	return &Syntax{nodes: nodes}
}

// recorded reports whether a Syntax records n.
func recorded(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.File, *ast.FuncDecl, *ast.GenDecl, *ast.FuncLit, *ast.CallExpr, *ast.AssignStmt, *ast.ValueSpec, *ast.TypeAssertExpr, *ast.IfStmt:
		return true
	case *ast.SelectorExpr:
		switch n.Sel.Name {
		case "Form", "PostForm", "MultipartForm":
			return true
		}
	case *ast.BinaryExpr:
		return (n.Op == token.EQL || n.Op == token.NEQ) && (isMethodSelector(n.X) || isMethodSelector(n.Y))
	case *ast.SwitchStmt:
		return isMethodSelector(n.Tag)
	}
	return false
}

func isMethodSelector(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Method"
}

// Nodes returns the nodes, which the caller must not change.
func (s *Syntax) Nodes() []SyntaxNode { return s.nodes }

// Visit calls f for each node of nodes[lo:hi], before the nodes under it
// (push) and after them, as Inspector.Nodes does for the same kinds. A
// node under one of them must be among them.
func (s *Syntax) Visit(lo, hi int, f func(n ast.Node, push bool)) {
	var open []int32
	for i := lo; i < hi; i++ {
		for len(open) > 0 && s.nodes[open[len(open)-1]].Next <= int32(i) {
			f(s.nodes[open[len(open)-1]].Node, false)
			open = open[:len(open)-1]
		}
		f(s.nodes[i].Node, true)
		open = append(open, int32(i))
	}
	for len(open) > 0 {
		f(s.nodes[open[len(open)-1]].Node, false)
		open = open[:len(open)-1]
	}
}

// Body returns the indexes [lo, hi) of the nodes in body, the body of a
// function declaration or literal of the package; ok is false for any
// other block.
func (s *Syntax) Body(body *ast.BlockStmt) (lo, hi int, ok bool) {
	s.bodiesOnce.Do(func() {
		s.bodies = map[*ast.BlockStmt]int32{}
		for i, sn := range s.nodes {
			switch n := sn.Node.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					s.bodies[n.Body] = int32(i)
				}
			case *ast.FuncLit:
				s.bodies[n.Body] = int32(i)
			}
		}
	})
	i, ok := s.bodies[body]
	if !ok {
		return 0, 0, false
	}
	// The nodes of the receiver, parameters and results come before the
	// body's, which end the function's.
	lo, hi = int(i)+1, int(s.nodes[i].Next)
	for lo < hi && s.nodes[lo].Node.Pos() < body.Lbrace {
		lo = int(s.nodes[lo].Next)
	}
	return lo, hi, true
}

// Syntax returns the package's Syntax, built on the first call.
func (g *Graphs) Syntax() *Syntax {
	g.syntaxOnce.Do(func() { g.syntax = newSyntax(g.files) })
	return g.syntax
}

// DeclInspector returns an inspector whose root holds the top-level
// declaration of the package at pos, or nil when no declaration of the
// package's files holds pos. It is built on the first call for the
// declaration.
//
// Cursors of it move as those of the package's inspector do inside the
// declaration; above it is a File that holds only the declaration (with
// the file's name), not the package's. The analyzers that ask for it
// move inside a function (the effects' classification of a function's
// uses, a literal's parents up to its declaration), and an inspector of
// one declaration costs what the declaration's size does: most
// declarations of most packages are never asked for.
func (g *Graphs) DeclInspector(pos token.Pos) *inspector.Inspector {
	file := g.FileOf(pos)
	if file == nil {
		return nil
	}
	i := sort.Search(len(file.Decls), func(i int) bool { return file.Decls[i].End() > pos })
	if i == len(file.Decls) || file.Decls[i].Pos() > pos {
		return nil
	}
	decl := file.Decls[i]
	g.mu.Lock()
	defer g.mu.Unlock()
	in := g.declInspector[decl]
	if in == nil {
		// The File starts where the declaration does: the inspector
		// sizes its events by the extent of its files.
		in = inspector.New([]*ast.File{{
			Name:      file.Name,
			Decls:     []ast.Decl{decl},
			FileStart: file.FileStart,
			FileEnd:   file.FileEnd,
			Package:   decl.Pos(),
		}})
		g.declInspector[decl] = in
	}
	return in
}
