package mutablewriter

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/effects"
	"github.com/routevet/routevet/internal/httpmodel"
)

//go:embed doc.go
var doc string

// The diagnostic categories, one per kind of finding.
const (
	CategoryHeaderAfterCommit      = "header-after-commit"
	CategorySuperfluousWriteHeader = "superfluous-writeheader"
	CategoryWriteAfterErrorReply   = "write-after-error-reply"
	CategoryServedTwice            = "served-twice"
	CategoryConditionalCommit      = "header-after-conditional-commit"
)

// Categories lists every category the analyzer reports.
var Categories = []string{CategoryHeaderAfterCommit, CategorySuperfluousWriteHeader, CategoryWriteAfterErrorReply, CategoryServedTwice, CategoryReplyAfterPartialWrite, CategoryConditionalCommit}

// Analyzer reports uses of an http.ResponseWriter that break its order
// rules: headers after the response was committed, a second status, and
// writes after an error reply, and a request served twice (served-twice).
var Analyzer = &analysis.Analyzer{
	Name:     "mutablewriter",
	Doc:      analyzerdoc.MustExtract(doc, "mutablewriter"),
	URL:      "https://pkg.go.dev/github.com/routevet/routevet/analyzers/mutablewriter",
	Requires: []*analysis.Analyzer{httpmodel.Analyzer, effects.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:     pass,
		model:    pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model),
		reported: map[reportKey]bool{},
	}
	// The effects analyzer solved every function with writer parameters,
	// callees first; the rules read its solutions in that order.
	for _, f := range pass.ResultOf[effects.Analyzer].(*effects.Result).WriterFuncs() {
		for _, sol := range f.Solutions {
			if sol != nil {
				c.check(sol)
			}
		}
	}
	return nil, nil
}

// A checker holds the state of one pass.
type checker struct {
	pass     *analysis.Pass
	model    *httpmodel.Model
	reported map[reportKey]bool
	// renderFuncs caches renderers (partial.go).
	renderFuncs map[*types.Func]int
}

// A walk applies the rules to the solution for one writer over one body.
type walk struct {
	c       *checker
	sol     *effects.WriterSolution
	w       *effects.Writer
	fn      ast.Node // the function whose body this is
	body    *ast.BlockStmt
	flagged map[token.Pos]bool // replies reported as followed by a use on every path
	// committed holds the uses the response was committed before on
	// every path reaching them, which the forward rules report.
	committed map[token.Pos]bool
	finding   []finding
}

type finding struct {
	pos, end token.Pos
	category string
	message  string
	fix      *analysis.SuggestedFix
	// related are the steps of the path before the finding, in order
	// (report/paths.go).
	related []analysis.RelatedInformation
}

type reportKey struct {
	pos      token.Pos
	category string
}

// check reports what the uses of one writer break. Replies followed by
// a use on every path are found first, on the backward problem, so that
// the forward problem does not report the same missing return again at
// each later use.
func (c *checker) check(sol *effects.WriterSolution) {
	wk := &walk{c: c, sol: sol, w: sol.Writer, fn: sol.Fn, body: sol.Body, flagged: map[token.Pos]bool{}, committed: map[token.Pos]bool{}}
	for _, st := range sol.Steps {
		if st.State.Has(effects.EvCommitted) {
			wk.committed[st.Op.Node.Pos()] = true
		}
	}
	for _, st := range sol.BackSteps {
		if next, ok := wk.missingReturn(st); ok {
			wk.replyFinding(st.Op, next)
		}
	}
	wk.conditionalCommits()
	for _, st := range sol.Steps {
		wk.apply(st)
	}
	wk.checkPartial()
	wk.flush()
}

func (wk *walk) add(o effects.Op, category, msg string, related ...analysis.RelatedInformation) {
	wk.finding = append(wk.finding, finding{pos: o.Node.Pos(), end: o.Node.End(), category: category, message: msg, related: related})
}

// flush reports the findings in source order.
func (wk *walk) flush() {
	slices.SortFunc(wk.finding, func(a, b finding) int { return int(a.pos - b.pos) })
	for _, f := range wk.finding {
		key := reportKey{f.pos, f.category}
		if wk.c.reported[key] {
			continue
		}
		wk.c.reported[key] = true
		d := analysis.Diagnostic{Pos: f.pos, End: f.end, Category: f.category, Message: f.message, Related: f.related}
		if f.fix != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{*f.fix}
		}
		wk.c.model.Report(wk.c.pass, d)
	}
}
