package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// TextOptions control WriteText.
type TextOptions struct {
	// Context is the number of lines shown before and after each
	// finding's lines; negative shows none (go vet's -c flag).
	Context int
	// Dir is the directory file names are shown relative to, when that
	// is shorter, as go vet shows them; "" shows them as they are.
	Dir string
	// ReadFile reads the files whose lines Context shows; nil means
	// os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// Analyzer writes each finding as "file:line:col: analyzer: message",
	// naming the analyzer, as -format text does. go vet's own form,
	// without it, is what go vet users and scripts already read.
	Analyzer bool
}

// WriteText writes r as lines of text, as go vet prints its results: first
// each failed analysis, "analyzer: message", then each finding, "file:line:
// col: message", followed by its related positions, indented.
//
// A file that belongs to several packages (a package and its test variant)
// yields the same findings and errors in each: they are written once.
// Errors that only say a prerequisite failed are left out, since the
// failure itself is written. A Summary follows the findings, as a table.
func WriteText(w io.Writer, r *Result, opts TextOptions) error {
	tw := &textWriter{w: bufio.NewWriter(w), opts: opts, lines: make(map[string][]string)}
	for _, e := range distinctErrors(r.Errors) {
		fmt.Fprintf(tw.w, "%s: %s\n", e.Analyzer, e.Message)
	}
	for _, f := range distinctFindings(r.Findings) {
		msg := f.Message
		if opts.Analyzer {
			msg = f.Analyzer + ": " + msg
		}
		tw.finding(f.Pos, f.End, msg)
		for _, rel := range f.Related {
			tw.finding(rel.Pos, rel.End, "\t"+rel.Message)
		}
	}
	if r.Summary != nil {
		writeSummaryText(tw.w, r.Summary)
	}
	return tw.w.Flush()
}

type textWriter struct {
	w     *bufio.Writer
	opts  TextOptions
	lines map[string][]string // file -> its lines, for Context
}

func (tw *textWriter) finding(pos, end Position, message string) {
	shown := pos
	shown.File = tw.shortPath(pos.File)
	fmt.Fprintf(tw.w, "%s: %s\n", shown, message)
	if tw.opts.Context < 0 || !pos.IsValid() {
		return
	}
	if !end.IsValid() || end.File != pos.File {
		end = pos
	}
	lines := tw.fileLines(pos.File)
	for i := pos.Line - tw.opts.Context; i <= end.Line+tw.opts.Context; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(tw.w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

func (tw *textWriter) fileLines(name string) []string {
	lines, ok := tw.lines[name]
	if !ok {
		read := tw.opts.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		data, _ := read(name) // a file that cannot be read shows no context
		lines = strings.Split(string(data), "\n")
		tw.lines[name] = lines
	}
	return lines
}

// shortPath returns name relative to the Dir option when that is shorter
// and names the same file, as the go command shows paths.
func (tw *textWriter) shortPath(name string) string {
	if tw.opts.Dir == "" || !filepath.IsAbs(name) {
		return name
	}
	rel, err := filepath.Rel(tw.opts.Dir, name)
	if err != nil || len(rel) >= len(name) {
		return name
	}
	return rel
}
