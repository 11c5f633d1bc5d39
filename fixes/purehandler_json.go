package fixes

// Facts about Go values and statements the purehandler translation needs:
// whether a value's JSON encoding can fail, whether a statement is
// terminating.

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"reflect"
)

// jsonSafeExpr reports whether encoding e's value as JSON cannot fail, so
// route.JSON (which answers 500 when encoding fails, where the handler
// sent its status with an empty body) behaves the same. Interface-typed
// parts of a composite literal are judged by the elements' own types.
func (m *phMigrator) jsonSafeExpr(e ast.Expr) bool {
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
		return phJSONSafe(t, map[types.Type]bool{})
	}
	// Judge each element: by its declared type, or, where that is an
	// interface, by the element expression.
	elem := func(slot types.Type, x ast.Expr) bool {
		if _, isIface := slot.Underlying().(*types.Interface); isIface {
			return m.jsonSafeExpr(x)
		}
		return phJSONSafe(slot, map[types.Type]bool{})
	}
	if phMarshaler(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		if !phJSONKeySafe(u.Key()) {
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
			return phJSONSafe(t, map[types.Type]bool{})
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
			if !phJSONField(f, u) {
				continue
			}
			if x, ok := given[f.Name()]; ok {
				if !elem(f.Type(), x) {
					return false
				}
			} else if _, isIface := f.Type().Underlying().(*types.Interface); !isIface && !phJSONSafe(f.Type(), map[types.Type]bool{}) {
				return false
			}
		}
		return true
	}
	return phJSONSafe(t, map[types.Type]bool{})
}

// phJSONField reports whether encoding/json may encode field f of s:
// exported or embedded, and not tagged json:"-".
func phJSONField(f *types.Var, s *types.Struct) bool {
	for i := range s.NumFields() {
		if s.Field(i) == f && reflect.StructTag(s.Tag(i)).Get("json") == "-" {
			return false
		}
	}
	return f.Exported() || f.Embedded()
}

// phJSONSafe reports whether every value of type t encodes as JSON without
// error: no floats (NaN and infinities fail), no interfaces (their dynamic
// values are unknown), no Marshalers (their errors are theirs), no
// recursive types (values may be cyclic), no channels, functions or
// complex numbers, and map keys that are strings or integers.
func phJSONSafe(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false // recursive
	}
	if phMarshaler(t) {
		return false
	}
	seen[t] = true
	defer delete(seen, t)
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsBoolean|types.IsInteger|types.IsString) != 0 && u.Kind() != types.UnsafePointer
	case *types.Pointer:
		return phJSONSafe(u.Elem(), seen)
	case *types.Slice:
		return phJSONSafe(u.Elem(), seen)
	case *types.Array:
		return phJSONSafe(u.Elem(), seen)
	case *types.Map:
		return phJSONKeySafe(u.Key()) && phJSONSafe(u.Elem(), seen)
	case *types.Struct:
		for f := range u.Fields() {
			if phJSONField(f, u) && !phJSONSafe(f.Type(), seen) {
				return false
			}
		}
		return true
	}
	return false
}

func phJSONKeySafe(k types.Type) bool {
	b, ok := k.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsString|types.IsInteger) != 0 && !phMarshaler(k)
}

// phMarshaler reports whether t or *t has a MarshalJSON or MarshalText
// method, or is json.Number (which fails on invalid numbers).
func phMarshaler(t types.Type) bool {
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

// phTerminating reports whether s is a terminating statement as the Go
// specification defines it, so that nothing after it runs.
func phTerminating(s ast.Stmt, info *types.Info) bool {
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
		return len(s.List) > 0 && phTerminating(s.List[len(s.List)-1], info)
	case *ast.IfStmt:
		if s.Else == nil || !phTerminating(s.Body, info) {
			return false
		}
		return phTerminating(s.Else, info)
	case *ast.ForStmt:
		return s.Cond == nil && !phHasBreak(s.Body.List)
	case *ast.LabeledStmt:
		return phTerminating(s.Stmt, info)
	case *ast.SwitchStmt:
		return phClausesTerminate(s.Body, true, info)
	case *ast.TypeSwitchStmt:
		return phClausesTerminate(s.Body, true, info)
	case *ast.SelectStmt:
		return phClausesTerminate(s.Body, false, info)
	}
	return false
}

func phClausesTerminate(body *ast.BlockStmt, needDefault bool, info *types.Info) bool {
	hasDefault := false
	for _, c := range body.List {
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			list, hasDefault = c.Body, hasDefault || c.List == nil
		case *ast.CommClause:
			list = c.Body
		}
		if len(list) == 0 || phHasBreak(list) {
			return false
		}
		if !phTerminating(list[len(list)-1], info) {
			return false
		}
	}
	return hasDefault || !needDefault
}

// phVersionCompare compares Go versions ("go1.21").
func phVersionCompare(a, b string) int { return version.Compare(a, b) }
