// Package route lets HTTP handlers be pure functions: a request in, a
// response (or an error) out.
//
//	type Func func(*http.Request) (*http.Response, error)
//
// This is the shape of [http.RoundTripper.RoundTrip] and the Go analogue of a
// Next.js App Router route handler (Request in, Response out) as opposed to
// the mutable req/res style of [http.Handler]. A [Func] is itself an
// [http.Handler]: its ServeHTTP method calls the function and writes what it
// returns, so there is no implicit state on a response writer and a handler
// can be tested by calling it and inspecting the *http.Response.
//
// # Building responses
//
// The helpers return (*http.Response, error) so a handler can end with
//
//	return route.JSON(http.StatusOK, v)
//
// [JSON], [Text], [Bytes], [Status], [Redirect], [Error], [NotFound],
// [Stream] and [StreamFunc] take trailing [Option]s that add headers or
// cookies:
//
//	return route.JSON(http.StatusOK, v,
//		route.Header("Cache-Control", "no-store"),
//		route.Cookie(&http.Cookie{Name: "seen", Value: "1"}))
//
// [With] applies options to a response obtained elsewhere (for example from a
// wrapped Func in a middleware).
//
// [Redirect], [Error] and [NotFound] run the standard library's
// [http.Redirect], [http.Error] and [http.NotFound] against an in-memory
// response writer and return what they wrote, so their status, headers and
// body are byte for byte those of the net/http originals. [JSON]'s body is
// byte for byte what json.NewEncoder(w).Encode(v) writes (trailing newline
// included), but it is encoded before anything is sent, so an encoding error
// is returned as an error instead of a half-written body.
//
// # Errors
//
// A non-nil error becomes an error response. Its status comes from the first
// error in the chain (see [errors.As]) that has a StatusCode() int method
// returning a 4xx or 5xx code, as produced by [StatusError] and [Errorf];
// otherwise it is 500. The client only ever gets [http.StatusText] of the
// status, in the format of [http.Error]; the error text itself goes to
// [LogError]. A handler returning a nil response and a nil error is treated as
// a bug: 500, and a line through [LogError].
//
// # Writing
//
// [Func.ServeHTTP] copies the response's headers (replacing, key by key, any
// already set on the writer), status (0 means 200) and body, flushing after
// every chunk the body yields so that streamed responses reach the client
// as they are produced. Headers are committed together with the first chunk
// of the body: if the body fails before yielding anything, the client still
// gets a proper error response. A later failure cannot change the status any
// more; it is logged and, under a net/http server, the connection is aborted
// (panic with [http.ErrAbortHandler], as httputil.ReverseProxy does) so the
// client sees a truncated response rather than a complete-looking one.
// Content-Length is set from the response's ContentLength when that is
// known: a value > 0, or 0 with a nil or [http.NoBody] body (following
// net/http, 0 with another body means "unknown"). Keys present in the
// response's Trailer map are announced as trailers and their values, which
// the body may fill in while it is read, are sent after it. HEAD
// requests, and statuses that forbid a body (1xx, 204, 304), never get one;
// a HEAD response otherwise has GET's headers as net/http sends them for a
// handler writing the same body: a missing Content-Type is sniffed from the
// body's first bytes (the only time a HEAD response's body is read), and an
// empty body announces no Content-Length. The body is always closed.
//
// # Methods
//
// [Methods] maps HTTP methods to Funcs, like a route.ts file exporting GET,
// POST, ... functions. It answers OPTIONS and 405 Method Not Allowed with an
// Allow header, and HEAD with the GET handler minus the body.
package route
