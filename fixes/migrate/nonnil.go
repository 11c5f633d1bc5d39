package migrate

// Proofs that an error a function returns is not nil.
//
// A helper with results that writes a response when it fails is migrated
// only when every return after it wrote (or set headers) returns an
// error that cannot be nil there: its callers test that error to know
// that it wrote, and go on writing when it is nil. The proof is local and
// syntactic, and says no when in doubt:
//
//   - an expression that is never nil (code.NonNilValue: errors.New,
//     fmt.Errorf, a composite literal or a pointer to one);
//   - a local variable whose last assignment before the return, in the
//     statements that run before it in the same block or the blocks
//     around it, gives it such a value, or that the if statement around
//     the return tests (if err != nil { ...; return ..., err }, or the
//     else branch of if err == nil), with no assignment of it in
//     between; loops stop the search (an earlier iteration may have
//     assigned it), and so does a variable whose address is taken or
//     that a function literal assigns, and a body with goto or
//     fallthrough (which arrive from other statements than those
//     before);
//   - a package-level variable of the package whose declaration gives it
//     such a value and that no file of the package assigns (a sentinel,
//     var errInvalidToken = errors.New("...")).

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/code"
)

// A nonNilProver proves error expressions of one function body not nil.
type nonNilProver struct {
	info  *types.Info
	pkg   *types.Package
	files []*ast.File
	body  *ast.BlockStmt
	// parents maps each node of body to its parent.
	parents map[ast.Node]ast.Node
	// escaped holds the variables whose address body takes or that a
	// function literal in it assigns.
	escaped map[types.Object]bool
	// sentinels caches the package-level variables judged.
	sentinels map[*types.Var]bool
	// jumps: the body has a goto or a fallthrough, which reach
	// statements from others than those before them.
	jumps bool
}

func newNonNilProver(info *types.Info, pkg *types.Package, files []*ast.File, body *ast.BlockStmt) *nonNilProver {
	p := &nonNilProver{info: info, pkg: pkg, files: files, body: body,
		parents: map[ast.Node]ast.Node{}, escaped: map[types.Object]bool{}, sentinels: map[*types.Var]bool{}}
	var stack []ast.Node
	lits := 0
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			if _, ok := stack[len(stack)-1].(*ast.FuncLit); ok {
				lits--
			}
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			p.parents[n] = stack[len(stack)-1]
		}
		switch n := n.(type) {
		case *ast.BranchStmt:
			p.jumps = p.jumps || n.Tok == token.GOTO || n.Tok == token.FALLTHROUGH
		case *ast.FuncLit:
			lits++
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				p.escaped[info.ObjectOf(id)] = true
			}
		case *ast.AssignStmt:
			if lits > 0 {
				for _, l := range n.Lhs {
					if id, ok := ast.Unparen(l).(*ast.Ident); ok {
						p.escaped[info.ObjectOf(id)] = true
					}
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	return p
}

// at reports whether e, evaluated at statement at of the body, cannot be
// nil.
func (p *nonNilProver) at(e ast.Expr, at ast.Stmt) bool {
	if code.NonNilValue(p.info, e) {
		return true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := p.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil {
		return false
	}
	if v.Parent() == v.Pkg().Scope() {
		return v.Pkg() == p.pkg && p.sentinel(v)
	}
	if p.escaped[v] || p.jumps || at == nil {
		return false
	}
	return p.assignedNonNil(v, at)
}

// assignedNonNil walks back from statement at, through the statements
// before it and up through the statements around it, to the last
// assignment of v or an if statement testing it.
func (p *nonNilProver) assignedNonNil(v *types.Var, at ast.Stmt) bool {
	var node ast.Node = at
	for {
		parent := p.parents[node]
		switch par := parent.(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			if par, ok := par.(*ast.BlockStmt); ok && p.isClauses(par) {
				break // a switch's or select's body: its clauses do not run in order
			}
			if cc, ok := par.(*ast.CommClause); ok && cc.Comm != nil && node != cc.Comm && assignsVar(p.info, cc.Comm, v) {
				return false
			}
			list := code.StmtList(par)
			i := len(list) - 1
			for ; i >= 0 && list[i] != node; i-- {
			}
			for i--; i >= 0; i-- {
				if known, nonNil := p.assignment(list[i], v); known {
					return nonNil
				}
			}
		case *ast.IfStmt:
			switch node {
			case par.Body:
				if testsNil(p.info, par.Cond, v, token.NEQ, token.LAND) {
					return true
				}
			case par.Else:
				if testsNil(p.info, par.Cond, v, token.EQL, token.LOR) {
					return true
				}
			}
			if node != par.Init && par.Init != nil {
				if known, nonNil := p.assignment(par.Init, v); known {
					return nonNil
				}
			}
		case *ast.SwitchStmt:
			if node != par.Init && par.Init != nil {
				if known, nonNil := p.assignment(par.Init, v); known {
					return nonNil
				}
			}
		case *ast.TypeSwitchStmt:
			if node != par.Init && par.Init != nil {
				if known, nonNil := p.assignment(par.Init, v); known {
					return nonNil
				}
			}
		case *ast.LabeledStmt, *ast.SelectStmt:
		default:
			// A loop (an earlier iteration may have assigned v), the
			// function's top (v is a parameter, or declared without a
			// value we know), or anything else.
			return false
		}
		node = parent
	}
}

// isClauses reports whether b is the body of a switch, type switch or
// select statement.
func (p *nonNilProver) isClauses(b *ast.BlockStmt) bool {
	switch par := p.parents[b].(type) {
	case *ast.SwitchStmt:
		return par.Body == b
	case *ast.TypeSwitchStmt:
		return par.Body == b
	case *ast.SelectStmt:
		return par.Body == b
	}
	return false
}

// assignment looks at a statement run before the point of interest:
// known is set when it may assign v, and nonNil when it certainly leaves
// a non-nil value in it.
func (p *nonNilProver) assignment(s ast.Stmt, v *types.Var) (known, nonNil bool) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) == len(s.Rhs) {
			for i, l := range s.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && p.info.ObjectOf(id) == v {
					if s.Tok != token.ASSIGN && s.Tok != token.DEFINE {
						return true, false
					}
					return true, p.at(s.Rhs[i], s)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, n := range vs.Names {
					if p.info.Defs[n] == v {
						if len(vs.Values) != len(vs.Names) {
							return true, false
						}
						return true, p.at(vs.Values[i], s)
					}
				}
			}
		}
	}
	if assignsVar(p.info, s, v) {
		return true, false
	}
	return false, false
}

// testsNil reports whether cond is "v OP nil", or a chain of JOIN
// (&& or ||) one of whose operands is. With OP != and JOIN &&, v is not
// nil where cond is true; with OP == and JOIN ||, where it is false; with
// OP != and JOIN ||, cond is true wherever v is not nil.
func testsNil(info *types.Info, cond ast.Expr, v *types.Var, op, join token.Token) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	if be.Op == join {
		return testsNil(info, be.X, v, op, join) || testsNil(info, be.Y, v, op, join)
	}
	if be.Op != op {
		return false
	}
	x, y := be.X, be.Y
	if code.IsNil(info, x) {
		x, y = y, x
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && info.Uses[id] == v && code.IsNil(info, y)
}

// assignsVar reports whether n may assign v: an assignment, an
// increment, a range clause or a declaration of it.
func assignsVar(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.RangeStmt:
			found = found || n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value)
		case *ast.ValueSpec:
			for _, name := range n.Names {
				found = found || is(name)
			}
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		}
		return !found
	})
	return found
}

// sentinel reports whether v, a package-level variable of the package,
// is declared with a value that is never nil and assigned nowhere else.
func (p *nonNilProver) sentinel(v *types.Var) bool {
	if ok, seen := p.sentinels[v]; seen {
		return ok
	}
	p.sentinels[v] = false
	var value ast.Expr
	assigned := false
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if assigned {
				return false
			}
			if vs, ok := n.(*ast.ValueSpec); ok {
				for i, name := range vs.Names {
					if p.info.Defs[name] == v && len(vs.Values) == len(vs.Names) {
						value = vs.Values[i]
					}
				}
				for _, val := range vs.Values {
					assigned = assigned || assignsVar(p.info, val, v)
				}
				return false
			}
			if _, ok := n.(ast.Stmt); ok {
				if assignsVar(p.info, n, v) {
					assigned = true
				}
				return false
			}
			return true
		})
	}
	ok := value != nil && !assigned && code.NonNilValue(p.info, value)
	p.sentinels[v] = ok
	return ok
}
