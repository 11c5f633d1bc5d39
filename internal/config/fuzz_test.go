package config

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// errorAt is the form of every configuration error: the file, then a line
// when one is known.
var errorAt = regexp.MustCompile(`^/cfg/\.routevet\.yaml(:\d+)?: `)

// FuzzParse: any content decodes or fails with an error naming the file
// (and the line where the YAML says one); nothing panics.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"disable: [mutablewriter/superfluous-writeheader]\nenable: [unreadbody/body-never-read]\n",
		"ignore: [\"internal/legacy/**\", \"*_gen.go\"]\n",
		"tests: true\nmigrate: true\n",
		"cors:\n  middleware: [example.com/m.CORS]\n  max-age: 60\n",
		"edge:\n  packages:\n    - path: example.com/edge/...\n      profile: workers\n",
		"registrars:\n  - func: example.com/r.Handle\n    pattern: 0\n    handler: 1\n",
		"bogus: 1\n",
		"ignore: [\"[\"]\n",
		"disable: mutablewriter\n",
		"\t- :\n",
		"a: &x [*x]\n",
	} {
		f.Add([]byte(seed))
	}
	SetKnownNames([]string{"mutablewriter", "mutablewriter/superfluous-writeheader", "unreadbody", "unreadbody/body-never-read", "preflight", "edgeruntime", "purehandler", "routematch"})
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang is a failure too: report the input instead of stalling.
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkParse(t, data)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse has not returned after 10s on %q", data)
		}
	})
}

func checkParse(t *testing.T, data []byte) {
	{
		c, err := Parse("/cfg/.routevet.yaml", data)
		if err != nil {
			if !errorAt.MatchString(err.Error()) {
				t.Errorf("error %q does not start with the file's name", err)
			}
			return
		}
		if c.File != "/cfg/.routevet.yaml" || c.Dir != "/cfg" {
			t.Errorf("decoded without its file: %+v", c)
		}
		for _, p := range c.Ignore {
			c.Ignored("/cfg/" + strings.TrimPrefix(p, "/") + "/x.go") // must not panic
		}
	}
}
