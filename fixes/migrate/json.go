package migrate

// Facts about Go values and statements the purehandler translation needs:
// whether a value's JSON encoding can fail, whether a statement is
// terminating.

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// jsonSafeExpr reports whether encoding e's value as JSON cannot fail, so
// route.JSON (which answers 500 when encoding fails, where the handler
// sent its status with an empty body) behaves the same. Interface-typed
// parts of a composite literal are judged by the elements' own types.
func (m *migrator) jsonSafeExpr(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return m.jsonSafeExpr(u.X)
	}
	t := m.info.TypeOf(e)
	if t == nil {
		return false
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return jsonSafeType(t, map[types.Type]bool{})
	}
	// Judge each element: by its declared type, or, where that is an
	// interface, by the element expression.
	elem := func(slot types.Type, x ast.Expr) bool {
		if _, isIface := slot.Underlying().(*types.Interface); isIface {
			return m.jsonSafeExpr(x)
		}
		return jsonSafeType(slot, map[types.Type]bool{})
	}
	if isMarshaler(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		if !jsonKeySafe(u.Key()) {
			return false
		}
		for _, x := range lit.Elts {
			kv, ok := x.(*ast.KeyValueExpr)
			if !ok || !elem(u.Elem(), kv.Value) {
				return false
			}
		}
		return true
	case *types.Slice, *types.Array:
		var el types.Type
		if s, ok := u.(*types.Slice); ok {
			el = s.Elem()
		} else {
			el = u.(*types.Array).Elem()
		}
		if _, isIface := el.Underlying().(*types.Interface); !isIface {
			return jsonSafeType(t, map[types.Type]bool{})
		}
		for _, x := range lit.Elts {
			if kv, ok := x.(*ast.KeyValueExpr); ok {
				x = kv.Value
			}
			if !m.jsonSafeExpr(x) {
				return false
			}
		}
		return true
	case *types.Struct:
		// Fields not in the literal are zero: nil for interfaces.
		given := map[string]ast.Expr{}
		for i, x := range lit.Elts {
			if kv, ok := x.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					given[id.Name] = kv.Value
				}
			} else if i < u.NumFields() {
				given[u.Field(i).Name()] = x
			}
		}
		for f := range u.Fields() {
			if !jsonField(f, u) {
				continue
			}
			if x, ok := given[f.Name()]; ok {
				if !elem(f.Type(), x) {
					return false
				}
			} else if _, isIface := f.Type().Underlying().(*types.Interface); !isIface && !jsonSafeType(f.Type(), map[types.Type]bool{}) {
				return false
			}
		}
		return true
	}
	return jsonSafeType(t, map[types.Type]bool{})
}

// jsonField reports whether encoding/json may encode field f of s:
// exported or embedded, and not tagged json:"-".
func jsonField(f *types.Var, s *types.Struct) bool {
	for i := range s.NumFields() {
		if s.Field(i) == f && reflect.StructTag(s.Tag(i)).Get("json") == "-" {
			return false
		}
	}
	return f.Exported() || f.Embedded()
}

// jsonSafeType reports whether every value of type t encodes as JSON without
// error: no floats (NaN and infinities fail), no interfaces (their dynamic
// values are unknown), no Marshalers (their errors are theirs), no
// recursive types (values may be cyclic), no channels, functions or
// complex numbers, and map keys that are strings or integers.
func jsonSafeType(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false // recursive
	}
	if isMarshaler(t) {
		return false
	}
	seen[t] = true
	defer delete(seen, t)
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsBoolean|types.IsInteger|types.IsString) != 0 && u.Kind() != types.UnsafePointer
	case *types.Pointer:
		return jsonSafeType(u.Elem(), seen)
	case *types.Slice:
		return jsonSafeType(u.Elem(), seen)
	case *types.Array:
		return jsonSafeType(u.Elem(), seen)
	case *types.Map:
		return jsonKeySafe(u.Key()) && jsonSafeType(u.Elem(), seen)
	case *types.Struct:
		for f := range u.Fields() {
			if jsonField(f, u) && !jsonSafeType(f.Type(), seen) {
				return false
			}
		}
		return true
	}
	return false
}

func jsonKeySafe(k types.Type) bool {
	b, ok := k.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsString|types.IsInteger) != 0 && !isMarshaler(k)
}

// isMarshaler reports whether t or *t has a MarshalJSON or MarshalText
// method, or is json.Number (which fails on invalid numbers).
func isMarshaler(t types.Type) bool {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if obj := n.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == "encoding/json" && obj.Name() == "Number" {
			return true
		}
	}
	for _, name := range []string{"MarshalJSON", "MarshalText"} {
		for _, tt := range []types.Type{t, types.NewPointer(t)} {
			if _, isPtr := t.(*types.Pointer); isPtr && tt != t {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(tt, false, nil, name)
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	return false
}

// terminates reports whether s is a terminating statement as the Go
// specification defines it, so that nothing after it runs.
func terminates(s ast.Stmt, info *types.Info) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.FALLTHROUGH
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				_, builtin := info.Uses[id].(*types.Builtin)
				return builtin
			}
		}
	case *ast.BlockStmt:
		return len(s.List) > 0 && terminates(s.List[len(s.List)-1], info)
	case *ast.IfStmt:
		if s.Else == nil || !terminates(s.Body, info) {
			return false
		}
		return terminates(s.Else, info)
	case *ast.ForStmt:
		return s.Cond == nil && !hasBreak(s.Body.List)
	case *ast.LabeledStmt:
		return terminates(s.Stmt, info)
	case *ast.SwitchStmt:
		return clausesTerminate(s.Body, true, info)
	case *ast.TypeSwitchStmt:
		return clausesTerminate(s.Body, true, info)
	case *ast.SelectStmt:
		return clausesTerminate(s.Body, false, info)
	}
	return false
}

func clausesTerminate(body *ast.BlockStmt, needDefault bool, info *types.Info) bool {
	hasDefault := false
	for _, c := range body.List {
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			list, hasDefault = c.Body, hasDefault || c.List == nil
		case *ast.CommClause:
			list = c.Body
		}
		if len(list) == 0 || hasBreak(list) {
			return false
		}
		if !terminates(list[len(list)-1], info) {
			return false
		}
	}
	return hasDefault || !needDefault
}
