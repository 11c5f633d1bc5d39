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
// func(*http.Request) (*http.Response, error) shape. Handlers where
// nothing is reported (see httpmodel's Model.Silenced: ignored files, and
// test code unless the configuration asks for tests) are left out, so
// that what is counted is what would be reported. A result of another
// type has none.
func Handlers(result any) (mutable, pure []token.Pos) {
	m, ok := result.(*httpmodel.Model)
	if !ok || m == nil {
		return nil, nil
	}
	for _, h := range m.Handlers {
		if !m.Silenced(h.Pos()) {
			mutable = append(mutable, h.Pos())
		}
	}
	for _, n := range m.Pure {
		if !m.Silenced(n.Pos()) {
			pure = append(pure, n.Pos())
		}
	}
	return mutable, pure
}
