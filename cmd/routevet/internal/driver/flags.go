package driver

import (
	"flag"
	"fmt"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// A triState is an analyzer's -NAME flag: unset, or set true or false.
// Whether it was set at all matters: see selectAnalyzers.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

// String returns "true" when unset, so that help shows no default, as
// x/tools does.
func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) Get() any         { return *ts == setTrue }
func (ts *triState) IsBoolFlag() bool { return true }

// addEnableFlags adds a -NAME flag to fs for each analyzer.
func addEnableFlags(fs *flag.FlagSet, all []*analysis.Analyzer) map[*analysis.Analyzer]*triState {
	enabled := make(map[*analysis.Analyzer]*triState)
	for _, a := range all {
		ts := new(triState)
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		enabled[a] = ts
	}
	return enabled
}

// addAnalyzerFlags adds each analyzer's own flags to fs, as -NAME.flag.
func addAnalyzerFlags(fs *flag.FlagSet, all []*analysis.Analyzer) {
	for _, a := range all {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
}

// selectAnalyzers applies the -NAME flags as every x/tools driver does: if
// any is true, only those analyzers run; otherwise, if any is false, all
// but those run. It also returns every choice made, by name: opt-in
// analyzers report nothing unless chosen, on the command line or in
// .routevet.yaml, and the command line wins over the file.
func selectAnalyzers(all []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) (selected []*analysis.Analyzer, choices map[string]bool) {
	choices = make(map[string]bool)
	var anyTrue bool
	for _, a := range all {
		switch *enabled[a] {
		case setTrue:
			choices[a.Name] = true
			anyTrue = true
		case setFalse:
			choices[a.Name] = false
		}
	}
	for _, a := range all {
		on, chosen := choices[a.Name]
		if on || !anyTrue && !chosen {
			selected = append(selected, a)
		}
	}
	return selected, choices
}
