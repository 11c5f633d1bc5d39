package unreadbody

import (
	_ "embed"
	"fmt"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
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
	CategoryUnboundedBody        = "unbounded-body"  // off by default (config.OptIn)
)

// Categories lists every category, for the suite and configuration.
var Categories = []string{
	CategoryFormBeforeParse,
	CategoryMultipartBeforeParse,
	CategoryIgnoredDecodeError,
	CategoryBodyReadTwice,
	CategoryBodyNeverRead,
	CategoryUnboundedBody,
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
	for _, f := range a.effects.RequestFuncs() {
		a.checkFunc(f)
	}
	return nil, nil
}

// analyzer is the state of one pass.
type analyzer struct {
	pass    *analysis.Pass
	model   *httpmodel.Model
	effects *effects.Result
	// limiterUse caches usesLimiter.
	limiterUse *bool
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
	check    *effects.Check // for unbounded-body, its fix
}

// checkHandler analyzes a handler and reports its findings.
func (a *analyzer) checkHandler(h *httpmodel.Handler) {
	f := a.effects.SolveHandler(h)
	var fs []finding
	if !f.Unsure() {
		fs = findings(f)
	}
	formChecks := a.formChecksApply(h)
	limited, limitChecked := false, false
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
			use, ok := usedAfter(f, fd.ignored)
			if !ok {
				continue
			}
			a.reportIgnored(h, fd.ignored, use)
			continue
		case CategoryUnboundedBody:
			if !limitChecked {
				limited, limitChecked = a.bodyLimited(h), true
			}
			if !limited {
				a.reportUnbounded(h, fd)
			}
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

// checkFunc reports the body checks of a function other than a handler
// taking a *http.Request: whoever calls it, a body read twice or a form
// parsed from a drained body is lost for it. The form checks need a
// handler (a caller may have parsed the form), unbounded-body too (a
// caller may have limited the body).
func (a *analyzer) checkFunc(f *effects.RequestSolution) {
	if f.Unsure() {
		return
	}
	fs := findings(f)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].pos < fs[j].pos })
	reported := map[token.Pos]bool{}
	for _, fd := range fs {
		if fd.category != CategoryBodyReadTwice || reported[fd.related] {
			continue
		}
		reported[fd.related] = true
		a.model.Report(a.pass, analysis.Diagnostic{
			Pos: fd.pos, End: fd.end, Category: fd.category, Message: fd.message,
			Related: []analysis.RelatedInformation{{Pos: fd.related, Message: fd.relMsg}},
		})
	}
}

// where spells the site of a use by callee: "helpers.go:40", or
// "helpers.go:40, in helpers.inner" when a function it calls makes it.
func where(s effects.Site, callee string) string {
	if s.Via != "" && s.Via != callee && !strings.HasSuffix(s.Via, "."+callee) {
		return s.At + ", in " + s.Via
	}
	return s.At
}

// findings returns the findings of the uses the effects analysis checks
// in the handler, in the order of its final walk.
func findings(f *effects.RequestSolution) []finding {
	var fs []finding
	for _, c := range f.Checks() {
		s := &c.State
		switch c.Kind {
		case effects.CheckForm:
			if s.Has(effects.EvUnparsed) && c.Site.Known() {
				fs = append(fs, finding{
					category: CategoryFormBeforeParse, field: c.Field,
					pos: c.Node.Pos(), end: c.Node.End(),
					message: fmt.Sprintf("%s reads %s (%s), but the form is not parsed on any path before this call, so it is nil and every field reads empty; call ParseForm on the request (and check its error) before the call",
						c.What, c.Site.What, where(c.Site, c.What)),
				})
				continue
			}
			if s.Has(effects.EvUnparsed) {
				fs = append(fs, finding{
					category: CategoryFormBeforeParse, field: c.Field,
					pos: c.Node.Pos(), end: c.Node.End(),
					message: fmt.Sprintf("%s is read before the form is parsed on any path, so it is nil and every field reads empty; call %s (and check its error) first, or use %s",
						c.What, receiverOf(c.What)+".ParseForm", receiverOf(c.What)+"."+c.Field+"Value"),
				})
			}
		case effects.CheckMultipart:
			if s.Has(effects.EvNoMultipart) && c.Site.Known() {
				fs = append(fs, finding{
					category: CategoryMultipartBeforeParse, field: c.Field,
					pos: c.Node.Pos(), end: c.Node.End(),
					message: fmt.Sprintf("%s dereferences %s (%s), but the multipart form is not parsed on any path before this call, so it is nil and the call panics; call ParseMultipartForm on the request and check its error before the call",
						c.What, c.Site.What, where(c.Site, c.What)),
				})
				continue
			}
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
		case effects.CheckDrainedForm:
			if !s.Has(effects.EvDrained) || !s.Has(effects.EvUnparsed) {
				continue
			}
			drain := s.At(effects.EvDrained)
			fs = append(fs, finding{
				category: CategoryBodyReadTwice,
				pos:      c.Node.Pos(), end: c.Node.End(),
				message: fmt.Sprintf("%s parses the form after %s drained the request body to io.Discard, so the fields of a url-encoded body are lost and callers get only the query string's; parse the form before draining the body",
					c.What, f.ReadWhat(drain)),
				related: drain,
				relMsg:  "the body is drained here, by " + f.ReadWhat(drain),
			})
		case effects.CheckUnbounded:
			if s.Has(effects.EvUnbounded) {
				fs = append(fs, finding{category: CategoryUnboundedBody, pos: c.Node.Pos(), end: c.Node.End(), check: &c})
			}
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
