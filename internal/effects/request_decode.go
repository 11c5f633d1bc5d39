package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"
)

// Statements that discard the error of decoding the body or parsing the
// form, for unreadbody's ignored-decode-error.

// ignoredError records a statement that discards the error of decoding the
// body or parsing the form: json.NewDecoder(r.Body).Decode(&v), _ =
// json.Unmarshal(body, &v), r.ParseForm().
func (f *RequestSolution) ignoredError(cur pathCursor) {
	var call *ast.CallExpr
	switch s := cur.Node().(type) {
	case *ast.ExprStmt:
		call, _ = ast.Unparen(s.X).(*ast.CallExpr)
	case *ast.AssignStmt:
		if s.Tok == token.ASSIGN && len(s.Lhs) == 1 && len(s.Rhs) == 1 && isBlank(s.Lhs[0]) {
			call, _ = ast.Unparen(s.Rhs[0]).(*ast.CallExpr)
		}
	}
	if call == nil {
		return
	}
	switch cur.ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
	default:
		return // an if or for clause: not rewritten, not reported
	}
	for p := cur.Parent(); p.Valid() && p.Node() != f.node; p = p.Parent() {
		if _, ok := p.Node().(*ast.FuncLit); ok {
			return // another function's statement
		}
	}
	ic := f.decodeCall(call)
	if ic == nil {
		return
	}
	ic.Stmt = cur.Node().(ast.Stmt)
	f.actions[ic.Stmt] = append(f.actions[ic.Stmt], &action{check: CheckIgnored, node: ic.Stmt, ignored: ic})
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// decodeCall recognizes a call decoding the body or parsing the form.
func (f *RequestSolution) decodeCall(call *ast.CallExpr) *IgnoredCall {
	callee := typeutil.StaticCallee(f.info, call)
	row := Lookup(callee)
	if row == nil {
		return nil
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if use, _ := row.On(0); use.Must&Decodes != 0 && callee.Signature().Recv() == nil {
		// json.Unmarshal(data, &v) of the bytes read from the body.
		if len(call.Args) != 2 {
			return nil
		}
		if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || !f.bytesVars[f.info.Uses[id]] {
			return nil
		}
		return &IgnoredCall{Call: call, What: qualifiedName(f.a.r.pass.Pkg, callee), Kind: formatOf(callee.Pkg().Path()), Target: f.rootVar(call.Args[1])}
	}
	use, _ := row.On(Recv)
	switch {
	case use.Must&Decodes == 0 || sel == nil:
	case use.Must&ParsesForm != 0:
		// r.ParseForm(), r.ParseMultipartForm(n)
		if f.req == nil || !f.req.Refers(sel.X) {
			return nil
		}
		kind := "form"
		if use.Must&ParsesMultipart != 0 {
			kind = "multipart"
		}
		rname := ast.Unparen(sel.X).(*ast.Ident).Name // Refers saw an identifier
		return &IgnoredCall{Call: call, What: rname + "." + callee.Name(), Kind: kind}
	case len(call.Args) == 1:
		// dec.Decode(&v) of a decoder over the body.
		x := ast.Unparen(sel.X)
		id, isIdent := x.(*ast.Ident)
		if !f.isBodyDecoder(x) && !(isIdent && f.decoderVars[f.info.Uses[id]]) {
			return nil
		}
		return &IgnoredCall{Call: call, What: "Decode", Kind: formatOf(callee.Pkg().Path()), Target: f.rootVar(call.Args[0])}
	}
	return nil
}

func formatOf(name string) string {
	if strings.Contains(name, "xml") {
		return "XML"
	}
	return "JSON"
}

// rootVar returns the local variable a decode target is part of: v for
// &v, v.Field, v[i]; nil for anything else.
func (f *RequestSolution) rootVar(e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			v, ok := f.info.Uses[x].(*types.Var)
			if !ok || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
				return nil
			}
			return v
		default:
			return nil
		}
	}
}
