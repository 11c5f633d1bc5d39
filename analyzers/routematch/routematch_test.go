package routematch_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/routevet/routevet/analyzers/routematch"
	"github.com/routevet/routevet/internal/analyzerdoc"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, testdata(t), routematch.Analyzer,
		"routematch/helpers", "routematch/servemux", "routematch/chirouter", "routematch/chiescape",
		"routematch/gorillarouter", "routematch/tested", "routematch/conflicts", "routematch/conflictslib")
}

// TestFix checks the renames against servemux.go.golden and the others.
func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), routematch.Analyzer,
		"routematch/servemux", "routematch/chirouter", "routematch/gorillarouter")
}

// TestDoc checks that the Doc users read is doc.go's and that it
// documents every category.
func TestDoc(t *testing.T) {
	doc := routematch.Analyzer.Doc
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	if got := analyzerdoc.MustExtract(string(src), "routematch"); got != doc || !strings.HasPrefix(doc, "routematch: ") {
		t.Errorf("Doc differs from doc.go, or lacks its summary line")
	}
	for _, c := range routematch.Categories {
		if !strings.Contains(doc, c+":") {
			t.Errorf("doc.go does not document category %s", c)
		}
	}
}
