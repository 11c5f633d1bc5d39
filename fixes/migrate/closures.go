package migrate

// Error closures: a function literal declared in the function being
// migrated, capturing its writer, that writes a whole response when it is
// called, and whose every call is a statement followed by the return
// that ends the function:
//
//	renderError := func(err error, message string, status int) {
//		if isWebClient {
//			http.Error(w, message, status)
//		} else {
//			sendAPIResponse(w, r, err, message, status)
//		}
//	}
//	...
//	if err != nil {
//		renderError(err, "", http.StatusNotFound)
//		return
//	}
//
// The literal gets a pure counterpart in place, under the same name: its
// body is translated as a handler's is (translate.go), each of its paths
// returning the response it left in the writer (nil, nil where it wrote
// nothing, not even a header), and its type gains the results
// (*http.Response, error). Each call then returns that response, as a
// call of a package helper's counterpart does (helpers.go):
//
//	renderError := func(err error, message string, status int) (*http.Response, error) {
//		if isWebClient {
//			return route.Error(status, message)
//		} else {
//			return sendAPIResponsePure(r, err, message, status)
//		}
//	}
//	...
//	if err != nil {
//		return renderError(err, "", http.StatusNotFound)
//	}
//
// Why that sends the same response on every path:
//
//   - The literal's body runs exactly where it ran before, when it is
//     called, with the same captured variables: only what it does with
//     the writer changes, and its translation is proven path by path
//     with the same checks and blocked reasons as a handler's body (a
//     helper it calls must have a counterpart, a template's error must
//     not be answered after a partial page, and so on).
//   - Every use of the literal's variable is a call in a statement of the
//     function being migrated itself (not deferred, not in a goroutine or
//     another literal, never assigned again nor passed on), so every call
//     is translated by the same fix, and none is left calling a literal
//     that no longer writes. A call must be followed by the function's
//     return (or end), as any response-writing statement: nothing else
//     runs between what the literal wrote and the return in the
//     original, and route.Func writes the returned response after it, as
//     for a helper's counterpart.
//   - What the caller set on the writer before the call is checked as for
//     a package helper (checkHelperCall): the headers the literal's
//     responses may set must not include them, no status may have been
//     written, and the literal must write something on every path when
//     headers were set before (route.With adds nothing to nil).
//   - The literal's own defers run when it returns, before route.Func
//     sends the response: its translation blocks bytes they could change
//     (defer-before-send), and so does the caller's, with its own defers,
//     when the literal may send bytes the caller still holds.
//
// A literal whose translation blocks blocks the function with the same
// reason, saying which literal; one with results, or used in any other
// way, blocks as closure-write, saying how it is used.

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A closure is a function literal capturing the writer, bound by
// name := func(...) {...}, translated into its pure counterpart.
type closure struct {
	v      *types.Var
	lit    *ast.FuncLit
	helper *helper // its summary, as a helper's counterpart of the same name
}

// closures finds the function literals bound to a variable that capture
// the writer, in the body but not inside another literal, and translates
// those whose every use is a call statement. It records the calls as
// response-writing statements; classify then skips the literals and
// counts the calls as writer uses. A literal used in another way is left
// for classify to block as closure-write, with how it is used.
func (m *migrator) closures() {
	type candidate struct {
		v      *types.Var
		lit    *ast.FuncLit
		assign *ast.AssignStmt
	}
	var cands []candidate
	byVar := map[*types.Var]int{}
	ast.Inspect(m.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // a literal inside another: not translated with it
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			lit, ok := ast.Unparen(n.Rhs[0]).(*ast.FuncLit)
			id, isID := n.Lhs[0].(*ast.Ident)
			if !ok || !isID || !m.writerUsedIn(lit.Body) {
				return true
			}
			if v, ok := m.info.Defs[id].(*types.Var); ok {
				byVar[v] = len(cands)
				cands = append(cands, candidate{v, lit, n})
			}
			return false
		}
		return true
	})
	if len(cands) == 0 {
		return
	}
	// Every use of each candidate's variable, with how it is used.
	calls := make([][]*ast.ExprStmt, len(cands))
	misuse := make([]string, len(cands))
	misusePos := make([]token.Pos, len(cands))
	var stack []ast.Node
	ast.Inspect(m.body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := m.info.Uses[id].(*types.Var); ok {
				if i, ok := byVar[v]; ok && misuse[i] == "" {
					if stmt, how := closureCall(id, stack); stmt != nil {
						calls[i] = append(calls[i], stmt)
					} else {
						misuse[i], misusePos[i] = how, id.Pos()
					}
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	for i, c := range cands {
		name := c.v.Name()
		switch {
		case c.lit.Type.Results != nil && len(c.lit.Type.Results.List) > 0:
			m.block(ReasonClosureWrite, c.lit.Pos(), "the function literal %s uses the writer and has results, so its calls are not statements the rewrite can turn into a returned response", name)
		case misuse[i] != "":
			m.block(ReasonClosureWrite, misusePos[i], "the function literal %s uses the writer and is %s, so what is sent depends on when it runs", name, misuse[i])
		case len(calls[i]) == 0:
			m.block(ReasonClosureWrite, c.lit.Pos(), "the function literal %s uses the writer and is never called", name)
		}
		if m.blocked != nil {
			return
		}
		hp := m.translateClosure(name, c.lit)
		if m.blocked != nil {
			return
		}
		cl := &closure{v: c.v, lit: c.lit, helper: hp}
		if m.closureLits == nil {
			m.closureLits, m.closureCalls = map[*ast.FuncLit]*closure{}, map[*ast.Ident]*closure{}
		}
		m.closureLits[c.lit] = cl
		// Its counterpart's helpers join the fix through it.
		m.helpers = append(m.helpers, hp)
		for _, stmt := range calls[i] {
			call := stmt.X.(*ast.CallExpr)
			m.closureCalls[ast.Unparen(call.Fun).(*ast.Ident)] = cl
			m.effects[stmt] = &stmtEffect{term: &writeCall{kind: writesHelper, stmt: stmt, call: call, helper: hp}}
		}
	}
}

// closureCall returns the statement calling the literal's variable id
// when that is all the use is: id(args...) as an expression statement,
// outside any function literal; or else how id is used. stack holds
// id's ancestors.
func closureCall(id *ast.Ident, stack []ast.Node) (*ast.ExprStmt, string) {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncLit:
			return nil, "used inside another function literal"
		case *ast.DeferStmt:
			return nil, "deferred"
		case *ast.GoStmt:
			return nil, "run in a goroutine"
		}
	}
	p, pi := parentOf(stack, len(stack))
	call, ok := p.(*ast.CallExpr)
	if !ok || ast.Unparen(call.Fun) != id {
		return nil, "used as a value (assigned, stored or passed on)"
	}
	stmt, ok := parentNode(stack, pi).(*ast.ExprStmt)
	if !ok {
		return nil, "called inside an expression"
	}
	return stmt, ""
}

// translateClosure translates the body of the literal bound to name into
// its pure counterpart, adds the results to its type, takes its edits
// into the function's fix, and returns its summary; or blocks the
// function with why the literal cannot be made pure.
func (m *migrator) translateClosure(name string, lit *ast.FuncLit) *helper {
	// The results and the translated body name net/http and route: no
	// parameter or local of the literal may shadow them there, and they
	// must name the packages where the literal is.
	var shadow *ast.Ident
	ast.Inspect(lit, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && (id.Name == m.httpName || id.Name == m.routeName) && m.info.Defs[id] != nil {
			shadow = id
		}
		return shadow == nil
	})
	if shadow != nil {
		m.block(ReasonNameConflict, shadow.Pos(), "the function literal %s declares %s, a name its pure counterpart needs for a package", name, shadow.Name)
		return nil
	}
	if scope := m.pass.Pkg.Scope().Innermost(lit.Pos()); scope != nil {
		for _, pkgName := range []string{m.httpName, m.routeName} {
			if _, obj := scope.LookupParent(pkgName, lit.Pos()); obj != nil {
				if _, isPkg := obj.(*types.PkgName); !isPkg {
					m.block(ReasonNameConflict, lit.Pos(), "%s, a name the pure counterpart of the function literal %s needs for a package, is shadowed there", pkgName, name)
					return nil
				}
			}
		}
	}
	cm, blocked := newMigrator(&Handler{Pass: m.pass, Lit: lit, Writer: m.h.Writer, Request: m.h.Request, Taken: m.h.Taken, Helpers: m.h.Helpers})
	if blocked != nil {
		m.block(blocked.Reason, blocked.Pos, "the function literal %s cannot be made pure: %s", name, blocked.Detail)
		return nil
	}
	// The function's copies of the writer (rw := w before the literal)
	// are the literal's writer too.
	cm.writers = m.writers
	cm.classify()
	if cm.blocked == nil && len(cm.limits) > 0 {
		cm.block(ReasonWriterEscapes, cm.limits[0].call.Pos(), "it passes the writer to http.MaxBytesReader")
	}
	if cm.blocked == nil {
		cm.translateBody()
	}
	if cm.blocked != nil {
		if inner := cm.blockedBy; inner != nil && m.blocked == nil {
			// The chain of helpers to the one that blocks goes
			// through the literal.
			m.blockedBy = &helper{name: name, blocked: inner.blocked, via: " → " + inner.displayName() + inner.via}
		}
		m.block(cm.blocked.Reason, cm.blocked.Pos, "the function literal %s cannot be made pure: %s", name, cm.blocked.Detail)
		return nil
	}
	hp := &helper{name: name, writer: -1, pure: name, deps: cm.helpers}
	cm.summarize(hp)
	// The literal's edits join the function's: the same files, the
	// imports its text needs under the names the function's use.
	for tf, cf := range cm.files {
		f := m.fileOf(tf.Pos(0))
		if f == nil {
			m.block(ReasonNameConflict, lit.Pos(), "the source of the function literal %s is not available", name)
			return nil
		}
		f.edits = append(f.edits, cf.edits...)
		for path, pkgName := range cf.needs {
			if have, ok := f.needs[path]; ok && have != pkgName {
				m.block(ReasonNameConflict, lit.Pos(), "the function and its literal %s would import %s under different names", name, path)
				return nil
			}
			f.needs[path] = pkgName
		}
	}
	m.hoistedNames(cm)
	m.editString(lit.Type.Params.End(), lit.Type.Params.End(), " (*"+m.httpName+".Response, error)")
	return hp
}

// hoistedNames marks the names the literal's translation declared as
// used, so the function's own new names keep clear of them.
func (m *migrator) hoistedNames(cm *migrator) {
	for name := range cm.used {
		m.used[name] = true
	}
}

// writingLiterals returns the variables of the body assigned a function
// literal that uses the writer. A streamed tail (stream.go) must not call
// one: the tail is kept as it is, while the literal may be translated
// into a pure counterpart that no longer writes.
func (m *migrator) writingLiterals() map[*types.Var]bool {
	vars := map[*types.Var]bool{}
	ast.Inspect(m.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, rhs := range n.Rhs {
				lit, ok := ast.Unparen(rhs).(*ast.FuncLit)
				if !ok || i >= len(n.Lhs) || !m.writerUsedIn(lit.Body) {
					continue
				}
				if id, ok := ast.Unparen(n.Lhs[i]).(*ast.Ident); ok {
					if v, ok := m.info.ObjectOf(id).(*types.Var); ok {
						vars[v] = true
					}
				}
			}
		case *ast.ValueSpec:
			for i, val := range n.Values {
				if lit, ok := ast.Unparen(val).(*ast.FuncLit); ok && i < len(n.Names) && m.writerUsedIn(lit.Body) {
					if v, ok := m.info.Defs[n.Names[i]].(*types.Var); ok {
						vars[v] = true
					}
				}
			}
		}
		return true
	})
	return vars
}

// usesAnyVar reports whether n uses one of vars.
func usesAnyVar(info *types.Info, n ast.Node, vars map[*types.Var]bool) bool {
	if len(vars) == 0 {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && vars[v] {
				found = true
			}
		}
		return !found
	})
	return found
}
