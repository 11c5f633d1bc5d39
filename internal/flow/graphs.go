package flow

import (
	"go/ast"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// Backward solves the backward must-problem defined by transfer over g:
// what happens on every path from a point to the function's end (a
// return, a panic, or a call that never returns). transfer sees each
// block's nodes last to first; blocks from which no end is reachable (an
// endless loop) are not solved.
func Backward(g *cfg.CFG, transfer Transfer) {
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	Forward(reversed(g), transfer)
}

// reversed returns g with its edges reversed and a new entry block whose
// successors are the blocks that end the function, so that Forward
// solves the backward problem.
func reversed(g *cfg.CFG) *cfg.CFG {
	blocks := make([]*cfg.Block, len(g.Blocks)+1)
	blocks[0] = &cfg.Block{Index: 0, Live: true}
	for i, b := range g.Blocks {
		nodes := slices.Clone(b.Nodes)
		slices.Reverse(nodes)
		blocks[i+1] = &cfg.Block{Nodes: nodes, Index: int32(i + 1), Kind: b.Kind, Stmt: b.Stmt}
	}
	for i, b := range g.Blocks {
		if !b.Live {
			continue
		}
		if len(b.Succs) == 0 {
			blocks[0].Succs = append(blocks[0].Succs, blocks[i+1])
		}
		for _, succ := range b.Succs {
			blocks[succ.Index+1].Succs = append(blocks[succ.Index+1].Succs, blocks[i+1])
		}
	}
	// Live now means: reaches an end of the function.
	stack := []*cfg.Block{blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, succ := range b.Succs {
			if !succ.Live {
				succ.Live = true
				stack = append(stack, succ)
			}
		}
	}
	return &cfg.CFG{Blocks: blocks}
}

// WithMarkers returns a copy of g with marker nodes, which the problem's
// transfer function recognizes, where Forward has no hook of its own:
//
//   - entry, when not nil, alone in a new first block: where events that
//     hold until something happens ("nothing read yet") start;
//   - on each edge out of a condition (a block that ends with an
//     expression and has two successors, then and else), the node
//     edge(cond, taken) returns, when not nil, in a block of its own:
//     effects that hold on one outcome of a test ("the call failed").
//
// g itself, which ctrlflow shares between analyzers, is left as it is.
func WithMarkers(g *cfg.CFG, entry ast.Node, edge func(cond ast.Expr, taken bool) ast.Node) *cfg.CFG {
	shift := 0
	if entry != nil {
		shift = 1
	}
	blocks := make([]*cfg.Block, len(g.Blocks)+shift)
	for i, b := range g.Blocks {
		nb := *b
		nb.Index = int32(i + shift)
		blocks[i+shift] = &nb
	}
	copies := blocks[shift:]
	for _, b := range copies {
		succs := make([]*cfg.Block, len(b.Succs))
		for j, s := range b.Succs {
			succs[j] = blocks[int(s.Index)+shift]
		}
		b.Succs = succs
	}
	if entry != nil {
		blocks[0] = &cfg.Block{Nodes: []ast.Node{entry}, Index: 0, Live: true, Kind: cfg.KindBody}
		if len(copies) > 0 {
			blocks[0].Succs = []*cfg.Block{copies[0]}
		}
	}
	if edge == nil {
		return &cfg.CFG{Blocks: blocks}
	}
	for _, b := range copies {
		if len(b.Nodes) == 0 || len(b.Succs) != 2 {
			continue
		}
		cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
		if !ok {
			continue
		}
		for j, succ := range b.Succs {
			marker := edge(cond, j == 0)
			if marker == nil {
				continue
			}
			split := &cfg.Block{Nodes: []ast.Node{marker}, Succs: []*cfg.Block{succ}, Index: int32(len(blocks)), Live: b.Live, Kind: b.Kind}
			blocks = append(blocks, split)
			b.Succs[j] = split
		}
	}
	return &cfg.CFG{Blocks: blocks}
}
