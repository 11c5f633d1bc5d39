package analyzers

import (
	"go/token"

	"github.com/routevet/routevet/internal/httpmodel"
)

// Model is the analyzer that finds a package's handlers and routes, which
// every routevet analyzer requires. Drivers that report on the handlers
// themselves (the migration summary) run it as a root and read its result
// with Handlers.
var Model = httpmodel.Analyzer

// Handlers returns where the handlers of a Model result start: those that
// use the mutable http.ResponseWriter, and those already in the pure
// func(*http.Request) (*http.Response, error) shape. A result of another
// type has none.
func Handlers(result any) (mutable, pure []token.Pos) {
	m, ok := result.(*httpmodel.Model)
	if !ok || m == nil {
		return nil, nil
	}
	for _, h := range m.Handlers {
		mutable = append(mutable, h.Pos())
	}
	for _, n := range m.Pure {
		pure = append(pure, n.Pos())
	}
	return mutable, pure
}
