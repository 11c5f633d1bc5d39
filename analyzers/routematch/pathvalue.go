package routematch

import (
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/pathvalues"
	"github.com/routevet/routevet/internal/source"
)

// checkPathValues reports the names handlers ask their requests for that
// none of their routes defines.
func (c *checker) checkPathValues() {
	if !c.model.Enabled(c.pass.Analyzer.Name, CategoryUnknownPathValue) {
		return
	}
	reported := map[token.Pos]bool{}
	for _, h := range c.model.Handlers {
		if h.Body == nil || h.Request == nil || h.Request.Name() == "" || h.Request.Name() == "_" || !c.registrationsKnown(h) {
			continue
		}
		var reads []pathvalues.Read
		if h.Func != nil {
			reads = c.reads.Of(h.Func)[1] // func(w, r): the request is the second parameter
		} else {
			reads = c.reads.Reads(h.Body, h.Request, nil)
		}
		byKind := map[pathvalues.Kind]map[string]bool{}
		for _, rd := range reads {
			if rd.NameParam >= 0 || reported[rd.Node.Pos()] {
				continue
			}
			defined, ok := byKind[rd.Kind]
			if !ok {
				defined, _ = c.definedNames(h.Routes, rd.Kind)
				byKind[rd.Kind] = defined
			}
			if defined == nil || defined[rd.Name] || c.maySet(rd) {
				continue
			}
			reported[rd.Node.Pos()] = true
			c.reportUnknown(h, rd, defined)
		}
	}
}

// maySet reports whether code the routes do not show may define the name
// of rd: r.SetPathValue in middleware, for path values; a gorilla/mux Host
// or Queries template anywhere in the package, for gorilla variables.
func (c *checker) maySet(rd pathvalues.Read) bool {
	if rd.Kind == pathvalues.GorillaVar {
		return c.gorillaExtra().names[rd.Name]
	}
	return c.sets.MaySet(rd.Name)
}

// registrationsKnown reports whether every route that can reach h is one
// the model knows: a function literal registered where it is written, or
// an unexported function or method used only as the handler of the
// package's registrations.
func (c *checker) registrationsKnown(h *httpmodel.Handler) bool {
	if len(h.Routes) == 0 || h.Referenced {
		return false
	}
	if h.Lit != nil {
		return true
	}
	if !maybeUnreferenced(h) {
		return false
	}
	name := h.Decl.Name.Name
	if c.hidden == nil || !c.hidden.asked[name] {
		// The first time, every name this can be asked: one look at the
		// files for all of them.
		c.hidden = &hiddenIdents{asked: map[string]bool{name: true}}
		for _, h := range c.model.Handlers {
			if maybeUnreferenced(h) {
				c.hidden.asked[h.Decl.Name.Name] = true
			}
		}
		c.hidden.mentioned, c.hidden.known = source.HiddenMentions(c.pass, slices.Collect(maps.Keys(c.hidden.asked)))
	}
	return c.hidden.known && !c.hidden.mentioned[name]
}

// maybeUnreferenced reports whether h is a declared function or method
// registered here that no other package can name, so that only the
// files the pass does not see may refer to it.
func maybeUnreferenced(h *httpmodel.Handler) bool {
	return len(h.Routes) > 0 && !h.Referenced && h.Lit == nil &&
		!h.Exported && !h.ServeHTTP && !ast.IsExported(h.Decl.Name.Name) && h.Func.Signature().RecvTypeParams().Len() == 0
}

// hiddenIdents says which names of handlers the files the pass does not
// see mention (source.HiddenMentions).
type hiddenIdents struct {
	asked     map[string]bool // the names looked for
	mentioned map[string]bool
	known     bool
}

// reportUnknown reports a read whose name no route of h defines.
func (c *checker) reportUnknown(h *httpmodel.Handler, rd pathvalues.Read, defined map[string]bool) {
	wildcards := slices.Sorted(func(yield func(string) bool) {
		for n := range defined {
			if !yield(n) {
				return
			}
		}
	})
	close := closeSpellings(rd.Name, wildcards)
	var todo string
	switch {
	case len(close) == 1:
		todo = fmt.Sprintf("read %q, or add {%s} to the pattern", close[0], rd.Name)
	case len(wildcards) > 0:
		todo = fmt.Sprintf("read one of %s, or add {%s} to the pattern", braced(wildcards), rd.Name)
	default:
		todo = fmt.Sprintf("add {%s} to the pattern", rd.Name)
	}
	what := rd.Describe()
	if rd.Via != "" {
		what = fmt.Sprintf("%s reads %s at %s, which", rd.Via, rd.Describe(), rd.Where)
	}
	msg := fmt.Sprintf("%s is always \"\" in %s: it is registered only as %s, %s no {%s}; %s",
		what, h.Name(), c.routeList(h.Routes, rd.Node.Pos()), hasNone(len(h.Routes)), rd.Name, todo)
	d := analysis.Diagnostic{Pos: rd.Node.Pos(), End: rd.Node.End(), Category: CategoryUnknownPathValue, Message: msg}
	for _, rt := range h.Routes {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: rt.Call.Pos(), End: rt.Call.End(), Message: "registered here"})
	}
	// The fix renames the constant to the one name of the patterns that
	// is a close spelling of it. It is offered only for a literal written
	// in the handler itself (a read through a helper is the helper's,
	// which other handlers may share), and it changes only the literal:
	// the read that always answered "" then answers the wildcard's value,
	// which is the repair.
	if len(close) == 1 && rd.Lit != nil && rd.Via == "" {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Read %q, the wildcard of the pattern", close[0]),
			TextEdits: []analysis.TextEdit{{Pos: rd.Lit.Pos(), End: rd.Lit.End(), NewText: []byte(strconv.Quote(close[0]))}},
		}}
	}
	c.model.Report(c.pass, d)
}

// routeList spells the patterns of routes for a message, with where each
// is registered: `"GET /a/{x}" (line 12) and "/b" (routes.go:4)`.
func (c *checker) routeList(routes []*httpmodel.Route, at token.Pos) string {
	here := c.pass.Fset.Position(at)
	var parts []string
	for _, rt := range routes {
		pos := c.pass.Fset.Position(rt.Call.Pos())
		where := fmt.Sprintf("line %d", pos.Line)
		if pos.Filename != here.Filename {
			where = fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
		}
		pattern := rt.Pattern
		if rt.Router.Kind != httpmodel.ServeMux && rt.Path != "" {
			pattern = rt.Path
		}
		parts = append(parts, fmt.Sprintf("%q (%s)", pattern, where))
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func hasNone(routes int) string {
	if routes == 1 {
		return "which has"
	}
	return "none of which has"
}

func braced(names []string) string {
	var parts []string
	for _, n := range names {
		parts = append(parts, "{"+n+"}")
	}
	return strings.Join(parts, ", ")
}

// closeSpellings returns the names that are close spellings of name: the
// same but for case, or one or two edits away and fewer edits than the
// shorter name has characters (so "id" is not close to "db").
func closeSpellings(name string, names []string) []string {
	var close []string
	for _, n := range names {
		if strings.EqualFold(n, name) {
			close = append(close, n)
			continue
		}
		d := editDistance(name, n)
		if d <= 2 && d < min(len(name), len(n)) {
			close = append(close, n)
		}
	}
	return close
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
