package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
)

// MarkdownOptions control WriteMarkdown.
type MarkdownOptions struct {
	// Root is the directory links are relative to, the repository root,
	// so that they resolve in a pull request or on the repository's
	// pages. Files outside it are named, not linked.
	Root string
}

// WriteMarkdown writes r as GitHub-flavoured Markdown, for pull-request
// comments and CI step summaries: a count, the summary if any, then the
// findings grouped by analyzer, in tables with a link to each finding's
// file and line ("notes/notes.go#L12"), then the failed analyses.
func WriteMarkdown(w io.Writer, r *Result, opts MarkdownOptions) error {
	bw := bufio.NewWriter(w)
	findings := distinctFindings(r.Findings)
	errs := distinctErrors(r.Errors)
	fmt.Fprintf(bw, "## routevet\n\n%s\n", markdownCounts(findings, errs))
	if r.Summary != nil {
		writeSummaryMarkdown(bw, r.Summary)
	}
	// Findings are sorted by position; group them by analyzer, in the
	// order of the analyzers' names.
	byAnalyzer := make(map[string][]Finding)
	var names []string
	for _, f := range findings {
		if byAnalyzer[f.Analyzer] == nil {
			names = append(names, f.Analyzer)
		}
		byAnalyzer[f.Analyzer] = append(byAnalyzer[f.Analyzer], f)
	}
	slices.Sort(names)
	for _, name := range names {
		group := byAnalyzer[name]
		fmt.Fprintf(bw, "\n### %s (%s)\n\n", name, plural(len(group), "finding", "findings"))
		fmt.Fprintln(bw, "| Location | Category | Finding |")
		fmt.Fprintln(bw, "| --- | --- | --- |")
		for _, f := range group {
			msg := markdownEscape(f.Message)
			if len(f.Fixes) > 0 {
				msg += " _(suggested fix: " + markdownEscape(f.Fixes[0].Message) + ")_"
			}
			for _, rel := range f.Related {
				msg += "<br>" + markdownLocation(opts.Root, rel.Pos) + ": " + markdownEscape(rel.Message)
			}
			category := ""
			if f.Category != "" {
				category = "`" + f.Category + "`"
			}
			fmt.Fprintf(bw, "| %s | %s | %s |\n", markdownLocation(opts.Root, f.Pos), category, msg)
		}
	}
	if len(errs) > 0 {
		fmt.Fprintf(bw, "\n### Failed analyses\n\n")
		for _, e := range errs {
			fmt.Fprintf(bw, "- `%s`: %s\n", e.Analyzer, markdownEscape(e.Message))
		}
	}
	return bw.Flush()
}

func markdownCounts(findings []Finding, errs []Error) string {
	if len(findings) == 0 && len(errs) == 0 {
		return "No findings."
	}
	fixable := 0
	for _, f := range findings {
		if len(f.Fixes) > 0 {
			fixable++
		}
	}
	s := plural(len(findings), "finding", "findings")
	if fixable > 0 {
		s += fmt.Sprintf(" (%d with a suggested fix)", fixable)
	}
	if len(errs) > 0 {
		s += ", " + plural(len(errs), "failed analysis", "failed analyses")
	}
	return s + "."
}

// markdownLocation returns "file:line:col" linked to the line, with the
// file relative to root; a file outside root is not linked.
func markdownLocation(root string, p Position) string {
	text := p.String()
	if root == "" {
		return markdownEscape(text)
	}
	rel, err := filepath.Rel(root, p.File)
	if err != nil || !filepath.IsLocal(rel) {
		return markdownEscape(text)
	}
	rel = filepath.ToSlash(rel)
	p.File = rel
	link := (&url.URL{Path: rel}).String()
	if p.IsValid() {
		link += fmt.Sprintf("#L%d", p.Line)
	}
	return "[" + markdownEscape(p.String()) + "](" + link + ")"
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`|`, `\|`, `<`, `&lt;`, `>`, `&gt;`, "\r\n", " ", "\n", " ",
)

// markdownEscape makes text show as written in a table cell: no emphasis,
// links, HTML or cell breaks.
func markdownEscape(s string) string { return markdownEscaper.Replace(s) }

// writeSummaryMarkdown writes s as a table, a row per package and the
// total, and the blocked handlers by reason.
func writeSummaryMarkdown(w io.Writer, s *Summary) {
	fmt.Fprint(w, "\n### Migration summary\n\n| Package |")
	for _, col := range summaryColumns {
		fmt.Fprintf(w, " %s |", col.markdownHead)
	}
	fmt.Fprint(w, "\n| --- |")
	for range summaryColumns {
		fmt.Fprint(w, " ---: |")
	}
	fmt.Fprintln(w)
	row := func(name string, c *Counts) {
		fmt.Fprintf(w, "| %s |", name)
		for _, col := range summaryColumns {
			fmt.Fprintf(w, " %s |", col.value(c))
		}
		fmt.Fprintln(w)
	}
	for i := range s.Packages {
		row("`"+s.Packages[i].Package+"`", &s.Packages[i].Counts)
	}
	row("**Total**", &s.Total)
	if blockedReasons(&s.Total) == "" {
		return
	}
	fmt.Fprint(w, "\nBlocked by reason:\n\n")
	for i := range s.Packages {
		if reasons := blockedReasons(&s.Packages[i].Counts); reasons != "" {
			fmt.Fprintf(w, "- `%s`: %s\n", s.Packages[i].Package, reasons)
		}
	}
	fmt.Fprintf(w, "- **Total**: %s\n", blockedReasons(&s.Total))
}

func plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return fmt.Sprintf("%d %s", n, plural)
}
