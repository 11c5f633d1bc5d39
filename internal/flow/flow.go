// Package flow solves the "must" data-flow problems routevet's analyzers
// ask of a function's control-flow graph (golang.org/x/tools/go/cfg): has
// an event happened on every path from the function's entry to a point?
//
// Reporting only what must have happened keeps findings precise: an event
// on one branch of an if, in one switch arm, or in a loop body that may run
// zero times does not count, and paths cut by panic, os.Exit or log.Fatal
// (which ctrlflow's graphs already end) do not reach later code.
package flow

import (
	"go/ast"
	"go/token"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// MaxEvents is how many distinct events one problem can track.
const MaxEvents = 16

// An Event is a client-defined kind of happening, below MaxEvents.
type Event uint8

// A State is what happened on every path to a point: a set of events, each
// with the position where it happened (the earliest, when paths differ).
type State struct {
	set uint16
	at  [MaxEvents]token.Pos
}

// Has reports whether e happened on every path.
func (s *State) Has(e Event) bool { return s.set&(1<<e) != 0 }

// At returns where e happened, or token.NoPos if it did not.
func (s *State) At(e Event) token.Pos {
	if !s.Has(e) {
		return token.NoPos
	}
	return s.at[e]
}

// Add records that e happens at pos; an earlier record of e is kept, so At
// names the first occurrence.
func (s *State) Add(e Event, pos token.Pos) {
	if !s.Has(e) || s.at[e] == token.NoPos {
		s.at[e] = pos
	}
	s.set |= 1 << e
}

// Remove forgets e, for effects that undo it (a body replaced, say).
func (s *State) Remove(e Event) {
	s.set &^= 1 << e
	s.at[e] = token.NoPos
}

// Empty reports whether no event happened.
func (s *State) Empty() bool { return s.set == 0 }

// top is the state of a block not yet reached: everything happened, which
// the meet over paths then narrows.
var top = State{set: ^uint16(0)}

// meet narrows s to what also happened in t.
func (s *State) meet(t *State) {
	s.set &= t.set
	for e := range Event(MaxEvents) {
		if s.set&(1<<e) != 0 && (s.at[e] == token.NoPos || t.at[e] != token.NoPos && t.at[e] < s.at[e]) {
			s.at[e] = t.at[e]
		}
	}
}

// A Transfer applies one graph node's effect to s. Nodes are the simple
// statements and expressions of cfg.Block.Nodes. final is false while the
// solution is still being computed (the node may be visited many times) and
// true on the one last walk, when the caller may report what it sees.
type Transfer func(n ast.Node, s *State, final bool)

// Forward solves the forward must-problem defined by transfer over g, then
// walks every live block once more with final set.
func Forward(g *cfg.CFG, transfer Transfer) {
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	// Each block's predecessors, in the order of the blocks, all in one
	// array: a problem is solved for every function with a writer or a
	// request, and a slice per block was most of what solving allocated.
	start := make([]int32, len(g.Blocks)+1)
	for _, b := range g.Blocks {
		for _, succ := range b.Succs {
			start[succ.Index+1]++
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	all := make([]*cfg.Block, start[len(g.Blocks)])
	filled := slices.Clone(start[:len(g.Blocks)])
	for _, b := range g.Blocks {
		for _, succ := range b.Succs {
			all[filled[succ.Index]] = b
			filled[succ.Index]++
		}
	}
	preds := make([][]*cfg.Block, len(g.Blocks))
	for i := range preds {
		preds[i] = all[start[i]:start[i+1]:start[i+1]]
	}
	out := make([]State, len(g.Blocks))
	for i := range out {
		out[i] = top
	}
	in := func(b *cfg.Block) State {
		if b.Index == 0 {
			return State{}
		}
		s := top
		for _, p := range preds[b.Index] {
			if p.Live {
				s.meet(&out[p.Index])
			}
		}
		return s
	}
	work := make([]*cfg.Block, 1, len(g.Blocks))
	work[0] = g.Blocks[0]
	queued := make([]bool, len(g.Blocks))
	queued[0] = true
	for head := 0; head < len(work); head++ {
		b := work[head]
		queued[b.Index] = false
		s := in(b)
		for _, n := range b.Nodes {
			transfer(n, &s, false)
		}
		if s == out[b.Index] {
			continue
		}
		out[b.Index] = s
		for _, succ := range b.Succs {
			if succ.Live && !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		s := in(b)
		for _, n := range b.Nodes {
			transfer(n, &s, true)
		}
	}
}

// Preorder calls f for the nodes of n in source order, which is the order
// Go evaluates a simple statement's operands in all cases routevet cares
// about. It does not enter function literals: their bodies run at another
// time, if at all.
func Preorder(n ast.Node, f func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}
