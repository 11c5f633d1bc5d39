package httpmodel

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/code"
)

// A Handler is a function with the shape func(http.ResponseWriter,
// *http.Request) that has a body in this package: a declaration (function
// or method, ServeHTTP included) or a function literal.
type Handler struct {
	Decl *ast.FuncDecl // nil for a literal
	Lit  *ast.FuncLit  // nil for a declaration
	Func *types.Func   // the declared function or method; nil for a literal

	// Writer and Request are the parameters, also when they are unnamed
	// or "_" (then no code can use them).
	Writer, Request *types.Var
	Body            *ast.BlockStmt // nil for a declaration without body

	// ServeHTTP is set for a ServeHTTP method (the http.Handler interface).
	ServeHTTP bool
	// Exported is set for a declaration other packages can call.
	Exported bool
	// Referenced is set when the handler is used anywhere other than as
	// the handler of a route registration in this package, so changing its
	// signature would break callers.
	Referenced bool
	// Routes lists the registrations that resolve to this handler.
	Routes []*Route
}

// Node returns the declaration or literal.
func (h *Handler) Node() ast.Node {
	if h.Decl != nil {
		return h.Decl
	}
	return h.Lit
}

// Type returns the function's syntactic type.
func (h *Handler) Type() *ast.FuncType {
	if h.Decl != nil {
		return h.Decl.Type
	}
	return h.Lit.Type
}

// Name returns a name for messages: "Hello", "(*Server).handleItems", or
// "func literal" for a literal.
func (h *Handler) Name() string {
	if h.Func == nil {
		return "func literal"
	}
	if recv := h.Func.Signature().Recv(); recv != nil {
		t := recv.Type()
		ptr := ""
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		if named, ok := types.Unalias(t).(*types.Named); ok {
			return fmt.Sprintf("(%s%s).%s", ptr, named.Obj().Name(), h.Func.Name())
		}
	}
	return h.Func.Name()
}

// Pos returns where the handler starts.
func (h *Handler) Pos() token.Pos { return h.Node().Pos() }

// handlerParams returns the writer and request parameters of sig when it
// has the handler shape func(http.ResponseWriter, *http.Request).
func handlerParams(sig *types.Signature) (w, r *types.Var, ok bool) {
	if sig == nil || sig.Params().Len() != 2 || sig.Results().Len() != 0 || sig.Variadic() {
		return nil, nil, false
	}
	w, r = sig.Params().At(0), sig.Params().At(1)
	if !IsResponseWriter(w.Type()) || !IsRequestPtr(r.Type()) {
		return nil, nil, false
	}
	return w, r, true
}

// IsPureSignature reports whether sig has the shape of a pure handler,
// route.Func's func(*http.Request) (*http.Response, error).
func IsPureSignature(sig *types.Signature) bool {
	params, results := sig.Params(), sig.Results()
	return params.Len() == 1 && IsRequestPtr(params.At(0).Type()) && !sig.Variadic() &&
		results.Len() == 2 && code.IsPointerTo(results.At(0).Type(), "net/http", "Response") &&
		types.Identical(results.At(1).Type(), types.Universe.Lookup("error").Type())
}

// IsResponseWriter reports whether t is http.ResponseWriter.
func IsResponseWriter(t types.Type) bool { return code.IsNamed(t, "net/http", "ResponseWriter") }

// IsRequestPtr reports whether t is *http.Request.
func IsRequestPtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && code.IsNamed(p.Elem(), "net/http", "Request")
}

// addDecl records decl as a handler if it has the handler shape.
func (b *builder) addDecl(decl *ast.FuncDecl) {
	fn, _ := b.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if fn == nil {
		return
	}
	w, r, ok := handlerParams(fn.Signature())
	if !ok {
		if decl.Body != nil && IsPureSignature(fn.Signature()) {
			b.m.Pure = append(b.m.Pure, decl)
		}
		return
	}
	h := &Handler{
		Decl:      decl,
		Func:      fn,
		Writer:    w,
		Request:   r,
		Body:      decl.Body,
		ServeHTTP: decl.Recv != nil && fn.Name() == "ServeHTTP",
		Exported:  fn.Exported() && receiverExported(fn),
	}
	b.addHandler(h, decl)
	b.m.handlerByFunc[fn] = h
}

// receiverExported reports whether fn is a function, or a method of an
// exported type, so that other packages can name it.
func receiverExported(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return true
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Exported()
}

// addLit records lit as a handler if it has the handler shape.
func (b *builder) addLit(lit *ast.FuncLit) {
	sig, _ := b.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	w, r, ok := handlerParams(sig)
	if !ok {
		if sig != nil && IsPureSignature(sig) {
			b.m.Pure = append(b.m.Pure, lit)
		}
		return
	}
	b.addHandler(&Handler{Lit: lit, Writer: w, Request: r, Body: lit.Body}, lit)
}

func (b *builder) addHandler(h *Handler, n ast.Node) {
	b.m.Handlers = append(b.m.Handlers, h)
	b.m.handlerByNode[n] = h
}

// markReferences sets Referenced on every handler used other than as a
// registration's handler.
func (b *builder) markReferences() {
	for _, h := range b.m.Handlers {
		if h.Lit != nil {
			// A literal is referenced unless it is the handler argument
			// of a registration (possibly inside http.HandlerFunc(...)).
			h.Referenced = !b.registered[h.Lit]
		}
	}
	if len(b.m.handlerByFunc) == 0 {
		return
	}
	for id, obj := range b.pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		if h := b.m.handlerByFunc[fn]; h != nil && !b.registered[id] {
			h.Referenced = true
		}
	}
}
