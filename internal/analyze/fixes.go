package analyze

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// checkFixes puts the edits of each fix of a diagnostic in order and
// checks them, as the checker does when an analyzer reports: edits
// sorted by position (insertions before replacements at the same place,
// insertions at one place in their order), each End set (an insertion's to
// its Pos; one slightly past the end of its file, as ast nodes' ends can
// be, to that end), within one file, not overlapping, and no two fixes
// with the same message. An error is a bug of the analyzer.
func checkFixes(fset *token.FileSet, a *analysis.Analyzer, fixes []analysis.SuggestedFix) error {
	messages := map[string]bool{}
	for i := range fixes {
		fix := &fixes[i]
		if messages[fix.Message] {
			return fmt.Errorf("analyzer %q suggests two fixes with same Message (%s)", a.Name, fix.Message)
		}
		messages[fix.Message] = true
		if err := checkEdits(fset, fix.TextEdits); err != nil {
			return fmt.Errorf("analyzer %q suggests invalid fix (%s): %v", a.Name, fix.Message, err)
		}
	}
	return nil
}

func checkEdits(fset *token.FileSet, edits []analysis.TextEdit) error {
	slices.SortStableFunc(edits, func(x, y analysis.TextEdit) int {
		return cmp.Or(cmp.Compare(x.Pos, y.Pos), cmp.Compare(x.End, y.End))
	})
	var prev *analysis.TextEdit
	for i := range edits {
		e := &edits[i]
		file := fset.File(e.Pos)
		if file == nil {
			return fmt.Errorf("no token.File for TextEdit.Pos (%v)", e.Pos)
		}
		fileEnd := token.Pos(file.Base() + file.Size())
		if !e.End.IsValid() {
			e.End = e.Pos
		} else if e.End < e.Pos {
			return fmt.Errorf("TextEdit.Pos (%v) > TextEdit.End (%v)", e.Pos, e.End)
		} else if endFile := fset.File(e.End); endFile != file {
			if e.End < fileEnd+10 {
				// An end computed past the last token (ast's
				// struct and interface types): the end of the
				// file. The checker does not compare it with
				// the next edit either.
				e.End = fileEnd
				continue
			}
			if endFile == nil {
				return fmt.Errorf("no token.File for TextEdit.End (%v; File(start).FileEnd is %d)", e.End, fileEnd)
			}
			return fmt.Errorf("edit #%d spans files (%v and %v)", i, file.Position(e.Pos), endFile.Position(e.End))
		}
		if e.End > fileEnd {
			return fmt.Errorf("end is (%v) beyond end of file (%v)", e.End, fileEnd)
		}
		if prev != nil && e.Pos < prev.End {
			p, q := fset.Position(prev.Pos), fset.Position(prev.End)
			r, s := fset.Position(e.Pos), fset.Position(e.End)
			return fmt.Errorf("overlapping edits to %s (%d:%d-%d:%d and %d:%d-%d:%d)", p.Filename, p.Line, p.Column, q.Line, q.Column, r.Line, r.Column, s.Line, s.Column)
		}
		prev = e
	}
	return nil
}
