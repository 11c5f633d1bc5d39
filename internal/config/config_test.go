package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseRejectsUnknownKeysWithLine(t *testing.T) {
	_, err := Parse("/m/.routevet.yaml", []byte("disable: [preflight]\nmigrte: true\n"))
	if err == nil || err.Error() != `/m/.routevet.yaml:2: unknown key "migrte"` {
		t.Fatalf("err = %v", err)
	}
}

func TestParseBadValue(t *testing.T) {
	_, err := Parse("/m/.routevet.yaml", []byte("migrate: [1]\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "/m/.routevet.yaml:1: ") {
		t.Fatalf("err = %v", err)
	}
	_, err = Parse("/m/.routevet.yaml", []byte("disable: [\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "/m/.routevet.yaml:") {
		t.Fatalf("syntax err = %v", err)
	}
	_, err = Parse("/m/.routevet.yaml", []byte("ignore: ['[x']\n"))
	if err == nil || !strings.Contains(err.Error(), "bad pattern") {
		t.Fatalf("pattern err = %v", err)
	}
}

func TestParseEmpty(t *testing.T) {
	c, err := Parse("/m/.routevet.yaml", nil)
	if err != nil || c.Migrate || c.Dir != "/m" {
		t.Fatalf("c = %+v, err = %v", c, err)
	}
}

func TestEnabled(t *testing.T) {
	c := &Config{
		Disable: []string{"preflight", "mutablewriter/superfluous-writeheader"},
		Enable:  []string{"preflight/missing-options", "unreadbody/body-never-read"},
	}
	for _, tc := range []struct {
		analyzer, category string
		want               bool
	}{
		{"mutablewriter", "header-after-commit", true},
		{"mutablewriter", "superfluous-writeheader", false},
		{"preflight", "", false},
		{"preflight", "other", false},
		{"preflight", "missing-options", true},
		{"unreadbody", "body-never-read", true},
		{"purehandler", "", false},
	} {
		if got := c.Enabled(tc.analyzer, tc.category); got != tc.want {
			t.Errorf("Enabled(%s, %s) = %v, want %v", tc.analyzer, tc.category, got, tc.want)
		}
	}
	var defaults *Config
	if defaults.Enabled("unreadbody", "body-never-read") || !defaults.Enabled("unreadbody", "form-before-parse") {
		t.Error("opt-in categories must be off by default and others on")
	}
	if !(&Config{Migrate: true}).Enabled("purehandler", "") {
		t.Error("migrate: true must turn purehandler on")
	}
}

func TestCommandLineWins(t *testing.T) {
	defer SetCommandLine(nil)
	SetCommandLine(map[string]bool{"purehandler": true, "mutablewriter": false})
	c := &Config{Enable: []string{"mutablewriter"}}
	if !c.Enabled("purehandler", "") || c.Enabled("mutablewriter", "x") {
		t.Error("command-line choices must override the file")
	}
}

func TestIgnored(t *testing.T) {
	c := &Config{Dir: "/m", Ignore: []string{"internal/legacy/**", "*_gen.go", "cmd/*/main.go"}}
	for name, want := range map[string]bool{
		"/m/internal/legacy/a.go":   true,
		"/m/internal/legacy/x/b.go": true,
		"/m/internal/legacyx/b.go":  false,
		"/m/api/models_gen.go":      true,
		"/m/cmd/server/main.go":     true,
		"/m/cmd/server/other.go":    false,
		"/elsewhere/x_gen.go":       false,
	} {
		if got := c.Ignored(name); got != want {
			t.Errorf("Ignored(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestForDirWalksUpToModuleRoot(t *testing.T) {
	root := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A file above the module root must not apply.
	write(filepath.Join(root, FileName), "disable: [everything]\n")
	mod := filepath.Join(root, "mod")
	write(filepath.Join(mod, "go.mod"), "module example.com/m\n")
	write(filepath.Join(mod, FileName), "migrate: true\n")
	write(filepath.Join(mod, "api", "v2", FileName), "disable: [preflight]\n")
	other := filepath.Join(root, "other")
	write(filepath.Join(other, "go.mod"), "module example.com/o\n")
	os.MkdirAll(filepath.Join(other, "pkg"), 0o755)

	c, err := ForDir(filepath.Join(mod, "api"))
	if err != nil || !c.Migrate || c.Dir != mod {
		t.Errorf("mod/api: %+v, %v", c, err)
	}
	c, err = ForDir(filepath.Join(mod, "api", "v2"))
	if err != nil || c.Migrate || len(c.Disable) != 1 {
		t.Errorf("mod/api/v2 (nearest file wins): %+v, %v", c, err)
	}
	c, err = ForDir(filepath.Join(other, "pkg"))
	if err != nil || len(c.Disable) != 0 {
		t.Errorf("other/pkg must not see the file above its module root: %+v, %v", c, err)
	}

	write(filepath.Join(mod, "bad", FileName), "enable: [x]\nbogus: 1\n")
	_, err = ForDir(filepath.Join(mod, "bad"))
	if err == nil || !strings.Contains(err.Error(), `bad/.routevet.yaml:2: unknown key "bogus"`) {
		t.Errorf("bad file: %v", err)
	}
}

func TestUnknownAnalyzerNameIsAnErrorWithItsLine(t *testing.T) {
	defer SetKnownNames(nil)
	SetKnownNames([]string{"mutablewriter", "mutablewriter/header-after-commit"})
	_, err := Parse("/m/.routevet.yaml", []byte("enable: [mutablewriter]\ndisable:\n  - mutablewriter/header-after-commit\n  - mutablewriter/nope\n"))
	if err == nil || err.Error() != `/m/.routevet.yaml:4: disable: unknown analyzer or category "mutablewriter/nope"` {
		t.Errorf("err = %v", err)
	}
}

func TestParseFullFile(t *testing.T) {
	const file = `
disable: [x]
registrars:
  - func: (*example.com/router.Router).Post
    methods: [POST]
    pattern: 0
    handler: 1
cors:
  middleware: [example.com/mw.CORS]
  routes: ["POST /api/items"]
  allow-origins: ["https://app.example.com"]
  allow-headers: ["*"]
  max-age: 300
edge:
  packages:
    - path: example.com/app/edge/...
      profile: workers
  entry-points:
    - func: example.com/platform.Serve
      handler: 0
      profile: wasm
  profiles:
    workers:
      deny:
        - api: example.com/db.Dial
          reason: opens a TCP connection
          instead: use the D1 binding
      allow: [os.Getenv]
body:
  limit-set-by: [example.com/mw.Limit, example.com/app/api/...]
  limit: 65536
`
	c, err := Parse("/m/.routevet.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if c.Registrars[0].Handler != 1 || c.CORS.MaxAge != 300 || c.Edge.Packages[0].Profile != "workers" ||
		c.Edge.Profiles["workers"].Deny[0].Instead != "use the D1 binding" || c.Edge.EntryPoints[0].Profile != "wasm" ||
		c.Body.Limit != 65536 || !c.Body.LimitedBy("example.com/mw.Limit") || !c.Body.LimitedPackage("example.com/app/api/v1") || c.Body.LimitedPackage("example.com/app/apix") {
		t.Errorf("decoded %+v", c)
	}
	_, err = Parse("/m/.routevet.yaml", []byte("cors:\n  max-age: 1\n  allow-origin: [x]\n"))
	if err == nil || err.Error() != `/m/.routevet.yaml:3: unknown key "allow-origin"` {
		t.Errorf("nested unknown key: %v", err)
	}
}
