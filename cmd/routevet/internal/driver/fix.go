package driver

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/routevet/routevet/fixes"
	"github.com/routevet/routevet/report"
)

// applyFixes applies the first fix of each finding, as x/tools drivers
// do, or with diff prints the changes as unified diffs instead. Fixes
// skipped for conflicts are named, then summed up as x/tools does; they
// make the command fail, since running it again may apply them. As with go
// fix -diff, a diff that is not empty fails too, so that a check in CI
// catches code that needs fixing.
func (c *command) applyFixes(res *report.Result, src *sources, diff bool) int {
	list := c.firstFixes(res.Findings)
	out, err := fixes.Apply(list, fixes.Options{
		Sizes:        src.sizes,
		Generated:    src.isGenerated,
		PackageNames: src.packageNames,
	})
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	for _, s := range out.Skipped {
		if s.Err != fixes.ErrGenerated {
			c.errorf("%s: skipped fix %q: %v", s.Fix.Source, s.Fix.Message, s.Err)
		}
	}
	total := plural(out.Applied+len(out.Skipped), "fix", "fixes")
	if diff {
		return c.printDiffs(out, total)
	}
	updated := 0
	for _, f := range out.Files {
		// Atomic, keeping the file's permissions: an interrupted run
		// leaves each file old or new, never half-written.
		if err := fixes.WriteFile(f.Name, f.New); err != nil {
			c.errorf("%v", err)
			continue
		}
		updated++
	}
	if out.Incomplete() > 0 || updated < len(out.Files) {
		c.errorf("applied %d of %s; %s updated. (Re-run the command to apply more.)",
			out.Applied, total, plural(updated, "file", "files"))
		return exitError
	}
	return exitOK
}

func (c *command) printDiffs(out *fixes.Result, total string) int {
	exit := exitOK
	for _, f := range out.Files {
		io.WriteString(c.stdout, f.Diff())
		exit = exitError
	}
	if n := out.Incomplete(); n > 0 {
		c.errorf("%d of %s skipped (e.g. due to conflicts)", n, total)
		exit = exitError
	}
	return exit
}

// firstFixes returns the first fix of each finding, noting (once) each
// alternative fix it ignores.
func (c *command) firstFixes(findings []report.Finding) []fixes.Fix {
	cwd, _ := os.Getwd()
	var list []fixes.Fix
	ignored := make(map[string]bool)
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		pos := f.Pos
		pos.File = shortPath(cwd, pos.File)
		source := fmt.Sprintf("%s (%s)", pos, f.Analyzer)
		first := fixes.Fix{Source: source, Message: f.Fixes[0].Message}
		for _, e := range f.Fixes[0].Edits {
			first.Edits = append(first.Edits, fixes.Edit{File: e.File, Start: e.Start, End: e.End, New: e.New})
		}
		list = append(list, first)
		for _, alt := range f.Fixes[1:] {
			if msg := fmt.Sprintf("%s: ignoring alternative fix %q", source, alt.Message); !ignored[msg] {
				ignored[msg] = true
				c.errorf("%s", msg)
			}
		}
	}
	return list
}

// shortPath returns name relative to dir when that is shorter.
func shortPath(dir, name string) string {
	if rel, err := filepath.Rel(dir, name); err == nil && len(rel) < len(name) {
		return rel
	}
	return name
}

func plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return fmt.Sprintf("%d %s", n, plural)
}
