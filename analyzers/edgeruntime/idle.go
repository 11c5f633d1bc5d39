package edgeruntime

// This file tells a driver, before it parses a package, whether the
// analyzer can report anything there. Its facts serve only its own
// reports, in the packages importing the one they describe, so when it
// can report in none of the packages a driver analyzes, the driver may
// leave it out: it would otherwise run on every dependency to report
// nothing (most modules have no edge handler at all).

import (
	"bytes"
	"os"

	"github.com/routevet/routevet/internal/config"
)

// CanReport reports whether the analyzer may report anything in a
// package, from what a driver knows before parsing it: its configuration
// (nil when it has none), the import paths of its imports, and the names
// of its files. An edge handler, and so a finding, needs one of the
// things roots looks for:
//
//   - a //routevet:edge directive, which a file mentions (the text is
//     searched, not parsed, so any mention counts, as the directive
//     naming an unknown profile, which is reported, does);
//   - a call of a platform's entry point, whose package the package
//     imports: every built-in entry point is in an SDK of sdkPrefixes;
//   - an edge section in the configuration, which can mark the package,
//     add entry points in any package, or be wrong (its errors are the
//     analyzer's to report).
//
// Otherwise it is false where the configuration turns the analyzer off.
// A file that cannot be read counts as mentioning the directive.
func CanReport(cfg *config.Config, imports, files []string) bool {
	if cfg != nil {
		// An edge section is read, and its errors reported, even where
		// the analyzer is off.
		if len(cfg.Edge.Packages) > 0 || len(cfg.Edge.EntryPoints) > 0 || len(cfg.Edge.Profiles) > 0 {
			return true
		}
		if !cfg.EnabledAny(Analyzer.Name, Categories...) {
			return false
		}
	}
	for _, imp := range imports {
		if importsPlatform(imp) {
			return true
		}
	}
	mention := []byte(directive[len("//"):])
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil || bytes.Contains(data, mention) {
			return true
		}
	}
	return false
}

// importsPlatform reports whether path is a package of a platform's SDK,
// where every built-in entry point is.
func importsPlatform(path string) bool {
	for _, sdk := range sdkPrefixes {
		if inTree(path, sdk.prefix) {
			return true
		}
	}
	for _, ep := range entryPoints {
		if apiPackage(ep.fn) == path {
			return true
		}
	}
	return false
}
