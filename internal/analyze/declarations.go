package analyze

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"
)

// keepDeclarations makes pkg, a new package, the types of an analyzed
// package that was type-checked with its function bodies: it checks the
// package's declarations into pkg, without the bodies, and moves the
// analyzers' object facts onto pkg's objects.
//
// Why: go/types keeps the scope of every function body, with its local
// objects, reachable from the package (package scope, file scopes,
// function scopes), and the types of every package analyzed stay until
// the end of the run, for the packages importing it. Those need only
// the declarations, which go vet gives them as export data. Export data
// read back would lose the columns of positions and the unexported
// objects that no exported one refers to; declarations checked from the
// same syntax have the same objects at the same positions, so what the
// analyzers of importing packages see, positions in messages included,
// does not change. Checking them costs about a tenth of the full check.
func (cp *Package) keepDeclarations(fset *token.FileSet, files []*ast.File, pkg *types.Package) {
	checkDeclarations(fset, cp.Pkg, files, pkg)
	from := cp.Pkg.Types
	enc := new(objectpath.Encoder)
	for _, act := range cp.Actions {
		moved := make(map[objectFactKey]analysis.Fact, len(act.objectFacts))
		for key, fact := range act.objectFacts {
			if obj := declared(enc, from, pkg, key.obj); obj != nil {
				moved[objectFactKey{obj, key.typ}] = fact
			}
		}
		act.objectFacts = moved
	}
	cp.Pkg.Types = pkg
}

// declared returns the object of pkg declared as obj is in from: its
// package-level object of the same name, or the method, field, parameter
// or result at the same object path (objectpath, as facts cross packages
// under go vet). It returns nil for an object local to a function body,
// which no importing package sees, or when the two do not match.
func declared(enc *objectpath.Encoder, from, pkg *types.Package, obj types.Object) types.Object {
	var found types.Object
	if from.Scope().Lookup(obj.Name()) == obj {
		// objectpath gives no path to an unexported function, variable
		// or constant, but the checker passes facts on package
		// variables to direct importers.
		found = pkg.Scope().Lookup(obj.Name())
	} else if path, err := enc.For(obj); err == nil {
		found, _ = objectpath.Object(pkg, path)
	}
	if found == nil || found.Pos() != obj.Pos() || found.Name() != obj.Name() {
		return nil
	}
	return found
}

// checkDeclarations type-checks the package-level declarations of a
// package that TypeCheck checked in full into another package, pkg,
// which must be new: the same objects at the same positions, against the
// same imports, without the function bodies. Its errors are those
// TypeCheck recorded already.
func checkDeclarations(fset *token.FileSet, p *packages.Package, files []*ast.File, pkg *types.Package) {
	tc := checkConfig(p, true, func(error) {})
	declared := make([]*ast.File, len(files))
	for i, f := range files {
		declared[i] = withoutTypedValues(f)
	}
	_ = types.NewChecker(tc, fset, pkg, nil).Files(declared)
}

// withoutTypedValues returns the file, or a copy of it, without the
// initial values of the package variables whose type is written out,
// which type-checking the declarations need not check again: tables of
// constants (go/types would give every element a type again, which costs
// as much as checking all the bodies of a package). The file itself,
// which another package may share, is not changed.
func withoutTypedValues(f *ast.File) *ast.File {
	return replaceVarSpecs(f, func(vs *ast.ValueSpec) *ast.ValueSpec {
		typed := *vs
		if typed.Type == nil && len(vs.Names) == 1 && len(vs.Values) == 1 {
			// var x = T{...}: x has type T; var x = &T{...}, *T.
			switch value := vs.Values[0].(type) {
			case *ast.CompositeLit:
				typed.Type = literalType(value)
			case *ast.UnaryExpr:
				if lit, ok := value.X.(*ast.CompositeLit); ok && value.Op == token.AND {
					if typ := literalType(lit); typ != nil {
						typed.Type = &ast.StarExpr{Star: value.OpPos, X: typ}
					}
				}
			}
		}
		if typed.Type == nil || len(vs.Values) == 0 {
			return nil
		}
		typed.Values = nil
		return &typed
	})
}

// replaceVarSpecs returns f, or a copy of it in which each package
// variable spec for which replace returns a spec is replaced by it. The
// file and its declarations, which another package may share, are not
// changed: a declaration with a replaced spec is copied.
func replaceVarSpecs(f *ast.File, replace func(*ast.ValueSpec) *ast.ValueSpec) *ast.File {
	var decls []ast.Decl
	for i, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		var specs []ast.Spec
		for j, spec := range gen.Specs {
			with := replace(spec.(*ast.ValueSpec))
			if with == nil {
				continue
			}
			if specs == nil {
				specs = slices.Clone(gen.Specs)
			}
			specs[j] = with
		}
		if specs == nil {
			continue
		}
		if decls == nil {
			decls = slices.Clone(f.Decls)
		}
		without := *gen
		without.Specs = specs
		decls[i] = &without
	}
	if decls == nil {
		return f
	}
	without := *f
	without.Decls = decls
	return &without
}

// literalType returns the type of a composite literal as a type
// expression, or nil. For an array of [...]T, it spells the length, when
// the indexes are sums, differences or products of integer literals, or
// there are none (the tables golang.org/x/text generates).
func literalType(lit *ast.CompositeLit) ast.Expr {
	array, ok := lit.Type.(*ast.ArrayType)
	if !ok {
		return lit.Type
	}
	if _, ok := array.Len.(*ast.Ellipsis); !ok {
		return lit.Type
	}
	var length, index int64
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			var exact bool
			if index, exact = constant.Int64Val(integer(kv.Key)); !exact {
				return nil
			}
		}
		index++
		length = max(length, index)
	}
	spelled := *array
	spelled.Len = &ast.BasicLit{ValuePos: array.Len.Pos(), Kind: token.INT, Value: strconv.FormatInt(length, 10)}
	return &spelled
}

// integer returns the value of an integer constant written with
// literals alone, or an unknown value.
func integer(e ast.Expr) constant.Value {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.INT {
			return constant.MakeFromLiteral(e.Value, e.Kind, 0)
		}
	case *ast.ParenExpr:
		return integer(e.X)
	case *ast.BinaryExpr:
		if e.Op == token.ADD || e.Op == token.SUB || e.Op == token.MUL {
			return constant.BinaryOp(integer(e.X), e.Op, integer(e.Y))
		}
	}
	return constant.MakeUnknown()
}
