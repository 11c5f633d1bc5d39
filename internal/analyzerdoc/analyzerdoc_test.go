package analyzerdoc

import "testing"

const src = `// Package demo does things.
//
// # Analyzer first
//
// first: find the first thing
//
// Longer text.
//
// # Analyzer second
//
// second: find the second thing
package demo
`

func TestExtract(t *testing.T) {
	for name, want := range map[string]string{
		"first":  "first: find the first thing\n\nLonger text.",
		"second": "second: find the second thing",
	} {
		got, err := extract(src, name)
		if err != nil || got != want {
			t.Errorf("extract(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := extract(src, "third"); err == nil {
		t.Error("extract(third) succeeded, want an error for the missing heading")
	}
}
