package migrate

// Template execution: tmpl.Execute(w, data) and tmpl.ExecuteTemplate(w,
// name, data), of html/template and text/template. Execute writes the page
// to the writer in many small Writes as it goes, and on an error returns
// it with whatever it wrote so far already sent. route.WriteFunc runs the
// same call against memory and route.Func makes the same Writes again,
// so a handler that writes nothing after the template, and does nothing
// with its error, sends the same bytes in the same calls, partial page
// included: the rewrite returns WriteFunc's response whatever the error.
// So does one that only acts on the error without the writer (a log line)
//
//	if err := tmpl.Execute(w, data); err != nil {
//		log.Printf("home: %v", err)
//	}
//
// which becomes, the error's branch kept as it is, run at the same point:
//
//	if resp, err := route.WriteFunc(..., func(w io.Writer) error { return tmpl.Execute(w, data) }); err != nil {
//		log.Printf("home: %v", err)
//		return resp, nil
//	} else {
//		return resp, nil
//	}
//
// A handler that answers the error through the writer
//
//	if err := tmpl.Execute(w, data); err != nil {
//		http.Error(w, err.Error(), http.StatusInternalServerError)
//	}
//
// sends, when the template fails half-way, the partial page followed by
// the error text, under the page's status and headers; executing into
// memory first would send the error reply alone. That is blocked
// (template-error), as is any other use of the error (it is stored, or
// the branch leaves the if with break, continue or goto).

import (
	"go/ast"
	"go/token"
	"strings"
)

// isTemplateExec reports whether name is a template execution in the
// effects table.
func isTemplateExec(name string) bool {
	switch name {
	case "(*html/template.Template).Execute", "(*html/template.Template).ExecuteTemplate",
		"(*text/template.Template).Execute", "(*text/template.Template).ExecuteTemplate":
		return true
	}
	return false
}

// addTemplate classifies tmpl.Execute(w, ...) whose writer argument is
// id; stack ends with the call.
func (m *migrator) addTemplate(id *ast.Ident, call *ast.CallExpr, stack []ast.Node) {
	if statementOf(stack, call) != nil {
		// Its error ignored: the partial output is all that is sent.
		m.addTerm(id, &writeCall{kind: writesTemplate, call: call}, stack)
		return
	}
	if ifs := m.templateErrCheck(call, stack); ifs != nil {
		if m.writerUsedIn(ifs.Body) {
			m.block(ReasonTemplateError, id.Pos(), "the template's error is answered through the writer, after Execute may already have sent part of the page; executing it into memory first would send the error reply alone")
			return
		}
		if branchesOut(ifs.Body) {
			m.block(ReasonTemplateError, id.Pos(), "the template's error branch leaves with break, continue or goto, after Execute may already have sent part of the page")
			return
		}
		t := &writeCall{kind: writesTemplate, call: call, stmt: ifs, errCheck: ifs}
		m.effects[ifs] = &stmtEffect{term: t}
		return
	}
	m.block(ReasonTemplateError, id.Pos(), "the template's error is used, and Execute may already have sent part of the page when it fails; executing it into memory first would change what is sent then")
}

// templateErrCheck returns the if statement when call is the whole init
// "if err := call; err != nil" of one without else; stack ends with call.
func (m *migrator) templateErrCheck(call *ast.CallExpr, stack []ast.Node) *ast.IfStmt {
	p, pi := parentOf(stack, len(stack)-1)
	a, ok := p.(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE || len(a.Lhs) != 1 || len(a.Rhs) != 1 || ast.Unparen(a.Rhs[0]) != call {
		return nil
	}
	ifs, ok := parentNode(stack, pi).(*ast.IfStmt)
	if !ok || ifs.Init != a || ifs.Else != nil || !m.isErrCheck(a, ifs.Cond) {
		return nil
	}
	return ifs
}

// writerUsedIn reports whether n uses the writer, or calls a function
// literal writing through it (closures.go): the uses inside n are not
// classified yet when its statement's header is.
func (m *migrator) writerUsedIn(n ast.Node) bool {
	used := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && (m.isWriter(m.info.Uses[id]) || m.closureCalls[id] != nil) {
			used = true
		}
		return !used
	})
	return used
}

// branchesOut reports whether body has a break, continue or goto, outside
// function literals: conservatively, any may leave the if statement.
func branchesOut(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			found = found || n.Tok != token.FALLTHROUGH
		}
		return !found
	})
	return found
}

// templateArgs returns what the call evaluates besides the writer.
func templateArgs(t *writeCall) []ast.Expr {
	args := []ast.Expr{t.call.Fun}
	return append(args, t.call.Args[1:]...)
}

// templateResponse writes the return of a template execution:
//
//	resp, _ := route.WriteFunc(status, ct, func(w io.Writer) error { return tmpl.Execute(w, data) }, opts...)
//	return resp, nil
//
// The call is copied as it is: inside the literal, the writer's name is
// the io.Writer WriteFunc passes, and nothing else in the call uses the
// writer (any other use blocks the migration). Its error is dropped as the
// handler dropped it: the response holds the partial page.
func (m *migrator) templateResponse(t *snippet, term *writeCall, ct *headerValues, indent string, status func(), writeOpts func(*headerValues)) {
	rt := m.routeName
	resp := m.newLocalName("resp")
	io := m.importNameFor(m.fileOf(term.call.Pos()), "io", "io")
	writer := ast.Unparen(term.call.Args[0]).(*ast.Ident).Name
	if term.errCheck != nil {
		// if err := tmpl.Execute(w, data); err != nil {
		lhs := term.errCheck.Init.(*ast.AssignStmt).Lhs[0]
		t.WriteString("if " + resp + ", ")
		t.node(m, lhs)
		t.WriteString(" := " + rt + ".WriteFunc(")
	} else {
		t.WriteString(resp + ", _ := " + rt + ".WriteFunc(")
	}
	status()
	t.WriteString(", ")
	ct = m.contentTypeArg(t, ct)
	t.WriteString(", func(" + writer + " " + io + ".Writer) error { return ")
	t.node(m, term.call)
	t.WriteString(" }")
	writeOpts(ct)
	t.WriteString(")")
	ifs := term.errCheck
	if ifs == nil {
		t.WriteString("\n" + indent)
		m.retValue(t, resp)
		return
	}
	// The error's branch, as it was, its bare returns returning the
	// response; then the response on both ways out of the if.
	ret := "return " + resp + ", nil"
	t.WriteString("; ")
	t.node(m, ifs.Cond)
	t.WriteString(" {")
	at := ifs.Body.Lbrace + 1
	ast.Inspect(ifs.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				t.copy(m, at, n.Pos())
				t.WriteString(ret)
				at = n.End()
			}
		}
		return true
	})
	list := ifs.Body.List
	if len(list) > 0 && terminates(list[len(list)-1], m.info) {
		t.copy(m, at, ifs.Body.Rbrace+1)
	} else {
		// Up to the brace's line, comments included.
		end := ifs.Body.Rbrace
		for off := m.tf.Offset(end); off > m.tf.Offset(at) && strings.ContainsRune(" \t\r\n", rune(m.src[off-1])); off-- {
			end--
		}
		t.copy(m, at, end)
		t.WriteString("\n" + indent + "\t" + ret + "\n" + indent + "}")
	}
	t.WriteString(" else {\n" + indent + "\t" + ret + "\n" + indent + "}")
}

// contentTypeArg writes the content-type argument of a response made by a
// function (WriteFunc, WriteThrough): the one value set before, which the
// options then need not set again (it returns nil for it), or "" (none,
// or several, which the options set as they were set).
func (m *migrator) contentTypeArg(t *snippet, ct *headerValues) *headerValues {
	if ct != nil && len(ct.ops) == 1 {
		m.value(t, ct.ops[0])
		return nil
	}
	t.WriteString(`""`)
	return ct
}
