package flow

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"
)

// TestStructuredNoReturn checks the structural answer against the graph's
// on bodies where stop() never returns.
func TestStructuredNoReturn(t *testing.T) {
	for _, body := range []string{
		"stop()",
		"stop(); return",
		"if c { stop() }",
		"if c { stop() } else { stop() }",
		"if c { return } else { stop() }",
		"if c { defer f() }; stop()",
		"defer f(); stop()",
		"stop(); defer f()",
		"for c { stop() }",
		"for c { return }; stop()",
		"for i := 0; c; i++ { if c { return } }; stop()",
		"for range n { break }; stop()",
		"switch n { case 1: stop(); default: stop() }",
		"switch n { case 1: stop() }",
		"switch n { case 1: return; default: stop() }",
		"switch n { case 1: break; default: stop() }",
		"switch n { case 1: if c { break }; stop(); default: stop() }",
		"switch n { case 1: for c { break }; stop(); default: stop() }",
		"switch x := v.(type) { case int: _ = x; stop(); default: stop() }",
		"if stop(); c { return }",
		"switch stop(); n { case 1: return }",
		"for stop(); c; { return }",
		"{ stop() }; return",
		"go stop(); ch <- 1; n++",
		"for c { if c { continue }; stop() }; stop()",
		"for { stop() }",
		"for { break }; return",
		"L: for c { break L }; stop()",
		"select {}",
		"goto L; L: stop()",
		"switch n { case 1: fallthrough; default: stop() }",
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", "package p\nfunc g(c bool, n int, v any, ch chan int) {\n"+body+"\n}", 0)
		if err != nil {
			t.Fatal(err)
		}
		fbody := f.Decls[0].(*ast.FuncDecl).Body
		g := &Graphs{stops: map[*ast.CallExpr]bool{}}
		forEachCallStmt(fbody, func(call *ast.CallExpr) {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "stop" {
				g.stops[call] = true
			}
		}, new(bool))
		want := cfg.New(fbody, g.recorded).NoReturn()
		got, ok := g.structuredNoReturn(fbody)
		structured := !strings.Contains(body, "L:") && !strings.Contains(body, "select") && !strings.Contains(body, "fallthrough") && !strings.Contains(body, "for {")
		if ok != structured {
			t.Errorf("%s: structured=%v, want %v", body, ok, structured)
		}
		if ok && got != want {
			t.Errorf("%s: structured says noReturn=%v, the graph %v", body, got, want)
		}
	}
}
