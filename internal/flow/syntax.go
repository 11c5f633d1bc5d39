package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"sync"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
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
	// Callee is, for a call, what typeutil.Callee answers (nil for
	// other nodes): the model asks it of every call, the CORS summaries
	// of most, and it costs lookups in the package's biggest maps.
	Callee types.Object
}

// newSyntax walks the files once.
func newSyntax(files []*ast.File, info *types.Info) *Syntax {
	// Sized for the packages of a web module's dependencies, which hold
	// one of these nodes in about 57 bytes of source: one allocation
	// most of the time.
	extent := 0
	for _, f := range files {
		extent += max(0, int(f.End()-f.Pos())) // never negative, even for odd syntax
	}
	w := syntaxWalk{info: info, nodes: make([]SyntaxNode, 0, extent/48)}
	for _, f := range files {
		w.file(f)
	}
	return &Syntax{nodes: w.nodes}
}

// syntaxWalk is newSyntax's walk: the children of each node in the order
// ast.Walk visits them (TestSyntaxMatchesInspect compares the two), with
// no call for identifiers, literals and comments, which hold no node a
// Syntax records and are most of the nodes. A walk of every package
// importing net/http: one method per kind of node, no closure.
type syntaxWalk struct {
	info  *types.Info
	nodes []SyntaxNode
}

// enter records n when it is a kind the Syntax holds and returns its
// index, or -1; leave closes it.
func (w *syntaxWalk) enter(n ast.Node) int {
	if !recorded(n) {
		return -1
	}
	w.nodes = append(w.nodes, SyntaxNode{Node: n})
	return len(w.nodes) - 1
}

func (w *syntaxWalk) leave(i int) {
	if i >= 0 {
		w.nodes[i].Next = int32(len(w.nodes))
	}
}

func (w *syntaxWalk) file(f *ast.File) {
	i := w.enter(f)
	for _, d := range f.Decls {
		w.decl(d)
	}
	w.leave(i)
}

func (w *syntaxWalk) decl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.GenDecl:
		i := w.enter(d)
		for _, s := range d.Specs {
			w.spec(s)
		}
		w.leave(i)
	case *ast.FuncDecl:
		i := w.enter(d)
		w.fields(d.Recv)
		w.funcType(d.Type)
		w.block(d.Body)
		w.leave(i)
	}
}

func (w *syntaxWalk) spec(s ast.Spec) {
	switch s := s.(type) {
	case *ast.ValueSpec:
		i := w.enter(s)
		w.expr(s.Type)
		w.exprs(s.Values)
		w.leave(i)
	case *ast.TypeSpec:
		w.fields(s.TypeParams)
		w.expr(s.Type)
	}
}

func (w *syntaxWalk) fields(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		w.expr(f.Type)
	}
}

func (w *syntaxWalk) funcType(t *ast.FuncType) {
	if t == nil {
		return
	}
	w.fields(t.TypeParams)
	w.fields(t.Params)
	w.fields(t.Results)
}

func (w *syntaxWalk) exprs(list []ast.Expr) {
	for _, e := range list {
		w.expr(e)
	}
}

func (w *syntaxWalk) expr(e ast.Expr) {
	switch e := e.(type) {
	case nil, *ast.Ident, *ast.BasicLit, *ast.BadExpr:
	case *ast.CallExpr:
		i := w.enter(e)
		w.nodes[i].Callee = typeutil.Callee(w.info, e)
		w.expr(e.Fun)
		w.exprs(e.Args)
		w.leave(i)
	case *ast.SelectorExpr:
		i := w.enter(e)
		w.expr(e.X)
		w.leave(i)
	case *ast.FuncLit:
		i := w.enter(e)
		w.funcType(e.Type)
		w.block(e.Body)
		w.leave(i)
	case *ast.CompositeLit:
		w.expr(e.Type)
		w.exprs(e.Elts)
	case *ast.ParenExpr:
		w.expr(e.X)
	case *ast.IndexExpr:
		w.expr(e.X)
		w.expr(e.Index)
	case *ast.IndexListExpr:
		w.expr(e.X)
		w.exprs(e.Indices)
	case *ast.SliceExpr:
		w.expr(e.X)
		w.expr(e.Low)
		w.expr(e.High)
		w.expr(e.Max)
	case *ast.TypeAssertExpr:
		i := w.enter(e)
		w.expr(e.X)
		w.expr(e.Type)
		w.leave(i)
	case *ast.StarExpr:
		w.expr(e.X)
	case *ast.UnaryExpr:
		w.expr(e.X)
	case *ast.BinaryExpr:
		i := w.enter(e)
		w.expr(e.X)
		w.expr(e.Y)
		w.leave(i)
	case *ast.KeyValueExpr:
		w.expr(e.Key)
		w.expr(e.Value)
	case *ast.Ellipsis:
		w.expr(e.Elt)
	case *ast.ArrayType:
		w.expr(e.Len)
		w.expr(e.Elt)
	case *ast.StructType:
		w.fields(e.Fields)
	case *ast.FuncType:
		w.funcType(e)
	case *ast.InterfaceType:
		w.fields(e.Methods)
	case *ast.MapType:
		w.expr(e.Key)
		w.expr(e.Value)
	case *ast.ChanType:
		w.expr(e.Value)
	}
}

func (w *syntaxWalk) block(b *ast.BlockStmt) {
	if b == nil {
		return
	}
	for _, s := range b.List {
		w.stmt(s)
	}
}

func (w *syntaxWalk) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil, *ast.BadStmt, *ast.EmptyStmt, *ast.BranchStmt:
	case *ast.ExprStmt:
		w.expr(s.X)
	case *ast.AssignStmt:
		i := w.enter(s)
		w.exprs(s.Lhs)
		w.exprs(s.Rhs)
		w.leave(i)
	case *ast.BlockStmt:
		w.block(s)
	case *ast.IfStmt:
		i := w.enter(s)
		w.stmt(s.Init)
		w.expr(s.Cond)
		w.block(s.Body)
		w.stmt(s.Else)
		w.leave(i)
	case *ast.ReturnStmt:
		w.exprs(s.Results)
	case *ast.DeclStmt:
		w.decl(s.Decl)
	case *ast.LabeledStmt:
		w.stmt(s.Stmt)
	case *ast.SendStmt:
		w.expr(s.Chan)
		w.expr(s.Value)
	case *ast.IncDecStmt:
		w.expr(s.X)
	case *ast.GoStmt:
		w.expr(s.Call)
	case *ast.DeferStmt:
		w.expr(s.Call)
	case *ast.CaseClause:
		w.exprs(s.List)
		for _, st := range s.Body {
			w.stmt(st)
		}
	case *ast.SwitchStmt:
		i := w.enter(s)
		w.stmt(s.Init)
		w.expr(s.Tag)
		w.block(s.Body)
		w.leave(i)
	case *ast.TypeSwitchStmt:
		w.stmt(s.Init)
		w.stmt(s.Assign)
		w.block(s.Body)
	case *ast.CommClause:
		w.stmt(s.Comm)
		for _, st := range s.Body {
			w.stmt(st)
		}
	case *ast.SelectStmt:
		w.block(s.Body)
	case *ast.ForStmt:
		w.stmt(s.Init)
		w.expr(s.Cond)
		w.stmt(s.Post)
		w.block(s.Body)
	case *ast.RangeStmt:
		w.expr(s.Key)
		w.expr(s.Value)
		w.expr(s.X)
		w.block(s.Body)
	}
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
	g.syntaxOnce.Do(func() { g.syntax = newSyntax(g.files, g.info) })
	return g.syntax
}

// DeclAt returns the top-level declaration of the package's files that
// holds pos, and its file; a nil declaration when none does.
func (g *Graphs) DeclAt(pos token.Pos) (*ast.File, ast.Decl) {
	file := g.FileOf(pos)
	if file == nil {
		return nil, nil
	}
	i := sort.Search(len(file.Decls), func(i int) bool { return file.Decls[i].End() > pos })
	if i == len(file.Decls) || file.Decls[i].Pos() > pos {
		return file, nil
	}
	return file, file.Decls[i]
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
	file, decl := g.DeclAt(pos)
	if decl == nil {
		return nil
	}
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
