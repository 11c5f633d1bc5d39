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
// The Module benchmarks measure a real module, HTTP-heavy where most of
// std is not: go vet's analyzers, the suite the standalone driver runs
// by default (analyzers.WithoutIdle leaves out what can report nothing
// there), and every analyzer, as the vet tool, the golangci-lint plugin
// and the editor run them; with -cpuprofile and -memprofile, where the
// time and the allocations go:
//
//	ROUTEVET_BENCH_MODULE=/path/to/sftpgo go test ./analyzers -run '^$' -bench Module -benchtime 3x -cpuprofile cpu.out
//
// testdata/bench/ratio measures the same ratio without the test
// harness, and splits the time by analyzer.
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

func BenchmarkModuleVet(b *testing.B) {
	benchstd.Run(b, benchstd.Module(b), benchstd.Vet...)
}

func BenchmarkModuleSuite(b *testing.B) {
	pkgs := benchstd.Module(b)
	benchstd.Run(b, pkgs, analyzers.WithoutIdle(analyzers.All(), pkgs)...)
}

func BenchmarkModuleEveryAnalyzer(b *testing.B) {
	benchstd.Run(b, benchstd.Module(b), analyzers.All()...)
}
