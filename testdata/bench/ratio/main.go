// Command ratio measures what routevet's analysis costs next to go vet's:
// it loads packages once (go/packages, every dependency from source, as
// the standalone driver does), then runs checker.Analyze with routevet's
// suite (as configured by default) and with go vet's analyzers,
// alternating, a collection before each run, and prints the median CPU
// time of each and their ratio. Loading is not measured: both pay it.
//
// Usage: go run ./testdata/bench/ratio [-n RUNS] [-C DIR] [-cpuprofile F] [-memprofile F] PACKAGES...
package main

import (
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
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
	byAnalyzer := flag.Bool("by-analyzer", false, "run routevet's suite once, sequentially, and print the time of each analyzer")
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
	if *byAnalyzer {
		printByAnalyzer(pkgs)
		return
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
	if *memprofile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	suite := analyzers.All()
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
	if *floor {
		name = "flowgraphs only"
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
// times of each action are accurate, and prints each analyzer's total.
func printByAnalyzer(pkgs []*packages.Package) {
	runtime.GC()
	graph, err := checker.Analyze(analyzers.All(), pkgs, &checker.Options{Sequential: true})
	if err != nil {
		log.Fatal(err)
	}
	total := map[string]time.Duration{}
	var sum time.Duration
	roots := map[*packages.Package]bool{}
	for _, act := range graph.Roots {
		roots[act.Package] = true
	}
	for act := range graph.All() {
		where := " (deps)"
		if roots[act.Package] {
			where = " (roots)"
		}
		total[act.Analyzer.Name+where] += act.Duration
		sum += act.Duration
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
		fmt.Printf("%-22s %8v %5.1f%%\n", n, total[n].Round(time.Millisecond), 100*float64(total[n])/float64(sum))
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
