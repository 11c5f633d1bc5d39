package flow_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/routevet/routevet/internal/flow"
)

// The test problem: a call to mark() is event 0; a call to check() reports
// whether mark() happened on every path before it (after it, solved
// backward), and where.
func solve(t *testing.T, body string) []string {
	return solveWith(t, body, func(g *cfg.CFG, tr flow.Transfer) { flow.Forward(g, tr) }, nil)
}

// solveWith parses body, builds its graph, and solves the test problem
// with solver; marker, when not nil, handles nodes that are not in the
// source and reports whether it did.
func solveWith(t *testing.T, body string, solver func(*cfg.CFG, flow.Transfer), marker func(n ast.Node, s *flow.State) bool) []string {
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
	solver(cfg.New(fn.Body, mayReturn), func(n ast.Node, s *flow.State, final bool) {
		if marker != nil && marker(n, s) {
			return
		}
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

func TestBackward(t *testing.T) {
	backward := func(g *cfg.CFG, tr flow.Transfer) { flow.Backward(g, tr) }
	for _, tc := range []struct {
		name, body, want string
	}{
		{"straight", "check()\nmark()", "yes@x.go:4:1"},
		{"before", "mark()\ncheck()", "no"},
		{"one branch", "check()\nif c { mark() }", "no"},
		{"both branches", "check()\nif c { mark(); return }\nmark()", "yes@x.go:4:8"},
		{"return skips", "check()\nif c { return }\nmark()", "no"},
		{"panic is an end", "check()\nif c { panic(1) }\nmark()", "no"},
		{"killed between", "check()\nunmark()\nmark()", "no"},
		{"killed after it", "check()\nmark()\nunmark()", "yes@x.go:4:1"},
		{"endless loop", "for { check() }", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(solveWith(t, tc.body, backward, nil), ",")
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestWithMarkers solves with an entry marker that starts event 0 and a
// marker on the edges where the condition c is true that kills it.
func TestWithMarkers(t *testing.T) {
	entry := &ast.EmptyStmt{Implicit: true}
	onTrue := map[ast.Node]bool{}
	withMarkers := func(g *cfg.CFG, tr flow.Transfer) {
		g = flow.WithMarkers(g, entry, func(cond ast.Expr, taken bool) ast.Node {
			if id, ok := cond.(*ast.Ident); !ok || id.Name != "c" || !taken {
				return nil
			}
			m := &ast.EmptyStmt{Semicolon: cond.Pos(), Implicit: true}
			onTrue[m] = true
			return m
		})
		flow.Forward(g, tr)
	}
	marker := func(n ast.Node, s *flow.State) bool {
		switch {
		case n == entry:
			s.Add(0, token.NoPos)
		case onTrue[n]:
			s.Remove(0)
		default:
			return false
		}
		return true
	}
	for _, tc := range []struct {
		name, body, want string
	}{
		{"from the entry", "check()", "yes@-"},
		{"unmarked", "unmark()\ncheck()", "no"},
		{"true edge", "if c { check() }", "no"},
		{"false edge", "if c { return }\ncheck()", "yes@-"},
		{"after both", "if c { n++ }\ncheck()", "no"},
		{"other condition", "if n > 0 { check() }", "yes@-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(solveWith(t, tc.body, withMarkers, marker), ",")
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
