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
