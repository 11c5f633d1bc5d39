package driver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/analyze"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/lsp"
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
	// format is the -format flag, "" when not given; output is -o.
	format, output string
	summary        bool
}

func (c *command) run(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "help":
			return c.help(args[1:])
		case "version":
			fmt.Fprintf(c.stdout, "%s %s\n", c.name, moduleVersion())
			return exitOK
		case "lsp":
			return c.lsp(args[1:])
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
	if err := checkReportFlags(opts); err != nil {
		c.errorf("%v", err)
		return exitUsage
	}
	selected, choices := selectAnalyzers(all, opts.enabled)
	useSuite(c.suite)
	config.SetCommandLine(choices)
	return c.analyze(patterns, selected, choices, opts)
}

// checkReportFlags checks the flags that choose the report, and makes
// -json the same as -format json.
func checkReportFlags(opts *options) error {
	if opts.json {
		if opts.format != "" && opts.format != string(report.JSON) {
			return fmt.Errorf("-json is -format json: it cannot go with -format %s", opts.format)
		}
		opts.format = string(report.JSON)
	}
	if opts.format != "" {
		if _, err := report.ParseFormat(opts.format); err != nil {
			return fmt.Errorf("-format: %v", err)
		}
	}
	if opts.fix && (opts.format != "" || opts.output != "" || opts.summary) {
		return fmt.Errorf("-fix writes no report: it cannot go with -json, -format, -o or -summary")
	}
	return nil
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
	fs.BoolVar(&opts.json, "json", false, "emit JSON output, as go vet -json (the same as -format json)")
	fs.StringVar(&opts.format, "format", "", "write the report to stdout in this format: text, json, sarif, yaml or markdown")
	fs.StringVar(&opts.output, "o", "", "write the report to this file instead")
	fs.BoolVar(&opts.summary, "summary", false, "add the migration summary to the report: handlers found, pure, mutable, migratable, blocked; CORS and edge counts")
	fs.IntVar(&opts.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&opts.tests, "test", true, "indicates whether test files should be analyzed, too")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated list of build tags")
	fs.BoolVar(&opts.version, "V", false, "print version and exit (-V=full: as the go command expects)")
	opts.enabled = addEnableFlags(fs, all)
	addAnalyzerFlags(fs, all)
	return fs, opts
}

// analyze loads the packages, analyzes them, and reports.
func (c *command) analyze(patterns []string, selected []*analysis.Analyzer, choices map[string]bool, opts *options) int {
	res, src, exit := c.result(patterns, selected, choices, opts)
	switch {
	case res == nil:
		return exit
	case opts.fix:
		// x/tools prints nothing but fix failures here; analysis errors
		// are printed too, lest a failed analysis look like nothing
		// to fix.
		if len(res.Errors) > 0 {
			c.writeText(&report.Result{Errors: res.Errors}, -1)
			exit = exitError
		}
		return max(exit, c.applyFixes(res, src, opts.diff))
	}
	return c.report(res, exit, opts)
}

// result loads the packages and analyzes them. It returns the result,
// with the summary if asked for, and the exit code so far; or a nil
// result and the exit code if the analysis could not run.
func (c *command) result(patterns []string, selected []*analysis.Analyzer, choices map[string]bool, opts *options) (*report.Result, *sources, int) {
	p, runChoices := newPlan(c.suite, selected, choices, opts.summary)
	pkgs, err := load(patterns, opts)
	if err != nil {
		c.errorf("%v", err)
		return nil, nil, exitError
	}
	// Analysis under a configuration that cannot be read would not be
	// what the user asked for, so it does not run; the packages are
	// still type-checked, for their errors.
	configErrs := configErrors(pkgs)
	if len(configErrs) == 0 {
		config.SetCommandLine(runChoices)
		p.leaveOutIdle(pkgs)
	}
	suite := analyze.NewSuite(p.roots)
	// With analyzers that use facts, dependencies are analyzed, and
	// type-checked in full.
	allSyntax := suite.NeedsFacts()
	fset := token.NewFileSet()
	var run *analysisRun
	if len(configErrs) > 0 {
		analyze.Run(fset, pkgs, nil, allSyntax, nil)
	} else {
		config.SetCommandLine(runChoices)
		run = analyzePackages(fset, pkgs, p, suite)
		config.SetCommandLine(choices) // what the user asked for decides what is reported
	}
	exit := exitOK
	// As x/tools does, report package errors and go on: analyzers that
	// can run despite them still report.
	if c.printLoadErrors(pkgs) > 0 {
		exit = exitError
	}
	if len(configErrs) > 0 {
		for _, msg := range configErrs {
			fmt.Fprintln(c.stderr, msg)
		}
		return nil, nil, exitError
	}
	res, src := collect(fset, run, p.reports)
	res.Analyzers = describe(c.suite, selected)
	if opts.summary {
		res.Summary = summarize(fset, run, p)
	}
	return res, src, exit
}

// report writes the report and returns the exit code: with text, as go
// vet's, 3 for findings and 1 for failed analyses; with other formats,
// as with x/tools -json, findings and analysis errors are in the report
// and do not change the exit code, since the report is the result for
// the tools that read it.
func (c *command) report(res *report.Result, exit int, opts *options) int {
	if err := c.writeReport(res, opts); err != nil {
		c.errorf("%v", err)
		return exitError
	}
	if opts.format != "" && opts.format != string(report.Text) {
		return exit
	}
	switch {
	case len(res.Errors) > 0:
		return exitError
	case len(res.Findings) > 0:
		return max(exit, exitFindings)
	}
	return exit
}

// writeReport writes the report where and as the flags say: by default
// as go vet prints findings, to stderr; with -format, in that format to
// stdout; with -o, to that file.
func (c *command) writeReport(res *report.Result, opts *options) error {
	cwd, _ := os.Getwd()
	var w io.Writer = c.stdout
	if opts.format == "" {
		w = c.stderr
	}
	var file *os.File
	if opts.output != "" {
		f, err := os.Create(opts.output)
		if err != nil {
			return err
		}
		file, w = f, f
	}
	var err error
	if opts.format == "" {
		err = report.WriteText(w, res, report.TextOptions{Context: opts.context, Dir: cwd})
	} else {
		err = report.Write(w, res, report.Format(opts.format), report.Options{
			Dir:         cwd,
			Root:        repositoryRoot(cwd),
			Context:     opts.context,
			ToolVersion: moduleVersion(),
			Warn:        func(msg string) { c.errorf("warning: %s", msg) },
		})
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// repositoryRoot returns the root of the repository holding dir, the
// nearest directory with a .git entry, or dir itself when there is none:
// code scanning resolves SARIF's relative locations against the root of
// the checked-out repository.
func repositoryRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// describe returns what reports say of the selected analyzers.
func describe(suite []analyzers.Entry, selected []*analysis.Analyzer) []report.Analyzer {
	var out []report.Analyzer
	for _, e := range suite {
		if slices.Contains(selected, e.Analyzer) {
			out = append(out, report.Analyzer{
				Name:       e.Analyzer.Name,
				Doc:        e.Analyzer.Doc,
				URL:        e.Analyzer.URL,
				Categories: e.Categories,
			})
		}
	}
	slices.SortFunc(out, func(x, y report.Analyzer) int { return strings.Compare(x.Name, y.Name) })
	return out
}

func (c *command) writeText(res *report.Result, context int) {
	cwd, _ := os.Getwd()
	if err := report.WriteText(c.stderr, res, report.TextOptions{Context: context, Dir: cwd}); err != nil {
		c.errorf("%v", err)
	}
}

// load lists the packages of patterns and their dependencies, without
// their syntax or types: analyze.Run parses and type-checks each in turn.
func load(patterns []string, opts *options) ([]*packages.Package, error) {
	const mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
		packages.NeedImports | packages.NeedDeps | packages.NeedTypesSizes | packages.NeedModule
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

// configErrors reads the configuration of every package, and returns
// each distinct error once: a file that cannot be decoded, or that names
// an analyzer or category the suite does not have.
func configErrors(pkgs []*packages.Package) []string {
	cwd, _ := os.Getwd()
	seen := make(map[string]bool)
	var msgs []string
	for _, pkg := range pkgs {
		if pkg.Dir == "" {
			continue
		}
		if _, err := config.ForDir(pkg.Dir); err != nil && !seen[err.Error()] {
			seen[err.Error()] = true
			// The message starts with the file's name: shorten it as
			// the go command does.
			msgs = append(msgs, strings.TrimPrefix(err.Error(), cwd+string(filepath.Separator)))
		}
	}
	return msgs
}

// errorf prints a message prefixed with the program's name, as x/tools
// drivers log.
func (c *command) errorf(format string, args ...any) {
	fmt.Fprintf(c.stderr, "%s: %s\n", c.name, fmt.Sprintf(format, args...))
}

// lsp serves the Language Server Protocol on standard input and output
// until the editor asks it to exit. With -gopls, it fronts gopls (started
// as a child process) and merges the two servers.
func (c *command) lsp(args []string) int {
	fs := flag.NewFlagSet(c.name+" lsp", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	var gopls goplsFlag
	fs.Var(&gopls, "gopls", "front gopls: start it (-gopls=PATH: that executable) and serve its features and routevet's as one server")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		c.errorf("lsp: unexpected arguments %q", fs.Args())
		return exitUsage
	}
	opts := []lsp.Option{lsp.Version(moduleVersion())}
	if gopls != "" {
		opts = append(opts, lsp.Gopls(string(gopls)))
	}
	err := lsp.Serve(context.Background(), os.Stdin, c.stdout, analyzersOf(c.suite), opts...)
	if err != nil {
		c.errorf("lsp: %v", err)
		return exitError
	}
	return exitOK
}

// goplsFlag is -gopls (gopls from PATH) or -gopls=PATH; "" when off.
type goplsFlag string

func (f *goplsFlag) String() string   { return string(*f) }
func (f *goplsFlag) IsBoolFlag() bool { return true }
func (f *goplsFlag) Set(v string) error {
	switch v {
	case "true":
		*f = "gopls"
	case "false", "":
		*f = ""
	default:
		*f = goplsFlag(v)
	}
	return nil
}
