// Package workers is a stub of github.com/syumai/workers with the
// signatures routevet's analyzers use.
package workers

import "net/http"

// Serve serves handler on Cloudflare Workers; nil means http.DefaultServeMux.
func Serve(handler http.Handler) {}

// ServeNonBlock sets the handler without signalling readiness or blocking.
func ServeNonBlock(handler http.Handler) {}

func Ready() {}

func Done() <-chan struct{} { return nil }
