package fixes

import (
	udiff "github.com/aymanbagabas/go-udiff"
)

// Unified returns a unified diff that turns old into new, labelled
// oldLabel and newLabel, in the form go fix -diff prints: "--- oldLabel",
// "+++ newLabel", then hunks with three lines of context. It returns ""
// when old and new are equal.
//
// The diff is go-udiff's, the module form of the diff algorithm x/tools
// uses for go vet -fix -diff and go fix -diff, so routevet's diffs are
// theirs line for line.
func Unified(oldLabel, newLabel string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	return udiff.Unified(oldLabel, newLabel, string(old), string(new))
}
