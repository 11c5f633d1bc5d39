package edgeruntime

import (
	"bytes"
	"go/ast"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers/internal/httpmodel"
)

// The benchmarks measure the analyzer on the standard library, treated as
// application code (so every function is scanned and facts flow through
// all of it), against the baseline every routevet analyzer pays: the
// handler model and the inspector. Two sizes, net/http with its
// dependencies and all of std, show whether the cost grows with the code:
// compare the extra CPU ns per AST node.
//
//	go test ./analyzers/edgeruntime -run '^$' -bench . -benchtime 3x
var std struct {
	once    sync.Once
	all     []*packages.Package // every std package
	netHTTP []*packages.Package // net/http and its dependencies
	err     error
}

func loadStd(b *testing.B) {
	if testing.Short() {
		b.Skip("loads the standard library from source")
	}
	std.once.Do(func() {
		cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: false}
		std.all, std.err = packages.Load(cfg, "std")
		// Every package of net/http's closure is a root, so that the
		// baseline, which has no facts, analyzes the same packages.
		for _, p := range std.all {
			if p.PkgPath == "net/http" {
				packages.Visit([]*packages.Package{p}, nil, func(dep *packages.Package) {
					std.netHTTP = append(std.netHTTP, dep)
				})
			}
		}
	})
	if std.err != nil {
		b.Fatal(std.err)
	}
}

// nodes counts the AST nodes of the packages (and their dependencies,
// which are among them).
func nodes(pkgs []*packages.Package) int {
	n := 0
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			ast.Inspect(f, func(x ast.Node) bool {
				if x != nil {
					n++
				}
				return true
			})
		}
	}
	return n
}

// benchmark reports, besides wall time, the CPU time per AST node: on a
// shared machine the wall time mostly measures the neighbours.
func benchmark(b *testing.B, roots []*packages.Package, analyzers ...*analysis.Analyzer) {
	loadStd(b)
	analyzeStandardLibrary = true
	defer func() { analyzeStandardLibrary = false }()
	n := nodes(roots)
	// The loaded standard library is a large live heap, and each garbage
	// collection marks all of it: collecting during the analysis would
	// charge the analyzer that allocates most for the size of the heap.
	// The analysis runs with collection off; each run is collected
	// after, untimed.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var sites, witnesses atomic.Int64
	workHook = func(s, w int) { sites.Add(int64(s)); witnesses.Add(int64(w)) }
	defer func() { workHook = nil }()
	var cpu int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		start := cpuTime()
		if _, err := checker.Analyze(analyzers, roots, nil); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
	}
	b.StopTimer()
	runtime.GC()
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(cpu)/float64(b.N)/float64(n), "cpu-ns/node")
	b.ReportMetric(float64(n), "nodes")
	if sites.Load() > 0 {
		// Deterministic measures of the work, immune to the machine's
		// load: witnesses per call site stay flat when the code grows.
		b.ReportMetric(float64(sites.Load())/float64(b.N), "sites")
		b.ReportMetric(float64(witnesses.Load())/float64(sites.Load()), "witnesses/site")
	}
}

// cpuTime returns the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func BenchmarkNetHTTPBaseline(b *testing.B) {
	loadStd(b)
	benchmark(b, std.netHTTP, httpmodel.Analyzer)
}

func BenchmarkNetHTTPEdgeRuntime(b *testing.B) {
	loadStd(b)
	benchmark(b, std.netHTTP, Analyzer)
}

func BenchmarkStdBaseline(b *testing.B) {
	loadStd(b)
	benchmark(b, std.all, httpmodel.Analyzer)
}

func BenchmarkStdEdgeRuntime(b *testing.B) {
	loadStd(b)
	benchmark(b, std.all, Analyzer)
}

// BenchmarkStdCtrlflow is a point of comparison: x/tools' ctrlflow, which
// also visits every function of every package and exports facts.
func BenchmarkStdCtrlflow(b *testing.B) {
	loadStd(b)
	benchmark(b, std.all, httpmodel.Analyzer, ctrlflow.Analyzer)
}

// BenchmarkStdFacts reports the facts edgeruntime exports on std: how many
// functions carry one, and their average size, which stays bounded however
// large the code.
func BenchmarkStdFacts(b *testing.B) {
	loadStd(b)
	analyzeStandardLibrary = true
	defer func() { analyzeStandardLibrary = false }()
	var log bytes.Buffer
	for range b.N {
		log.Reset()
		if _, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, std.all, &checker.Options{FactLog: &log}); err != nil {
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
