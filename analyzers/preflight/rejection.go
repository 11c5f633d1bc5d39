package preflight

// This file reads a handler's method check: whether it answers an
// OPTIONS request with an error before anything answers the preflight.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"net/http"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/flow"
	"github.com/routevet/routevet/internal/httpmodel"
	"golang.org/x/tools/go/types/typeutil"
)

// A handlerInfo is what a route's handler does for CORS.
type handlerInfo struct {
	fact *effects.CORS
	// handler is the handler declared here, whose method check
	// rejectsOf finds; nil for one declared elsewhere.
	handler *httpmodel.Handler
	// rejects is the handler's method check that answers OPTIONS with an
	// error before answering it, if any, once rejectsOf has looked.
	rejects       *rejection
	rejectsLooked bool
}

// rejectsOf returns the method check of hi's handler that answers
// OPTIONS with an error, found on the first call. Only the routes found
// to be CORS routes ask, most routes of most packages are not, and the
// check reads the handler's whole body; finding it later changes
// nothing, as it reads only the syntax, types and the body's CORS
// summary, which handlerOf computed first.
func (c *checker) rejectsOf(hi *handlerInfo) *rejection {
	if !hi.rejectsLooked && hi.handler != nil {
		hi.rejects = c.rejection(hi.handler)
	}
	hi.rejectsLooked = true
	return hi.rejects
}

// handlerOf returns what serves rt does for CORS: its handler's body when
// it is declared here, its fact when it is declared elsewhere; nil when
// the handler is not known.
func (c *checker) handlerOf(rt *httpmodel.Route) *handlerInfo {
	switch {
	case rt.Handler != nil:
		if hi, ok := c.handlers[rt.Handler]; ok {
			return hi
		}
		// The body's summary comes first, whether or not the handler is
		// a declaration: the summaries cut recursion where they meet
		// a function again, so the order they are asked in counts.
		hi := &handlerInfo{fact: c.effects.CORSOfBody(rt.Handler.Body), handler: rt.Handler}
		if rt.Handler.Func != nil {
			hi.fact = c.effects.CORSOf(rt.Handler.Func)
		}
		c.handlers[rt.Handler] = hi
		return hi
	case rt.Func != nil:
		return &handlerInfo{fact: c.effects.CORSOf(rt.Func)}
	}
	return nil
}

// A rejection is a handler's method check that answers a preflight with
// an error status: if r.Method != http.MethodPost { http.Error(w, ...,
// 405); return }, or a switch on r.Method with no OPTIONS case and an
// error default.
type rejection struct {
	handler *httpmodel.Handler
	stmt    ast.Stmt        // the if or switch
	clause  *ast.CaseClause // the switch's default, where an OPTIONS case goes
	tagless bool            // the switch has no tag: case r.Method == ...
	status  int
	// accepted lists the methods the check lets through; request is the
	// request variable it tests.
	accepted []string
	request  *ast.Ident
}

// rejection finds the method check of a handler that answers OPTIONS
// with an error. Only the handler's top-level statements are read, in
// order; a statement before the check that might answer or end the
// request (a return, a test of OPTIONS, a call that answers preflights)
// means the check may not be reached, and nothing is reported.
func (c *checker) rejection(h *httpmodel.Handler) *rejection {
	if h.Body == nil || c.effects.CORSOfBody(h.Body).Preflight || c.mentionsOptions(h.Body) {
		return nil
	}
	info := c.pass.TypesInfo
	assigned := alias.AssignmentsIn(info, h.Body) // one walk for both
	req := assigned.Aliases(info, h.Request)
	w := assigned.Aliases(info, h.Writer)
	for _, stmt := range h.Body.List {
		rj := &rejection{handler: h, stmt: stmt}
		switch s := stmt.(type) {
		case *ast.IfStmt:
			if s.Init == nil && c.ifRejects(s, req, w, rj) {
				return rj
			}
		case *ast.SwitchStmt:
			if s.Init == nil && c.switchRejects(s, req, w, rj) {
				return rj
			}
		}
		if c.mayEnd(stmt) {
			return nil
		}
	}
	return nil
}

// mentionsOptions reports whether the OPTIONS method appears in body: the
// handler deals with preflights somewhere, so no check is taken to
// reject them.
func (c *checker) mentionsOptions(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok && !found {
			if s, ok := code.StringConst(c.pass.TypesInfo, e); ok && strings.EqualFold(s, http.MethodOptions) {
				found = true
			}
		}
		return !found
	})
	return found
}

// mayEnd reports whether a statement may end the request before the
// statements after it: a return, goto or panic outside function literals.
func (c *checker) mayEnd(stmt ast.Stmt) bool {
	found := false
	flow.Preorder(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			found = found || n.Tok == token.GOTO
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
				found = true
			} else if fn, ok := typeutil.Callee(c.pass.TypesInfo, n).(*types.Func); ok && c.cfgs.NoReturn(fn) {
				found = true
			}
		}
		return !found
	})
	return found
}

// ifRejects decides an if statement (with its else-if chain) for an
// OPTIONS request: the branch taken must answer with an error status.
func (c *checker) ifRejects(s *ast.IfStmt, req, w *alias.Set, rj *rejection) bool {
	val, known := c.evalOptions(s.Cond, req, rj)
	if !known {
		return false
	}
	if val {
		rj.status = c.errorReply(s.Body.List, w)
		return rj.status != 0
	}
	switch e := s.Else.(type) {
	case *ast.BlockStmt:
		rj.status = c.errorReply(e.List, w)
		return rj.status != 0
	case *ast.IfStmt:
		return e.Init == nil && c.ifRejects(e, req, w, rj)
	}
	return false
}

// switchRejects decides a switch on the request method, or a switch with
// no tag whose cases test it: no case may match OPTIONS, and the default
// must answer with an error status.
func (c *checker) switchRejects(s *ast.SwitchStmt, req, w *alias.Set, rj *rejection) bool {
	rj.tagless = s.Tag == nil
	if !rj.tagless {
		sel, ok := ast.Unparen(s.Tag).(*ast.SelectorExpr)
		if !ok || !effects.IsMethodOf(c.pass.TypesInfo, s.Tag, req) {
			return false
		}
		rj.request, _ = ast.Unparen(sel.X).(*ast.Ident)
	}
	for _, stmt := range s.Body.List {
		clause := stmt.(*ast.CaseClause)
		if clause.List == nil {
			rj.clause = clause
			continue
		}
		for _, e := range clause.List {
			if rj.tagless {
				if val, known := c.evalOptions(e, req, rj); val || !known {
					return false
				}
				continue
			}
			m, ok := code.StringConst(c.pass.TypesInfo, e)
			if !ok || m == http.MethodOptions {
				return false
			}
			rj.accepted = appendMethod(rj.accepted, m)
		}
	}
	if rj.clause == nil {
		return false
	}
	rj.status = c.errorReply(rj.clause.Body, w)
	return rj.status != 0
}

// evalOptions evaluates a condition for a request whose method is
// OPTIONS: known is false when it depends on anything else. The methods
// the condition compares with are added to rj.accepted.
func (c *checker) evalOptions(e ast.Expr, req *alias.Set, rj *rejection) (val, known bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			v, k := c.evalOptions(e.X, req, rj)
			return !v, k
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			x, kx := c.evalOptions(e.X, req, rj)
			y, ky := c.evalOptions(e.Y, req, rj)
			short := e.Op == token.LOR // the value that decides alone
			switch {
			case kx && x == short, ky && y == short:
				return short, true
			case kx && ky:
				return !short, true
			}
			return false, false
		case token.EQL, token.NEQ:
			for _, sides := range [][2]ast.Expr{{e.X, e.Y}, {e.Y, e.X}} {
				m, ok := code.StringConst(c.pass.TypesInfo, sides[1])
				if !ok || !effects.IsMethodOf(c.pass.TypesInfo, sides[0], req) {
					continue
				}
				if rj.request == nil {
					rj.request, _ = ast.Unparen(ast.Unparen(sides[0]).(*ast.SelectorExpr).X).(*ast.Ident)
				}
				rj.accepted = appendMethod(rj.accepted, m)
				return (m == http.MethodOptions) == (e.Op == token.EQL), true
			}
		}
	}
	return false, false
}

func appendMethod(methods []string, m string) []string {
	if m == http.MethodOptions || slices.Contains(methods, m) {
		return methods
	}
	return append(methods, m)
}

// errorReply returns the error status (400 to 599) that one of stmts
// sends unconditionally through the writer: http.Error(w, msg, 405),
// w.WriteHeader(http.StatusMethodNotAllowed), or a helper given the
// writer and a constant status. It returns 0 if there is none.
func (c *checker) errorReply(stmts []ast.Stmt, w *alias.Set) int {
	for _, stmt := range stmts {
		es, ok := stmt.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		usesWriter := false
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && w.Refers(sel.X) {
			usesWriter = true
		}
		status := 0
		for _, arg := range call.Args {
			if w.Refers(arg) {
				usesWriter = true
			}
			tv := c.pass.TypesInfo.Types[arg]
			if tv.Value != nil && tv.Value.Kind() == constant.Int {
				if v, exact := constant.Int64Val(tv.Value); exact && v >= 400 && v <= 599 {
					status = int(v)
				}
			}
		}
		if usesWriter && status != 0 {
			return status
		}
	}
	return 0
}
