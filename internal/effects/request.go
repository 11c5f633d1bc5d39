package effects

import (
	"go/ast"
	"go/types"
)

// requestEngine will hold the request summaries of one package.
type requestEngine struct {
	helpers   []*types.Func
	summaries map[*types.Func]*requestSummary
}

type requestSummary struct{ params []Param }

func newRequestEngine(r *Result) *requestEngine { return &requestEngine{} }

func (e *requestEngine) collect(n ast.Node) {}

func (e *requestEngine) run() {}
