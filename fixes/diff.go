package fixes

import (
	"fmt"
	"strings"
)

// contextLines is the number of unchanged lines shown around each change
// in a unified diff, as diff -u and go fix -diff show.
const contextLines = 3

// Unified returns a unified diff that turns old into new, labelled
// oldLabel and newLabel, in the form go fix -diff prints: "--- oldLabel",
// "+++ newLabel", then hunks with three lines of context. It returns ""
// when old and new are equal.
func Unified(oldLabel, newLabel string, old, new []byte) string {
	a, b := splitAfterNewlines(string(old)), splitAfterNewlines(string(new))
	ops := lineOps(a, b)
	hunks := groupHunks(ops, contextLines)
	if len(hunks) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", oldLabel, newLabel)
	for _, h := range hunks {
		writeHunk(&sb, ops, h)
	}
	return sb.String()
}

// splitAfterNewlines splits s after each newline. A last line with no newline is
// kept as it is, so that the diff can say so.
func splitAfterNewlines(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, s[:i])
		s = s[i:]
	}
	return lines
}

// An opKind says what a line diff does with one line.
type opKind int8

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// A lineOp is one line of a line diff, with the 1-based numbers the line
// has in the old and new text (the number it would have, for a line
// missing from one side).
type lineOp struct {
	kind             opKind
	text             string
	oldLine, newLine int
}

// lineOps returns the line diff of a and b as a sequence of operations:
// within each change, deletions come before insertions, as diff -u
// shows them.
func lineOps(a, b []string) []lineOp {
	deleted, inserted := diffLines(a, b)
	ops := make([]lineOp, 0, max(len(a), len(b)))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		op := lineOp{oldLine: i + 1, newLine: j + 1}
		switch {
		case i < len(a) && deleted[i]:
			op.kind, op.text = opDelete, a[i]
			i++
		case j < len(b) && inserted[j]:
			op.kind, op.text = opInsert, b[j]
			j++
		default:
			op.kind, op.text = opEqual, a[i]
			i++
			j++
		}
		ops = append(ops, op)
	}
	slideDown(ops)
	return ops
}

// slideDown moves each block of inserted lines, and each of deleted
// lines, that is not part of a change as far down as equal lines allow:
// a block followed by a line equal to its first line can show one line
// later. So a function appended after another shows after the closing
// brace they share, as go fix -diff shows it, not before it.
func slideDown(ops []lineOp) {
	moved := false
	for k := 0; k < len(ops); {
		if ops[k].kind == opEqual {
			k++
			continue
		}
		s, kind := k, ops[k].kind
		for k < len(ops) && ops[k].kind == kind {
			k++
		}
		if s > 0 && ops[s-1].kind != opEqual || k < len(ops) && ops[k].kind != opEqual {
			for k < len(ops) && ops[k].kind != opEqual {
				k++ // a change: deletions and insertions together
			}
			continue
		}
		for k < len(ops) && ops[k].kind == opEqual && ops[k].text == ops[s].text &&
			(k+1 == len(ops) || ops[k+1].kind == opEqual || ops[k+1].kind == kind) {
			ops[s].kind, ops[k].kind = opEqual, kind
			s, k = s+1, k+1
			moved = true
			for k < len(ops) && ops[k].kind == kind {
				k++ // joined the next block
			}
		}
	}
	if !moved {
		return
	}
	i, j := 0, 0
	for n := range ops {
		ops[n].oldLine, ops[n].newLine = i+1, j+1
		if ops[n].kind != opInsert {
			i++
		}
		if ops[n].kind != opDelete {
			j++
		}
	}
}

// A diffHunk is the range [start, end) of a diff's operations shown together.
type diffHunk struct{ start, end int }

// groupHunks finds the hunks of ops: each change with context lines of
// unchanged text on either side, and changes whose contexts would touch or
// overlap shown as one hunk.
func groupHunks(ops []lineOp, context int) []diffHunk {
	var hunks []diffHunk
	for k := 0; k < len(ops); {
		if ops[k].kind == opEqual {
			k++
			continue
		}
		start := max(0, k-context)
		end := k // end of the last change in this hunk
		for end < len(ops) {
			if ops[end].kind != opEqual {
				end++
				continue
			}
			next := end // start of the next change, if any
			for next < len(ops) && ops[next].kind == opEqual {
				next++
			}
			if next == len(ops) || next-end > 2*context {
				break
			}
			end = next
		}
		hunks = append(hunks, diffHunk{start, min(len(ops), end+context)})
		k = end
	}
	return hunks
}

// writeHunk writes one hunk: its header, then its lines. The header
// follows diff -u, as go fix -diff prints it: a count of 1 is left out,
// and an empty side is "0,0".
func writeHunk(sb *strings.Builder, ops []lineOp, h diffHunk) {
	var oldCount, newCount int
	for _, op := range ops[h.start:h.end] {
		if op.kind != opInsert {
			oldCount++
		}
		if op.kind != opDelete {
			newCount++
		}
	}
	first := ops[h.start]
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(first.oldLine, oldCount), hunkRange(first.newLine, newCount))
	for _, op := range ops[h.start:h.end] {
		sb.WriteByte(" -+"[op.kind])
		sb.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(line, count int) string {
	switch {
	case count > 1:
		return fmt.Sprintf("%d,%d", line, count)
	case count == 0 && line == 1:
		return "0,0"
	}
	return fmt.Sprint(line)
}

// diffLines computes a shortest edit script from a to b and reports which
// lines of a it deletes and which lines of b it inserts.
//
// It is Myers' O(ND) algorithm in its linear-space form ("An O(ND)
// Difference Algorithm and Its Variations", 1986, section 4b): find the
// middle snake of the script, then solve the two halves on either side
// of it. A fix usually changes a few lines of a long file, so trimming
// the common prefix and suffix first does most of the work.
func diffLines(a, b []string) (deleted, inserted []bool) {
	ids := make(map[string]int)
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{
		a:        intern(a),
		b:        intern(b),
		deleted:  make([]bool, len(a)),
		inserted: make([]bool, len(b)),
	}
	d.compare(0, len(a), 0, len(b))
	return d.deleted, d.inserted
}

type differ struct {
	a, b              []int
	deleted, inserted []bool
}

// compare marks the changes of a shortest edit script from a[a0:a1] to
// b[b0:b1].
func (d *differ) compare(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		a0++
		b0++
	}
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		a1--
		b1--
	}
	if a0 == a1 || b0 == b1 {
		d.markAll(a0, a1, b0, b1)
		return
	}
	x, y := d.middle(a0, a1, b0, b1)
	if (x == a0 && y == b0) || (x == a1 && y == b1) {
		// Cannot happen once the ends are trimmed (the script has at
		// least two edits, so its middle is inside), but a wrong split
		// would recurse forever: fall back to replacing everything.
		d.markAll(a0, a1, b0, b1)
		return
	}
	d.compare(a0, x, b0, y)
	d.compare(x, a1, y, b1)
}

func (d *differ) markAll(a0, a1, b0, b1 int) {
	for i := a0; i < a1; i++ {
		d.deleted[i] = true
	}
	for j := b0; j < b1; j++ {
		d.inserted[j] = true
	}
}

// middle returns a point (x, y) through which a shortest edit script from
// a[a0:a1] to b[b0:b1] passes: the end of the forward half of its middle
// snake. It searches from both corners at once, the forward search along
// diagonals k = x-y from the top left and the reverse search along
// diagonals of the reversed texts from the bottom right, until the two
// searches overlap.
func (d *differ) middle(a0, a1, b0, b1 int) (x, y int) {
	n, m := a1-a0, b1-b0
	delta := n - m
	odd := delta%2 != 0
	maxD := (n + m + 1) / 2
	off := maxD + 1
	// fwd[off+k] is the furthest x reached on diagonal k by the forward
	// search, rev[off+k] the furthest reached by the reverse search
	// (counting from the end); -1 where a search has not been.
	fwd := make([]int, 2*off+1)
	rev := make([]int, 2*off+1)
	for i := range fwd {
		fwd[i], rev[i] = -1, -1
	}
	fwd[off+1], rev[off+1] = 0, 0
	// Diagonals that have run off the edge of the grid lead nowhere:
	// the searches stop visiting them.
	var fLo, fHi, rLo, rHi int
	for step := 0; step < maxD; step++ {
		for k := -step + fLo; k <= step-fHi; k += 2 {
			x := furthest(fwd, off, k, step)
			y := x - k
			for x < n && y < m && d.a[a0+x] == d.b[b0+y] {
				x++
				y++
			}
			fwd[off+k] = x
			switch {
			case x > n:
				fHi += 2
			case y > m:
				fLo += 2
			case odd:
				// The reverse search has been on this diagonal.
				if r := visited(rev, off+delta-k); r != -1 && x >= n-r {
					return a0 + x, b0 + y
				}
			}
		}
		for k := -step + rLo; k <= step-rHi; k += 2 {
			x := furthest(rev, off, k, step)
			y := x - k
			for x < n && y < m && d.a[a1-1-x] == d.b[b1-1-y] {
				x++
				y++
			}
			rev[off+k] = x
			switch {
			case x > n:
				rHi += 2
			case y > m:
				rLo += 2
			case !odd:
				fk := delta - k
				if fx := visited(fwd, off+fk); fx != -1 && fx >= n-x {
					return a0 + fx, b0 + fx - fk
				}
			}
		}
	}
	// Unreachable: the searches meet within maxD steps.
	return a0, b0
}

// furthest returns where a search may start on diagonal k at the given
// step: one step down from diagonal k+1 or one step right from k-1,
// whichever has got further.
func furthest(v []int, off, k, step int) int {
	if k == -step || (k != step && v[off+k-1] < v[off+k+1]) {
		return v[off+k+1]
	}
	return v[off+k-1] + 1
}

// visited returns v[i], or -1 (not visited) when i is out of range.
func visited(v []int, i int) int {
	if i < 0 || i >= len(v) {
		return -1
	}
	return v[i]
}
