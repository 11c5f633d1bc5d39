package migrate

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestNonNilProver checks the proof on the returns of functions whose
// comment says whether the error each returns is provably not nil
// ("// nonnil") or not ("// maybe").
func TestNonNilProver(t *testing.T) {
	const src = `package p

import (
	"errors"
	"fmt"
	"strconv"
)

var errSentinel = errors.New("sentinel")

var errReassigned = errors.New("reassigned")

var errNil error

func reset() { errReassigned = nil }

func f(s string, cond bool, list []string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return err // nonnil: tested by the if
	}
	if n < 0 {
		return err // maybe: nil here
	}
	if err != nil && cond {
		return err // nonnil: && chain
	}
	if err != nil || cond {
		return err // maybe: || chain
	}
	if err == nil {
		_ = n
	} else {
		return err // nonnil: else of == nil
	}
	if err != nil {
		err = nil
		return err // maybe: assigned nil after the test
	}
	if err != nil {
		n, err = strconv.Atoi(s)
		return err // maybe: assigned from a call after the test
	}
	if cond {
		err = errors.New("x")
		fmt.Println(n)
		return err // nonnil: assigned errors.New before
	}
	if cond {
		e := fmt.Errorf("wrapped: %w", err)
		if n > 3 {
			return e // nonnil: declared from fmt.Errorf in an outer block
		}
	}
	for _, item := range list {
		if item == "" {
			return err // maybe: err is a loop-invariant here, but loops stop the search
		}
	}
	for range list {
		if err != nil {
			return err // nonnil: tested in the same iteration
		}
	}
	switch {
	case cond:
		err = errors.New("y")
		return err // nonnil: in a case clause
	}
	if err2 := errors.New("z"); cond {
		return err2 // nonnil: the if's init
	}
	if cond {
		return errSentinel // nonnil: a sentinel
	}
	if cond {
		return errReassigned // maybe: assigned elsewhere
	}
	if cond {
		return errNil // maybe: declared nil
	}
	if cond {
		return &strconv.NumError{} // nonnil: a pointer to a literal
	}
	return nil // maybe: nil
}

func g(cond bool) (err error) {
	defer func() { err = nil }()
	err = errors.New("g")
	return err // maybe: a function literal assigns it
}

func h(err error) error {
	return err // maybe: a parameter
}

func k(cond bool) error {
	var err error
	p := &err
	*p = errors.New("k")
	if err != nil {
		return err // maybe: its address is taken
	}
	return errors.New("k") // nonnil
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	comments := map[int]string{}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			comments[fset.Position(c.Pos()).Line] = c.Text
		}
	}
	checked := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		p := newNonNilProver(info, pkg, []*ast.File{f}, fd.Body)
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			ret, ok := n.(*ast.ReturnStmt)
			if !ok || len(ret.Results) == 0 {
				return true
			}
			line := fset.Position(ret.Pos()).Line
			want := strings.HasPrefix(comments[line], "// nonnil")
			if !want && !strings.HasPrefix(comments[line], "// maybe") {
				t.Errorf("line %d: return without a verdict", line)
			}
			if got := p.at(ret.Results[len(ret.Results)-1], ret); got != want {
				t.Errorf("line %d (%s): proven not nil = %v, want %v", line, comments[line], got, want)
			}
			checked++
			return true
		})
	}
	if checked < 20 {
		t.Errorf("checked %d returns", checked)
	}
}

// TestNonNilProverJumps checks that a fallthrough, which arrives in a
// clause from the one before it, stops the proof.
func TestNonNilProverJumps(t *testing.T) {
	const src = `package p

func f(err error, a bool) error {
	if err != nil {
		switch {
		case a:
			err = nil
			fallthrough
		default:
			return err
		}
	}
	return nil
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	p := newNonNilProver(info, pkg, []*ast.File{f}, body)
	ast.Inspect(body, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok && p.at(ret.Results[0], ret) {
			t.Errorf("line %d: proven not nil after a fallthrough from a clause assigning nil", fset.Position(ret.Pos()).Line)
		}
		return true
	})
}
