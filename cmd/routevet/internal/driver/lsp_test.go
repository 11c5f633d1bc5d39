package driver

import (
	"flag"
	"io"
	"testing"
)

// TestGoplsFlag: `routevet lsp -gopls` runs gopls from PATH,
// -gopls=PATH that executable.
func TestGoplsFlag(t *testing.T) {
	for _, test := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"-gopls"}, "gopls"},
		{[]string{"-gopls=true"}, "gopls"},
		{[]string{"-gopls=/opt/go/bin/gopls"}, "/opt/go/bin/gopls"},
		{[]string{"-gopls=false"}, ""},
	} {
		fs := flag.NewFlagSet("lsp", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var gopls goplsFlag
		fs.Var(&gopls, "gopls", "")
		if err := fs.Parse(test.args); err != nil {
			t.Errorf("%q: %v", test.args, err)
			continue
		}
		if string(gopls) != test.want {
			t.Errorf("%q: gopls %q, want %q", test.args, gopls, test.want)
		}
	}
}
