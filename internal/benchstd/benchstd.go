// Package benchstd runs analyzers over the standard library, loaded from
// source once per test binary, for the benchmarks of routevet's
// analyzers. Two sizes, net/http with its dependencies and all of std,
// show whether the cost grows with the code: compare the per-node
// figures, which stay flat when it grows linearly. A real module, named
// by $ROUTEVET_BENCH_MODULE, is where HTTP-heavy code is measured.
package benchstd

import (
	"go/ast"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

var std struct {
	once    sync.Once
	all     []*packages.Package // every std package
	netHTTP []*packages.Package // net/http and its dependencies
	err     error
}

func load(b *testing.B) {
	if testing.Short() {
		b.Skip("loads the standard library from source")
	}
	std.once.Do(func() {
		cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: false}
		std.all, std.err = packages.Load(cfg, "std")
		// Every package of net/http's closure is a root, so that an
		// analyzer without facts analyzes the same packages as one with.
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

// NetHTTP returns net/http and every package it depends on.
func NetHTTP(b *testing.B) []*packages.Package {
	load(b)
	return std.netHTTP
}

// All returns every package of the standard library.
func All(b *testing.B) []*packages.Package {
	load(b)
	return std.all
}

// ModuleEnv names the variable that holds the directory of the module
// the Module benchmarks load.
const ModuleEnv = "ROUTEVET_BENCH_MODULE"

var module struct {
	once sync.Once
	pkgs []*packages.Package
	err  error
}

// Module returns the packages of the module in $ROUTEVET_BENCH_MODULE
// (./... there, every dependency loaded from source, as the standalone
// driver loads them), loaded once per test binary; the benchmark is
// skipped when the variable is not set.
func Module(b *testing.B) []*packages.Package {
	dir := os.Getenv(ModuleEnv)
	if dir == "" {
		b.Skip("set " + ModuleEnv + " to a module's directory, such as a web application's")
	}
	module.once.Do(func() {
		cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
		module.pkgs, module.err = packages.Load(cfg, "./...")
	})
	if module.err != nil {
		b.Fatal(module.err)
	}
	return module.pkgs
}

// Nodes counts the AST nodes of the packages.
func Nodes(pkgs []*packages.Package) int {
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

// Run analyzes roots with the analyzers b.N times and reports, besides
// wall time, the CPU time and the bytes allocated per run and per AST
// node: on a shared machine the wall time mostly measures the
// neighbours, and CPU time per node is what must stay flat as code grows.
func Run(b *testing.B, roots []*packages.Package, analyzers ...*analysis.Analyzer) {
	n := Nodes(roots)
	// The loaded standard library is a large live heap, and each garbage
	// collection marks all of it: collecting during the analysis would
	// charge the analyzer that allocates most for the size of the heap.
	// The analysis runs with collection off; each run is collected
	// after, untimed.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var cpu int64
	var allocated uint64
	var before, after runtime.MemStats
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		start := cpuTime()
		if _, err := checker.Analyze(analyzers, roots, nil); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
		b.StopTimer()
		runtime.ReadMemStats(&after)
		allocated += after.TotalAlloc - before.TotalAlloc
		b.StartTimer()
	}
	b.StopTimer()
	runtime.GC()
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(cpu)/float64(b.N)/float64(n), "cpu-ns/node")
	b.ReportMetric(float64(allocated)/float64(b.N)/float64(n), "alloc-B/node")
	b.ReportMetric(float64(n), "nodes")
}

// cpuTime returns the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
