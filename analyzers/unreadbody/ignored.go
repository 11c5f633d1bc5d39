package unreadbody

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
	"golang.org/x/tools/go/analysis"
)

// The rule of ignored-decode-error and its fix, which checks the error
// and replies 400 Bad Request.

// reportIgnored reports a discarded decode or parse error, with the fix
// that checks it and replies 400 when that cannot change what a valid
// request gets.
func (a *analyzer) reportIgnored(h *httpmodel.Handler, ic *effects.IgnoredCall, use effects.Site) {
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
	if use.Known() {
		effect += fmt.Sprintf(" for %s, which reads %s (%s)", use.Via, use.What, use.At)
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
	indent, ok := source.IndentAt(a.pass, pos)
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

// usedAfter reports whether what an ignored call fills in is used later in
// the function: the decode target, or the form. When the only later uses
// of the form are callees', the first of them says where it reads.
func usedAfter(f *effects.RequestSolution, ic *effects.IgnoredCall) (effects.Site, bool) {
	end := ic.Stmt.End()
	if ic.Kind == "form" || ic.Kind == "multipart" {
		var first effects.Site
		var firstPos token.Pos
		found := false
		for _, pos := range f.FormUses() {
			if pos <= end {
				continue
			}
			site, byCallee := f.FormUseSite(pos)
			if !byCallee {
				return effects.Site{}, true // the function's own use
			}
			if !found || pos < firstPos {
				first, firstPos = site, pos
			}
			found = true
		}
		return first, found
	}
	return effects.Site{}, ic.Target != nil && f.LastUse(ic.Target) > end
}
