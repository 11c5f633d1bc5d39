package driver

import (
	"flag"
	"io"
	"maps"
	"strings"
	"testing"

	"github.com/routevet/routevet/cmd/routevet/testdata/fake"
)

func TestInvokedByGoCommand(t *testing.T) {
	for _, test := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"--flags"}, true},
		{[]string{"-json", "-purehandler", "/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"./..."}, false},
		{[]string{"-json", "./..."}, false},
		{[]string{"-V"}, false},
		{[]string{"help"}, false},
		{[]string{"version"}, false},
		{[]string{"./...", "-flags"}, false}, // a package pattern, not the protocol
		{nil, false},
	} {
		if got := invokedByGoCommand(test.args); got != test.want {
			t.Errorf("invokedByGoCommand(%q) = %v, want %v", test.args, got, test.want)
		}
	}
}

// TestSelectAnalyzers checks the -NAME flags against x/tools' rules: any
// true runs only those, else any false runs all but those.
func TestSelectAnalyzers(t *testing.T) {
	all := analyzersOf(fake.Entries())
	for _, test := range []struct {
		args    string
		want    string // selected analyzers
		choices map[string]bool
	}{
		{"", "badcall purehandler", map[string]bool{}},
		{"-purehandler", "purehandler", map[string]bool{"purehandler": true}},
		{"-purehandler=true -badcall=true", "badcall purehandler", map[string]bool{"purehandler": true, "badcall": true}},
		{"-badcall=false", "purehandler", map[string]bool{"badcall": false}},
		{"-badcall=false -purehandler", "purehandler", map[string]bool{"badcall": false, "purehandler": true}},
		{"-badcall=false -purehandler=false", "", map[string]bool{"badcall": false, "purehandler": false}},
	} {
		fs := flag.NewFlagSet("", flag.ContinueOnError)
		enabled := addEnableFlags(fs, all)
		if err := fs.Parse(strings.Fields(test.args)); err != nil {
			t.Fatal(err)
		}
		selected, choices := selectAnalyzers(all, enabled)
		var names []string
		for _, a := range selected {
			names = append(names, a.Name)
		}
		if got := strings.Join(names, " "); got != test.want {
			t.Errorf("%q: selected %q, want %q", test.args, got, test.want)
		}
		if !maps.Equal(choices, test.choices) {
			t.Errorf("%q: choices %v, want %v", test.args, choices, test.choices)
		}
	}
}

// TestEnableChoices checks that the vet tool's pre-scan reads the command
// line as unitchecker will: flags with values take their next argument.
func TestEnableChoices(t *testing.T) {
	all := analyzersOf(fake.Entries())
	for _, test := range []struct {
		args string
		want map[string]bool
	}{
		{"-json vet.cfg", map[string]bool{}},
		{"-purehandler -json vet.cfg", map[string]bool{"purehandler": true}},
		{"--purehandler=1 vet.cfg", map[string]bool{"purehandler": true}},
		{"-badcall=false vet.cfg", map[string]bool{"badcall": false}},
		// -badcall.name takes a value: "-purehandler" is that value.
		{"-badcall.name -purehandler vet.cfg", map[string]bool{}},
		{"-c 3 -tags x -purehandler vet.cfg", map[string]bool{"purehandler": true}},
		{"-V=full", map[string]bool{}},
		// Flags after the first argument are not flags.
		{"vet.cfg -purehandler", map[string]bool{}},
	} {
		got := enableChoices(strings.Fields(test.args), all)
		if !maps.Equal(got, test.want) {
			t.Errorf("%q: %v, want %v", test.args, got, test.want)
		}
	}
	// The pre-scan must not set the analyzers' own flags: unitchecker does.
	enableChoices([]string{"-badcall.name=worse", "vet.cfg"}, all)
	if got := fake.BadCall.Flags.Lookup("name").Value.String(); got != "bad" {
		t.Errorf("pre-scan set -badcall.name to %q", got)
	}
}

func TestTriStateHelp(t *testing.T) {
	// Unset enable flags show no default in help, as in x/tools.
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	addEnableFlags(fs, analyzersOf(fake.Entries()))
	var sb strings.Builder
	fs.SetOutput(&sb)
	fs.PrintDefaults()
	if strings.Contains(sb.String(), "default") {
		t.Errorf("help shows a default:\n%s", sb.String())
	}
	fs.SetOutput(io.Discard)
	if err := fs.Parse([]string{"-badcall=maybe"}); err == nil {
		t.Errorf("-badcall=maybe accepted")
	}
}
