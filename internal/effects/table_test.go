package effects_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/effects"
)

// TestTableNamesExist checks that every row of the table names a function
// or method that exists, spelled as types.Func.FullName spells it, and
// that Lookup finds it from the types.Func.
func TestTableNamesExist(t *testing.T) {
	rows := effects.Rows()
	paths := map[string]bool{}
	for _, row := range rows {
		paths[pkgOf(row.Name)] = true
	}
	var patterns []string
	for p := range paths {
		patterns = append(patterns, p)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]*types.Func{}
	for _, pkg := range pkgs {
		scope := pkg.Types.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if fn, ok := obj.(*types.Func); ok {
				funcs[fn.FullName()] = fn
			}
			if tn, ok := obj.(*types.TypeName); ok {
				for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
					ms := types.NewMethodSet(t)
					for i := range ms.Len() {
						fn := ms.At(i).Obj().(*types.Func)
						funcs[fn.FullName()] = fn
					}
				}
			}
		}
	}
	for _, row := range rows {
		fn := funcs[row.Name]
		if fn == nil {
			t.Errorf("row %s: no such function", row.Name)
			continue
		}
		if got := effects.Lookup(fn); got == nil || got.Name != row.Name {
			t.Errorf("Lookup(%s) = %v", row.Name, got)
		}
		for _, u := range row.Uses {
			if u.May&u.Must != u.Must {
				t.Errorf("row %s, operand %d: May does not include Must", row.Name, u.Of)
			}
			if u.Of >= 0 && int(u.Of) >= fn.Signature().Params().Len() || u.Of == effects.Recv && fn.Signature().Recv() == nil {
				t.Errorf("row %s: no operand %d", row.Name, u.Of)
			}
		}
	}
}

// pkgOf returns the package path of a full name: "net/http" for
// "(*net/http.Request).ParseForm" and "net/http.Error".
func pkgOf(name string) string {
	name = strings.TrimLeft(name, "(*")
	if i := strings.IndexByte(name, ')'); i >= 0 {
		name = name[:i]
	}
	return name[:strings.LastIndexByte(name, '.')]
}

func TestLookupName(t *testing.T) {
	for _, c := range []struct {
		name string
		op   effects.Operand
		has  effects.Effect
	}{
		{"net/http.Error", 0, effects.Replies | effects.Commits},
		{"(*encoding/json.Encoder).Encode", effects.Recv, effects.WritesBody},
		{"(net/http.Header).Set", effects.Recv, effects.SetsHeader},
		{"fmt.Fprintf", 0, effects.WritesBody},
		{"io.Copy", 1, effects.ReadsBody},
		{"(*html/template.Template).Execute", 0, effects.WritesBody},
		{"net/http.MaxBytesReader", 1, effects.WrapsBody},
		{"(*net/http.Request).ParseMultipartForm", effects.Recv, effects.ParsesMultipart},
	} {
		use, ok := effects.LookupName(c.name).On(c.op)
		if !ok || use.Must&c.has != c.has {
			t.Errorf("%s on %d = %v, %v; want %b", c.name, c.op, use, ok, c.has)
		}
	}
	if effects.LookupName("fmt.Sprintf") != nil {
		t.Error("fmt.Sprintf is in the table")
	}
	if _, ok := effects.LookupName("net/http.MaxBytesReader").On(0); !ok {
		t.Error("http.MaxBytesReader's writer is not known")
	}
	if _, ok := (*effects.Call)(nil).On(0); ok {
		t.Error("a nil row knows an operand")
	}
}
