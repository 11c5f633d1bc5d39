// Package writerwrap defines an Analyzer that reports response writer
// wrappers that hide Flush, Hijack and deadlines from
// http.NewResponseController, and assertions that do not see through
// wrappers.
//
// # Analyzer writerwrap
//
// writerwrap: report writer wrappers without Unwrap, and w.(http.Flusher) assertions
//
// Middleware wraps the http.ResponseWriter to record the status or count
// bytes (type statusRecorder struct { http.ResponseWriter; code int }).
// Since Go 1.20, http.NewResponseController(w) finds Flush, Hijack,
// SetReadDeadline, SetWriteDeadline and EnableFullDuplex on the writer or,
// through an Unwrap() http.ResponseWriter method, on the writers it wraps.
// A wrapper without Unwrap stops it: behind the middleware, server-sent
// events and streamed responses are not flushed, WebSocket upgrades fail
// and deadlines cannot be extended, with http.ErrNotSupported.
//
// writer-wrapper-without-unwrap: a struct type that holds one
// http.ResponseWriter (embedded or in a field), is a ResponseWriter
// itself, and is used as one in its package (passed, assigned, returned
// or stored as an http.ResponseWriter), with no Unwrap method, when
// something may need what it hides:
//
//   - code of the package, or of a package of the same module it imports,
//     flushes, hijacks or sets deadlines (calls http.NewResponseController
//     or a *http.ResponseController method, or asserts a writer to
//     http.Flusher or http.Hijacker). A package fact carries this from the
//     handlers' packages to the package that wires them to middleware;
//   - or the wrapper leaves the package's sight: the type is exported, or
//     the function that uses it as a writer is (an exported middleware).
//     A library cannot see its importers' handlers, and one of them
//     streaming is enough.
//
// Not reported: wrappers with any Unwrap method; wrappers that implement
// both Flush and Hijack themselves (written for streaming and upgrades;
// that they hide deadlines alone is too weak a reason); wrappers whose own
// Write or WriteHeader never calls the wrapped writer's, which buffer or
// transform the response (compression, caching, a delayed status), where
// hiding the writer is deliberate; types never used as a writer; wrappers
// in test files. Modules declaring a Go version before 1.20 are checked
// too: their users build them with newer Go. The suggested fix adds,
// after the type:
//
//	// Unwrap returns the wrapped writer, so that http.NewResponseController
//	// reaches its Flush, Hijack and deadline methods.
//	func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
//
// with the receiver the type's methods use (a value receiver when the
// wrapper is used as a writer by value). Adding a method changes only what
// looks for it.
//
// flusher-assertion (off by default; enable "writerwrap/flusher-assertion"):
// w.(http.Flusher) or w.(http.Hijacker) on an http.ResponseWriter, outside
// the Flush and Hijack methods of wrappers, which forward the call. The
// assertion fails behind a wrapper that offers the method only through
// Unwrap; http.NewResponseController(w).Flush() and .Hijack() follow
// Unwrap. It is advice rather than a bug — the assertion works behind
// every wrapper that implements the method, which most do — hence opt-in.
// Not reported in files for Go before 1.20, which lack the controller.
// Fixes are offered where the result is used only to call the method once
// and failure is handled in a way the controller's error can take over:
//
//	if f, ok := w.(http.Flusher); ok { f.Flush() }
//	→ _ = http.NewResponseController(w).Flush()
//
//	hj, ok := w.(http.Hijacker)
//	if !ok { http.Error(w, "...", 500); return }
//	conn, brw, err := hj.Hijack()
//	→ conn, brw, err := http.NewResponseController(w).Hijack()
//	  if errors.Is(err, http.ErrNotSupported) { http.Error(w, "...", 500); return }
//
// (the second only where package errors is imported). An assertion checked
// up front and used later (flusher, ok := w.(http.Flusher); if !ok {...};
// for { ...; flusher.Flush() }) gets no fix: the controller can only tell
// that flushing is unsupported by flushing, which would commit the headers
// early.
package writerwrap
