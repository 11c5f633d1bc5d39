package fixes

import (
	"errors"
	"testing"
)

// FuzzApply applies two fixes of one edit each to a text file: nothing
// panics; edits outside the file are refused with a message; two
// replacements of overlapping text are refused with ErrConflict unless
// they make the same change; disjoint edits both apply, exactly.
func FuzzApply(f *testing.F) {
	f.Add("hello world\n", 0, 5, "HELLO", 6, 11, "WORLD")
	f.Add("hello world\n", 0, 5, "HELLO", 3, 8, "x")
	f.Add("hello world\n", 2, 2, "a", 2, 2, "b")
	f.Add("hello world\n", 2, 2, "a", 2, 2, "a")
	f.Add("abc", 0, 3, "", 1, 9, "z")
	f.Fuzz(func(t *testing.T, content string, s1, e1 int, n1 string, s2, e2 int, n2 string) {
		const name = "/f/x.txt"
		fix1 := Fix{Source: "1", Edits: []Edit{{File: name, Start: s1, End: e1, New: n1}}}
		fix2 := Fix{Source: "2", Edits: []Edit{{File: name, Start: s2, End: e2, New: n2}}}
		res, err := Apply([]Fix{fix1, fix2}, Options{
			ReadFile: func(string) ([]byte, error) { return []byte(content), nil },
			Sizes:    map[string]int{name: len(content)},
		})
		if err != nil {
			t.Fatalf("Apply failed: %v", err)
		}
		valid := func(s, e int) bool { return 0 <= s && s <= e && e <= len(content) }
		skipped := map[string]error{}
		for _, s := range res.Skipped {
			if s.Err == nil || s.Err.Error() == "" {
				t.Fatalf("fix %s skipped without a message", s.Fix.Source)
			}
			skipped[s.Fix.Source] = s.Err
		}
		if !valid(s1, e1) && skipped["1"] == nil || !valid(s2, e2) && skipped["2"] == nil {
			t.Fatalf("an edit outside the file was applied: %d-%d, %d-%d of %d", s1, e1, s2, e2, len(content))
		}
		if !valid(s1, e1) || !valid(s2, e2) {
			return
		}
		// Two replacements of overlapping text conflict, unless they are
		// the same change (mergeEdits splits the part before the other's
		// start off as a deletion, so equal ends and texts merge).
		overlap := max(s1, s2) < min(e1, e2)
		if overlap && n1 != "" && n2 != "" && !(e1 == e2 && n1 == n2) && !errors.Is(skipped["2"], ErrConflict) {
			t.Fatalf("overlapping edits %d-%d %q and %d-%d %q were both applied", s1, e1, n1, s2, e2, n2)
		}
		// Disjoint edits (not two insertions at one point) both apply.
		disjoint := e1 < s2 || e2 < s1 || (e1 == s2 || e2 == s1) && s1 != s2
		if disjoint && skipped["1"] == nil && skipped["2"] == nil {
			want := content
			if s1 > s2 {
				want = want[:s1] + n1 + want[e1:]
				want = want[:s2] + n2 + want[e2:]
			} else {
				want = want[:s2] + n2 + want[e2:]
				want = want[:s1] + n1 + want[e1:]
			}
			got := content
			if len(res.Files) == 1 {
				got = string(res.Files[0].New)
			}
			if got != want {
				t.Fatalf("applied %q, want %q", got, want)
			}
		}
	})
}
