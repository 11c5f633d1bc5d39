package migrate

import (
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// migrateSource type-checks src (package p, one file) and migrates the
// function named fn, a handler with the shape
// func(http.ResponseWriter, *http.Request).
func migrateSource(t *testing.T, src, fn string) (*Migration, *token.FileSet, error) {
	t.Helper()
	fset := token.NewFileSet()
	const name = "p.go"
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Scopes:     map[ast.Node]*types.Scope{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	pass := &analysis.Pass{
		Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info,
		ReadFile: func(file string) ([]byte, error) {
			if file == name {
				return []byte(src), nil
			}
			return nil, os.ErrNotExist
		},
	}
	var decl *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == fn {
			decl = fd
		}
	}
	params := info.Defs[decl.Name].(*types.Func).Signature().Params()
	mig, err := Migrate(&Handler{Pass: pass, Decl: decl, Writer: params.At(0), Request: params.At(1)})
	return mig, fset, err
}

// TestMigrateBlocked checks the typed API: a handler that cannot be
// migrated gives a *Blocked error, with the first reason met and where.
func TestMigrateBlocked(t *testing.T) {
	const src = `package p

import (
	"html/template"
	"net/http"
)

var page = template.Must(template.New("p").Parse("{{.}}"))

func safe(w http.ResponseWriter, r *http.Request) {
	defer func() { recover() }()
	w.Write([]byte("ok"))
}

func jump(w http.ResponseWriter, r *http.Request) {
	goto end
end:
	w.WriteHeader(http.StatusNoContent)
}

func tmpl(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := page.Execute(w, "x"); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func twice(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	w.WriteHeader(http.StatusTeapot)
}

func helper(w http.ResponseWriter, r *http.Request) {
	send(w, "hi")
}

func send(w http.ResponseWriter, s string) { w.Write([]byte(s)) }
`
	for _, tc := range []struct {
		fn, reason, detail, at string
	}{
		{"safe", ReasonRecover, "the handler calls recover", "recover()"},
		{"jump", ReasonControlFlow, "the handler uses goto", "goto end"},
		{"tmpl", ReasonTemplateError, "the template's error is answered through the writer, after Execute may already have sent part of the page", "w, \"x\")"},
		{"twice", ReasonHeaderAfterCommit, "WriteHeader is called a second time", "w.WriteHeader(http.StatusTeapot)"},
		{"helper", ReasonWriterEscapes, "the writer is passed to p.send, whose writes the rewrite cannot see", "w, \"hi\")"},
	} {
		mig, fset, err := migrateSource(t, src, tc.fn)
		var b *Blocked
		if mig != nil || !errors.As(err, &b) {
			t.Errorf("%s: got %v, %v; want a *Blocked error", tc.fn, mig, err)
			continue
		}
		if b.Reason != tc.reason || !strings.HasPrefix(b.Detail, tc.detail) || !strings.HasSuffix(err.Error(), "[blocked: "+tc.reason+"]") {
			t.Errorf("%s: got %q (%s), want reason %s and detail %q", tc.fn, b.Detail, b.Reason, tc.reason, tc.detail)
		}
		line := strings.Split(src, "\n")[fset.Position(b.Pos).Line-1]
		if col := fset.Position(b.Pos).Column; !strings.HasPrefix(line[col-1:], tc.at) {
			t.Errorf("%s: blocked at %q, want at %q", tc.fn, line[col-1:], tc.at)
		}
	}
}

// TestMigrateFix checks that a migratable handler gives a fix and no
// error.
func TestMigrateFix(t *testing.T) {
	const src = `package p

import "net/http"

func hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("hello"))
}
`
	mig, _, err := migrateSource(t, src, "hello")
	if err != nil || mig == nil || len(mig.Fix.TextEdits) == 0 {
		t.Fatalf("got %v, %v; want a fix", mig, err)
	}
	if mig.PureName != "helloPure" {
		t.Errorf("pure function %q, want helloPure (the handler is not migrated in place: it has no registration)", mig.PureName)
	}
}
