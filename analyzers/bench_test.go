package analyzers_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

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

func suite(b *testing.B) []*analysis.Analyzer {
	config.SetCommandLine(map[string]bool{"purehandler": true})
	b.Cleanup(func() { config.SetCommandLine(nil) })
	return analyzers.All()
}

func BenchmarkNetHTTPModel(b *testing.B) {
	benchstd.Run(b, benchstd.NetHTTP(b), analyzers.Model)
}

func BenchmarkNetHTTPVet(b *testing.B) {
	benchstd.Run(b, benchstd.NetHTTP(b), benchstd.Vet...)
}

func BenchmarkNetHTTPSuite(b *testing.B) {
	benchstd.Run(b, benchstd.NetHTTP(b), suite(b)...)
}

func BenchmarkStdModel(b *testing.B) {
	benchstd.Run(b, benchstd.All(b), analyzers.Model)
}

func BenchmarkStdVet(b *testing.B) {
	benchstd.Run(b, benchstd.All(b), benchstd.Vet...)
}

func BenchmarkStdSuite(b *testing.B) {
	benchstd.Run(b, benchstd.All(b), suite(b)...)
}
