package plugin_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/plugin"
)

// newPlugin builds the plugin the way golangci-lint does, through the
// registry, and undoes its configuration override when the test ends.
func newPlugin(t *testing.T, settings any) (register.LinterPlugin, error) {
	t.Helper()
	t.Cleanup(func() { config.SetOverride(nil) })
	newFn, err := register.GetPlugin(plugin.Name)
	if err != nil {
		t.Fatal(err)
	}
	return newFn(settings)
}

// settingsFrom decodes a settings block as golangci-lint hands it over: a
// YAML document decoded into any.
func settingsFrom(t *testing.T, doc string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

func TestNoSettingsRunsEverythingAndReadsFiles(t *testing.T) {
	for _, settings := range []any{nil, map[string]any{}} {
		p, err := newPlugin(t, settings)
		if err != nil {
			t.Fatalf("New(%#v): %v", settings, err)
		}
		if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
			t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		// A .routevet.yaml below may enable an opt-in analyzer, so none
		// is left out.
		if want := names(analyzers.All()); !slices.Equal(names(as), want) {
			t.Errorf("BuildAnalyzers() = %v, want the whole suite %v", names(as), want)
		}

		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/m\n")
		writeFile(t, filepath.Join(dir, config.FileName), "ignore: [\"*_gen.go\"]\n")
		config.Reload()
		cfg, err := config.ForDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.File == "" || !slices.Equal(cfg.Ignore, []string{"*_gen.go"}) {
			t.Errorf("with settings %#v, ForDir = %+v, want the project's %s", settings, cfg, config.FileName)
		}
	}
}

func TestSettingsOverrideFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/m\n")
	writeFile(t, filepath.Join(dir, config.FileName), "ignore: [\"*_gen.go\"]\n")
	t.Chdir(dir)
	if _, err := newPlugin(t, settingsFrom(t, `{migrate: true, ignore: ["legacy/**"]}`)); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.ForDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Migrate || !slices.Equal(cfg.Ignore, []string{"legacy/**"}) || cfg.File != "" {
		t.Errorf("ForDir = %+v, want the plugin settings, not the file", cfg)
	}
	// Ignore patterns are relative to where golangci-lint runs.
	if !cfg.Ignored(filepath.Join(dir, "legacy", "old.go")) || cfg.Ignored(filepath.Join(dir, "api", "new.go")) {
		t.Errorf("ignore: [legacy/**] relative to %s does not select legacy/old.go alone", dir)
	}
}

// allKnobs uses every key of the configuration, nested ones included.
const allKnobs = `
ignore: ["internal/legacy/**", "*_gen.go"]
migrate: true
registrars:
  - func: "(*example.com/web.Router).Post"
    methods: [POST]
    pattern: 0
    handler: 1
cors:
  middleware: [example.com/web.CORS]
  routes: ["POST /api/items"]
  allow-origins: ["https://app.example.com"]
  allow-headers: ["*"]
  max-age: 300
edge:
  packages:
    - {path: example.com/worker/..., profile: workers}
  entry-points:
    - {func: example.com/workers.Serve, handler: 0, profile: workers}
  profiles:
    workers:
      deny:
        - {api: os/exec, reason: no processes, instead: a service binding}
      allow: [os.Getenv]
`

// The plugin's settings and .routevet.yaml are one struct; the same
// document must mean the same in both.
func TestSettingsMeanWhatTheFileMeans(t *testing.T) {
	doc := allKnobs
	if entries := analyzers.Entries(); len(entries) > 0 {
		doc += "disable: [" + entries[0].Analyzer.Name + "]\n"
	}
	dir := t.TempDir()
	t.Chdir(dir)
	fromFile, err := config.Parse(filepath.Join(dir, config.FileName), []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newPlugin(t, settingsFrom(t, doc)); err != nil {
		t.Fatal(err)
	}
	fromSettings, err := config.ForDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fromFile.File = ""
	if !reflect.DeepEqual(fromSettings, fromFile) {
		t.Errorf("settings decode to\n%+v\nthe same text in %s to\n%+v", fromSettings, config.FileName, fromFile)
	}
}

// A key spelled differently in the yaml and json tags would be accepted in
// one place and rejected in the other.
func TestYAMLAndJSONKeysAgree(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var check func(t reflect.Type, path string)
	check = func(typ reflect.Type, path string) {
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			check(typ.Elem(), path)
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[typ] {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			y, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			j, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if y != j || y == "" {
				t.Errorf("%s%s: yaml key %q, json key %q", path, f.Name, y, j)
			}
			check(f.Type, path+f.Name+".")
		}
	}
	check(reflect.TypeFor[config.Config](), "Config.")
}

func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		doc, want string
	}{
		{`{migrat: true}`, `unknown key "migrat"`},
		{`{cors: {max-agee: 60}}`, `unknown key "cors.max-agee", expected one of: allow-headers, allow-origins, max-age, middleware, routes`},
		{`{registrars: [{func: f, pattern: 0, handler: 1}, {func: g, handlr: 1}]}`, `unknown key "registrars[1].handlr"`},
		{`{edge: {profiles: {workers: {deny: [{api: os/exec, why: x}]}}}}`, `unknown key "edge.profiles.workers.deny[0].why"`},
		{`{migrate: "yes"}`, `migrate: cannot use string as bool`},
		{`{cors: {max-age: soon}}`, `cors.max-age: cannot use string as int`},
		{`{ignore: ["[legacy"]}`, `ignore[0]: bad pattern "[legacy"`},
		{`[migrate]`, `routevet settings: expected a mapping of keys to values, got []interface {}`},
	} {
		_, err := newPlugin(t, settingsFrom(t, tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%s) = %v, want an error containing %q", tc.doc, err, tc.want)
		}
	}
}

func TestUnknownAnalyzerName(t *testing.T) {
	if len(analyzers.Entries()) == 0 {
		t.Skip("the analyzer suite is empty: every name is accepted until an analyzer is added to analyzers/suite.go")
	}
	for _, tc := range []struct {
		doc, want string
	}{
		{`{disable: [mutablewritr]}`, `disable: unknown analyzer or category "mutablewritr"`},
		{`{enable: [` + analyzers.Entries()[0].Analyzer.Name + `/no-such-category]}`, `enable: unknown analyzer or category`},
	} {
		_, err := newPlugin(t, settingsFrom(t, tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%s) = %v, want an error containing %q", tc.doc, err, tc.want)
		}
	}
}

func TestBuildAnalyzersFollowsSettings(t *testing.T) {
	entries := analyzers.Entries()
	if len(entries) == 0 {
		t.Skip("the analyzer suite is empty")
	}
	build := func(doc string) []string {
		t.Helper()
		p, err := newPlugin(t, settingsFrom(t, doc))
		if err != nil {
			t.Fatalf("New(%s): %v", doc, err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		return names(as)
	}
	optIn := func(name string) bool { return slices.Contains(config.OptIn, name) }

	defaults := build(`{migrate: false}`)
	for _, e := range entries {
		name := e.Analyzer.Name
		if got := slices.Contains(defaults, name); got == optIn(name) {
			t.Errorf("with default settings, %s selected = %v; opt-in = %v", name, got, optIn(name))
		}
		if slices.Contains(build(`{disable: [`+name+`]}`), name) {
			t.Errorf("disable: [%s] still runs it", name)
		}
		if !slices.Contains(build(`{enable: [`+name+`]}`), name) {
			t.Errorf("enable: [%s] does not run it", name)
		}
		if len(e.Categories) > 0 {
			doc := `{disable: [` + name + `], enable: [` + name + `/` + e.Categories[0] + `]}`
			if !slices.Contains(build(doc), name) {
				t.Errorf("%s: one enabled category does not run its analyzer", doc)
			}
		}
	}
	if slices.ContainsFunc(entries, func(e analyzers.Entry) bool { return e.Analyzer.Name == "purehandler" }) {
		if !slices.Contains(build(`{migrate: true}`), "purehandler") {
			t.Errorf("migrate: true does not run purehandler")
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
