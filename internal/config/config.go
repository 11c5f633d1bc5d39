// Package config reads .routevet.yaml, the project configuration shared by
// every way routevet runs (vet tool, standalone, golangci-lint plugin,
// editor server).
//
// A package's configuration is the nearest .routevet.yaml found by walking
// up from the package's directory, stopping at its module root (the
// directory holding go.mod). A package with no such file gets the defaults.
// A file that cannot be decoded, or that has a key routevet does not know,
// is an error naming the file, line and key: never a silent default.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// FileName is the name of the configuration file.
const FileName = ".routevet.yaml"

// Config is the decoded configuration. The same struct is decoded from
// .routevet.yaml and from golangci-lint's plugin settings, so the two cannot
// drift apart. The zero Config is the default configuration.
type Config struct {
	// Disable lists analyzers ("mutablewriter") or categories
	// ("mutablewriter/header-after-commit") whose findings are not reported.
	Disable []string `yaml:"disable" json:"disable"`
	// Enable lists analyzers or categories that are off by default
	// (see OptIn) and should be reported.
	Enable []string `yaml:"enable" json:"enable"`
	// Ignore lists slash-separated glob patterns (path.Match syntax, plus
	// "dir/**" for a whole tree), relative to the directory holding the
	// configuration file, whose files get no findings.
	Ignore []string `yaml:"ignore" json:"ignore"`
	// Migrate turns on the purehandler migration analyzer.
	Migrate bool `yaml:"migrate" json:"migrate"`
	// Tests turns on findings in test code: _test.go files and
	// test-support packages (see httpmodel's Model.Silenced). They are off
	// by default because tests break the rules on purpose, to pin down
	// what net/http does with a second WriteHeader or a late header.
	Tests bool `yaml:"tests" json:"tests"`
	// Registrars teaches the route model registration functions of
	// routers it does not know.
	Registrars []Registrar `yaml:"registrars" json:"registrars"`
	// CORS configures the preflight analyzer.
	CORS CORS `yaml:"cors" json:"cors"`
	// Edge configures the edgeruntime analyzer.
	Edge Edge `yaml:"edge" json:"edge"`
	// Body configures unreadbody's unbounded-body rule.
	Body Body `yaml:"body" json:"body"`

	// Dir is the directory the file was read from ("" for defaults and
	// for settings that did not come from a file).
	Dir string `yaml:"-" json:"-"`
	// File is the path of the file the configuration was read from.
	File string `yaml:"-" json:"-"`
}

// A Registrar is a function or method that registers a handler on a route,
// named as types.Func.FullName prints it: "example.com/router.Handle" or
// "(*example.com/router.Router).Post".
type Registrar struct {
	Func string `yaml:"func" json:"func"`
	// Methods the registered route accepts; empty means every method.
	Methods []string `yaml:"methods" json:"methods"`
	// Pattern and Handler are the indexes of the pattern (or path) and
	// handler arguments.
	Pattern int `yaml:"pattern" json:"pattern"`
	Handler int `yaml:"handler" json:"handler"`
}

// CORS configures the preflight analyzer.
type CORS struct {
	// Middleware lists functions (FullName form) that answer preflight
	// requests for what they wrap, in addition to the known CORS packages.
	Middleware []string `yaml:"middleware" json:"middleware"`
	// Routes lists routes ("POST /api/items") that are CORS-enabled even
	// though their handlers set no Access-Control-Allow-Origin header (a
	// proxy or a wrapper outside the code adds it).
	Routes []string `yaml:"routes" json:"routes"`
	// AllowOrigins is the allow-list a generated preflight handler echoes
	// when the handler's own origin is not a constant.
	AllowOrigins []string `yaml:"allow-origins" json:"allow-origins"`
	// AllowHeaders lists the request headers a generated preflight handler
	// allows; ["*"] echoes Access-Control-Request-Headers.
	AllowHeaders []string `yaml:"allow-headers" json:"allow-headers"`
	// MaxAge is the Access-Control-Max-Age of generated preflight
	// handlers, in seconds (0 means the default, 600).
	MaxAge int `yaml:"max-age" json:"max-age"`
}

// Body configures unreadbody's unbounded-body rule.
type Body struct {
	// LimitSetBy lists what limits request bodies where the code cannot
	// show it: functions (FullName form, "example.com/mw.Limit") that,
	// used as a middleware of a handler's route, limit its body; and
	// packages ("example.com/app/api", "/..." at the end for the tree
	// below) whose handlers all get a limited body (a router in another
	// package wraps them, a proxy limits bodies).
	LimitSetBy []string `yaml:"limit-set-by" json:"limit-set-by"`
	// Limit is the limit in bytes the fix gives http.MaxBytesReader
	// (0 means the default, 1 MiB).
	Limit int64 `yaml:"limit" json:"limit"`
}

// DefaultBodyLimit is the limit of unreadbody's fix when Body.Limit is 0.
const DefaultBodyLimit = 1 << 20

// LimitedPackage reports whether LimitSetBy names the package path, or a
// tree holding it.
func (b *Body) LimitedPackage(pkgPath string) bool {
	for _, p := range b.LimitSetBy {
		if tree, ok := strings.CutSuffix(p, "/..."); ok && (pkgPath == tree || strings.HasPrefix(pkgPath, tree+"/")) || p == pkgPath {
			return true
		}
	}
	return false
}

// LimitedBy reports whether LimitSetBy names the function (its FullName).
func (b *Body) LimitedBy(fullName string) bool { return slices.Contains(b.LimitSetBy, fullName) }

// Edge configures the edgeruntime analyzer.
type Edge struct {
	// Packages marks packages whose handlers run on an edge runtime.
	Packages []EdgePackage `yaml:"packages" json:"packages"`
	// EntryPoints adds platform entry points, like workers.Serve, whose
	// handler argument runs on the edge.
	EntryPoints []EdgeEntryPoint `yaml:"entry-points" json:"entry-points"`
	// Profiles extends the built-in profiles (workers, fastly, spin,
	// wasmcloud, wasm) or defines new ones.
	Profiles map[string]EdgeProfile `yaml:"profiles" json:"profiles"`
}

// An EdgePackage marks the packages matching Path (an import path; "/..."
// at the end matches the tree below) as running on Profile.
type EdgePackage struct {
	Path    string `yaml:"path" json:"path"`
	Profile string `yaml:"profile" json:"profile"`
}

// An EdgeEntryPoint is a function whose argument at index Handler is a
// handler (or mux) that runs on Profile.
type EdgeEntryPoint struct {
	Func    string `yaml:"func" json:"func"`
	Handler int    `yaml:"handler" json:"handler"`
	Profile string `yaml:"profile" json:"profile"`
}

// An EdgeProfile adds to or defines a platform's rules.
type EdgeProfile struct {
	// Deny lists functions or packages the platform lacks.
	Deny []EdgeRule `yaml:"deny" json:"deny"`
	// Allow lists functions or packages that a denied package's rule
	// would otherwise cover (Fastly: os.Getenv).
	Allow []string `yaml:"allow" json:"allow"`
}

// An EdgeRule denies a function ("os.ReadFile", "(*net.Dialer).Dial") or a
// whole package ("os/exec"), with the reason and what to use instead.
type EdgeRule struct {
	API     string `yaml:"api" json:"api"`
	Reason  string `yaml:"reason" json:"reason"`
	Instead string `yaml:"instead" json:"instead"`
}

// OptIn lists the analyzers and categories that report nothing unless
// enabled, because their findings are advice rather than bugs.
var OptIn = []string{
	"purehandler",
	"unreadbody/body-never-read",
	"unreadbody/unbounded-body",
	"writerwrap/flusher-assertion",
}

// Enabled reports whether findings of the analyzer with the given category
// (which may be empty) are reported under c. A category's own setting wins
// over its analyzer's, so "enable: [unreadbody/body-never-read]" turns on
// one opt-in category, and "disable: [mutablewriter]" with "enable:
// [mutablewriter/header-after-commit]" keeps just that one. Command-line
// choices (see SetCommandLine) come before the file's.
func (c *Config) Enabled(analyzer, category string) bool {
	names := []string{analyzer}
	if category != "" {
		names = []string{analyzer + "/" + category, analyzer}
	}
	for _, name := range names {
		if on, decided := c.decide(name); decided {
			return on
		}
	}
	return true
}

// EnabledAny reports whether the analyzer reports anything under c: with
// categories, whether findings of one of them are reported; without, as
// Enabled with no category.
func (c *Config) EnabledAny(analyzer string, categories ...string) bool {
	if len(categories) == 0 {
		return c.Enabled(analyzer, "")
	}
	for _, cat := range categories {
		if c.Enabled(analyzer, cat) {
			return true
		}
	}
	return false
}

// decide returns the setting for one analyzer or category name, if any
// source has one.
func (c *Config) decide(name string) (on, decided bool) {
	if on, ok := commandLine.get()[name]; ok {
		return on, true
	}
	if c != nil {
		switch {
		case slices.Contains(c.Enable, name):
			return true, true
		case slices.Contains(c.Disable, name):
			return false, true
		case name == "purehandler" && c.Migrate:
			return true, true
		}
	}
	if slices.Contains(OptIn, name) {
		return false, true
	}
	return false, false
}

// Ignored reports whether the file at filename (an absolute path) matches
// one of c's Ignore patterns.
func (c *Config) Ignored(filename string) bool {
	if c == nil || len(c.Ignore) == 0 || c.Dir == "" {
		return false
	}
	rel, err := filepath.Rel(c.Dir, filename)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, pattern := range c.Ignore {
		if matchGlob(pattern, rel) {
			return true
		}
	}
	return false
}

// matchGlob matches a slash-separated path against a path.Match pattern, a
// pattern ending in "/**" (the whole tree below it), or a pattern with no
// slash (matched against the base name at any depth).
func matchGlob(pattern, rel string) bool {
	if dir, ok := strings.CutSuffix(pattern, "/**"); ok {
		return rel == dir || strings.HasPrefix(rel, dir+"/")
	}
	if ok, _ := path.Match(pattern, rel); ok {
		return true
	}
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, path.Base(rel))
		return ok
	}
	return false
}

// Parse decodes a configuration file's contents. filename is used in errors
// and to resolve Ignore patterns.
func Parse(filename string, data []byte) (*Config, error) {
	c := new(Config)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fileError(filename, err)
	}
	c.File = filename
	c.Dir = filepath.Dir(filename)
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root) // decoded above; only for line numbers
	for _, p := range c.Ignore {
		if _, err := path.Match(strings.TrimSuffix(p, "/**"), ""); err != nil {
			return nil, fmt.Errorf("%s:%d: ignore: bad pattern %q: %v", filename, lineOf(&root, "ignore", p), p, err)
		}
	}
	if err := c.Validate(knownNames()); err != nil {
		var unknown *unknownNameError
		if errors.As(err, &unknown) {
			return nil, fmt.Errorf("%s:%d: %s: %v", filename, lineOf(&root, unknown.key, unknown.name), unknown.key, err)
		}
		return nil, err
	}
	return c, nil
}

// lineOf returns the line of the list item value under key, or 1.
func lineOf(root *yaml.Node, key, value string) int {
	if len(root.Content) == 0 {
		return 1
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			continue
		}
		for _, item := range m.Content[i+1].Content {
			if item.Value == value {
				return item.Line
			}
		}
		return m.Content[i].Line
	}
	return 1
}

var known struct {
	sync.RWMutex
	names []string
}

// SetKnownNames records the analyzer and category names that Enable and
// Disable may use. The analyzer suite sets it; until then (in an analyzer's
// own tests) names are not checked.
func SetKnownNames(names []string) {
	known.Lock()
	known.names = names
	known.Unlock()
}

func knownNames() []string {
	known.RLock()
	defer known.RUnlock()
	return known.names
}

type unknownNameError struct{ key, name string }

func (e *unknownNameError) Error() string {
	return fmt.Sprintf("unknown analyzer or category %q", e.name)
}

// Validate checks that every analyzer or category named in c is one of
// known (analyzer names and "analyzer/category"); an empty known list
// accepts every name.
func (c *Config) Validate(known []string) error {
	if len(known) == 0 {
		return nil
	}
	for _, key := range []string{"enable", "disable"} {
		names := c.Enable
		if key == "disable" {
			names = c.Disable
		}
		for _, name := range names {
			if !slices.Contains(known, name) {
				return &unknownNameError{key, name}
			}
		}
	}
	return nil
}

var (
	yamlLine     = regexp.MustCompile(`^\s*(?:yaml: )?line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type`)
)

// fileError rewrites yaml.v3's errors into "file:line: message" form, one
// line, naming the offending key.
func fileError(filename string, err error) error {
	var msgs []string
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) {
		msgs = typeErr.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	m := yamlLine.FindStringSubmatch(msgs[0])
	if m == nil {
		return fmt.Errorf("%s: %s", filename, msgs[0])
	}
	line, _ := strconv.Atoi(m[1])
	msg := m[2]
	if f := unknownField.FindStringSubmatch(msg); f != nil {
		msg = fmt.Sprintf("unknown key %q", f[1])
	}
	return fmt.Errorf("%s:%d: %s", filename, line, msg)
}

// Override, when non-nil, is used for every package instead of the files on
// disk: the golangci-lint plugin and the editor server set it from their own
// settings.
var override struct {
	sync.RWMutex
	c *Config
}

// SetOverride makes c the configuration of every package (nil restores
// reading .routevet.yaml files) and forgets cached files.
func SetOverride(c *Config) {
	override.Lock()
	override.c = c
	override.Unlock()
	cache.Clear()
}

// Reload forgets every cached file, so the next lookup reads them again.
func Reload() { cache.Clear() }

type cached struct {
	c   *Config
	err error
}

var cache sync.Map // directory -> cached

// ForDir returns the configuration for a package in dir: the nearest
// .routevet.yaml in dir or its parents, up to and including the module root.
// It returns the zero Config when there is none.
func ForDir(dir string) (*Config, error) {
	override.RLock()
	o := override.c
	override.RUnlock()
	if o != nil {
		return o, nil
	}
	if dir == "" {
		return new(Config), nil
	}
	if v, ok := cache.Load(dir); ok {
		return v.(cached).c, v.(cached).err
	}
	c, err := lookup(dir)
	cache.Store(dir, cached{c, err})
	return c, err
}

func lookup(dir string) (*Config, error) {
	filename := filepath.Join(dir, FileName)
	data, err := os.ReadFile(filename)
	switch {
	case err == nil:
		return Parse(filename, data)
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	parent := filepath.Dir(dir)
	if isModuleRoot(dir) || parent == dir {
		return new(Config), nil
	}
	return ForDir(parent)
}

func isModuleRoot(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}

// commandLine holds enable/disable choices made with -NAME flags, which
// override every file.
var commandLine choices

type choices struct {
	sync.RWMutex
	m map[string]bool
}

func (ch *choices) get() map[string]bool {
	ch.RLock()
	defer ch.RUnlock()
	return ch.m
}

// SetCommandLine records analyzers or categories turned on or off on the
// command line (-NAME, -NAME=false).
func SetCommandLine(on map[string]bool) {
	commandLine.Lock()
	commandLine.m = on
	commandLine.Unlock()
}
