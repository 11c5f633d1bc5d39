package edgeruntime

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/benchstd"
	"github.com/routevet/routevet/internal/httpmodel"
)

// The benchmarks measure the analyzer on the standard library, treated as
// application code (so every function is scanned and facts flow through
// all of it), against the baseline every routevet analyzer pays: the
// handler model and the inspector. Two sizes, net/http with its
// dependencies and all of std, show whether the cost grows with the code:
// compare the extra CPU ns per AST node.
//
//	go test ./analyzers/edgeruntime -run '^$' -bench . -benchtime 3x

// benchmark runs benchstd.Run with std analyzed as application code, and
// also reports the analyzer's work: call sites and the witnesses per call
// site, which stay flat when the code grows whatever the machine's load.
func benchmark(b *testing.B, roots []*packages.Package, analyzers ...*analysis.Analyzer) {
	analyzeStandardLibrary = true
	defer func() { analyzeStandardLibrary = false }()
	var sites, witnesses atomic.Int64
	workHook = func(s, w int) { sites.Add(int64(s)); witnesses.Add(int64(w)) }
	defer func() { workHook = nil }()
	benchstd.Run(b, roots, analyzers...)
	if sites.Load() > 0 {
		b.ReportMetric(float64(sites.Load())/float64(b.N), "sites")
		b.ReportMetric(float64(witnesses.Load())/float64(sites.Load()), "witnesses/site")
	}
}

func BenchmarkNetHTTPBaseline(b *testing.B) {
	benchmark(b, benchstd.NetHTTP(b), httpmodel.Analyzer)
}

func BenchmarkNetHTTPEdgeRuntime(b *testing.B) {
	benchmark(b, benchstd.NetHTTP(b), Analyzer)
}

func BenchmarkStdBaseline(b *testing.B) {
	benchmark(b, benchstd.All(b), httpmodel.Analyzer)
}

func BenchmarkStdEdgeRuntime(b *testing.B) {
	benchmark(b, benchstd.All(b), Analyzer)
}

// BenchmarkStdCtrlflow is a point of comparison: x/tools' ctrlflow, which
// also visits every function of every package and exports facts.
func BenchmarkStdCtrlflow(b *testing.B) {
	benchmark(b, benchstd.All(b), httpmodel.Analyzer, ctrlflow.Analyzer)
}

// BenchmarkStdFacts reports the facts edgeruntime exports on std: how many
// functions carry one, and their average size, which stays bounded however
// large the code.
func BenchmarkStdFacts(b *testing.B) {
	all := benchstd.All(b)
	analyzeStandardLibrary = true
	defer func() { analyzeStandardLibrary = false }()
	var log bytes.Buffer
	for range b.N {
		log.Reset()
		if _, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, all, &checker.Options{FactLog: &log}); err != nil {
			b.Fatal(err)
		}
	}
	facts, apis := 0, 0
	for line := range strings.Lines(log.String()) {
		if strings.Contains(line, " has fact reaches ") {
			facts++
			apis += strings.Count(line, ";") + 1
		}
	}
	b.ReportMetric(float64(facts), "facts")
	b.ReportMetric(float64(apis)/float64(max(facts, 1)), "apis/fact")
	b.ReportMetric(float64(log.Len())/float64(max(facts, 1)), "bytes/fact")
}
