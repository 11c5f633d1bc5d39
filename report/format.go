package report

import (
	"fmt"
	"io"
	"strings"
)

// A Format is a way of writing a Result.
type Format string

// The formats.
const (
	Text     Format = "text"     // file:line:col: analyzer: message
	JSON     Format = "json"     // go vet -json's
	SARIF    Format = "sarif"    // SARIF 2.1.0, for code scanning
	YAML     Format = "yaml"     // the JSON's data, in YAML
	Markdown Format = "markdown" // for pull requests and CI step summaries
)

// Formats lists every format.
var Formats = []Format{Text, JSON, SARIF, YAML, Markdown}

// ParseFormat returns the format called name.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", name, strings.Join(names, ", "))
}

// Options are the settings of Write, each used by the formats that say.
type Options struct {
	// Dir is the directory text shows paths relative to (TextOptions).
	Dir string
	// Root is the repository root, which SARIF locations and Markdown
	// links are relative to.
	Root string
	// Context is the lines of context text shows (TextOptions).
	Context int
	// ToolVersion is routevet's version, for SARIF.
	ToolVersion string
	// ReadFile reads source files, for text's context and SARIF's columns
	// and fingerprints; nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// Warn, if not nil, is told what SARIF leaves out to stay within
	// GitHub code scanning's limits.
	Warn func(msg string)
}

// Write writes r in format f.
func Write(w io.Writer, r *Result, f Format, opts Options) error {
	switch f {
	case Text:
		return WriteText(w, r, TextOptions{Context: opts.Context, Dir: opts.Dir, ReadFile: opts.ReadFile, Analyzer: true})
	case JSON:
		return WriteJSON(w, r)
	case SARIF:
		return WriteSARIF(w, r, SARIFOptions{Root: opts.Root, ToolVersion: opts.ToolVersion, ReadFile: opts.ReadFile, Warn: opts.Warn})
	case YAML:
		return WriteYAML(w, r)
	case Markdown:
		return WriteMarkdown(w, r, MarkdownOptions{Root: opts.Root})
	}
	return fmt.Errorf("unknown format %q", f)
}
