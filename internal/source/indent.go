package source

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Indent returns the white space before pos on its line in content, the
// text of tf, and whether that white space is all that precedes pos
// there: the indentation a statement inserted before pos needs.
func Indent(tf *token.File, content []byte, pos token.Pos) (string, bool) {
	if tf == nil || !pos.IsValid() || int(pos) < tf.Base() || int(pos) > tf.Base()+tf.Size() {
		return "", false
	}
	start, end := tf.Offset(tf.LineStart(tf.Line(pos))), tf.Offset(pos)
	if start > end || end > len(content) {
		return "", false
	}
	indent := string(content[start:end])
	if strings.Trim(indent, " \t") != "" {
		return "", false
	}
	return indent, true
}

// IndentAt is Indent for a position of a file of the pass, read through
// ReadFile.
func IndentAt(pass *analysis.Pass, pos token.Pos) (string, bool) {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return "", false
	}
	content, err := ReadFile(pass, tf.Name())
	if err != nil {
		return "", false
	}
	return Indent(tf, content, pos)
}

// LineIndent returns the white space that starts the line holding
// offset off of src, whatever follows it.
func LineIndent(src []byte, off int) string {
	start := min(max(off, 0), len(src))
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// Text returns the source text of n, a node of a file of the pass, read
// through ReadFile.
func Text(pass *analysis.Pass, n ast.Node) (string, bool) {
	tf := pass.Fset.File(n.Pos())
	if tf == nil {
		return "", false
	}
	content, err := ReadFile(pass, tf.Name())
	if err != nil {
		return "", false
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(content) || start > end {
		return "", false
	}
	return string(content[start:end]), true
}
