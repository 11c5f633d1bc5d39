package writerwrap

import "github.com/routevet/routevet/internal/effects"

// Streams is the package fact telling that code of the package, or of a
// package of the same module that it imports, flushes a response,
// hijacks its connection or sets its deadlines: the advice on a wrapper
// names that code. The effects analyzer computes it on every package.
type Streams = effects.Streams
