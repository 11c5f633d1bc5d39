package fixes

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
)

func numbered(n int, replace map[int]string) string {
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		if s, ok := replace[i]; ok {
			sb.WriteString(s + "\n")
		} else {
			fmt.Fprintf(&sb, "%d\n", i)
		}
	}
	return sb.String()
}

// The expected outputs are those of go fix -diff (x/tools' internal diff)
// for the same inputs.
func TestUnified(t *testing.T) {
	for _, test := range []struct {
		name     string
		old, new string
		want     string
	}{
		{
			name: "equal",
			old:  "a\nb\n", new: "a\nb\n",
			want: "",
		},
		{
			name: "change",
			old:  "package m\n\nfunc F() {\n\tbad()\n}\n",
			new:  "package m\n\nfunc F() {\n\tgood()\n}\n",
			want: "--- a (old)\n+++ b (new)\n@@ -1,5 +1,5 @@\n package m\n \n func F() {\n-\tbad()\n+\tgood()\n }\n",
		},
		{
			name: "from empty",
			old:  "", new: "x\ny\n",
			want: "--- a (old)\n+++ b (new)\n@@ -0,0 +1,2 @@\n+x\n+y\n",
		},
		{
			name: "to empty",
			old:  "x\ny\n", new: "",
			want: "--- a (old)\n+++ b (new)\n@@ -1,2 +0,0 @@\n-x\n-y\n",
		},
		{
			name: "no newline at end",
			old:  "a\nb\nc", new: "a\nb\nC",
			want: "--- a (old)\n+++ b (new)\n@@ -1,3 +1,3 @@\n a\n b\n-c\n\\ No newline at end of file\n+C\n\\ No newline at end of file\n",
		},
		{
			name: "newline added at end",
			old:  "a\nb", new: "a\nb\n",
			want: "--- a (old)\n+++ b (new)\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
		{
			name: "single line count",
			old:  "a\n", new: "a\nb\n",
			want: "--- a (old)\n+++ b (new)\n@@ -1 +1,2 @@\n a\n+b\n",
		},
		{
			name: "function appended",
			old:  "package m\n\nfunc F() {\n}\n",
			new:  "package m\n\nfunc F() {\n}\n\nfunc G() {\n}\n",
			want: "--- a (old)\n+++ b (new)\n@@ -2,3 +2,6 @@\n \n func F() {\n }\n+\n+func G() {\n+}\n",
		},
		{
			name: "two hunks",
			old:  numbered(20, nil), new: numbered(20, map[int]string{2: "two", 19: "nineteen"}),
			want: "--- a (old)\n+++ b (new)\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+nineteen\n 20\n",
		},
		{
			name: "six lines apart join",
			old:  numbered(20, nil), new: numbered(20, map[int]string{2: "two", 9: "nine"}),
			want: "--- a (old)\n+++ b (new)\n@@ -1,12 +1,12 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n 10\n 11\n 12\n",
		},
		{
			name: "seven lines apart split",
			old:  numbered(20, nil), new: numbered(20, map[int]string{2: "two", 10: "ten"}),
			want: "--- a (old)\n+++ b (new)\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n",
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			got := Unified("a (old)", "b (new)", []byte(test.old), []byte(test.new))
			if got != test.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, test.want)
			}
		})
	}
}

// TestDiffLinesMinimal checks on random texts that the edit script turns
// a into b and is as short as the longest common subsequence allows.
func TestDiffLinesMinimal(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	random := func() []string {
		lines := make([]string, r.Intn(30))
		for i := range lines {
			lines[i] = string(rune('a' + r.Intn(4)))
		}
		return lines
	}
	for range 3000 {
		a, b := random(), random()
		deleted, inserted := diffLines(a, b)
		var kept, added []string
		changes := 0
		for i, del := range deleted {
			if del {
				changes++
			} else {
				kept = append(kept, a[i])
			}
		}
		for j, ins := range inserted {
			if ins {
				changes++
			} else {
				added = append(added, b[j])
			}
		}
		if strings.Join(kept, "") != strings.Join(added, "") {
			t.Fatalf("diff(%q, %q): unchanged lines differ: %q vs %q", a, b, kept, added)
		}
		if want := len(a) + len(b) - 2*lcsLen(a, b); changes != want {
			t.Fatalf("diff(%q, %q): %d changes, want %d", a, b, changes, want)
		}
	}
}

// TestLineOpsConsistent checks on random texts that the operations,
// after sliding blocks down, still spell a and b, number their lines
// right, and change as few lines as the diff did.
func TestLineOpsConsistent(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	random := func() []string {
		lines := make([]string, r.Intn(30))
		for i := range lines {
			lines[i] = string(rune('a'+r.Intn(3))) + "\n"
		}
		return lines
	}
	for range 3000 {
		a, b := random(), random()
		var gotA, gotB []string
		changes := 0
		for _, op := range lineOps(a, b) {
			if op.oldLine != len(gotA)+1 || op.newLine != len(gotB)+1 {
				t.Fatalf("lineOps(%q, %q): %+v numbered wrong", a, b, op)
			}
			if op.kind != opInsert {
				gotA = append(gotA, op.text)
			}
			if op.kind != opDelete {
				gotB = append(gotB, op.text)
			}
			if op.kind != opEqual {
				changes++
			}
		}
		if strings.Join(gotA, "") != strings.Join(a, "") || strings.Join(gotB, "") != strings.Join(b, "") {
			t.Fatalf("lineOps(%q, %q) spells %q and %q", a, b, gotA, gotB)
		}
		if want := len(a) + len(b) - 2*lcsLen(a, b); changes != want {
			t.Fatalf("lineOps(%q, %q): %d changes, want %d", a, b, changes, want)
		}
	}
}

func lcsLen(a, b []string) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}

// TestUnifiedLarge checks that replacing every line of a long file is
// quick and takes little memory: the linear-space algorithm at work.
func TestUnifiedLarge(t *testing.T) {
	old := numbered(5000, nil)
	new := strings.ReplaceAll(old, "\n", "x\n")
	start := time.Now()
	got := Unified("a", "b", []byte(old), []byte(new))
	if n := strings.Count(got, "\n-"); n != 5000 {
		t.Errorf("%d deletions, want 5000", n)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}
