// Package driver is the routevet command, one program that runs every way
// a Go user expects an analysis tool to run:
//
//   - as the vet tool of go vet -vettool, and the fix tool of go fix
//     -fixtool, through golang.org/x/tools/go/analysis/unitchecker;
//   - on its own, routevet [flags] packages, loading packages with
//     golang.org/x/tools/go/packages;
//   - as routevet help [analyzer] and routevet version.
//
// The analyzers are a parameter, so that tests can run the real driver
// with analyzers of their own.
package driver

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/config"
)

// Main runs the command with the given analyzers on os.Args, and exits.
func Main(suite []analyzers.Entry) {
	if invokedByGoCommand(os.Args[1:]) {
		vetTool(suite)
	}
	os.Exit(Run(os.Args, suite, os.Stdout, os.Stderr))
}

// invokedByGoCommand reports whether args follow the protocol by which go
// vet and go fix drive a tool: -V=full to identify it, -flags to list its
// flags, then flags and one vet.cfg file per package.
func invokedByGoCommand(args []string) bool {
	for _, arg := range args {
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			break
		}
		switch strings.TrimPrefix(arg, "-") {
		case "-flags", "flags", "-V=full", "V=full":
			return true
		}
	}
	last := ""
	if len(args) > 0 {
		last = args[len(args)-1]
	}
	return strings.HasSuffix(last, ".cfg") && !strings.HasPrefix(last, "-")
}

// vetTool hands the command over to unitchecker, as go vet and go fix
// expect. unitchecker parses the -NAME flags itself; the analyzers learn
// the choices made with them through the config package, which is how
// opt-in analyzers get turned on.
func vetTool(suite []analyzers.Entry) {
	if slices.Contains(os.Args[1:], "-V=full") || slices.Contains(os.Args[1:], "--V=full") {
		if err := printToolID(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", filepath.Base(os.Args[0]), err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	all := analyzersOf(suite)
	useSuite(suite)
	config.SetCommandLine(enableChoices(os.Args[1:], all))
	if last := os.Args[len(os.Args)-1]; strings.HasSuffix(last, ".cfg") {
		if err := checkUnitConfig(last); err != nil {
			// An error printed and a failure make go vet show it under
			// the package's name, every run: an analysis error in the
			// JSON output would be shown once, then cached away.
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	unitchecker.Main(all...)
	panic("unreachable") // unitchecker.Main exits
}

// checkUnitConfig checks the configuration of the package a vet.cfg file
// describes. Packages analyzed only for their facts, dependencies such as
// the standard library, are not checked: their findings are not reported.
func checkUnitConfig(cfgFile string) error {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return nil // unitchecker reports it
	}
	var unit struct {
		Dir      string
		GoFiles  []string
		VetxOnly bool
	}
	if err := json.Unmarshal(data, &unit); err != nil || unit.VetxOnly {
		return nil
	}
	dir := unit.Dir
	if dir == "" && len(unit.GoFiles) > 0 {
		dir = filepath.Dir(unit.GoFiles[0])
	}
	_, err = config.ForDir(dir)
	return err
}

// useSuite makes configuration files accept the names of the suite's
// analyzers and categories, and no others, and forgets files already read.
// The analyzers package does this for routevet's own suite; a driver can
// run another.
func useSuite(suite []analyzers.Entry) {
	config.SetKnownNames(knownNames(suite))
	config.Reload()
}

func analyzersOf(suite []analyzers.Entry) []*analysis.Analyzer {
	all := make([]*analysis.Analyzer, len(suite))
	for i, e := range suite {
		all[i] = e.Analyzer
	}
	return all
}

// knownNames returns the names configuration may use for the suite: each
// analyzer's, and each "analyzer/category".
func knownNames(suite []analyzers.Entry) []string {
	var names []string
	for _, e := range suite {
		names = append(names, e.Analyzer.Name)
		for _, c := range e.Categories {
			names = append(names, e.Analyzer.Name+"/"+c)
		}
	}
	return names
}

// enableChoices returns the analyzers turned on (-NAME) or off
// (-NAME=false) in args, read as unitchecker will read them, without
// setting any analyzer's own flags: unitchecker sets those.
func enableChoices(args []string, all []*analysis.Analyzer) map[string]bool {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	enabled := addEnableFlags(fs, all)
	for _, a := range all {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(inert{isBoolFlag(f.Value)}, a.Name+"."+f.Name, "")
		})
	}
	for _, name := range []string{"V", "flags", "json", "fix", "diff", "source", "v", "all"} {
		if fs.Lookup(name) == nil {
			fs.Var(inert{true}, name, "")
		}
	}
	for _, name := range []string{"c", "tags"} {
		if fs.Lookup(name) == nil {
			fs.Var(inert{false}, name, "")
		}
	}
	_ = fs.Parse(args) // a bad flag is unitchecker's to report
	_, choices := selectAnalyzers(all, enabled)
	return choices
}

// inert is a flag that accepts any value and keeps none.
type inert struct{ isBool bool }

func (inert) String() string     { return "" }
func (inert) Set(string) error   { return nil }
func (v inert) IsBoolFlag() bool { return v.isBool }

func isBoolFlag(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
