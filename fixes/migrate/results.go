package migrate

// Helpers with results that write a whole response only when they fail:
//
//	func getSearchFilters(w http.ResponseWriter, r *http.Request) (int, int, string, error) {
//		...
//		if err != nil {
//			err = errors.New("invalid limit")
//			sendAPIResponse(w, r, err, "", http.StatusBadRequest)
//			return limit, offset, order, err
//		}
//		...
//		return limit, offset, order, nil
//	}
//
// called as
//
//	limit, offset, order, err := getSearchFilters(w, r)
//	if err != nil {
//		return
//	}
//
// The helper's counterpart takes the request instead of the writer and
// returns the helper's results with the response before the error, nil
// on the paths that wrote nothing:
//
//	func getSearchFiltersPure(r *http.Request) (int, int, string, *http.Response, error) {
//		...
//			resp, _ := sendAPIResponsePure(r, err, "", http.StatusBadRequest)
//			return limit, offset, order, resp, err
//		...
//		return limit, offset, order, nil, nil
//	}
//
// and the helper becomes an adapter that writes that response, if any,
// and returns the rest, so its other callers compile and see what they
// saw:
//
//	func getSearchFilters(w http.ResponseWriter, r *http.Request) (int, int, string, error) {
//		v1, v2, v3, resp, err := getSearchFiltersPure(r)
//		route.Func(func(*http.Request) (*http.Response, error) { return resp, nil }).ServeHTTP(w, r)
//		return v1, v2, v3, err
//	}
//
// The caller returns the response where it returned after the helper
// wrote:
//
//	limit, offset, order, resp, err := getSearchFiltersPure(r)
//	if err != nil {
//		return resp, nil
//	}
//
// Why that is the same response on every path, proven rather than
// assumed:
//
//   - The counterpart is the helper's body translated as any helper's
//     is, path by path (translate.go): each return gets the response
//     the helper left in its writer at that point, nil where it wrote
//     nothing, not even a header. The same proofs and blocked reasons
//     apply to its writes.
//   - On every path where the helper wrote anything, its error result
//     is proven not nil there (nonnil.go); otherwise the helper is
//     blocked (helper-result): a caller would go on and write again
//     after a nil error, where the counterpart's response would be
//     dropped.
//   - The caller must test that error right after the call, with
//     nothing set on its writer before it, and its failing branch must
//     be a bare return (in a helper with results, a return whose error
//     is proven not nil): the handler then returned without touching
//     its writer again, and now returns the response, which route.Func
//     writes as the helper did. When the error is nil the helper wrote
//     nothing, the response is nil, and the handler goes on with its
//     writer untouched, as before. When the error is not nil and the
//     helper wrote nothing, the response is nil too: route.Func writes
//     nothing for nil, nil, as the handler's bare return did.
//
// The counterpart drops the error of the route helper or counterpart
// whose response it returns ("resp, _ :="): those the translation
// writes cannot fail (route.JSON is used only for values whose encoding
// cannot fail, or with the fallback it answers an encoding error with),
// and a helper whose counterpart could (one read from an existing
// adapter that calls route.JSON or anything the rewrite does not know)
// blocks.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/source"
)

// A checkedCall is a call of a helper with results whose error is
// tested at once:
//
//	a, err := helper(w, r, ...)
//	if err != nil {
//		return
//	}
//
// or "if a, err := helper(w, r, ...); err != nil { return }".
type checkedCall struct {
	helper *helper
	call   *ast.CallExpr
	assign *ast.AssignStmt
	check  *ast.IfStmt
	ret    *ast.ReturnStmt
	// stmt is the statement the effect is recorded for: the assignment,
	// or the if statement whose init it is.
	stmt ast.Stmt
}

// checkResults returns nil when decl, a helper with results, has the
// shape of one that writes only when it fails: its last result an
// error, no result a writer, every return listing its results; or why
// it cannot be migrated as one.
func (hs *Helpers) checkResults(decl *ast.FuncDecl, sig *types.Signature, writer int) *Blocked {
	res := sig.Results()
	if iface, ok := sig.Params().At(writer).Type().Underlying().(*types.Interface); ok {
		for i := range res.Len() {
			if t := res.At(i).Type(); !types.IsInterface(t) && types.Implements(t, iface) || types.Identical(t, sig.Params().At(writer).Type()) {
				return &Blocked{ReasonWriterEscapes, decl.Name.Pos(), "it returns a response writer (a wrapper of the one it is given), which its callers write to"}
			}
		}
	}
	if b := hs.returnsWriter(decl, sig.Params().At(writer)); b != nil {
		return b
	}
	if last := res.At(res.Len() - 1).Type(); !types.Identical(last, types.Universe.Lookup("error").Type()) && !isBoolType(last) {
		return &Blocked{ReasonWriterEscapes, decl.Name.Pos(), "it has results, the last not an error (or an ok bool) that would tell its callers that it wrote a response"}
	}
	var bad *Blocked
	code.InspectStmts(decl.Body, func(s ast.Stmt) bool {
		if ret, ok := s.(*ast.ReturnStmt); ok && len(ret.Results) != res.Len() {
			bad = &Blocked{ReasonWriterEscapes, ret.Pos(), "it returns its results without listing them (a bare return, or a call's results)"}
		}
		return bad == nil
	})
	return bad
}

// checkedTerm records the call of a helper with results, which must be
// tested at once; stack ends with the call.
func (m *migrator) checkedTerm(id *ast.Ident, call *ast.CallExpr, hp *helper, stack []ast.Node) {
	name := funcName(hp.fn)
	p, pi := parentOf(stack, len(stack)-1)
	assign, ok := p.(*ast.AssignStmt)
	if !ok || len(assign.Rhs) != 1 || ast.Unparen(assign.Rhs[0]) != call || assign.Tok != token.DEFINE && assign.Tok != token.ASSIGN {
		m.block(ReasonHelperResult, id.Pos(), "the writer is passed to %s, which writes a response when its error result is not nil, and that error is not assigned to be tested", name)
		return
	}
	last, ok := ast.Unparen(assign.Lhs[len(assign.Lhs)-1]).(*ast.Ident)
	var errVar *types.Var
	if ok && last.Name != "_" {
		errVar, _ = m.info.ObjectOf(last).(*types.Var)
	}
	if errVar == nil {
		m.block(ReasonHelperResult, id.Pos(), "the error result of %s, which says whether it wrote a response, is dropped", name)
		return
	}
	c := &checkedCall{helper: hp, call: call, assign: assign, stmt: assign}
	switch gp := parentNode(stack, pi).(type) {
	case *ast.IfStmt:
		if gp.Init == assign {
			if assign.Tok != token.DEFINE {
				m.block(ReasonHelperResult, assign.Pos(), "the results of %s are assigned to variables declared elsewhere in an if statement's init, where the response cannot be declared", name)
				return
			}
			c.check, c.stmt = gp, gp
		}
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		list := code.StmtList(gp)
		for i, s := range list {
			if s == assign && i+1 < len(list) {
				c.check, _ = list[i+1].(*ast.IfStmt)
				if c.check != nil && c.check.Init != nil {
					c.check = nil
				}
			}
		}
	}
	// The branch must be taken whenever the error is not nil: err != nil,
	// or err != nil || something else (when it is taken with a nil
	// error, the helper wrote nothing and the response is nil).
	if hp.okResult {
		if c.check == nil || c.check.Else != nil || !testsFalse(m.info, c.check.Cond, errVar) {
			m.block(ReasonHelperResult, id.Pos(), "%s writes a response when its ok result is false, and the call is not followed at once by if !ok { return }, so code may run after it wrote", name)
			return
		}
	} else if c.check == nil || c.check.Else != nil || !testsNil(m.info, c.check.Cond, errVar, token.NEQ, token.LOR) {
		m.block(ReasonHelperResult, id.Pos(), "%s writes a response when its error result is not nil, and the call is not followed at once by if err != nil { return }, so code may run after it wrote", name)
		return
	}
	body := c.check.Body.List
	// The uses inside the if statement are not classified yet.
	if m.writerUsedIn(c.check.Cond) {
		m.block(ReasonWriterEscapes, c.check.Cond.Pos(), "the writer is used in the condition testing the error of %s", name)
		return
	}
	if m.writerUsedIn(c.check.Body) {
		m.block(ReasonMultipleWrites, c.check.Body.Pos(), "the writer is used again when %s failed, after it may have written a response", name)
		return
	}
	if len(body) != 1 {
		m.block(ReasonCodeAfterWrite, c.check.Body.Pos(), "statements still run after %s wrote a response and before the return", name)
		return
	}
	c.ret, _ = body[0].(*ast.ReturnStmt)
	if c.ret == nil || !m.h.withResults && len(c.ret.Results) != 0 {
		m.block(ReasonHelperResult, body[0].Pos(), "the branch taken when %s failed does not end with a bare return", name)
		return
	}
	m.effects[c.stmt] = &stmtEffect{checked: c}
}

// checked translates a checked call: the counterpart's call, with the
// response declared before the error, and the failing branch returning
// the response.
func (m *migrator) checked(c *checkedCall, s respState) {
	name := funcName(c.helper.fn)
	if s.status != nil || len(s.ops) > 0 {
		m.block(ReasonHeaderBeforeHelper, c.call.Pos(), "headers or a status are set before the writer is passed to %s, which writes a response only when it fails", name)
		return
	}
	if m.hasDefer && c.helper.aliasesArgs {
		m.block(ReasonDeferBeforeSend, c.call.Pos(), "the handler has deferred calls, which run before a returned body is sent, and %s may send bytes the handler can still change", name)
		return
	}
	if m.h.withResults {
		if m.proveFailing(c.ret, "returns after "+name+" failed"); m.blocked != nil {
			return
		}
	}
	m.helpers = append(m.helpers, c.helper)
	resp := m.newLocalName("resp")
	t := new(snippet)
	m.helperCall(t, &writeCall{call: c.call, helper: c.helper})
	m.edit(c.call.Pos(), c.call.End(), t)
	last := c.assign.Lhs[len(c.assign.Lhs)-1]
	if c.assign.Tok == token.ASSIGN {
		indent := m.lineIndent(c.assign.Pos())
		m.editString(c.assign.Pos(), c.assign.Pos(), "var "+resp+" *"+m.httpName+".Response\n"+indent)
	}
	m.editString(last.Pos(), last.Pos(), resp+", ")
	if m.h.withResults {
		res := c.ret.Results
		m.editString(res[len(res)-1].Pos(), res[len(res)-1].Pos(), resp+", ")
		return
	}
	m.editString(c.ret.Pos(), c.ret.End(), "return "+resp+", nil")
}

func (m *migrator) lineIndent(pos token.Pos) string {
	f := m.fileOf(pos)
	return source.LineIndent(f.src, f.tf.Offset(pos))
}

// isExitReturn reports whether s returns from the function in a way a
// response-writing statement before it may become part of: a bare
// return, or, in a helper with results, any return.
func (m *migrator) isExitReturn(s ast.Stmt) bool {
	r, ok := s.(*ast.ReturnStmt)
	return ok && (len(r.Results) == 0 || m.h.withResults)
}

// proveFailing notes, unless the error ret returns, the last of its
// results, cannot be nil, that the helper may write where its error is
// nil: ret returns after the helper wrote (what says how). Its
// counterpart is still right, but a caller testing the error would go
// on after a nil one and drop the response, so such callers block with
// the note (helper.nilErrWrite); a caller that drops the results and
// returns at once (resultsTerm) returns the response whatever the
// error.
func (m *migrator) proveFailing(ret *ast.ReturnStmt, what string) {
	errExpr := ret.Results[len(ret.Results)-1]
	if m.unproven != nil {
		return
	}
	var returned string
	if m.okResult() {
		// okresults.go: only the constant false says it failed.
		if isFalse(m.info, errExpr) {
			return
		}
		returned = m.text(errExpr.Pos(), errExpr.End()) + " as its ok result, which may be true there"
	} else {
		if m.prover().at(errExpr, ret) {
			return
		}
		returned = m.text(errExpr.Pos(), errExpr.End()) + ", which may be nil there"
		if code.IsNil(m.info, errExpr) {
			returned = "a nil error"
		}
	}
	m.unproven = &Blocked{ReasonHelperResult, ret.Pos(), fmt.Sprintf("it %s and returns %s, so its callers would go on as if it wrote nothing", what, returned)}
}

func (m *migrator) prover() *nonNilProver {
	if m.nonNil == nil {
		m.nonNil = newNonNilProver(m.info, m.pass.Pkg, m.pass.Files, m.body)
	}
	return m.nonNil
}

// retCall writes the return of a response a call gives, (*http.Response,
// error): in a helper with results, the response in a new local, then
// the helper's results with it before the error.
func (m *migrator) retCall(t *snippet, indent string, call func()) {
	if m.ret == nil {
		t.WriteString("return ")
		call()
		return
	}
	resp := m.retLocal()
	t.WriteString(resp + ", _ := ")
	call()
	t.WriteString("\n" + indent)
	m.resultReturn(t, resp)
}

// retLocal returns the name of the local holding the response of the
// return being rendered, m.ret: one name for the whole helper, which
// each return declares in its own block and uses at once, unless a block
// has two such returns (the second unreachable).
func (m *migrator) retLocal() string {
	block := m.prover().parents[m.ret]
	if m.retBlocks == nil {
		m.retBlocks = map[ast.Node]bool{}
	}
	if m.retName == "" || m.retBlocks[block] {
		name := m.newLocalName("resp")
		if m.retName == "" {
			m.retName = name
		}
		m.retBlocks[block] = true
		return name
	}
	m.retBlocks[block] = true
	return m.retName
}

// retValue writes the return of a response held in a variable (or nil).
func (m *migrator) retValue(t *snippet, resp string) {
	if m.ret == nil {
		t.WriteString("return " + resp + ", nil")
		return
	}
	m.resultReturn(t, resp)
}

// resultReturn writes the helper's return statement m.ret with resp
// before its error.
func (m *migrator) resultReturn(t *snippet, resp string) {
	t.WriteString("return ")
	for i, e := range m.ret.Results {
		if i > 0 {
			t.WriteString(", ")
		}
		if i == len(m.ret.Results)-1 {
			t.WriteString(resp + ", ")
		}
		t.node(m, e)
	}
}

// ifFormNames returns the names for the locals the route helpers'
// if-forms declare ("if resp, err := route.JSON(...)"): resp and err
// outside a helper with results, where nothing else is in the way, and
// new names in one, whose returns name its own variables.
func (m *migrator) ifFormNames() (resp, err string) {
	if m.ret == nil {
		return "resp", "err"
	}
	return m.newLocalName("resp"), m.newLocalName("err")
}

// counterpartResults writes the results of a helper's counterpart: the
// helper's, with the response before the error.
func (m *migrator) counterpartResults(t *snippet) {
	var entries []*snippet
	named := false
	for _, field := range m.ftype.Results.List {
		if len(field.Names) == 0 {
			e := new(snippet)
			e.node(m, field.Type)
			entries = append(entries, e)
			continue
		}
		named = true
		for _, n := range field.Names {
			e := new(snippet)
			e.WriteString(n.Name + " ")
			e.node(m, field.Type)
			entries = append(entries, e)
		}
	}
	resp := plainSnippet("*" + m.httpName + ".Response")
	if named {
		resp = plainSnippet(m.newLocalName("resp") + " *" + m.httpName + ".Response")
	}
	entries = append(entries[:len(entries)-1], resp, entries[len(entries)-1])
	t.WriteString("(")
	for i, e := range entries {
		if i > 0 {
			t.WriteString(", ")
		}
		t.add(*e)
	}
	t.WriteString(")")
}

// resultAdapterBody writes the body of a helper with results kept as an
// adapter: the counterpart's call, the response written, the rest
// returned. taken are the names the body must not declare.
func (m *migrator) resultAdapterBody(t *snippet, call, wName, rName string, taken map[string]bool) {
	res := m.pass.TypesInfo.Defs[m.h.Decl.Name].(*types.Func).Signature().Results()
	fresh := func(base string) string {
		for i := 1; ; i++ {
			cand := base
			if i > 1 {
				cand += strconv.Itoa(i)
			}
			if !taken[cand] && !token.IsKeyword(cand) {
				taken[cand] = true
				return cand
			}
		}
	}
	var locals []string
	for i := range res.Len() - 1 {
		locals = append(locals, fresh("v"+strconv.Itoa(i+1)))
	}
	last := "err"
	if m.okResult() {
		last = "ok"
	}
	resp, err := fresh("resp"), fresh(last)
	t.WriteString("\t" + strings.Join(append(append(locals[:len(locals):len(locals)], resp), err), ", ") + " := " + call + "\n")
	t.WriteString("\t" + m.routeName + ".Func(func(*" + m.httpName + ".Request) (*" + m.httpName + ".Response, error) { return " + resp + ", nil }).ServeHTTP(" + wName + ", " + rName + ")\n")
	t.WriteString("\treturn " + strings.Join(append(locals, err), ", ") + "\n}\n\n")
}

// resultAdapterOf recognizes the adapter of a helper with results, and
// returns the counterpart it calls:
//
//	v1, ..., resp, err := PURE(params...)
//	route.Func(func(*http.Request) (*http.Response, error) { return resp, nil }).ServeHTTP(w, r)
//	return v1, ..., err
func (hs *Helpers) resultAdapterOf(decl *ast.FuncDecl, writer int) (string, bool) {
	info := hs.pass.TypesInfo
	if len(decl.Body.List) != 3 {
		return "", false
	}
	assign, ok := decl.Body.List[0].(*ast.AssignStmt)
	if !ok || assign.Tok != token.DEFINE || len(assign.Rhs) != 1 || len(assign.Lhs) < 2 {
		return "", false
	}
	call, ok := assign.Rhs[0].(*ast.CallExpr)
	if !ok {
		return "", false
	}
	pure, ok := hs.callsWithParams(decl, call, writer)
	if !ok {
		return "", false
	}
	lhs := make([]types.Object, len(assign.Lhs))
	for i, l := range assign.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || info.Defs[id] == nil {
			return "", false
		}
		lhs[i] = info.Defs[id]
	}
	respVar := lhs[len(lhs)-2]
	lit, ok := serveLiteral(info, decl.Body.List[1])
	if !ok || len(lit.Body.List) != 1 {
		return "", false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || !code.IsNil(info, ret.Results[1]) {
		return "", false
	}
	if id, ok := ret.Results[0].(*ast.Ident); !ok || info.Uses[id] != respVar {
		return "", false
	}
	final, ok := decl.Body.List[2].(*ast.ReturnStmt)
	if !ok || len(final.Results) != len(lhs)-1 {
		return "", false
	}
	want := append(lhs[:len(lhs)-2:len(lhs)-2], lhs[len(lhs)-1])
	for i, e := range final.Results {
		if id, ok := e.(*ast.Ident); !ok || info.Uses[id] != want[i] {
			return "", false
		}
	}
	return pure, true
}

// scanResultCounterpart checks an existing counterpart of a helper with
// results, named pure: it lists its results on each return; and it
// notes (nilErrWrite) where it returns a response with an error that is
// not proven not nil, as proveFailing does for a helper it translates.
func (hs *Helpers) scanResultCounterpart(pure string, decl *ast.FuncDecl) (blocked, nilErrWrite *Blocked) {
	fn := hs.counterpartFunc(pure, decl)
	var d *ast.FuncDecl
	if fn != nil {
		d = hs.declOf(fn)
	}
	if d == nil || d.Body == nil {
		return &Blocked{ReasonHelperResult, decl.Name.Pos(), "it is an adapter over " + pure + ", whose source the rewrite does not see"}, nil
	}
	prover := newNonNilProver(hs.pass.TypesInfo, hs.pass.Pkg, hs.pass.Files, d.Body)
	failing := func(e ast.Expr, ret *ast.ReturnStmt) bool { return prover.at(e, ret) }
	if lastResultIsOK(hs.pass.TypesInfo, decl) {
		failing = func(e ast.Expr, _ *ast.ReturnStmt) bool { return isFalse(hs.pass.TypesInfo, e) }
	}
	code.InspectStmts(d.Body, func(s ast.Stmt) bool {
		ret, ok := s.(*ast.ReturnStmt)
		switch {
		case !ok:
		case len(ret.Results) < 2:
			blocked = &Blocked{ReasonHelperResult, ret.Pos(), "it is an adapter over " + pure + ", which returns its results without listing them"}
		case nilErrWrite == nil && !code.IsNil(hs.pass.TypesInfo, ret.Results[len(ret.Results)-2]) && !failing(ret.Results[len(ret.Results)-1], ret):
			nilErrWrite = &Blocked{ReasonHelperResult, ret.Pos(), "it is an adapter over " + pure + ", which returns a response with an error that may be nil"}
		}
		return blocked == nil
	})
	return blocked, nilErrWrite
}

// resultReturnAt records a return of a helper with results that is no
// response-writing statement's: a nil response where the helper wrote
// nothing, its headers and status otherwise, for which the error it
// returns must say that it wrote.
func (m *migrator) resultReturnAt(ret *ast.ReturnStmt, s respState) {
	if s.status != nil || len(s.ops) > 0 {
		if m.proveFailing(ret, "sets headers or a status"); m.blocked != nil {
			return
		}
	}
	m.pending = append(m.pending, &pendingReturn{start: ret.Pos(), end: ret.End(), state: s, term: &writeCall{kind: writesNothing},
		indent: source.LineIndent(m.src, m.tf.Offset(ret.Pos())), ret: ret})
}

// resultTerm blocks, in a helper with results, a response-writing
// statement whose response the counterpart cannot return with its
// results: a template whose error is tested (its branch's returns would
// need the response too), or a helper whose counterpart may fail, whose
// error the counterpart would drop.
func (m *migrator) resultTerm(t *writeCall) {
	switch {
	case t.kind == writesTemplate && t.errCheck != nil:
		m.block(ReasonTemplateError, t.stmt.Pos(), "the error of a template's execution is tested in a helper with results")
	case t.kind == writesHelper && t.helper.mayFail:
		m.block(ReasonHelperResult, t.stmt.Pos(), "the writer is passed to %s, an adapter over %s, which may return an error with its response, which this helper's counterpart, returning its own error, would drop",
			t.helper.displayName(), t.helper.pure)
	}
}

// resultsTerm records the call of a helper with results: one tested at
// once (checkedTerm), or one whose results are all dropped, as a
// statement of a function without results, which is then a
// response-writing statement like any helper's call: it must be followed
// by the return or the end of the function, and returns the
// counterpart's response whatever the helper's error, which the original
// dropped too:
//
//	doUpload(w, r, path) //nolint:errcheck
//
// becomes
//
//	resp, _ := doUploadPure(r, path)
//	return resp, nil
//
// The response is nil where the helper wrote nothing, and route.Func
// then writes nothing either, as the original's return did. A caller
// testing the error needs the helper to write only when it fails.
func (m *migrator) resultsTerm(id *ast.Ident, call *ast.CallExpr, hp *helper, stack []ast.Node) {
	name := funcName(hp.fn)
	if stmt := statementOf(stack, call); stmt != nil {
		if m.h.withResults {
			m.block(ReasonHelperResult, id.Pos(), "the results of %s, which may write a response, are dropped in a helper with results, whose own results would not say that it wrote", name)
			return
		}
		m.helpers = append(m.helpers, hp)
		m.addTerm(id, &writeCall{kind: writesHelper, call: call, helper: hp}, stack)
		return
	}
	if hp.nilErrWrite != nil {
		// One message whether the helper is translated now or already
		// an adapter (nilErrWrite.Detail says where, differently), so a
		// second run reports the caller as the first did.
		detail := "it may write a response and return a nil error, so a caller testing its error would go on as if it wrote nothing"
		if hp.okResult {
			detail = "it may write a response and return true, so a caller testing its ok result would go on as if it wrote nothing"
		}
		if m.blocked == nil {
			m.blockedBy = &helper{fn: hp.fn, blocked: &Blocked{hp.nilErrWrite.Reason, hp.nilErrWrite.Pos, detail}}
		}
		m.block(hp.nilErrWrite.Reason, id.Pos(), "the writer is passed to %s, which cannot be made pure: %s", name, detail)
		return
	}
	m.checkedTerm(id, call, hp, stack)
}

// droppedResultsResponse writes the return of a helper with results
// whose results the caller dropped: the response from the counterpart's
// results, with the headers the caller set before (see checkHelperCall).
func (m *migrator) droppedResultsResponse(t *snippet, term *writeCall, opts []*headerValues, ct *headerValues, writeOpts func(*headerValues), indent string) {
	resp := m.newLocalName("resp")
	for range term.helper.fn.Signature().Results().Len() - 1 {
		t.WriteString("_, ")
	}
	t.WriteString(resp + ", _ := ")
	m.helperCall(t, term)
	t.WriteString("\n" + indent)
	if ct == nil && len(opts) == 0 {
		m.retValue(t, resp)
		return
	}
	t.WriteString("return " + m.routeName + ".With(" + resp + ", nil")
	writeOpts(ct)
	t.WriteString(")")
}

// returnsWriter blocks a helper that returns the writer inside a result,
// itself or in a composite literal (a response builder holding it, as
// response.NewBuilder(w, r) returns &Builder{w: w, ...}): its callers
// write the response later through that value's methods, which no
// counterpart returning a response could do for them.
func (hs *Helpers) returnsWriter(decl *ast.FuncDecl, writer *types.Var) *Blocked {
	info := hs.pass.TypesInfo
	var b *Blocked
	code.InspectStmts(decl.Body, func(s ast.Stmt) bool {
		ret, ok := s.(*ast.ReturnStmt)
		if !ok {
			return b == nil
		}
		for _, r := range ret.Results {
			ast.Inspect(r, func(n ast.Node) bool {
				switch n.(type) {
				case *ast.CallExpr, *ast.FuncLit:
					// What a call returns is not the writer
					// it was given (a wrapper is caught above).
					return false
				}
				if id, ok := n.(*ast.Ident); ok && b == nil && info.Uses[id] == writer {
					what := types.TypeString(info.TypeOf(r), func(p *types.Package) string { return p.Name() })
					b = &Blocked{ReasonWriterEscapes, r.Pos(), "it returns the writer inside its result (a " + what + "), through which its callers write the response later"}
				}
				return b == nil
			})
		}
		return b == nil
	})
	return b
}
