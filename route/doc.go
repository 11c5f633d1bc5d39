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
// [WriteFunc], [WriteThrough], [Stream] and [StreamFunc] take trailing
// [Option]s that add headers or cookies:
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
// [LogError].
//
// # Writing nothing
//
// A nil response with a nil error writes nothing at all: no header, no
// WriteHeader, no Write, like a handler that returns without touching its
// writer. Whatever called the Func then sees an untouched writer: a
// dispatcher that writes an error response after the handler returns, a
// middleware, or net/http, which sends 200 with an empty body. A
// response with the status [ImplicitOK] and no body ([Status](ImplicitOK,
// opts...)) sets its headers and writes nothing else, like a handler that
// only sets headers.
//
// # Writing
//
// [Func.ServeHTTP] copies the response's headers to the writer (replacing,
// key by key, any already set on it), then calls WriteHeader with the
// status, unless that is [ImplicitOK] (0): then, as for a handler that
// never calls WriteHeader, the first Write sends 200, and an
// httptest.ResponseRecorder sniffs a missing Content-Type from it.
//
// A body built by [Bytes], [Text], [JSON], [Error], [Redirect],
// [NotFound] or [WriteFunc] is known in full. It is written with one
// Write (an empty one included), or for WriteFunc with the Write calls
// its function made, without a Flush and without a Content-Length of route's own,
// exactly as w.Write(b) in a handler writes it, so that nothing around the
// Func, neither a real server nor a ResponseRecorder nor a middleware
// wrapping the writer, can tell it from that handler: net/http adds the
// length itself when the body fits its 2048-byte buffer, sniffs a missing
// Content-Type, and drops the body of a HEAD response and of a status
// that forbids one (1xx, 204, 304). A response with no body (nil or
// [http.NoBody], as [Status] makes, and no ContentLength > 0) writes
// nothing after WriteHeader.
//
// A [WriteThrough] body is written by its function itself, called by
// ServeHTTP with the writer after the headers and WriteHeader: every
// observer sees the calls of a handler writing that body, its Flushes and
// panics included, and nothing of route's own.
//
// Any other body ([Stream], [StreamFunc], or one from elsewhere) is
// streamed, flushing after every chunk so that it reaches the client as it
// is produced. Headers are committed together with the first chunk: if the
// body fails before yielding anything, the client still gets a proper
// error response. A later failure cannot change the status any more; it
// is logged and, under a net/http server, the connection is aborted
// (panic with [http.ErrAbortHandler], as httputil.ReverseProxy does) so
// the client sees a truncated response rather than a complete-looking one.
// Content-Length is set from the response's ContentLength when that is
// known, a value > 0 (following net/http, 0 with a body means "unknown"),
// unless the response's headers have one. A streamed body is never sent
// to HEAD or with a status that forbids one; a HEAD response otherwise has
// GET's headers as net/http sends them for a handler writing the same
// body: a missing Content-Type is sniffed from the body's first bytes (the
// only time a HEAD response's body is read).
//
// Keys present in the response's Trailer map are announced as trailers and
// their values, which the body may fill in while it is read, are sent after
// it. The body is always closed.
//
// # Limiting request bodies
//
// [http.MaxBytesReader] takes the handler's writer, which a Func does not
// have: through it, a handler that reads past the limit tells net/http to
// answer with "Connection: close" and to drop the connection instead of
// reading the rest of the body. [MaxBytesReader] takes the request instead
// and finds the writer [Func.ServeHTTP] is serving it with, so that
//
//	r.Body = route.MaxBytesReader(r, r.Body, n)
//
// in a Func does exactly what r.Body = http.MaxBytesReader(w, r.Body, n)
// does in a handler. (ServeHTTP keeps the request, not a copy, and records
// its writer in a table of its own while it serves it.)
//
// # Methods
//
// [Methods] maps HTTP methods to Funcs, like a route.ts file exporting GET,
// POST, ... functions. It answers OPTIONS and 405 Method Not Allowed with an
// Allow header, and HEAD with the GET handler, whose body net/http drops.
package route
