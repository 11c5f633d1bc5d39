package mutablewriter_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/mutablewriter"
	"github.com/routevet/routevet/internal/effects/effectstest"
)

// TestTestCode checks the default for test code, which holds for every
// analyzer since it is decided where they all report (the route model):
// nothing in _test.go files or test-support packages, unless the
// configuration says "tests: true"; a package whose name only looks like
// test support is reported as usual.
func TestTestCode(t *testing.T) {
	analysistest.Run(t, effectstest.Testdata(t), mutablewriter.Analyzer,
		"mutablewriter/testcode", "mutablewriter/testcodeon", "mutablewriter/fakeapitest", "mutablewriter/latest")
}
