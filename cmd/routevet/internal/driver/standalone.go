package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/config"
	"github.com/routevet/routevet/report"
)

// Exit codes, as golang.org/x/tools checkers use them.
const (
	exitOK       = 0 // nothing found; with -fix, every fix applied
	exitError    = 1 // the analysis failed, or (-fix -diff) the diff is not empty
	exitUsage    = 2 // bad flags
	exitFindings = 3 // findings reported
)

// Run runs the command on its own, as routevet [flags] packages (or help,
// or version). args are as os.Args: args[0] names the program. It writes
// findings in text to stderr and JSON and diffs to stdout, as go vet does,
// and returns the exit code.
func Run(args []string, suite []analyzers.Entry, stdout, stderr io.Writer) int {
	c := &command{
		name:   filepath.Base(args[0]),
		suite:  suite,
		stdout: stdout,
		stderr: stderr,
	}
	return c.run(args[1:])
}

type command struct {
	name           string
	suite          []analyzers.Entry
	stdout, stderr io.Writer
}

// options are the command's own flags.
type options struct {
	fix, diff, json, tests, version bool
	tags                            string
	context                         int
	enabled                         map[*analysis.Analyzer]*triState
}

func (c *command) run(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "help":
			return c.help(args[1:])
		case "version":
			fmt.Fprintf(c.stdout, "%s %s\n", c.name, moduleVersion())
			return exitOK
		}
	}
	all := analyzersOf(c.suite)
	if err := analysis.Validate(all); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	fs, opts := c.flagSet(all)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	patterns := fs.Args()
	switch {
	case opts.version:
		fmt.Fprintf(c.stdout, "%s version %s\n", c.name, moduleVersion())
		return exitOK
	case len(patterns) > 0 && patterns[0] == "help":
		return c.help(patterns[1:])
	case len(patterns) == 0:
		c.usage(c.stderr)
		return exitError
	case opts.diff && !opts.fix:
		c.errorf("-diff requires -fix")
		return exitUsage
	}
	selected, choices := selectAnalyzers(all, opts.enabled)
	useSuite(c.suite)
	config.SetCommandLine(choices)
	return c.analyze(patterns, selected, opts)
}

// flagSet returns the flags of the standalone command: x/tools' checker
// flags, the -NAME flags that choose analyzers, and each analyzer's own
// flags as -NAME.flag.
func (c *command) flagSet(all []*analysis.Analyzer) (*flag.FlagSet, *options) {
	opts := new(options)
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() { c.usage(c.stderr) }
	fs.BoolVar(&opts.fix, "fix", false, "apply the first suggested fix of each finding")
	fs.BoolVar(&opts.diff, "diff", false, "with -fix, don't update the files, but print a unified diff")
	fs.BoolVar(&opts.json, "json", false, "emit JSON output, as go vet -json")
	fs.IntVar(&opts.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&opts.tests, "test", true, "indicates whether test files should be analyzed, too")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated list of build tags")
	fs.BoolVar(&opts.version, "V", false, "print version and exit (-V=full: as the go command expects)")
	opts.enabled = addEnableFlags(fs, all)
	addAnalyzerFlags(fs, all)
	return fs, opts
}

// analyze loads the packages, analyzes them, and reports.
func (c *command) analyze(patterns []string, selected []*analysis.Analyzer, opts *options) int {
	pkgs, err := load(patterns, opts, needFacts(selected))
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	exit := exitOK
	// As x/tools does, report package errors and go on: analyzers that
	// can run despite them still report.
	if c.printLoadErrors(pkgs) > 0 {
		exit = exitError
	}
	if !c.checkConfigs(pkgs) {
		return exitError
	}
	graph, err := checker.Analyze(selected, pkgs, nil)
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	res, src := collect(graph)
	switch {
	case opts.fix:
		// x/tools prints nothing but fix failures here; analysis errors
		// are printed too, lest a failed analysis look like nothing
		// to fix.
		if len(res.Errors) > 0 {
			c.writeText(&report.Result{Errors: res.Errors}, -1)
			exit = exitError
		}
		return max(exit, c.applyFixes(res, src, opts.diff))
	case opts.json:
		// As with x/tools, findings and analysis errors are in the JSON,
		// and do not change the exit code.
		if err := report.WriteJSON(c.stdout, res); err != nil {
			c.errorf("%v", err)
			return exitError
		}
		return exit
	}
	c.writeText(res, opts.context)
	switch {
	case len(res.Errors) > 0:
		return exitError
	case len(res.Findings) > 0:
		return max(exit, exitFindings)
	}
	return exit
}

func (c *command) writeText(res *report.Result, context int) {
	cwd, _ := os.Getwd()
	if err := report.WriteText(c.stderr, res, report.TextOptions{Context: context, Dir: cwd}); err != nil {
		c.errorf("%v", err)
	}
}

func load(patterns []string, opts *options, allSyntax bool) ([]*packages.Package, error) {
	mode := packages.LoadSyntax | packages.NeedModule
	if allSyntax {
		// Analyzers with facts run on every dependency, from source.
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	cfg := &packages.Config{Mode: mode, Tests: opts.tests}
	if opts.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + opts.tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return pkgs, err
}

// needFacts reports whether any of the analyzers, or any they require,
// uses facts.
func needFacts(all []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(list []*analysis.Analyzer) bool {
		for _, a := range list {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(all)
}

// printLoadErrors prints the errors of the packages and their
// dependencies, and of their modules once each, as packages.PrintErrors
// does, and returns how many it printed.
func (c *command) printLoadErrors(pkgs []*packages.Package) int {
	n := 0
	modules := make(map[*packages.Module]bool)
	for pkg := range packages.Postorder(pkgs) {
		for _, err := range pkg.Errors {
			fmt.Fprintln(c.stderr, err)
			n++
		}
		if mod := pkg.Module; mod != nil && mod.Error != nil && !modules[mod] {
			modules[mod] = true
			fmt.Fprintln(c.stderr, mod.Error.Err)
			n++
		}
	}
	return n
}

// checkConfigs reads the configuration of every package, and prints each
// distinct error once: a file that cannot be decoded, or that names an
// analyzer or category the suite does not have. Analysis under such a
// configuration would not be what the user asked for, so it does not run.
func (c *command) checkConfigs(pkgs []*packages.Package) bool {
	cwd, _ := os.Getwd()
	seen := make(map[string]bool)
	for _, pkg := range pkgs {
		if pkg.Dir == "" {
			continue
		}
		if _, err := config.ForDir(pkg.Dir); err != nil && !seen[err.Error()] {
			seen[err.Error()] = true
			// The message starts with the file's name: shorten it as
			// the go command does.
			fmt.Fprintln(c.stderr, strings.TrimPrefix(err.Error(), cwd+string(filepath.Separator)))
		}
	}
	return len(seen) == 0
}

// errorf prints a message prefixed with the program's name, as x/tools
// drivers log.
func (c *command) errorf(format string, args ...any) {
	fmt.Fprintf(c.stderr, "%s: %s\n", c.name, fmt.Sprintf(format, args...))
}
