package route

import (
	"io"
	"net/http"
	"sync"
)

// serving maps each request that [Func.ServeHTTP] is serving to its
// writer, for [MaxBytesReader]. The request itself is left as it is: a
// copy with a context value would not be the request net/http holds, which
// cleans up a multipart form parsed into it and looks at its Body after the
// handler.
var serving sync.Map // *http.Request -> http.ResponseWriter

// unserve restores what serving held for r before [Func.ServeHTTP]
// stored w there: another writer when a Func serves a Func with the same
// request (as [Methods] does), else nothing.
func unserve(r *http.Request, prev any, had bool) {
	if had {
		serving.Store(r, prev)
	} else {
		serving.Delete(r)
	}
}

// MaxBytesReader is [http.MaxBytesReader] for a Func, which has no writer
// to pass it: it limits the bytes read from body to n, and reading more
// returns an [*http.MaxBytesError]. When r is a request that
// [Func.ServeHTTP] is serving, the reader is http.MaxBytesReader(w, body,
// n) with the writer ServeHTTP got, so that hitting the limit tells
// net/http what it tells it for a handler: to send "Connection: close" and
// close the connection after the response, instead of reading the rest of
// an oversized body. Otherwise (r is a copy made by a middleware, or the
// Func is called directly, as in a test) it is http.MaxBytesReader(nil,
// body, n), which limits the reads alike but tells no server.
//
// The purehandler migration rewrites r.Body = http.MaxBytesReader(w,
// r.Body, n) into r.Body = route.MaxBytesReader(r, r.Body, n).
func MaxBytesReader(r *http.Request, body io.ReadCloser, n int64) io.ReadCloser {
	var w http.ResponseWriter
	if v, ok := serving.Load(r); ok {
		w = v.(http.ResponseWriter)
	}
	return http.MaxBytesReader(w, body, n)
}
