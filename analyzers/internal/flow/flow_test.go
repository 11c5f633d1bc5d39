package flow_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/routevet/routevet/analyzers/internal/flow"
)

// The test problem: a call to mark() is event 0; a call to check() reports
// whether mark() happened on every path before it, and where.
func solve(t *testing.T, body string) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", "package p\nfunc f(c bool, n int) {\n"+body+"\n}", 0)
	if err != nil {
		t.Fatal(err)
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	mayReturn := func(call *ast.CallExpr) bool {
		id, ok := call.Fun.(*ast.Ident)
		return !ok || id.Name != "panic"
	}
	var got []string
	flow.Forward(cfg.New(fn.Body, mayReturn), func(n ast.Node, s *flow.State, final bool) {
		flow.Preorder(n, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok {
				return true
			}
			switch id.Name {
			case "mark":
				s.Add(0, call.Pos())
			case "unmark":
				s.Remove(0)
			case "check":
				if final {
					line := "no"
					if s.Has(0) {
						line = "yes@" + fset.Position(s.At(0)).String()
					}
					got = append(got, line)
				}
			}
			return true
		})
	})
	return got
}

func TestForward(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"straight", "mark()\ncheck()", "yes@x.go:3:1"},
		{"before nothing", "check()\nmark()", "no"},
		{"one branch", "if c { mark() }\ncheck()", "no"},
		{"both branches", "if c { mark() } else { mark() }\ncheck()", "yes@x.go:3:8"},
		{"early return", "if !c { return }\nmark()\ncheck()", "yes@x.go:4:1"},
		{"return in branch", "if c { mark(); return }\ncheck()", "no"},
		{"panic ends path", "if !c { panic(1) }\nif c { mark() } else { panic(2) }\ncheck()", "yes@x.go:4:8"},
		{"loop may not run", "for i := 0; i < n; i++ { mark() }\ncheck()", "no"},
		{"loop body after", "for i := 0; i < n; i++ { check(); mark() }", "no"},
		{"before loop", "mark()\nfor i := 0; i < n; i++ { check() }", "yes@x.go:3:1"},
		{"killed", "mark()\nunmark()\ncheck()", "no"},
		{"killed on one path", "mark()\nif c { unmark() }\ncheck()", "no"},
		{"switch all arms", "switch n { case 1: mark()\ncase 2: mark()\ndefault: mark() }\ncheck()", "yes@x.go:3:20"},
		{"switch no default", "switch n { case 1: mark()\ncase 2: mark() }\ncheck()", "no"},
		{"first occurrence", "mark()\nmark()\ncheck()", "yes@x.go:3:1"},
		{"closure not run", "go func() { mark() }()\ncheck()", "no"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(solve(t, tc.body), ",")
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
