package analyze

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// tableOf returns a literal of n elements, each elem(i).
func tableOf(n int, elem func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(elem(i))
		b.WriteString(",\n")
	}
	return b.String()
}

// tablesSource declares large tables in every form withoutTables drops,
// and in forms it must keep: holding a string, a variable, a function, a
// package-qualified name, too few elements, a declared type.
func tablesSource() string {
	n := minTableLeaves
	num := func(i int) string { return fmt.Sprint(i % 200) }
	return `package p

import "strconv"

type word struct {
	len, transform byte
	idx            uint16
}

const (
	shift = 7
	on    = true
	name  = "x"
)

var variable = 1

func f() int { return 1 }

var (
	bytes = []byte{` + tableOf(n, num) + `}
	array = [...]uint16{` + tableOf(n, func(i int) string { return fmt.Sprintf("%d - 1: %d<<shift | 'a'", i+1, i%3) }) + `}
	sized = [2 * 1024]int8{` + tableOf(n, func(i int) string { return fmt.Sprint(-(i % 100)) }) + `}
	words = [...]word{` + tableOf(n/3+1, func(i int) string { return fmt.Sprintf("word{%d, 0, %d}", i%7, i) }) + `}
	elided = []word{` + tableOf(n/3+1, func(i int) string { return fmt.Sprintf("{%d, 0, %d}", i%7, i) }) + `}
	flags = []bool{` + tableOf(n, func(i int) string { return "on" }) + `}
	floats = []float64{` + tableOf(n, func(i int) string { return fmt.Sprint(i) + ".5" }) + `}

	strs = []string{` + tableOf(n, func(i int) string { return strconv.Quote(fmt.Sprint(i)) }) + `}
	named = []string{` + tableOf(n, func(i int) string { return "name" }) + `}
	vars = []int{` + tableOf(n, func(i int) string { return "variable" }) + `}
	funcs = []func() int{` + tableOf(n, func(i int) string { return "f" }) + `}
	calls = []int{` + tableOf(n, func(i int) string { return "f()" }) + `}
	qualified = []int{` + tableOf(n, func(i int) string { return "strconv.IntSize" }) + `}
	small = []byte{` + tableOf(n-1, num) + `}
	typed []byte = []byte{` + tableOf(n, num) + `}
	keyed = []word{` + tableOf(n/3+1, func(i int) string { return fmt.Sprintf("{len: %d}", i%7) }) + `}
)
`
}

var strconvSource = "package strconv\n\nconst IntSize = 64\n"

// checkFiles type-checks files of package p, importing a fake strconv.
func checkFiles(t *testing.T, fset *token.FileSet, files []*ast.File) *packages.Package {
	t.Helper()
	strconvFile, err := ParseFile(fset, "strconv.go", []byte(strconvSource))
	if err != nil {
		t.Fatal(err)
	}
	fake := &packages.Package{ID: "strconv", PkgPath: "strconv", Name: "strconv", Types: types.NewPackage("strconv", "strconv"), TypesSizes: types.SizesFor("gc", "amd64")}
	TypeCheck(fset, fake, []*ast.File{strconvFile}, false)
	p := &packages.Package{
		ID: "p", PkgPath: "p", Name: "p",
		Imports:    map[string]*packages.Package{"strconv": fake},
		Types:      types.NewPackage("p", "p"),
		TypesSizes: types.SizesFor("gc", "amd64"),
		Module:     &packages.Module{Path: "p", GoVersion: "1.22"},
	}
	TypeCheck(fset, p, files, true)
	return p
}

// TestWithoutTables checks which tables are dropped, that the package
// then has the same objects of the same types, and no error either way,
// and that the shared syntax is not changed.
func TestWithoutTables(t *testing.T) {
	fset := token.NewFileSet()
	file, err := ParseFile(fset, "p.go", []byte(tablesSource()))
	if err != nil {
		t.Fatal(err)
	}
	original := []*ast.File{file}
	var before bytes.Buffer
	printer.Fprint(&before, fset, file)
	full := checkFiles(t, fset, original)
	if len(full.Errors) > 0 {
		t.Fatal(full.Errors)
	}

	stripped, tables := withoutTables(original, nil)
	valid := tablesCheck(fset, full, stripped, tables)
	kept := dropTables(fset, full, original)
	p := checkFiles(t, fset, kept)
	if len(p.Errors) > 0 {
		t.Fatal(p.Errors)
	}
	var dropped []string
	for _, decl := range kept[0].Decls {
		if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.VAR {
			for _, spec := range gen.Specs {
				if vs := spec.(*ast.ValueSpec); len(vs.Values) == 0 && vs.Names[0].Name != "variable" {
					dropped = append(dropped, vs.Names[0].Name)
				}
			}
		}
	}
	if want := []string{"bytes", "array", "sized", "words", "elided", "flags", "floats"}; !slices.Equal(dropped, want) {
		t.Errorf("dropped %v, want %v", dropped, want)
	}
	if len(valid) != len(dropped) {
		t.Errorf("tablesCheck accepts %d tables, want %d", len(valid), len(dropped))
	}
	for _, name := range full.Types.Scope().Names() {
		want, got := full.Types.Scope().Lookup(name), p.Types.Scope().Lookup(name)
		if got == nil || got.Pos() != want.Pos() || got.Type().String() != want.Type().String() {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	var after bytes.Buffer
	printer.Fprint(&after, fset, file)
	if after.String() != before.String() {
		t.Error("the shared syntax changed")
	}
}

// TestTablesCheckRejects checks that a table the checker would not
// accept, or that refers to something other than a numeric or boolean
// constant, is kept.
func TestTablesCheckRejects(t *testing.T) {
	n := minTableLeaves
	small := func(i int) string { return fmt.Sprint(i % 100) }
	for name, table := range map[string]string{
		"overflow":   "[]byte{" + tableOf(n-1, small) + "256}",
		"index":      "[4]byte{" + tableOf(n, small) + "}",
		"duplicate":  "[...]byte{" + tableOf(n, func(i int) string { return fmt.Sprintf("%d: 1", i%(n-1)) }) + "}",
		"undefined":  "[]int{" + tableOf(n, func(int) string { return "missing" }) + "}",
		"string":     "[]string{" + tableOf(n, func(int) string { return "text" }) + "}",
		"mismatch":   "[]string{" + tableOf(n, small) + "}",
		"fields":     "[]pair{" + tableOf(n, func(int) string { return "{1}" }) + "}",
		"not a type": "[]pair{" + tableOf(n, func(int) string { return "text{1, 2}" }) + "}",
		"truncated":  "[]int{" + tableOf(n, func(int) string { return "1.5" }) + "}",
	} {
		t.Run(name, func(t *testing.T) {
			src := "package p\n\ntype pair struct{ a, b int }\n\nconst text = \"x\"\n\nvar table = " + table + "\n"
			fset := token.NewFileSet()
			file, err := ParseFile(fset, "p.go", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			stripped, tables := withoutTables([]*ast.File{file}, nil)
			if len(tables) != 1 {
				t.Fatalf("%d tables dropped, want 1 for tablesCheck to check", len(tables))
			}
			p := &packages.Package{ID: "p", PkgPath: "p", Name: "p", TypesSizes: types.SizesFor("gc", "amd64")}
			if len(tablesCheck(fset, p, stripped, tables)) > 0 {
				t.Error("tablesCheck accepts the table")
			}
		})
	}
}

// TestTablesCheckSizes checks that tables are kept in a package checked
// for a 32-bit platform or an old language version, where types.CheckExpr
// would not check them as the package's checker does, and dropped
// otherwise.
func TestTablesCheckSizes(t *testing.T) {
	src := "package p\n\nvar table = []int{" + tableOf(minTableLeaves, func(i int) string { return fmt.Sprint(i) }) + "}\n"
	for _, p := range []*packages.Package{
		{TypesSizes: types.SizesFor("gc", "386")},
		{TypesSizes: types.SizesFor("gc", "amd64"), Module: &packages.Module{GoVersion: "1.20"}},
		{TypesSizes: types.SizesFor("gc", "arm64"), Module: &packages.Module{GoVersion: "1.21"}}, // dropped
		{TypesSizes: types.SizesFor("gc", "amd64")},                                              // std: dropped
	} {
		dropped := p.TypesSizes.Sizeof(types.Typ[types.Int]) == 8 && (p.Module == nil || p.Module.GoVersion != "1.20")
		p.ID, p.PkgPath, p.Name = "p", "p", "p"
		fset := token.NewFileSet()
		file, err := ParseFile(fset, "p.go", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		stripped, tables := withoutTables([]*ast.File{file}, nil)
		if len(tables) != 1 {
			t.Fatalf("%d tables dropped, want 1 for tablesCheck to check", len(tables))
		}
		if got := len(tablesCheck(fset, p, stripped, tables)) > 0; got != dropped {
			t.Errorf("table dropped %v, want %v, for %v, go %v", got, dropped, p.TypesSizes, p.Module)
		}
	}
}
