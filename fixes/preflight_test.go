package fixes

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// preflightFile is a file that uses every piece of code Preflight writes,
// laid out as the preflight analyzer's fixes insert them.
func preflightFile(p Preflight) string {
	var b strings.Builder
	b.WriteString("package p\n\nimport " + p.HTTP + ` "net/http"` + "\n\n")
	b.WriteString("func routes(mux *" + p.HTTP + ".ServeMux) {\n")
	b.WriteString("\t" + p.ServeMuxRoute("mux", "OPTIONS /api/items/{id}", []string{"DELETE", "PUT", "OPTIONS"}, []string{"https://app.example.com", `a"b`}) + "\n")
	b.WriteString("}\n\n")
	b.WriteString("func handler(w " + p.HTTP + ".ResponseWriter, r *" + p.HTTP + ".Request) {\n")
	b.WriteString("\t" + p.Branch("w", "r", "\t", []string{"POST", "OPTIONS"}, []string{"*"}))
	b.WriteString("if r.Method != " + p.HTTP + ".MethodPost {\n\t\treturn\n\t}\n")
	b.WriteString("\tswitch r.Method {\n\tcase " + p.HTTP + ".MethodGet:\n\t")
	b.WriteString(p.Case("w", "r", "\t", false, []string{"GET", "OPTIONS"}, []string{"*"}))
	b.WriteString("default:\n\t}\n")
	b.WriteString("\tswitch {\n\t")
	b.WriteString(p.Case("w", "r", "\t", true, []string{"GET", "OPTIONS"}, []string{"*"}))
	b.WriteString("default:\n\t}\n")
	b.WriteString("}\n\n")
	b.WriteString(p.Decl())
	return b.String()
}

func TestPreflightCodeCompilesAndIsFormatted(t *testing.T) {
	for _, p := range []Preflight{
		{HTTP: "http", Func: "corsPreflight"},
		{HTTP: "nethttp", Func: "corsPreflight2", AllowHeaders: []string{"*"}, MaxAge: 3600},
		{HTTP: "http", Func: "preflight", AllowHeaders: []string{"Content-Type", "Authorization"}},
	} {
		src := preflightFile(p)
		formatted, err := format.Source([]byte(src))
		if err != nil {
			t.Fatalf("%+v: %v\n%s", p, err, src)
		}
		if !bytes.Equal(formatted, []byte(src)) {
			t.Errorf("%+v: the generated code is not gofmt-clean:\n%s\nwant\n%s", p, src, formatted)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		conf := types.Config{Importer: importer.Default()}
		if _, err := conf.Check("p", fset, []*ast.File{f}, nil); err != nil {
			t.Errorf("%+v: the generated code does not compile: %v\n%s", p, err, src)
		}
	}
}

func TestPreflightDecl(t *testing.T) {
	for _, test := range []struct {
		p    Preflight
		want []string
	}{
		{Preflight{HTTP: "http", Func: "corsPreflight"}, []string{
			`func corsPreflight(methods string, origins ...string) http.HandlerFunc {`,
			`h.Set("Access-Control-Allow-Headers", "Content-Type")`,
			`h.Set("Access-Control-Max-Age", "600")`,
			`w.WriteHeader(http.StatusNoContent)`,
		}},
		{Preflight{HTTP: "http", Func: "corsPreflight", AllowHeaders: []string{"*"}, MaxAge: 60}, []string{
			`h.Add("Vary", "Access-Control-Request-Headers")`,
			`h.Set("Access-Control-Allow-Headers", r.Header.Get("Access-Control-Request-Headers"))`,
			`h.Set("Access-Control-Max-Age", "60")`,
		}},
		{Preflight{HTTP: "http", Func: "corsPreflight", AllowHeaders: []string{"Content-Type", "X-Request-ID"}}, []string{
			`h.Set("Access-Control-Allow-Headers", "Content-Type, X-Request-ID")`,
		}},
	} {
		decl := test.p.Decl()
		for _, want := range test.want {
			if !strings.Contains(decl, want) {
				t.Errorf("%+v: Decl() lacks %s:\n%s", test.p, want, decl)
			}
		}
	}
}

func TestPreflightStatements(t *testing.T) {
	p := Preflight{HTTP: "http", Func: "corsPreflight"}
	for _, test := range []struct{ got, want string }{
		{p.Handler([]string{"POST", "OPTIONS"}, []string{"https://app.example.com"}), `corsPreflight("POST, OPTIONS", "https://app.example.com")`},
		{p.ServeMuxRoute("mux", "OPTIONS /x", []string{"POST", "OPTIONS"}, []string{"*"}), `mux.HandleFunc("OPTIONS /x", corsPreflight("POST, OPTIONS", "*"))`},
		{p.ChiRoute("r", "/x/{id}", []string{"PUT", "OPTIONS"}, []string{"*"}), `r.Options("/x/{id}", corsPreflight("PUT, OPTIONS", "*"))`},
		{p.GorillaRoute("r", `"/x"`, []string{"POST", "OPTIONS"}, []string{"*"}), `r.HandleFunc("/x", corsPreflight("POST, OPTIONS", "*")).Methods(http.MethodOptions)`},
		{Preflight{Func: "f"}.GorillaRoute("r", `base+"x"`, []string{"OPTIONS"}, []string{"*"}), `r.HandleFunc(base+"x", f("OPTIONS", "*")).Methods("OPTIONS")`},
		{p.Branch("w", "req", "\t", []string{"POST", "OPTIONS"}, []string{"*"}),
			"if req.Method == http.MethodOptions {\n\t\tcorsPreflight(\"POST, OPTIONS\", \"*\")(w, req)\n\t\treturn\n\t}\n\t"},
		{p.Case("w", "r", "\t\t", true, []string{"OPTIONS"}, []string{"*"}),
			"case r.Method == http.MethodOptions:\n\t\t\tcorsPreflight(\"OPTIONS\", \"*\")(w, r)\n\t\t"},
	} {
		if test.got != test.want {
			t.Errorf("got  %q\nwant %q", test.got, test.want)
		}
	}
}
