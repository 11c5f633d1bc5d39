package fixes

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
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

// applyUnified applies a unified diff to old, checking every context and
// deleted line against it, and returns the new text.
func applyUnified(old, diff string) (string, error) {
	if diff == "" {
		return old, nil
	}
	a := splitLines(old)
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") {
		return "", fmt.Errorf("no header")
	}
	var out []string
	next := 0 // index in a of the first line not yet copied
	for i := 2; i < len(lines) && lines[i] != ""; {
		var oldStart, oldCount, newStart, newCount int
		h := lines[i]
		if _, err := fmt.Sscanf(h, "@@ -%d,%d +%d,%d @@", &oldStart, &oldCount, &newStart, &newCount); err != nil {
			oldCount, newCount = 1, 1
			if _, err := fmt.Sscanf(h, "@@ -%d +%d,%d @@", &oldStart, &newStart, &newCount); err != nil {
				if _, err := fmt.Sscanf(h, "@@ -%d,%d +%d @@", &oldStart, &oldCount, &newStart); err != nil {
					if _, err := fmt.Sscanf(h, "@@ -%d +%d @@", &oldStart, &newStart); err != nil {
						return "", fmt.Errorf("bad hunk header %q", h)
					}
				}
			}
		}
		from := oldStart - 1
		if oldCount == 0 {
			from = oldStart
		}
		if from < next || from > len(a) {
			return "", fmt.Errorf("hunk %q out of order", h)
		}
		out = append(out, a[next:from]...)
		next = from
		i++
		for ; i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@"); i++ {
			line := lines[i]
			noEOL := i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\\ No newline")
			text := line[1:]
			if noEOL {
				text = strings.TrimSuffix(text, "\n")
			}
			switch line[0] {
			case ' ', '-':
				if next >= len(a) || a[next] != text {
					return "", fmt.Errorf("line %d: diff says %q, text has another", next+1, text)
				}
				next++
				if line[0] == ' ' {
					out = append(out, text)
				}
			case '+':
				out = append(out, text)
			default:
				return "", fmt.Errorf("bad line %q", line)
			}
			if noEOL {
				i++
			}
		}
	}
	out = append(out, a[next:]...)
	return strings.Join(out, ""), nil
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// TestUnifiedApplies checks on random texts that applying the diff of a
// to b to a gives b.
func TestUnifiedApplies(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	words := []string{"a\n", "b\n", "c\n", "}\n", "\n", "x"}
	text := func() string {
		var sb strings.Builder
		for range rng.Intn(30) {
			sb.WriteString(words[rng.Intn(len(words))])
		}
		return sb.String()
	}
	for range 2000 {
		a, b := text(), text()
		checkApplies(t, a, b)
	}
}

func checkApplies(t *testing.T, a, b string) {
	t.Helper()
	diff := Unified("a", "b", []byte(a), []byte(b))
	got, err := applyUnified(a, diff)
	if err != nil || got != b {
		t.Fatalf("the diff of %q to %q does not apply (err=%v, got %q):\n%s", a, b, err, got, diff)
	}
}

// FuzzUnified: applying the diff of a to b to a gives b.
func FuzzUnified(f *testing.F) {
	f.Add("a\nb\nc", "a\nb\nC")
	f.Add("", "x\ny\n")
	f.Add("package m\n\nfunc F() {\n}\n", "package m\n\nfunc F() {\n}\n\nfunc G() {\n}\n")
	f.Add(numbered(20, nil), numbered(20, map[int]string{2: "two", 19: "nineteen"}))
	f.Fuzz(func(t *testing.T, a, b string) {
		checkApplies(t, a, b)
	})
}

// TestUnifiedLarge checks that replacing every line of a long file gives
// the diff it should (the algorithm's speed is measured by benchmarks,
// never by timed tests).
func TestUnifiedLarge(t *testing.T) {
	old := numbered(5000, nil)
	new := strings.ReplaceAll(old, "\n", "x\n")
	got := Unified("a", "b", []byte(old), []byte(new))
	if n := strings.Count(got, "\n-"); n != 5000 {
		t.Errorf("%d deletions, want 5000", n)
	}
	checkApplies(t, old, new)
}
