package effects

// The path values functions read from their requests and the ones code
// sets (internal/pathvalues), which routematch checks: computed and
// exported as facts here, by an analyzer that runs on every package
// anyway, so that routematch has no facts of its own and runs on the
// analyzed packages only.

import (
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/pathvalues"
)

// pathValues holds what findPathValues found.
type pathValues struct {
	reads *pathvalues.Index
	sets  *pathvalues.Sets
}

// findPathValues exports the package's path value facts: those of
// functions reading path values of a request they are given, and the
// package's r.SetPathValue names. A package that does not import
// net/http has neither request nor route.
func (r *Result) findPathValues() {
	m := r.pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	if m.HTTP == nil {
		return
	}
	r.pathValues.sets = pathvalues.FindSets(r.pass, m)
	r.pathValues.reads = pathvalues.NewIndex(r.pass)
	r.pathValues.reads.ExportFacts()
}

// PathValueReads returns the index of what the package's functions read
// from their requests by name, nil for a package that does not import
// net/http. Only one analyzer may use it: it fills as it is asked.
func (r *Result) PathValueReads() *pathvalues.Index { return r.pathValues.reads }

// PathValueSets returns the names the package, and the packages it
// depends on, may set with r.SetPathValue; nil for a package that does
// not import net/http.
func (r *Result) PathValueSets() *pathvalues.Sets { return r.pathValues.sets }
