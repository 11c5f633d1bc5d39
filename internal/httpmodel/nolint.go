package httpmodel

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// A nolintRange is a run of lines on which //nolint turns off findings of
// the listed linters (all linters when names is empty).
type nolintRange struct {
	from, to int
	names    []string
	comment  token.Pos
}

// nolintOf returns the //nolint ranges of tf, reading them the first time
// a diagnostic lands in the file: most packages, dependencies above all,
// report nothing, and expanding the ranges walks the whole file.
func (m *Model) nolintOf(tf *token.File) []nolintRange {
	m.nolintMu.Lock()
	defer m.nolintMu.Unlock()
	if ranges, done := m.nolint[tf]; done {
		return ranges
	}
	var ranges []nolintRange
	for _, file := range m.files {
		if m.fset.File(file.FileStart) == tf {
			ranges = findNolint(tf, file)
			break
		}
	}
	if m.nolint == nil {
		m.nolint = map[*token.File][]nolintRange{}
	}
	m.nolint[tf] = ranges
	return ranges
}

// findNolint reads the //nolint comments of a file, with golangci-lint's
// rules so one syntax works in every mode: a comment covers its own line,
// and a comment alone on the line above a node, at the node's column,
// covers the whole node (a declaration, a statement, a block).
func findNolint(tf *token.File, file *ast.File) []nolintRange {
	var ranges []nolintRange
	for _, group := range file.Comments {
		for _, c := range group.List {
			names, ok := parseNolint(c.Text)
			if !ok {
				continue
			}
			line := tf.Line(c.Pos())
			ranges = append(ranges, nolintRange{from: line, to: line, names: names, comment: c.Pos()})
		}
	}
	if ranges != nil {
		expandToNodes(tf, file, ranges)
	}
	return ranges
}

// expandToNodes widens each range whose comment stands alone above a node
// at the same column to the whole node, and each range whose comment is on
// the first line of a declaration to the whole declaration.
func expandToNodes(tf *token.File, file *ast.File, ranges []nolintRange) {
	type key struct{ line, col int }
	above := map[key][]int{}
	onLine := map[int][]int{}
	for i, r := range ranges {
		k := key{r.from + 1, tf.Position(r.comment).Column}
		above[k] = append(above[k], i)
		onLine[r.from] = append(onLine[r.from], i)
	}
	for _, decl := range file.Decls {
		for _, i := range onLine[tf.Line(decl.Pos())] {
			ranges[i].to = max(ranges[i].to, tf.Line(decl.End()))
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, isComment := n.(*ast.CommentGroup); isComment {
			return false
		}
		start := tf.Position(n.Pos())
		for _, i := range above[key{start.Line, start.Column}] {
			ranges[i].to = max(ranges[i].to, tf.Line(n.End()))
		}
		return true
	})
}

// parseNolint recognizes "//nolint" and "//nolint:a,b" (an explanation may
// follow after a space or "//").
func parseNolint(text string) (names []string, ok bool) {
	rest, ok := strings.CutPrefix(text, "//nolint")
	if !ok {
		return nil, false
	}
	if rest == "" || rest[0] == ' ' || rest[0] == '\t' || strings.HasPrefix(rest, "//") {
		return nil, true
	}
	list, ok := strings.CutPrefix(rest, ":")
	if !ok {
		return nil, false
	}
	if i := strings.IndexAny(list, " \t/"); i >= 0 {
		list = list[:i]
	}
	for name := range strings.SplitSeq(list, ",") {
		if name = strings.TrimSpace(name); name != "" {
			names = append(names, name)
		}
	}
	return names, len(names) > 0
}

// suppressed reports whether a //nolint comment covers pos for analyzer.
func (m *Model) suppressed(tf *token.File, pos token.Pos, analyzer string) bool {
	line := tf.Line(pos)
	for _, r := range m.nolintOf(tf) {
		if r.from <= line && line <= r.to &&
			(len(r.names) == 0 || slices.Contains(r.names, "routevet") || slices.Contains(r.names, analyzer)) {
			return true
		}
	}
	return false
}
