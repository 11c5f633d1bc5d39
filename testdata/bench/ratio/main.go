// Command ratio measures what routevet's analysis costs next to go vet's:
// it loads packages once (go/packages, every dependency from source, as
// the standalone driver does), then runs checker.Analyze with routevet's
// suite as the standalone driver runs it by default (without the
// analyzers that can report nothing there, see analyzers.Idle; -all runs
// every one) and with go vet's analyzers,
// alternating, a collection before each run, and prints the median CPU
// time of each and their ratio. Loading is not measured: both pay it.
//
// -by-analyzer splits routevet's time by analyzer, on the roots and on
// the dependencies that import net/http, depend on it or do not reach
// it; with -cpuprofile, the profile's samples are labelled the same way.
//
// Usage: go run ./testdata/bench/ratio [-all] [-n RUNS] [-C DIR] [-cpuprofile F] [-memprofile F] [-by-analyzer] PACKAGES...
package main

import (
	"context"
	"flag"
	"fmt"
	"go/types"
	"log"
	"maps"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/benchstd"
	"github.com/routevet/routevet/internal/flow"
)

func main() {
	runs := flag.Int("n", 5, "runs of each suite (the median counts)")
	dir := flag.String("C", "", "load the packages in this directory")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of routevet's runs to this file")
	memprofile := flag.String("memprofile", "", "write an allocation profile to this file")
	only := flag.Bool("routevet-only", false, "run only routevet's suite (for profiles)")
	floor := flag.Bool("floor", false, "measure, instead of routevet's suite, only what its analyzers share on every package, dependencies included: flow.Analyzer's noReturn facts (graphs and inspectors are built on demand)")
	flag.BoolVar(&everyAnalyzer, "all", false, "run every analyzer, also those the standalone driver leaves out where they can report nothing (as the vet tool, the golangci-lint plugin and the editor run them)")
	byAnalyzer := flag.Bool("by-analyzer", false, "run routevet's suite sequentially (-n times) and print the mean time of each analyzer, on the roots and on three kinds of dependencies")
	flag.Parse()
	patterns := flag.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: *dir}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		log.Fatal(err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if *byAnalyzer {
		labelRuns(defaultSuite(pkgs), pkgs)
		printByAnalyzer(pkgs, *runs)
		return
	}
	if *memprofile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	suite := defaultSuite(pkgs)
	if *floor {
		suite = []*analysis.Analyzer{floorAnalyzer}
	}
	var rv, vt []time.Duration
	for range *runs {
		rv = append(rv, measure(suite, pkgs))
		if !*only {
			vt = append(vt, measure(benchstd.Vet, pkgs))
		}
	}
	if *memprofile != "" {
		runtime.GC() // the profile shows allocations as of the last collection
		f, err := os.Create(*memprofile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			log.Fatal(err)
		}
	}
	if *only {
		fmt.Printf("%s: routevet %v CPU (median of %d)\n", where(*dir, patterns), median(rv).Round(time.Millisecond), *runs)
		return
	}
	name := "routevet"
	switch {
	case *floor:
		name = "flowgraphs only"
	case everyAnalyzer:
		name = "routevet (every analyzer)"
	}
	fmt.Printf("%s: %s %v, go vet's %d analyzers %v CPU (median of %d): ratio %.2f\n",
		where(*dir, patterns), name, median(rv).Round(time.Millisecond), len(benchstd.Vet), median(vt).Round(time.Millisecond), *runs,
		float64(median(rv))/float64(median(vt)))
}

func where(dir string, patterns []string) string {
	if dir == "" {
		return fmt.Sprint(patterns)
	}
	return dir
}

// measure returns the CPU time (user and system, every thread) of one
// analysis, after a collection so that no run pays for another's garbage.
func measure(as []*analysis.Analyzer, pkgs []*packages.Package) time.Duration {
	runtime.GC()
	start := cpuTime()
	if _, err := checker.Analyze(as, pkgs, nil); err != nil {
		log.Fatal(err)
	}
	return cpuTime() - start
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// printByAnalyzer runs the suite on one goroutine, where the checker's
// times of each action are accurate, runs times, and prints each
// analyzer's mean total, on the roots and on the dependencies.
func printByAnalyzer(pkgs []*packages.Package, runs int) {
	total := map[string]time.Duration{}
	var sum time.Duration
	class := map[*packages.Package]string{}
	var graph *checker.Graph
	for range runs {
		runtime.GC()
		var err error
		graph, err = checker.Analyze(defaultSuite(pkgs), pkgs, &checker.Options{Sequential: true})
		if err != nil {
			log.Fatal(err)
		}
		roots := map[*packages.Package]bool{}
		for _, act := range graph.Roots {
			roots[act.Package] = true
		}
		for act := range graph.All() {
			where, ok := class[act.Package]
			if !ok {
				where = " (deps" + httpClass(act.Package) + ")"
				if roots[act.Package] {
					where = " (roots)"
				}
				class[act.Package] = where
			}
			total[act.Analyzer.Name+where] += act.Duration / time.Duration(runs)
			sum += act.Duration / time.Duration(runs)
		}
	}
	if os.Getenv("RATIO_TOP") != "" {
		var acts []*checker.Action
		for act := range graph.All() {
			acts = append(acts, act)
		}
		slices.SortFunc(acts, func(a, b *checker.Action) int { return int(b.Duration - a.Duration) })
		for _, act := range acts[:min(40, len(acts))] {
			fmt.Printf("  %-12s %-50s %v\n", act.Analyzer.Name, act.Package.ID, act.Duration.Round(time.Millisecond))
		}
	}
	names := slices.Sorted(maps.Keys(total))
	slices.SortFunc(names, func(a, b string) int { return int(total[b] - total[a]) })
	for _, n := range names {
		fmt.Printf("%-40s %8v %5.1f%%\n", n, total[n].Round(time.Millisecond), 100*float64(total[n])/float64(sum))
	}
}

// floorAnalyzer does nothing but require what routevet's analyzers require
// of every package, dependencies included (it has a fact type, so the
// checker runs it on dependencies too): what the suite costs before any
// of its own work.
var floorAnalyzer = &analysis.Analyzer{
	Name:      "floor",
	Doc:       "requires what routevet's analyzers share on every package",
	Requires:  []*analysis.Analyzer{flow.Analyzer},
	FactTypes: []analysis.Fact{new(floorFact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

type floorFact struct{}

func (*floorFact) AFact() {}

// httpClass tells the dependencies that import net/http, those that
// only depend on it and those that do not reach it apart.
func httpClass(pkg *packages.Package) string {
	if pkg.PkgPath == "net/http" || pkg.Imports["net/http"] != nil {
		return ", import net/http"
	}
	seen := map[*packages.Package]bool{}
	var reaches func(*packages.Package) bool
	reaches = func(p *packages.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		if p.PkgPath == "net/http" {
			return true
		}
		for _, imp := range p.Imports {
			if reaches(imp) {
				return true
			}
		}
		return false
	}
	if reaches(pkg) {
		return ", reach net/http"
	}
	return ", no net/http"
}

// defaultSuite is what routevet ./... runs on pkgs: every analyzer but
// those that can report nothing there (purehandler where no package's
// configuration turns it on, edgeruntime where no package can have an
// edge handler), as the standalone driver leaves them out
// (analyzers.WithoutIdle); with -all, every analyzer.
func defaultSuite(pkgs []*packages.Package) []*analysis.Analyzer {
	if everyAnalyzer {
		return analyzers.All()
	}
	return analyzers.WithoutIdle(analyzers.All(), pkgs)
}

// everyAnalyzer is -all.
var everyAnalyzer bool

// labelRuns makes every analyzer of the suite, required ones included,
// run under pprof labels naming it and the kind of package (see
// httpClass), so that a CPU profile of -by-analyzer splits by them
// (pprof -tagfocus "run=effects roots").

func labelRuns(suite []*analysis.Analyzer, pkgs []*packages.Package) {
	class := map[*types.Package]string{}
	roots := map[*packages.Package]bool{}
	for _, p := range pkgs {
		roots[p] = true
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if roots[p] {
			class[p.Types] = "roots"
		} else {
			class[p.Types] = strings.TrimPrefix(httpClass(p), ", ")
		}
	})
	seen := map[*analysis.Analyzer]bool{}
	var wrap func(a *analysis.Analyzer)
	wrap = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			wrap(req)
		}
		run := a.Run
		a.Run = func(pass *analysis.Pass) (result any, err error) {
			pprof.Do(context.Background(), pprof.Labels("analyzer", a.Name, "class", class[pass.Pkg], "run", a.Name+" "+class[pass.Pkg]), func(context.Context) {
				result, err = run(pass)
			})
			return result, err
		}
	}
	for _, a := range suite {
		wrap(a)
	}
}
