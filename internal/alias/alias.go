// Package alias follows a handler's parameter (its writer or request)
// through the simple copies Go code makes of it, so analyzers recognize
// rw := w, var req = r, and (x) as the same value.
package alias

import (
	"go/ast"
	"go/types"
)

// A Set holds a variable and the local variables that always hold the same
// value as it.
type Set struct {
	info *types.Info
	vars map[types.Object]bool
}

// Of returns the aliases of v in body: local variables every assignment of
// which (declaration included) copies v or another alias. A variable that
// is ever given anything else is not an alias.
func Of(info *types.Info, body ast.Node, v *types.Var) *Set {
	return AssignmentsIn(info, body).Aliases(info, v)
}

// Aliases is Of for the body whose assignments a holds.
func (a *Assignments) Aliases(info *types.Info, v *types.Var) *Set {
	s := &Set{info: info, vars: map[types.Object]bool{v: true}}
	// sources[x] lists what each assignment gives x; nil marks "other".
	sources := map[types.Object][]types.Object{}
	for obj, rhss := range a.Sources {
		x, ok := obj.(*types.Var)
		if !ok || x == v || !isLocal(x) {
			continue
		}
		for _, rhs := range rhss {
			var src types.Object
			if rid, ok := ast.Unparen(rhs).(*ast.Ident); ok && rhs != nil {
				src = info.Uses[rid]
			}
			sources[x] = append(sources[x], src)
		}
	}
	// Grow the set until no variable joins: x joins when all its sources
	// are in the set.
	for changed := true; changed; {
		changed = false
		for x, srcs := range sources {
			if s.vars[x] || !s.allIn(srcs) {
				continue
			}
			s.vars[x] = true
			changed = true
		}
	}
	return s
}

// isLocal reports whether x is a function's local variable; a package-level
// variable or a field can be changed by code out of sight.
func isLocal(x *types.Var) bool {
	return !x.IsField() && x.Parent() != nil && x.Pkg() != nil && x.Parent() != x.Pkg().Scope()
}

func (s *Set) allIn(srcs []types.Object) bool {
	for _, src := range srcs {
		if src == nil || !s.vars[src] {
			return false
		}
	}
	return len(srcs) > 0
}

// Refers reports whether e denotes the variable or one of its aliases.
func (s *Set) Refers(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && s.vars[s.info.Uses[id]]
}

// Contains reports whether obj is the variable or one of its aliases.
func (s *Set) Contains(obj types.Object) bool { return s.vars[obj] }

// Names returns the names of the variable and its aliases (an identifier
// with another name refers to none of them), in no particular order.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.vars))
	for obj := range s.vars {
		if obj != nil {
			names = append(names, obj.Name())
		}
	}
	return names
}
