package driver

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/config"
)

const usageText = `%[1]s checks Go HTTP handlers for likely mistakes.

Usage:

	go vet -vettool=$(command -v %[1]s) [-NAME...] [-json] [-fix [-diff]] [packages]
		report findings, or apply suggested fixes, as go vet's tool
	go fix -fixtool=$(command -v %[1]s) [-diff] [packages]
		apply suggested fixes, or print them as a diff, as go fix's tool
	%[1]s [flags] [packages]
		the same on its own: findings go to stderr, and exit status
		3; -json prints them to stdout as go vet -json does; -fix
		applies fixes, and -fix -diff prints them as a diff (exit
		status 1 if there is one); a failed analysis exits with 1
	%[1]s -format text|json|sarif|yaml|markdown [-o file] [-summary] [packages]
		write the report to stdout (or the file) in that format:
		text exits with status 3 for findings, the others with 0
		as -json does; -summary adds the migration summary
	%[1]s lsp [-gopls[=path]]
		serve the Language Server Protocol on stdin and stdout, for
		diagnostics and quick fixes in an editor; -gopls also starts
		gopls and serves its features and routevet's as one server
	%[1]s help [analyzer]
		this help, or an analyzer's documentation and flags
	%[1]s version
		print the version
`

// usage writes the short usage message, for -h and a missing argument.
func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, usageText, c.name)
	fmt.Fprintf(w, "\nRun '%s help' for the analyzers and flags.\n", c.name)
}

// help writes the command's help, or with names each named analyzer's.
func (c *command) help(names []string) int {
	if len(names) == 0 {
		c.generalHelp()
		return exitOK
	}
	for i, name := range names {
		if i > 0 {
			fmt.Fprintln(c.stdout)
		}
		k := slices.IndexFunc(c.suite, func(e analyzers.Entry) bool { return e.Analyzer.Name == name })
		if k < 0 {
			c.errorf("no analyzer %q (run '%s help' for the list)", name, c.name)
			return exitError
		}
		c.analyzerHelp(c.suite[k])
	}
	return exitOK
}

func (c *command) generalHelp() {
	w := c.stdout
	fmt.Fprintf(w, usageText, c.name)
	fmt.Fprintf(w, "\nAnalyzers:\n\n")
	suite := slices.Clone(c.suite)
	slices.SortFunc(suite, func(x, y analyzers.Entry) int { return strings.Compare(x.Analyzer.Name, y.Analyzer.Name) })
	for _, e := range suite {
		fmt.Fprintf(w, "    %-16s %s\n", e.Analyzer.Name, title(e.Analyzer.Doc))
	}
	fmt.Fprintf(w, `
By default all analyzers run. To select some, use the -NAME flag for each
one, or -NAME=false to run all but those.
`)
	if optIn := c.optIn(); len(optIn) > 0 {
		fmt.Fprintf(w, `
These report nothing unless turned on, with -NAME or in %s
("enable: [NAME]"), since their findings are advice: %s.
`, config.FileName, strings.Join(optIn, ", "))
	}
	fmt.Fprintf(w, `
Each package's configuration is the nearest %s in its directory or
above, up to its module's root. It may disable analyzers or categories,
enable opt-in ones, and ignore files.

Flags:

`, config.FileName)
	fs, _ := c.flagSet(analyzersOf(c.suite))
	core := flag.NewFlagSet("", flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(f.Name, ".") {
			core.Var(f.Value, f.Name, f.Usage)
		}
	})
	core.SetOutput(w)
	core.PrintDefaults()
	fmt.Fprintf(w, "\nAn analyzer's own flags are -NAME.flag. To see an analyzer's details and\nflags, run '%s help NAME'.\n", c.name)
}

func (c *command) analyzerHelp(e analyzers.Entry) {
	w := c.stdout
	a := e.Analyzer
	paras := strings.SplitN(a.Doc, "\n\n", 2)
	// An analyzer's doc starts "NAME: what it does" (analyzerdoc checks
	// routevet's own); name it only when the doc does not.
	if strings.HasPrefix(paras[0], a.Name+": ") {
		fmt.Fprintf(w, "%s\n", paras[0])
	} else {
		fmt.Fprintf(w, "%s: %s\n", a.Name, paras[0])
	}
	if len(paras) > 1 {
		fmt.Fprintf(w, "\n%s\n", strings.TrimRight(paras[1], "\n"))
	}
	if len(e.Categories) > 0 {
		fmt.Fprintf(w, "\nCategories (to enable or disable in %s):\n\n", config.FileName)
		for _, cat := range e.Categories {
			fmt.Fprintf(w, "    %s/%s\n", a.Name, cat)
		}
	}
	if slices.Contains(config.OptIn, a.Name) {
		fmt.Fprintf(w, "\nIt reports nothing unless turned on: -%s, or \"enable: [%[1]s]\" in %s.\n", a.Name, config.FileName)
	}
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	if hasFlags(&a.Flags) {
		fmt.Fprintf(w, "\nAnalyzer flags:\n\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// optIn returns the names in the suite, of analyzers or categories, that
// report nothing unless turned on.
func (c *command) optIn() []string {
	known := knownNames(c.suite)
	var names []string
	for _, name := range config.OptIn {
		if slices.Contains(known, name) {
			names = append(names, name)
		}
	}
	return names
}

// title returns the first paragraph of an analyzer's documentation, on
// one line.
func title(doc string) string {
	first, _, _ := strings.Cut(doc, "\n\n")
	return strings.Join(strings.Fields(first), " ")
}

// moduleVersion returns the version of the module the program was built
// from: a tag such as v0.1.0 when installed with go install, or (devel).
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
