// Package mutablewriter defines an Analyzer that checks the order in which
// HTTP handlers use their http.ResponseWriter.
//
// # Analyzer mutablewriter
//
// mutablewriter: report headers set after the response was committed, a second WriteHeader, and writes after an error reply
//
// An http.ResponseWriter is a mutable response with order rules that the
// compiler does not check: headers must be set before the first write,
// the status can be sent once, and after http.Error, http.Redirect or
// http.NotFound the handler must stop. Breaking them does not fail; the
// response is silently wrong. The analyzer reports six kinds of finding,
// each with its own category:
//
// header-after-commit: w.Header().Set, Add or Del, an assignment to or
// delete from the header map (also through h := w.Header(), taken before
// or after the write: it is the same map), or http.SetCookie(w, ...), on
// a path where the response was already committed. The header is
// silently dropped, because headers go out with the first write:
//
//	w.WriteHeader(http.StatusCreated)
//	w.Header().Set("Location", url) // dropped
//
// superfluous-writeheader: w.WriteHeader, or a call that sends a status
// (http.Error, http.Redirect, http.NotFound, http.ServeContent,
// http.ServeFile, http.ServeFileFS, a helper that calls WriteHeader), on a
// path where the status was already sent. net/http ignores it and logs
// "http: superfluous response.WriteHeader call".
//
// write-after-error-reply: after http.Error, http.Redirect or
// http.NotFound (or a helper that always calls one of them) every path
// goes on to use the writer again: the missing return. The extra output is
// appended to the error message, a second status is ignored, and later
// headers are dropped. The finding is reported once, at the reply, where
// the return belongs; the uses it causes are not reported again:
//
//	if err != nil {
//		http.Error(w, "invalid id", http.StatusBadRequest) // reported
//	}
//	writeJSON(w, http.StatusOK, item)
//
// A helper that replies only when its error argument is not nil (it
// returns first when err == nil) counts as a reply where the error it is
// given cannot be nil: a composite literal of an error type (or its
// address), errors.New or fmt.Errorf, or a variable the enclosing if
// statement has just tested != nil:
//
//	if err != nil {
//		respondError(w, err) // reported when respondError replies for any non-nil err
//	}
//	json.NewEncoder(w).Encode(item)
//
// The same missing return is reported after a reply of other kinds, when
// every path from it sends a status again (a body after it is allowed,
// since it may be the reply's message): a status known to be an error
// status (w.WriteHeader(http.StatusNotFound), or a helper that sends the
// status it is given, called with a constant of 400 or more), a helper
// that sends a whole response (a status, then a body, on every path:
// respondError(w, err) writing its JSON), and a helper that, given an
// error that cannot be nil, replies on some paths and hands the writer to
// a handler on the others (an error helper that serves the request again
// for an internal redirect). After an error reply, handing the writer to
// a handler is a use too:
//
//	if err != nil {
//		w.WriteHeader(http.StatusNotFound) // reported
//	}
//	respond(w, item) // sends 200 and the item
//
// served-twice: the writer handed to another handler (next.ServeHTTP(w,
// r), a function value of handler type called with w, a call back into
// the handler), after which every path sends a status or hands the writer
// on again: the request is served twice, the second status is ignored and
// the two outputs are concatenated. It is the missing return after
// handing on, reported there:
//
//	if len(routes) == 0 {
//		next.ServeHTTP(w, r) // reported
//	}
//	routes[r.Host].ServeHTTP(w, r)
//
// A write that cannot add anything is not a use after a reply: bytes that
// are nil (w.Write(nil)) or an empty constant string, and bytes that come
// with the error the reply was sent for from a function of the package
// that returns nil bytes with every non-nil error:
//
//	b, err := render(item) // render returns nil, err on every error
//	if err != nil {
//		http.Error(w, err.Error(), http.StatusInternalServerError) // not reported
//	}
//	w.Write(b)
//
// header-after-conditional-commit: a status sent on some paths only (in
// an if statement without return), after which every path sets a header
// or sends a status: on the paths through the first status, the header is
// dropped or the status ignored. It is reported at the header or the
// second status; it is a "may" finding (the other paths are fine), so it
// has a category of its own, which configuration can turn off:
//
//	if err != nil {
//		w.WriteHeader(http.StatusInternalServerError)
//	}
//	w.Header().Set("Content-Type", "application/json") // reported
//
// A call through a function value that the package binds to one function
// (an unexported struct field or package variable assigned once, from a
// named function or a method value, and never otherwise) counts as a
// call of that function.
//
// reply-after-partial-write: a status or error reply (http.Error,
// w.WriteHeader, a helper that replies) in the branch that handles the
// error of a template executed into the response: Execute or
// ExecuteTemplate of html/template or text/template writing to w, or a
// function of the package returning their error (return
// tmpl.ExecuteTemplate(w, name, data)). A template that fails while
// executing has usually written part of the page, so the status is
// ignored and the error text is appended to half a page:
//
//	if err := tmpl.Execute(w, data); err != nil {
//		http.Error(w, err.Error(), http.StatusInternalServerError) // reported
//	}
//
// A template executed into a buffer, and an error branch that only logs
// or returns the error, are not reported. The fix executes the template
// into a bytes.Buffer and writes the buffer only on success (after the if
// statement, or in an else branch when the error branch does not return).
// The response to a successful execution is the same: the same bytes,
// and the same headers, since net/http sniffs the Content-Type from the
// first 512 bytes and decides the framing when its buffer first fills or
// the handler returns, whatever the writes. It is offered only when the
// error branch does nothing but reply and return: the original also runs
// that branch when writing to a gone client fails, the fixed code does
// not, and only a branch with no other effect makes that invisible.
//
// A response is committed by w.WriteHeader (except 1xx informational
// codes other than 101), w.Write, w.(http.Flusher).Flush(),
// http.NewResponseController(w).Flush(), fmt.Fprint, Fprintf and
// Fprintln, io.WriteString, io.Copy, io.CopyN and io.CopyBuffer to w,
// json.NewEncoder(w).Encode and xml.NewEncoder(w).Encode (also through a
// local encoder variable), Execute and ExecuteTemplate of text/template
// and html/template writing to w, the replies listed above, and any
// function that commits its own writer parameter on every path that
// returns.
//
// # How it decides
//
// The analysis is path-sensitive: it solves "must" problems on each
// function's control-flow graph. A header or status is reported only when
// the earlier commit happened on every path reaching it; a reply is
// reported only when every path from it to the function's end uses the
// writer again. Mutually exclusive branches, early returns, switch and
// select arms, conditions that test the same error twice, and loop bodies
// that may not run never produce findings; paths that end in panic,
// os.Exit, log.Fatal or t.Fatal do not reach later code.
//
// Every function with an http.ResponseWriter parameter is analyzed:
// handler declarations and literals, ServeHTTP methods, and helpers such
// as writeJSON(w, status, v). The writer is followed through copies
// (rw := w, var out io.Writer = w), the header map through locals holding
// w.Header(), and encoders through locals holding json.NewEncoder(w). A
// function that assigns its writer parameter or takes its address is not
// analyzed for it, since the name then stands for more than one writer. A
// writer stored in a struct or wrapped by another type
// (statusRecorder{ResponseWriter: w}) is a different writer; writes
// through the wrapper are not counted. Passing the writer to code the
// analyzer cannot see counts as nothing: the response may or may not have
// been committed, so no later use is reported because of it (but a
// handler given the writer after a reply, as above, is a use). A
// bufio.Writer over w commits only when a Flush finds bytes in it, which
// the analyzer does not count.
//
// Calls count across functions. A function that commits, sends a status,
// replies with an error, or sets a header through one of its writer
// parameters on every path that returns exports that as a fact, so a call
// to it counts as the writes it makes, in the same package and in
// packages that import it (go vet passes facts between packages too).
// Helpers are analyzed before their callers. In a cycle of functions that
// call each other, a call of a function of the cycle whose summary says
// nothing about the writer counts as handing the writer to a handler the
// analyzer cannot see, and each function of the cycle is checked once the
// summaries of the others are known. Calling a local closure bound
// once (fail := func(msg string) { http.Error(w, msg, 400) }) counts as
// what the closure does to the writer it captures.
//
// A write whose error is checked at once may have failed before writing a
// byte, so in the branch that handles its failure the response is not
// taken as committed:
//
//	if err := json.NewEncoder(w).Encode(v); err != nil {
//		http.Error(w, "encoding failed", http.StatusInternalServerError) // not reported
//	}
//
// json.Encoder.Encode marshals the whole value before writing, so a
// marshal error writes nothing and the error reply is sound; a write error
// means the client is gone. Template execution can fail after writing part
// of the output, but whether it wrote anything depends on the template's
// text and data, which the analyzer does not evaluate, so the error
// branches of Execute and ExecuteTemplate are not taken as committed
// either; a reply there is reply-after-partial-write's finding. The same
// holds for helpers that return an error.
//
// Deferred calls and goroutines run at another time and are not
// considered; nor is code inside function literals, except through the
// calls of local closures described above. A function that declares
// trailers (a "Trailer" header, or a key starting with http.TrailerPrefix)
// sets headers after the body on purpose, and gets no header-after-commit
// findings.
//
// # Suggested fix
//
// For write-after-error-reply and served-twice, a fix inserts the missing
// return after the reply (or the handler's call) when that is provably
// safe:
//
//   - the function has no results, so a bare return is valid;
//   - the reply is the last statement of the then block of an if
//     statement without else;
//   - no loop encloses that if statement within the function (a return
//     there would also end the remaining iterations; continue may have
//     been meant);
//   - every statement the return skips, up to the end of the function,
//     only computes local values (with conversions, value builtins and
//     pure standard functions such as strconv, strings and fmt.Sprintf),
//     logs (log, log/slog), or writes the response through the writer or
//     a helper known to write it. Those writes are the bug the return
//     removes; nothing else changes, except that deferred calls run before
//     them instead of after.
//
// Otherwise the message says why no fix is offered, for instance that the
// return would also skip a call to the database.
package mutablewriter
