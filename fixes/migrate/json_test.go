package migrate

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestJSONSafe checks which types the purehandler migration encodes with
// a plain route.JSON: those whose encoding cannot fail.
func TestJSONSafe(t *testing.T) {
	const src = `package p

import (
	"encoding/json"
	"time"
)

type Note struct {
	ID    int      ` + "`json:\"id\"`" + `
	Tags  []string ` + "`json:\"tags\"`" + `
	skip  chan int
	Owner *User
}
type User struct{ Name string }
type Price struct{ Amount float64 }
type Hidden struct {
	F func() ` + "`json:\"-\"`" + `
	N int
}
type Tree struct{ Kids []*Tree }
type Stamp struct{ At time.Time }
type Raw struct{ R json.RawMessage }
type Keyed map[int]string
type Any struct{ V any }

var (
	note   Note
	price  Price
	hidden Hidden
	tree   Tree
	stamp  Stamp
	raw    Raw
	keyed  Keyed
	anyv   Any
	num    json.Number
	m      map[string]bool
)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{
		"note": true, "price": false, "hidden": true, "tree": false, "stamp": false,
		"raw": false, "keyed": true, "anyv": false, "num": false, "m": true,
	} {
		typ := pkg.Scope().Lookup(name).Type()
		if got := jsonSafeType(typ, map[types.Type]bool{}); got != want {
			t.Errorf("jsonSafeType(%s %s) = %v, want %v", name, typ, got, want)
		}
	}
}
