package httpmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Silenced reports whether no analyzer reports anything at pos, whatever
// its category: the file is one the configuration ignores, or it is test
// code and the configuration does not ask for tests ("tests: true").
// Drivers that count what is reported (the migration summary) ask the
// same question, so that they count only what would be reported.
//
// Test code is a _test.go file, or a file of a test-support package.
// Tests break the rules on purpose (a second WriteHeader, to check that
// net/http ignores it), and on real modules most findings in test code
// were of that kind: true, and worth nobody's time.
func (m *Model) Silenced(pos token.Pos) bool {
	f := m.fset.File(pos)
	if f == nil {
		return false
	}
	if m.Config.Ignored(f.Name()) {
		return true
	}
	return !m.Config.Tests && (m.testSupport || strings.HasSuffix(f.Name(), "_test.go"))
}

// testSupportSuffixes end the names of packages that exist to help tests,
// by the standard library's convention (httptest, iotest, fstest) and the
// common variants.
var testSupportSuffixes = []string{"test", "testing", "testutil", "testutils", "testhelper", "testhelpers"}

// isTestSupport reports whether pkg is a test-support package: its name
// ends in one of testSupportSuffixes and one of its files other than
// _test.go files (which every package's tests add) imports testing or
// net/http/httptest. The import is what tells httptest-like packages
// (fake servers for tests, which have handlers) from packages whose names
// merely end that way (latest, contest).
func isTestSupport(fset *token.FileSet, pkg *types.Package, files []*ast.File) bool {
	if pkg == nil || strings.HasSuffix(pkg.Name(), "_test") {
		return false // an external test package: its files end in _test.go
	}
	named := false
	for _, suffix := range testSupportSuffixes {
		if strings.HasSuffix(pkg.Name(), suffix) {
			named = true
			break
		}
	}
	if !named {
		return false
	}
	for _, f := range files {
		if tf := fset.File(f.FileStart); tf == nil || strings.HasSuffix(tf.Name(), "_test.go") {
			continue
		}
		for _, imp := range f.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err == nil && (path == "testing" || path == "net/http/httptest") {
				return true
			}
		}
	}
	return false
}
