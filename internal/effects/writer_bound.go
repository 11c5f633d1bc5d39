package effects

// Function values the package binds to one known function: an unexported
// struct field or package variable that the package assigns once, from a
// named function or a method value, and never otherwise (no other
// assignment, no address taken); or a parameter of an unexported function
// that the package calls once and uses no other way, given a named
// function there. A call through it is a call of that function. Anything
// less certain stays a function value, which counts as handing the writer
// on.

import (
	"go/ast"
	"go/token"
	"go/types"
)

// boundFunc returns the function the callee expression fun (a field
// selection or a package variable) is bound to, or nil.
func (e *writerEngine) boundFunc(fun ast.Expr) *types.Func {
	info := e.r.pass.TypesInfo
	var v *types.Var
	switch x := ast.Unparen(fun).(type) {
	case *ast.Ident:
		v, _ = info.Uses[x].(*types.Var)
		if v != nil && (v.Parent() == nil || v.Parent() != v.Pkg().Scope()) {
			return e.paramBinding(v) // a local, or a parameter
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			v, _ = sel.Obj().(*types.Var)
		}
	}
	if v == nil || v.Exported() || v.Pkg() != e.r.pass.Pkg {
		return nil
	}
	if e.bound == nil {
		e.bound = e.bindings()
	}
	return e.bound[v]
}

// bindings scans the package for the sources of its unexported function
// fields and variables and keeps those with one source, a function.
func (e *writerEngine) bindings() map[*types.Var]*types.Func {
	info := e.r.pass.TypesInfo
	sources := map[*types.Var][]ast.Expr{}
	spoiled := map[*types.Var]bool{}
	target := func(x ast.Expr) *types.Var {
		switch x := ast.Unparen(x).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			if v != nil && v.Parent() != nil && v.Parent() == v.Pkg().Scope() {
				return v
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
				v, _ := sel.Obj().(*types.Var)
				return v
			}
		}
		return nil
	}
	isFunc := func(v *types.Var) bool {
		_, ok := v.Type().Underlying().(*types.Signature)
		return ok
	}
	for _, f := range e.r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if v := target(lhs); v != nil && isFunc(v) {
						if len(n.Lhs) == len(n.Rhs) && n.Tok == token.ASSIGN || n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
							sources[v] = append(sources[v], n.Rhs[i])
						} else {
							spoiled[v] = true
						}
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if v, _ := info.Defs[name].(*types.Var); v != nil && isFunc(v) && i < len(n.Values) && len(n.Values) == len(n.Names) {
						sources[v] = append(sources[v], n.Values[i])
					}
				}
			case *ast.CompositeLit:
				st, _ := info.TypeOf(n).Underlying().(*types.Struct)
				if st == nil {
					return true
				}
				for i, elt := range n.Elts {
					kv, ok := elt.(*ast.KeyValueExpr)
					if !ok {
						// Positional: field i gets this value.
						if i < st.NumFields() && isFunc(st.Field(i)) {
							sources[st.Field(i)] = append(sources[st.Field(i)], elt)
						}
						continue
					}
					if id, ok := kv.Key.(*ast.Ident); ok {
						if v, _ := info.ObjectOf(id).(*types.Var); v != nil && v.IsField() && isFunc(v) {
							sources[v] = append(sources[v], kv.Value)
						}
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if v := target(n.X); v != nil {
						spoiled[v] = true
					}
				}
			}
			return true
		})
	}
	bound := map[*types.Var]*types.Func{}
	for v, srcs := range sources {
		if spoiled[v] || len(srcs) != 1 || v.Exported() {
			continue
		}
		if fn := namedFunc(info, srcs[0]); fn != nil {
			bound[v] = fn
		}
	}
	return bound
}

// namedFunc returns the function e names: a function, or a method value
// (h.handleError) whose receiver is then bound.
func namedFunc(info *types.Info, e ast.Expr) *types.Func {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		fn, _ := info.Uses[x].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil {
			if sel.Kind() == types.MethodVal {
				fn, _ := sel.Obj().(*types.Func)
				if fn != nil && !types.IsInterface(sel.Recv()) {
					return fn
				}
			}
			return nil
		}
		fn, _ := info.Uses[x.Sel].(*types.Func) // pkg.Func
		return fn
	}
	return nil
}

// paramBinding returns the function a parameter of an unexported function
// declaration is bound to: the named function given at the one call of
// the declaration in the package, when the declaration is used nowhere
// else and never assigns the parameter.
func (e *writerEngine) paramBinding(v *types.Var) *types.Func {
	if v == nil {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	if fn, ok := e.paramBound[v]; ok {
		return fn
	}
	fn := e.solveParamBinding(v)
	e.paramBound[v] = fn
	return fn
}

func (e *writerEngine) solveParamBinding(v *types.Var) *types.Func {
	if e.uses == nil {
		e.uses = map[types.Object][]*ast.Ident{}
		for id, obj := range e.r.pass.TypesInfo.Uses {
			if fn, ok := obj.(*types.Func); ok && fn.Pkg() == e.r.pass.Pkg {
				e.uses[fn] = append(e.uses[fn], id)
			}
		}
	}
	// The declaration whose parameter v is.
	var decl *WriterFunc
	for _, f := range e.order {
		if f.Obj != nil && !f.Obj.Exported() && v.Pos() >= f.Node.Pos() && v.Pos() < f.Body.Pos() {
			decl = f
		}
	}
	if decl == nil {
		return nil
	}
	index := -1
	for i := range decl.Sig.Params().Len() {
		if decl.Sig.Params().At(i) == v {
			index = i
		}
	}
	uses := e.uses[decl.Obj]
	if index < 0 || len(uses) != 1 || decl.Sig.Variadic() || assigns(e.r.pass.TypesInfo, decl.Body, v) {
		return nil
	}
	call := e.callOf(uses[0])
	if call == nil || index >= len(call.Args) {
		return nil
	}
	return namedFunc(e.r.pass.TypesInfo, call.Args[index])
}

// callOf returns the call whose callee id is (f(...) or x.f(...)), or nil
// when id is used another way.
func (e *writerEngine) callOf(id *ast.Ident) *ast.CallExpr {
	var found *ast.CallExpr
	for _, f := range e.r.pass.Files {
		if id.Pos() < f.Pos() || id.Pos() >= f.End() {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil || n == nil || id.Pos() < n.Pos() || id.Pos() >= n.End() {
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok {
				switch fun := ast.Unparen(call.Fun).(type) {
				case *ast.Ident:
					if fun == id {
						found = call
					}
				case *ast.SelectorExpr:
					// x.f(...) or pkg.f(...), not the method expression
					// T.f(x, ...), whose arguments start with the receiver.
					sel := e.r.pass.TypesInfo.Selections[fun]
					if fun.Sel == id && (sel == nil || sel.Kind() == types.MethodVal) {
						found = call
					}
				}
			}
			return true
		})
	}
	return found
}
