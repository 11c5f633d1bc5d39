package alias

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Assignments is what a function body gives its variables: for each
// variable assigned in it, the right-hand side of every assignment (its
// declaration with a value included), in source order. A nil entry is a
// value that is not a plain expression: a multi-value call's result, a
// range key or value, or a value written through a pointer after the
// variable's address is taken (&x). Analyzers that track what a local
// holds (a copy of the writer, the map mux.Vars returned, a header map)
// read it instead of walking assignments themselves.
type Assignments struct {
	// Sources lists each variable's assigned values, nil for "other".
	Sources map[types.Object][]ast.Expr
	// AddressTaken holds the variables whose address is taken: they may
	// change through the pointer anywhere after.
	AddressTaken map[types.Object]bool
}

// AssignmentsIn returns the assignments in body (nested function literals
// included: a closure that assigns a variable changes it too).
func AssignmentsIn(info *types.Info, body ast.Node) *Assignments {
	a := &Assignments{Sources: map[types.Object][]ast.Expr{}, AddressTaken: map[types.Object]bool{}}
	if body == nil {
		return a
	}
	note := func(lhs, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		if obj := info.ObjectOf(id); obj != nil {
			a.Sources[obj] = append(a.Sources[obj], rhs)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				}
				note(lhs, rhs)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				note(name, rhs)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				note(n.Key, nil)
			}
			if n.Value != nil {
				note(n.Value, nil)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if obj := info.Uses[id]; obj != nil {
						a.AddressTaken[obj] = true
						a.Sources[obj] = append(a.Sources[obj], nil)
					}
				}
			}
		}
		return true
	})
	return a
}
