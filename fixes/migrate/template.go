package migrate

// Template execution: tmpl.Execute(w, data) and tmpl.ExecuteTemplate(w,
// name, data), of html/template and text/template. Execute writes the page
// to the writer in many small Writes as it goes, and on an error returns
// it with whatever it wrote so far already sent. route.WriteFunc runs the
// same call against memory and route.Func makes the same Writes again,
// so a handler that writes nothing after the template, and does nothing
// with its error, sends the same bytes in the same calls, partial page
// included: the rewrite returns WriteFunc's response whatever the error.
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
// (template-error), as is any other use of the error for now.

import (
	"go/ast"
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
	m.block(ReasonTemplateError, id.Pos(), "the template's error is used, and Execute may already have sent part of the page when it fails; executing it into memory first would change what is sent then")
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
	t.WriteString(resp + ", _ := " + rt + ".WriteFunc(")
	status()
	t.WriteString(", ")
	if ct != nil && len(ct.ops) == 1 {
		m.value(t, ct.ops[0])
		ct = nil
	} else {
		t.WriteString(`""`)
	}
	t.WriteString(", func(" + writer + " " + io + ".Writer) error { return ")
	t.node(m, term.call)
	t.WriteString(" }")
	writeOpts(ct)
	t.WriteString(")\n" + indent + "return " + resp + ", nil")
}
