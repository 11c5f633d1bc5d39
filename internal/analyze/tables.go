package analyze

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"

	"golang.org/x/tools/go/packages"
)

// minTableLeaves is how many constants a package variable's initial value
// must hold for withoutTables to drop it: generated tables (compression
// dictionaries, character set maps) hold thousands; a hand-written table
// costs little, and is left alone.
const minTableLeaves = 1024

// A table is a package variable's initial value that withoutTables
// dropped: a slice or array literal of numeric and boolean constants.
type table struct {
	lit *ast.CompositeLit
	// The declaration, and the one without the value that replaces it.
	spec, typed *ast.ValueSpec
	// The names it refers to: constants, and the types of its inner
	// literals.
	constants, types map[string]bool
}

// withoutTables returns the files of a dependency, or copies of them,
// without the initial values of its large tables of constants: package
// variables initialized with a slice or array literal of number and rune
// literals, names of constants and operations on them, whose type is
// then written out in the declaration instead (with [...] spelled as the
// length); and the tables dropped, which tablesCheck must accept before
// the files are used. With keep, it keeps the tables keep reports. A
// file is copied only if it holds a table to drop.
//
// Why: go/types records a type and a value of every element
// (types.Info.Types), and analyzers build an inspector over every node.
// github.com/andybalholm/brotli's dictionaries alone took 180 MiB of
// syntax, type information and inspector while they were checked and
// analyzed, and golang.org/x/text's character set maps tens each: most
// of the peak memory of a run on a web module.
//
// Why nothing changes:
//   - The variable has the same type, the literal's, so every other
//     declaration and body type-checks as before and importers see the
//     same object. No import is used only in a table: a table names no
//     package.
//   - tablesCheck type-checks every table on its own; if one does not
//     check or is not made of constants, the package is checked with all
//     its values. So its type errors are the same.
//   - Only dependencies are stripped, on which only the analyzers with
//     facts run; their findings there are not reported. Their facts
//     describe functions, types and variables by what code does with
//     writers, requests, readers, routers, HTTP clients and functions,
//     and which declarations use which objects; a table of number and
//     boolean constants holds none of those, no call and no reference to
//     anything but constants and type names, which analyzers do not
//     follow. A body that reads a table still indexes a variable of the
//     same type.
func withoutTables(files []*ast.File, keep func(*ast.CompositeLit) bool) ([]*ast.File, []table) {
	var out []*ast.File
	var tables []table
	for i, f := range files {
		if dotImport(f) {
			continue // a dot import may name an element type, or be used only in a table
		}
		g, dropped := stripTables(f, keep)
		if g != f {
			if out == nil {
				out = slices.Clone(files)
			}
			out[i] = g
			tables = append(tables, dropped...)
		}
	}
	if out == nil {
		return files, nil
	}
	return out, tables
}

// dropTables returns the files of a dependency to check and analyze: the
// files without the tables tablesCheck accepts (see withoutTables). The
// files must be of this package alone: the syntax objects of the
// variables (ast.Object, which the parser resolves as go/packages' does)
// are changed to declare them without their values, so that nothing
// refers to the tables any more.
func dropTables(fset *token.FileSet, p *packages.Package, files []*ast.File) []*ast.File {
	stripped, tables := withoutTables(files, nil)
	if tables == nil {
		return files
	}
	valid := tablesCheck(fset, p, stripped, tables)
	if len(valid) == 0 {
		return files
	}
	if len(valid) < len(tables) {
		stripped, tables = withoutTables(files, func(lit *ast.CompositeLit) bool { return !valid[lit] })
	}
	for _, t := range tables {
		if obj := t.spec.Names[0].Obj; obj != nil && obj.Decl == t.spec {
			obj.Decl = t.typed
		}
	}
	return stripped
}

func dotImport(f *ast.File) bool {
	for _, imp := range f.Imports {
		if imp.Name != nil && imp.Name.Name == "." {
			return true
		}
	}
	return false
}

// stripTables returns f, or a copy of it without the values of its
// tables, and those tables.
func stripTables(f *ast.File, keep func(*ast.CompositeLit) bool) (*ast.File, []table) {
	var tables []table
	stripped := replaceVarSpecs(f, func(vs *ast.ValueSpec) *ast.ValueSpec {
		if vs.Type != nil || len(vs.Names) != 1 || len(vs.Values) != 1 {
			return nil
		}
		lit, ok := vs.Values[0].(*ast.CompositeLit)
		if !ok {
			return nil
		}
		if _, ok := lit.Type.(*ast.ArrayType); !ok || (keep != nil && keep(lit)) {
			return nil
		}
		t, ok := constantTable(lit)
		if !ok {
			return nil
		}
		typ := literalType(lit) // [...] spelled, when the indexes are literals
		if typ == nil {
			return nil
		}
		typed := *vs
		typed.Type, typed.Values = typ, nil
		t.spec, t.typed = vs, &typed
		tables = append(tables, t)
		return &typed
	})
	return stripped, tables
}

// constantTable returns the table of an array or slice literal whose
// elements (and their keys) are constants, or structs, arrays or slices
// of constants listed in order (T{1, 2} or {1, 2}), with at least
// minTableLeaves of them.
func constantTable(lit *ast.CompositeLit) (table, bool) {
	t := table{lit: lit, constants: map[string]bool{}, types: map[string]bool{}}
	leaves := 0
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if !t.constant(kv.Key) {
				return t, false
			}
			elt = kv.Value
		}
		if inner, ok := elt.(*ast.CompositeLit); ok {
			switch typ := inner.Type.(type) {
			case nil:
			case *ast.Ident:
				t.types[typ.Name] = true
			default:
				return t, false
			}
			for _, e := range inner.Elts {
				if !t.constant(e) {
					return t, false
				}
				leaves++
			}
			continue
		}
		if !t.constant(elt) {
			return t, false
		}
		leaves++
	}
	return t, leaves >= minTableLeaves
}

// constant reports whether e may be a numeric or boolean constant: a
// number or rune literal, a name, or an operation on those. tablesCheck
// checks that the names are constants.
func (t *table) constant(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind != token.STRING
	case *ast.Ident:
		t.constants[e.Name] = true
		return true
	case *ast.ParenExpr:
		return t.constant(e.X)
	case *ast.UnaryExpr:
		return t.constant(e.X)
	case *ast.BinaryExpr:
		return t.constant(e.X) && t.constant(e.Y)
	}
	return false
}

// tablesCheck returns the tables withoutTables dropped from a package's
// files that check without errors, as they would in the package, and
// hold only numeric and boolean constants (and the names of their inner
// literals' types). It checks the package's declarations, without
// bodies, into a package of its own; if they have errors, it returns
// none.
//
// types.CheckExpr checks an expression for the newest language version
// and 64-bit sizes, as go vet's and this driver's own checks do on amd64
// or arm64; a package checked for another word size or an older version
// (before go1.21, which file versions cannot go below) does not drop its
// tables.
func tablesCheck(fset *token.FileSet, p *packages.Package, stripped []*ast.File, tables []table) map[*ast.CompositeLit]bool {
	if p.TypesSizes == nil || p.TypesSizes.Sizeof(types.Typ[types.Uintptr]) != 8 || p.TypesSizes.Sizeof(types.Typ[types.Int]) != 8 {
		return nil
	}
	failed := false
	tc := checkConfig(p, true, func(error) { failed = true })
	if tc.GoVersion != "" && version.Compare(tc.GoVersion, "go1.21") < 0 {
		return nil
	}
	// The values of typed variables are not needed for the constants
	// and types the tables use.
	declarations := make([]*ast.File, len(stripped))
	for i, f := range stripped {
		declarations[i] = withoutTypedValues(f)
	}
	pkg := types.NewPackage(p.PkgPath, p.Name)
	_ = types.NewChecker(tc, fset, pkg, nil).Files(declarations)
	if failed {
		return nil
	}
	valid := map[*ast.CompositeLit]bool{}
	for _, t := range tables {
		if t.check(fset, pkg) {
			valid[t.lit] = true
		}
	}
	return valid
}

// check reports whether the table checks in pkg, with names that are
// numeric or boolean constants, and types.
func (t *table) check(fset *token.FileSet, pkg *types.Package) bool {
	scope := pkg.Scope().Innermost(t.lit.Pos()) // the file's
	if scope == nil {
		return false
	}
	for name := range t.types {
		if _, obj := scope.LookupParent(name, token.NoPos); !isType(obj) {
			return false
		}
	}
	for name := range t.constants {
		if _, obj := scope.LookupParent(name, token.NoPos); !isNumericOrBoolean(obj) {
			return false
		}
	}
	return types.CheckExpr(fset, pkg, t.lit.Pos(), t.lit, nil) == nil
}

func isType(obj types.Object) bool {
	_, ok := obj.(*types.TypeName)
	return ok
}

// isNumericOrBoolean reports whether obj is a numeric or boolean constant.
func isNumericOrBoolean(obj types.Object) bool {
	c, ok := obj.(*types.Const)
	if !ok {
		return false
	}
	basic, ok := c.Type().Underlying().(*types.Basic)
	return ok && basic.Info()&(types.IsNumeric|types.IsBoolean) != 0
}
