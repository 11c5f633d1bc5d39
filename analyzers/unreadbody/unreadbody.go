package unreadbody

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
)

//go:embed doc.go
var doc string

// The categories of unreadbody's diagnostics.
const (
	CategoryFormBeforeParse      = "form-before-parse"
	CategoryMultipartBeforeParse = "multipart-before-parse"
	CategoryIgnoredDecodeError   = "ignored-decode-error"
	CategoryBodyReadTwice        = "body-read-twice"
	CategoryBodyNeverRead        = "body-never-read" // off by default (config.OptIn)
)

// Categories lists every category, for the suite and configuration.
var Categories = []string{
	CategoryFormBeforeParse,
	CategoryMultipartBeforeParse,
	CategoryIgnoredDecodeError,
	CategoryBodyReadTwice,
	CategoryBodyNeverRead,
}

// Analyzer reports request bodies and forms used before they are read or
// parsed, read twice, or decoded with the error ignored.
var Analyzer = &analysis.Analyzer{
	Name:     "unreadbody",
	Doc:      analyzerdoc.MustExtract(doc, "unreadbody"),
	URL:      "https://pkg.go.dev/github.com/routevet/routevet/analyzers/unreadbody",
	Requires: []*analysis.Analyzer{httpmodel.Analyzer, effects.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	if m.HTTP == nil || !m.Enabled(pass.Analyzer.Name, Categories...) {
		return nil, nil
	}
	a := &analyzer{pass: pass, model: m, effects: pass.ResultOf[effects.Analyzer].(*effects.Result)}
	for _, h := range m.Handlers {
		if h.Body != nil {
			a.checkHandler(h)
		}
	}
	return nil, nil
}

// analyzer is the state of one pass.
type analyzer struct {
	pass    *analysis.Pass
	model   *httpmodel.Model
	effects *effects.Result
}

// A finding is one rule broken, reported once the handler is checked.
type finding struct {
	category string
	pos, end token.Pos
	message  string
	field    string    // the request field of a form finding
	related  token.Pos // first read, for body-read-twice
	relMsg   string
	ignored  *effects.IgnoredCall
}

// returned reports whether a literal is a function's result, directly or
// converted (return http.HandlerFunc(func...)): a handler factory, whose
// callers are routers out of sight.
func (a *analyzer) returned(lit *ast.FuncLit) bool {
	cur, ok := a.effects.Cursor(lit)
	if !ok {
		return false
	}
	for {
		switch cur.ParentEdgeKind() {
		case edge.ReturnStmt_Results:
			return true
		case edge.CallExpr_Args, edge.ParenExpr_X:
			cur = cur.Parent()
			if call, ok := cur.Node().(*ast.CallExpr); ok {
				if tv, ok := a.pass.TypesInfo.Types[call.Fun]; !ok || !tv.IsType() {
					return false // a call, which may wrap it in anything
				}
			}
		default:
			return false
		}
	}
}

// checkHandler analyzes a handler and reports its findings.
func (a *analyzer) checkHandler(h *httpmodel.Handler) {
	f := a.effects.SolveHandler(h)
	var fs []finding
	if !f.Unsure() {
		fs = findings(f)
	}
	formChecks := a.formChecksApply(h)
	reported := map[token.Pos]bool{} // first reads already reported
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].pos < fs[j].pos })
	for _, fd := range fs {
		switch fd.category {
		case CategoryFormBeforeParse, CategoryMultipartBeforeParse:
			if !formChecks || f.NilChecked(fd.field) {
				continue
			}
		case CategoryBodyReadTwice:
			// One finding per first read: what follows the second read
			// follows from it.
			if reported[fd.related] {
				continue
			}
			reported[fd.related] = true
		case CategoryIgnoredDecodeError:
			if !usedAfter(f, fd.ignored) {
				continue
			}
			a.reportIgnored(h, fd.ignored)
			continue
		}
		d := analysis.Diagnostic{Pos: fd.pos, End: fd.end, Category: fd.category, Message: fd.message}
		if fd.related != token.NoPos {
			d.Related = []analysis.RelatedInformation{{Pos: fd.related, Message: fd.relMsg}}
		}
		a.model.Report(a.pass, d)
	}
	if !f.Touches() && !f.Unsure() && a.onlyBodyRoutes(h) {
		a.model.Report(a.pass, analysis.Diagnostic{
			Pos:      handlerPos(h),
			Category: CategoryBodyNeverRead,
			Message: fmt.Sprintf("handler %s is routed only for %s but never reads the request body or form, so what clients send is ignored; decode and validate the body, or route the handler for a method without one",
				h.Name(), strings.Join(routeMethods(h), "/")),
		})
	}
}

func handlerPos(h *httpmodel.Handler) token.Pos {
	if h.Decl != nil {
		return h.Decl.Name.Pos()
	}
	return h.Lit.Pos()
}

// formChecksApply reports whether a handler surely gets its request with
// the form unparsed: no middleware of a route of it may have parsed it,
// and no code in this package hands it a request, as a dispatcher calling
// it after r.ParseForm would. A handler whose callers are out of sight
// (registered by another package, or returned by a factory) is served by
// a router, which never parses forms.
func (a *analyzer) formChecksApply(h *httpmodel.Handler) bool {
	if h.Referenced && !(h.Lit != nil && a.returned(h.Lit)) {
		return false
	}
	for _, rt := range h.Routes {
		if len(rt.Middleware) > 0 {
			return false
		}
		for _, r := range rt.Router.Chain() {
			if len(r.Middleware) > 0 {
				return false
			}
		}
	}
	return true
}

// onlyBodyRoutes reports whether a handler is reached only through routes
// for POST, PUT or PATCH, all of them known here, none wrapped by a
// middleware of its own (which may read the body for it).
func (a *analyzer) onlyBodyRoutes(h *httpmodel.Handler) bool {
	if h.Referenced || len(h.Routes) == 0 {
		return false
	}
	for _, rt := range h.Routes {
		if len(rt.Methods) == 0 || len(rt.Middleware) > 0 {
			return false
		}
		for _, m := range rt.Methods {
			if m != "POST" && m != "PUT" && m != "PATCH" {
				return false
			}
		}
	}
	return true
}

func routeMethods(h *httpmodel.Handler) []string {
	var ms []string
	seen := map[string]bool{}
	for _, rt := range h.Routes {
		for _, m := range rt.Methods {
			if !seen[m] {
				seen[m] = true
				ms = append(ms, m)
			}
		}
	}
	return ms
}

// reportIgnored reports a discarded decode or parse error, with the fix
// that checks it and replies 400 when that cannot change what a valid
// request gets.
func (a *analyzer) reportIgnored(h *httpmodel.Handler, ic *effects.IgnoredCall) {
	var subject, effect string
	switch ic.Kind {
	case "form", "multipart":
		subject = ic.What
		effect = "a malformed or oversized form reads as missing fields"
	default:
		subject = ic.What
		target := "the value"
		if ic.Target != nil {
			target = ic.Target.Name()
		}
		effect = fmt.Sprintf("a malformed %s body leaves %s partly filled and the handler goes on with it", ic.Kind, target)
	}
	msg := fmt.Sprintf("the error of %s is discarded, so %s; check it and reply 400 Bad Request", subject, effect)
	fix, why := a.badRequestFix(h, ic)
	if fix == nil {
		msg += " (no automatic fix: " + why + ")"
	}
	d := analysis.Diagnostic{Pos: ic.Call.Pos(), End: ic.Call.End(), Category: CategoryIgnoredDecodeError, Message: msg}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	a.model.Report(a.pass, d)
}

// badRequestFix returns the fix turning the statement into
//
//	if err := <call>; err != nil {
//		http.Error(w, "invalid JSON body", http.StatusBadRequest)
//		return
//	}
//
// or why there is none.
func (a *analyzer) badRequestFix(h *httpmodel.Handler, ic *effects.IgnoredCall) (*analysis.SuggestedFix, string) {
	if ic.Kind == "multipart" {
		return nil, "a url-encoded form makes it fail with http.ErrNotMultipart, which the handler may need to accept"
	}
	if !ic.Fresh {
		return nil, "the response may already be written here"
	}
	pos := ic.Stmt.Pos()
	scope := a.pass.Pkg.Scope().Innermost(pos)
	w := h.Writer
	if scope == nil || w.Name() == "" || w.Name() == "_" || w.Name() == "err" {
		return nil, "the response writer has no usable name"
	}
	if _, obj := scope.LookupParent(w.Name(), pos); obj != w {
		return nil, "the response writer is shadowed here"
	}
	httpName := a.netHTTPName(pos, scope)
	if httpName == "" {
		return nil, "net/http is not imported by name in this file"
	}
	indent, ok := a.indentOf(pos)
	if !ok {
		return nil, "the statement does not start its line"
	}
	message := map[string]string{"JSON": "invalid JSON body", "XML": "invalid XML body", "form": "invalid form"}[ic.Kind]
	var edits []analysis.TextEdit
	if as, ok := ic.Stmt.(*ast.AssignStmt); ok {
		edits = append(edits, analysis.TextEdit{Pos: as.Pos(), End: ic.Call.Pos(), NewText: []byte("if err := ")})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("if err := ")})
	}
	tail := fmt.Sprintf("; err != nil {\n%s\t%s.Error(%s, %q, %s.StatusBadRequest)\n%s\treturn\n%s}",
		indent, httpName, w.Name(), message, httpName, indent, indent)
	edits = append(edits, analysis.TextEdit{Pos: ic.Stmt.End(), End: ic.Stmt.End(), NewText: []byte(tail)})
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Reply 400 Bad Request when %s fails", ic.What),
		TextEdits: edits,
	}, ""
}

// netHTTPName returns the name net/http is imported under, as visible at
// pos, or "".
func (a *analyzer) netHTTPName(pos token.Pos, scope *types.Scope) string {
	for _, file := range a.pass.Files {
		if file.FileStart > pos || pos > file.FileEnd {
			continue
		}
		for _, spec := range file.Imports {
			pkgName := a.pass.TypesInfo.PkgNameOf(spec)
			if pkgName == nil || pkgName.Imported().Path() != "net/http" {
				continue
			}
			name := pkgName.Name()
			if name == "_" || name == "." {
				continue
			}
			if _, obj := scope.LookupParent(name, pos); obj == pkgName {
				return name
			}
		}
	}
	return ""
}

// indentOf returns the white space before pos on its line, which must be
// all there is.
func (a *analyzer) indentOf(pos token.Pos) (string, bool) {
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return "", false
	}
	content, err := source.ReadFile(a.pass, tf.Name())
	if err != nil {
		return "", false
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := tf.Offset(pos)
	if start > end || end > len(content) {
		return "", false
	}
	indent := string(content[start:end])
	if strings.Trim(indent, " \t") != "" {
		return "", false
	}
	return indent, true
}

// findings returns the findings of the uses the effects analysis checks
// in the handler, in the order of its final walk.
func findings(f *effects.RequestSolution) []finding {
	var fs []finding
	for _, c := range f.Checks() {
		s := &c.State
		switch c.Kind {
		case effects.CheckForm:
			if s.Has(effects.EvUnparsed) {
				fs = append(fs, finding{
					category: CategoryFormBeforeParse, field: c.Field,
					pos: c.Node.Pos(), end: c.Node.End(),
					message: fmt.Sprintf("%s is read before the form is parsed on any path, so it is nil and every field reads empty; call %s (and check its error) first, or use %s",
						c.What, receiverOf(c.What)+".ParseForm", receiverOf(c.What)+"."+c.Field+"Value"),
				})
			}
		case effects.CheckMultipart:
			if s.Has(effects.EvNoMultipart) {
				fs = append(fs, finding{
					category: CategoryMultipartBeforeParse, field: c.Field,
					pos: c.Node.Pos(), end: c.Node.End(),
					message: fmt.Sprintf("%s is used before the multipart form is parsed on any path, so it is nil and this panics; call %s.ParseMultipartForm and check its error first",
						c.What, receiverOf(c.What)),
				})
			}
		case effects.CheckRead, effects.CheckFormBody:
			first := s.At(effects.EvRawRead)
			if c.Kind == effects.CheckRead && !s.Has(effects.EvRawRead) {
				first = s.At(effects.EvFormRead)
			}
			if first == token.NoPos {
				continue
			}
			msg := fmt.Sprintf("%s reads the request body, which %s already consumed, so it sees an empty body; read the body once and reuse the bytes, or restore it with io.NopCloser(bytes.NewReader(data))",
				c.What, f.ReadWhat(first))
			if c.Kind == effects.CheckFormBody {
				msg = fmt.Sprintf("%s parses the form from the request body, which %s already consumed, so the form is empty; parse the form instead of reading the body, or restore the body before parsing",
					c.What, f.ReadWhat(first))
			}
			fs = append(fs, finding{
				category: CategoryBodyReadTwice,
				pos:      c.Node.Pos(), end: c.Node.End(),
				message: msg,
				related: first,
				relMsg:  "the body is first read here, by " + f.ReadWhat(first),
			})
		case effects.CheckIgnored:
			ic := c.Ignored
			if ic.Kind == "form" && !s.Has(effects.EvUnparsed) || ic.Kind == "multipart" && !s.Has(effects.EvNoMultipart) {
				// An earlier parse (r.FormValue, say) may have run: this
				// one would return nil, the error is gone already.
				continue
			}
			ic.Fresh = s.Has(effects.EvWriterFresh)
			fs = append(fs, finding{category: CategoryIgnoredDecodeError, ignored: ic})
		}
	}
	return fs
}

// receiverOf returns "r" for "r.Form".
func receiverOf(what string) string {
	if i := strings.LastIndexByte(what, '.'); i >= 0 {
		return what[:i]
	}
	return what
}

// usedAfter reports whether what an ignored call fills in is used later in
// the function: the decode target, or the form.
func usedAfter(f *effects.RequestSolution, ic *effects.IgnoredCall) bool {
	end := ic.Stmt.End()
	if ic.Kind == "form" || ic.Kind == "multipart" {
		for _, pos := range f.FormUses() {
			if pos > end {
				return true
			}
		}
		return false
	}
	return ic.Target != nil && f.LastUse(ic.Target) > end
}
