package migrate

// Library helpers that write a whole response, and their route
// equivalents.
//
// Each row is a library function whose response the route helpers
// reproduce byte for byte: the same Content-Type (set with Header().Set,
// so it replaces the handler's), the same body, and the status the
// library sends. responders is the one place that knows them; add a row
// to teach the migration another (after reading the library's source:
// a row is a claim that the bytes are identical).
//
// go-chi/render (v1.0.x) takes the status from the request's context:
// render.Status(r, code) stores it there (replacing *r), and JSON,
// PlainText, HTML and Data call WriteHeader with it when it is an int,
// else leave the status implicit. The rewrite reads the context where the
// call was, so a render.Status before it, kept as it is, still counts:
//
//	status, _ := r.Context().Value(render.StatusCtxKey).(int)
//	return route.JSON(status, v)
//
// An absent status is 0, route.ImplicitOK, for which route.Func does not
// call WriteHeader either. (A status of 0 stored by the caller made the
// original panic in WriteHeader; the rewrite sends 200.)
//
// render.JSON encodes into a buffer first and answers an encoding error
// with http.Error(w, err.Error(), 500); for a value whose encoding can
// fail, the rewrite does the same with the error route.JSON wraps.

import (
	"go/ast"
	"go/types"
)

// responderBody is how a responder writes its value.
type responderBody int

const (
	bodyJSON   responderBody = iota // json.NewEncoder(buf).Encode(v), then one Write
	bodyString                      // w.Write([]byte(v))
	bodyBytes                       // w.Write(v)
)

// A responder is a library function writing a whole response.
type responder struct {
	name            string // as types.Func.FullName spells it
	writer, request int    // argument indexes
	value           int
	contentType     string
	body            responderBody
	// statusKey names the package-level context key whose int value in
	// the request's context is the status sent with WriteHeader.
	statusKey string
}

var responders = []responder{
	{"github.com/go-chi/render.JSON", 0, 1, 2, "application/json", bodyJSON, "StatusCtxKey"},
	{"github.com/go-chi/render.PlainText", 0, 1, 2, "text/plain; charset=utf-8", bodyString, "StatusCtxKey"},
	{"github.com/go-chi/render.HTML", 0, 1, 2, "text/html; charset=utf-8", bodyString, "StatusCtxKey"},
	{"github.com/go-chi/render.Data", 0, 1, 2, "application/octet-stream", bodyBytes, "StatusCtxKey"},
}

func lookupResponder(fn *types.Func) *responder {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	full := fn.Origin().FullName()
	for i := range responders {
		if responders[i].name == full {
			return &responders[i]
		}
	}
	return nil
}

// responderTerm records a call of a library responder as a
// response-writing statement. It reports false when fn is none.
func (m *migrator) responderTerm(id *ast.Ident, call *ast.CallExpr, fn *types.Func, arg int, stack []ast.Node) bool {
	rs := lookupResponder(fn)
	if rs == nil || arg != rs.writer || len(call.Args) <= max(rs.request, rs.value) {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		m.block(ReasonNameConflict, call.Pos(), "%s is dot-imported, so its status key cannot be named", funcName(fn))
		return true
	}
	for i, a := range call.Args {
		if i != arg && m.usesIn(a) {
			m.block(ReasonWriterEscapes, a.Pos(), "the writer is passed to %s twice", funcName(fn))
			return true
		}
	}
	t := &writeCall{kind: writesResponder, call: call, responder: rs, req: call.Args[rs.request], value: call.Args[rs.value]}
	t.pkgQual = sel
	if rs.body == bodyJSON {
		t.jsonSafe = m.jsonSafeExpr(t.value)
	}
	m.addTerm(id, t, stack)
	return true
}

// checkResponderCall blocks a responder call made after WriteHeader
// (its headers and status would be dropped) or, for bytes, in a handler
// whose deferred calls may change them before route.Func sends them.
func (m *migrator) checkResponderCall(t *writeCall, s respState) {
	if s.status != nil {
		m.block(ReasonHeaderAfterCommit, t.stmt.Pos(), "%s is called after WriteHeader, so its Content-Type and status are dropped by net/http", t.responder.name)
		return
	}
	if t.responder.body == bodyBytes && m.hasDefer && !m.freshBytes(t.value) {
		m.block(ReasonDeferBeforeSend, t.stmt.Pos(), "the handler has deferred calls, which run before a returned body is sent and may reuse these bytes")
	}
}

// responderResponse writes the statements returning a responder's
// response: the status read from the request's context, then the route
// helper; for JSON whose encoding can fail, http.Error's answer when it
// does.
func (m *migrator) responderResponse(t *snippet, s respState, term *writeCall, opts []*headerValues, indent string) {
	rt, rs := m.routeName, term.responder
	status := m.newLocalName("status")
	t.WriteString(status + ", _ := ")
	switch ast.Unparen(term.req).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr:
		t.node(m, term.req)
	default:
		t.WriteString("(")
		t.node(m, term.req)
		t.WriteString(")")
	}
	t.WriteString(".Context().Value(")
	// A copy of the call's qualifier, so that its import counts as used.
	t.copy(m, term.pkgQual.Pos(), term.pkgQual.Sel.Pos())
	t.WriteString(rs.statusKey + ").(int)\n" + indent)
	writeOpts := func() {
		for _, h := range opts {
			m.option(t, h)
		}
	}
	switch rs.body {
	case bodyString:
		m.retCall(t, indent, func() {
			if rs.contentType == "text/plain; charset=utf-8" {
				t.WriteString(rt + ".Text(" + status + ", ")
				t.node(m, term.value)
			} else {
				t.WriteString(rt + ".Bytes(" + status + ", " + quote(rs.contentType) + ", []byte(")
				t.node(m, term.value)
				t.WriteString(")")
			}
			writeOpts()
			t.WriteString(")")
		})
	case bodyBytes:
		m.retCall(t, indent, func() {
			t.WriteString(rt + ".Bytes(" + status + ", " + quote(rs.contentType) + ", ")
			t.node(m, term.value)
			writeOpts()
			t.WriteString(")")
		})
	case bodyJSON:
		call := func() {
			t.WriteString(rt + ".JSON(" + status + ", ")
			t.node(m, term.value)
			writeOpts()
			t.WriteString(")")
		}
		if term.jsonSafe {
			m.retCall(t, indent, call)
			break
		}
		// The encoding may fail: render.JSON then answers
		// http.Error(w, err.Error(), 500) over the handler's headers.
		resp, err := m.newLocalName("resp"), m.newLocalName("err")
		errorsName := m.importNameFor(m.fileOf(term.stmt.Pos()), "errors", "errors")
		t.WriteString(resp + ", " + err + " := ")
		call()
		t.WriteString("\n" + indent + "if " + err + " != nil {\n" + indent + "\t")
		m.retCall(t, indent+"\t", func() {
			t.WriteString(rt + ".Error(" + m.httpName + ".StatusInternalServerError, " + errorsName + ".Unwrap(" + err + ").Error()")
			errOpts, _ := m.options(s, &writeCall{kind: writesError, stmt: term.stmt, msg: term.value, code: term.value})
			for _, h := range errOpts {
				m.option(t, h)
			}
			t.WriteString(")")
		})
		t.WriteString("\n" + indent + "}\n" + indent)
		m.retValue(t, resp)
	}
}

// quote returns s as a Go string literal; the content types of the
// table need no escapes.
func quote(s string) string { return `"` + s + `"` }
