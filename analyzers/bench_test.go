package analyzers_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/appends"
	"golang.org/x/tools/go/analysis/passes/assign"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/bools"
	"golang.org/x/tools/go/analysis/passes/composite"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/defers"
	"golang.org/x/tools/go/analysis/passes/directive"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/hostport"
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/passes/ifaceassert"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilfunc"
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/passes/shift"
	"golang.org/x/tools/go/analysis/passes/sigchanyzer"
	"golang.org/x/tools/go/analysis/passes/slog"
	"golang.org/x/tools/go/analysis/passes/stdmethods"
	"golang.org/x/tools/go/analysis/passes/stringintconv"
	"golang.org/x/tools/go/analysis/passes/structtag"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/tests"
	"golang.org/x/tools/go/analysis/passes/timeformat"
	"golang.org/x/tools/go/analysis/passes/unmarshal"
	"golang.org/x/tools/go/analysis/passes/unreachable"
	"golang.org/x/tools/go/analysis/passes/unsafeptr"
	"golang.org/x/tools/go/analysis/passes/unusedresult"
	"golang.org/x/tools/go/analysis/passes/waitgroup"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/benchstd"
	"github.com/routevet/routevet/internal/config"
)

// The benchmarks run the whole suite (purehandler on) over net/http with
// its dependencies and over all of std, next to two points of
// comparison measured in the same run: the route model alone, which
// every analyzer pays, and the analyzers go vet runs by default (those
// of x/tools). The targets, as ratios of CPU time per AST node so that
// the machine's speed and load cancel out:
//
//   - the suite costs at most 3x the CPU per node that go vet's
//     analyzers cost, and allocates no more per node than they do;
//   - its cost per node on all of std is within 1.5x of that on net/http:
//     it grows linearly with the code.
//
// edgeruntime does not descend into the standard library, so it does
// little here; its own benchmarks treat std as application code.
//
//	go test ./analyzers -run '^$' -bench . -benchtime 3x
//
// testdata/bench/compare.sh compares whole commands (go vet with and
// without -vettool=routevet, and the standalone driver) the same way.

// vetAnalyzers are the analyzers go vet runs by default, as far as x/tools
// has them.
var vetAnalyzers = []*analysis.Analyzer{
	appends.Analyzer, assign.Analyzer, atomic.Analyzer, bools.Analyzer,
	composite.Analyzer, copylock.Analyzer, defers.Analyzer, directive.Analyzer,
	errorsas.Analyzer, hostport.Analyzer, httpresponse.Analyzer, ifaceassert.Analyzer,
	loopclosure.Analyzer, lostcancel.Analyzer, nilfunc.Analyzer, printf.Analyzer,
	shift.Analyzer, sigchanyzer.Analyzer, slog.Analyzer, stdmethods.Analyzer,
	stringintconv.Analyzer, structtag.Analyzer, testinggoroutine.Analyzer, tests.Analyzer,
	timeformat.Analyzer, unmarshal.Analyzer, unreachable.Analyzer, unsafeptr.Analyzer,
	unusedresult.Analyzer, waitgroup.Analyzer,
}

func suite(b *testing.B) []*analysis.Analyzer {
	config.SetCommandLine(map[string]bool{"purehandler": true})
	b.Cleanup(func() { config.SetCommandLine(nil) })
	return analyzers.All()
}

func BenchmarkNetHTTPModel(b *testing.B) {
	benchstd.Run(b, benchstd.NetHTTP(b), analyzers.Model)
}

func BenchmarkNetHTTPVet(b *testing.B) {
	benchstd.Run(b, benchstd.NetHTTP(b), vetAnalyzers...)
}

func BenchmarkNetHTTPSuite(b *testing.B) {
	benchstd.Run(b, benchstd.NetHTTP(b), suite(b)...)
}

func BenchmarkStdModel(b *testing.B) {
	benchstd.Run(b, benchstd.All(b), analyzers.Model)
}

func BenchmarkStdVet(b *testing.B) {
	benchstd.Run(b, benchstd.All(b), vetAnalyzers...)
}

func BenchmarkStdSuite(b *testing.B) {
	benchstd.Run(b, benchstd.All(b), suite(b)...)
}
