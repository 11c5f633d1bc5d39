// Package plugin registers routevet with golangci-lint v2 as a module
// plugin named "routevet". Importing it (golangci-lint's
// cmd/golangci-lint/plugins.go does, in a binary built by
// "golangci-lint custom") is all it takes:
//
//	import _ "github.com/routevet/routevet/plugin"
//
// Every analyzer of the suite (package analyzers) is part of the plugin, so
// adding an analyzer to the suite adds it here too.
//
// The plugin's settings in .golangci.yml have the keys of .routevet.yaml
// and decode into the same struct, config.Config. A non-empty settings
// block is the whole configuration: it applies to every package and
// .routevet.yaml files are not read. With no settings (or an empty block)
// each package gets its .routevet.yaml, as in every other mode, so a project
// that already has those files needs nothing more in .golangci.yml. (An
// empty block cannot mean "the defaults, ignoring the files": that would
// silently drop a project's configuration.) golangci-lint's result cache is
// keyed by Go files and .golangci.yml, not by .routevet.yaml files, which
// is why the README recommends the settings block.
package plugin

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/internal/config"
)

// Name is the linter's name in golangci-lint: the key under
// linters.settings.custom, the name in linters.enable, and the name
// //nolint:routevet comments use.
const Name = "routevet"

func init() { register.Plugin(Name, New) }

// Plugin is routevet as a golangci-lint linter.
type Plugin struct {
	// cfg is the configuration from the settings, or nil when there were
	// none and .routevet.yaml files apply.
	cfg *config.Config
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes settings (the value of linters.settings.custom.routevet.settings)
// and installs them as the configuration of every package. An unknown key,
// a value of the wrong type, an unknown analyzer or category name, or a
// malformed ignore pattern is an error that names it.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := decodeSettings(settings)
	if err != nil {
		return nil, err
	}
	// golangci-lint runs every package in one process, so the settings
	// must reach the model through the process-wide override; nil (no
	// settings) restores reading .routevet.yaml files.
	config.SetOverride(cfg)
	return &Plugin{cfg: cfg}, nil
}

// BuildAnalyzers returns the suite's analyzers that can report something
// under the settings: an analyzer disabled as a whole, or off by default
// and not enabled, is left out so golangci-lint does not run it for
// nothing. Finer choices (categories) are applied by the model when
// findings are reported. Without settings every analyzer is returned,
// because a .routevet.yaml below may enable any of them.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var selected []*analysis.Analyzer
	for _, e := range analyzers.Entries() {
		if p.cfg == nil || mayReport(p.cfg, e) {
			selected = append(selected, e.Analyzer)
		}
	}
	return selected, nil
}

// GetLoadMode asks for type information: routevet's analyzers need types,
// and facts about functions of other packages.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// mayReport reports whether cfg lets e's analyzer report anything: the
// analyzer as a whole, or one of its categories, is enabled.
func mayReport(cfg *config.Config, e analyzers.Entry) bool {
	if cfg.Enabled(e.Analyzer.Name, "") {
		return true
	}
	return slices.ContainsFunc(e.Categories, func(c string) bool {
		return cfg.Enabled(e.Analyzer.Name, c)
	})
}

// decodeSettings turns golangci-lint's raw settings into a checked
// configuration, or nil when there are none.
func decodeSettings(raw any) (*config.Config, error) {
	if isEmpty(raw) {
		return nil, nil
	}
	if reflect.ValueOf(raw).Kind() != reflect.Map {
		return nil, fmt.Errorf("%s settings: expected a mapping of keys to values, got %T", Name, raw)
	}
	cfg, err := register.DecodeSettings[config.Config](raw)
	if err != nil {
		return nil, settingsError(raw, err)
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"enable", cfg.Enable}, {"disable", cfg.Disable}} {
		// Validating each list on its own lets the error name the key.
		if err := (&config.Config{Enable: list.names}).Validate(analyzers.Names()); err != nil {
			return nil, fmt.Errorf("%s settings: %s: %v (known: %s)", Name, list.key, err, strings.Join(analyzers.Names(), ", "))
		}
	}
	for i, p := range cfg.Ignore {
		if _, err := path.Match(strings.TrimSuffix(p, "/**"), ""); err != nil {
			return nil, fmt.Errorf("%s settings: ignore[%d]: bad pattern %q: %v", Name, i, p, err)
		}
	}
	// Ignore patterns are relative to the configuration's directory. The
	// plugin is not told where .golangci.yml is, so they are relative to
	// the directory golangci-lint runs in (normally the module root).
	if len(cfg.Ignore) > 0 {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("%s settings: ignore: %v", Name, err)
		}
		cfg.Dir = wd
	}
	return &cfg, nil
}

// isEmpty reports whether raw holds no settings: absent, null, or an empty
// mapping.
func isEmpty(raw any) bool {
	if raw == nil {
		return true
	}
	v := reflect.ValueOf(raw)
	return v.Kind() == reflect.Map && v.Len() == 0
}

// settingsError explains a decoding failure. encoding/json names an
// unknown key but not where it is, so the settings are walked to give its
// full path ("cors.max-agee") and the keys allowed there.
func settingsError(raw any, err error) error {
	if p, known := unknownKey(raw, reflect.TypeFor[config.Config](), ""); p != "" {
		return fmt.Errorf("%s settings: unknown key %q, expected one of: %s", Name, p, strings.Join(known, ", "))
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Errorf("%s settings: %s: cannot use %s as %s", Name, typeErr.Field, typeErr.Value, typeErr.Type)
	}
	return fmt.Errorf("%s settings: %v", Name, err)
}

// unknownKey returns the path of the first key of raw (in sorted order) that
// type t has no field for, and the keys t has there.
func unknownKey(raw any, t reflect.Type, prefix string) (string, []string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	v := reflect.ValueOf(raw)
	switch {
	case !v.IsValid():
		return "", nil
	case t.Kind() == reflect.Struct && v.Kind() == reflect.Map:
		fields := jsonFields(t)
		for _, k := range sortedKeys(v) {
			key := fmt.Sprint(k.Interface())
			f, ok := fieldFor(fields, key)
			if !ok {
				return joinPath(prefix, key), slices.Sorted(maps.Keys(fields))
			}
			if p, known := unknownKey(v.MapIndex(k).Interface(), f.Type, joinPath(prefix, key)); p != "" {
				return p, known
			}
		}
	case t.Kind() == reflect.Map && v.Kind() == reflect.Map:
		for _, k := range sortedKeys(v) {
			key := fmt.Sprint(k.Interface())
			if p, known := unknownKey(v.MapIndex(k).Interface(), t.Elem(), joinPath(prefix, key)); p != "" {
				return p, known
			}
		}
	case t.Kind() == reflect.Slice && v.Kind() == reflect.Slice:
		for i := range v.Len() {
			if p, known := unknownKey(v.Index(i).Interface(), t.Elem(), prefix+"["+strconv.Itoa(i)+"]"); p != "" {
				return p, known
			}
		}
	}
	return "", nil
}

// sortedKeys returns the keys of the map v in a stable order, so the same
// settings always get the same error.
func sortedKeys(v reflect.Value) []reflect.Value {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
	})
	return keys
}

// jsonFields maps the JSON names of t's decodable fields to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	fields := make(map[string]reflect.StructField)
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f
	}
	return fields
}

// fieldFor finds the field for key the way encoding/json does: an exact
// match, else a case-insensitive one.
func fieldFor(fields map[string]reflect.StructField, key string) (reflect.StructField, bool) {
	if f, ok := fields[key]; ok {
		return f, true
	}
	for name, f := range fields {
		if strings.EqualFold(name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
