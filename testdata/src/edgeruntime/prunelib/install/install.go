package install // want package:"installs an HTTP transport"

// Package install installs a platform's transport as net/http's default,
// in a function that calls nothing: a dependency that does so makes
// http.Get and clients with no Transport use the platform's.

import "net/http"

// Use makes t net/http's default transport.
func Use(t http.RoundTripper) { http.DefaultTransport = t }
