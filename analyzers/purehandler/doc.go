// Package purehandler defines an analyzer that migrates HTTP handlers to
// pure functions from a request to a response.
//
// # Analyzer purehandler
//
// purehandler: migrate handlers that write through http.ResponseWriter to pure route.Func functions
//
// A handler written against http.ResponseWriter builds its response as a
// sequence of side effects: set a header, write the status, write the body.
// Nothing returns the response, so tests, middleware and callers can only
// observe it through a recorder, and the order of the effects matters
// (a header set after the first write is silently lost). The package
// github.com/routevet/routevet/route lets a handler be a pure function
// instead, the shape of http.RoundTripper.RoundTrip:
//
//	type Func func(*http.Request) (*http.Response, error)
//
// purehandler reports each handler that uses its writer, with a suggested
// fix that rewrites it into a route.Func with the same status, headers and
// body on every path. It is off unless asked for: run routevet with
// -purehandler, or put "migrate: true" (or "enable: [purehandler]") in
// .routevet.yaml. The migrated code imports the route module, so add it
// to go.mod with go get github.com/routevet/routevet/route@latest; the
// diagnostic says so until the package depends on the module.
//
// # What the fix does
//
// Before:
//
//	func (s *Store) createNote(w http.ResponseWriter, r *http.Request) {
//		var note Note
//		if err := json.NewDecoder(r.Body).Decode(&note); err != nil {
//			http.Error(w, "invalid JSON body", http.StatusBadRequest)
//			return
//		}
//		s.add(&note)
//		w.Header().Set("Content-Type", "application/json")
//		w.WriteHeader(http.StatusCreated)
//		json.NewEncoder(w).Encode(note)
//	}
//
// After:
//
//	func (s *Store) createNote(r *http.Request) (*http.Response, error) {
//		var note Note
//		if err := json.NewDecoder(r.Body).Decode(&note); err != nil {
//			return route.Error(http.StatusBadRequest, "invalid JSON body")
//		}
//		s.add(&note)
//		return route.JSON(http.StatusCreated, note)
//	}
//
// with the registration mux.HandleFunc("POST /notes", s.createNote)
// rewritten to mux.Handle("POST /notes", route.Func(s.createNote)).
//
// The translation, statement by statement:
//
//   - w.Header().Set, Add and Del with constant keys, and http.SetCookie,
//     become route.Header and route.Cookie options of the response;
//     w.WriteHeader(code) becomes its status, and a response written
//     without WriteHeader gets route.ImplicitOK, for which route.Func does
//     not call WriteHeader either (net/http's first Write sends the 200).
//   - A write followed by return, or at the end of the handler, becomes a
//     return of the matching helper: w.Write(b) and io.WriteString become
//     route.Bytes, or route.Text for text/plain strings; fmt.Fprintf(w, ...)
//     becomes route.Bytes(status, ct, fmt.Appendf(nil, ...)) or
//     route.Text(status, fmt.Sprintf(...)); json.NewEncoder(w).Encode(v)
//     becomes route.JSON; http.Error(w, msg, code) becomes
//     route.Error(code, msg) (note the argument order);
//     http.Redirect(w, r, url, code) becomes route.Redirect(r, url, code);
//     http.NotFound(w, r) becomes route.NotFound(r).
//   - A bare return becomes a return of what the handler left in its
//     writer at that point: nil, nil when it wrote nothing at all (no
//     header, no status), for which route.Func writes nothing either;
//     route.Status(route.ImplicitOK, headers...) when it only set
//     headers, which route.Func sets without calling WriteHeader; and
//     route.Status(code, headers...) after w.WriteHeader(code). Whatever
//     called the handler finds the writer as the original left it: a
//     dispatcher that writes an error response after a handler that
//     wrote nothing still writes it, and net/http still sends 200 with an
//     empty body.
//   - "if err := json.NewEncoder(w).Encode(v); err != nil { ... }" and the
//     same check of w.Write lose their error branch: writing to memory
//     cannot fail, and a failure to send is route.Func's to handle. (Only
//     the server-side effects of that branch, typically a log line when the
//     client has gone away, are lost.)
//   - tmpl.Execute(w, data) and tmpl.ExecuteTemplate(w, name, data)
//     (html/template, text/template), their error ignored, followed by
//     return or the end of the handler, become "resp, _ :=
//     route.WriteFunc(status, ct, func(w io.Writer) error { return
//     tmpl.Execute(w, data) }, opts...)" and "return resp, nil".
//     route.WriteFunc runs the template into memory and route.Func makes
//     the same Write calls with the same bytes again (a template writes a
//     page in many pieces, an empty one sometimes first, from which a
//     ResponseRecorder sniffs a missing Content-Type; one Write of the
//     whole page would change that). A template failing half-way sends the
//     partial page, as the handler did. "if err := tmpl.Execute(w, data);
//     err != nil { ... }" whose branch does not use the writer (it logs)
//     keeps its branch, run at the same point, and returns the response
//     both ways.
//   - A body streamed through the writer as an io.Writer: writes in a
//     loop, several writes, code after them, writers wrapped around it
//     (csv.NewWriter(w), zip.NewWriter(w), an encoder, a helper taking an
//     io.Writer), Flush through a type assertion, a panic with
//     http.ErrAbortHandler when the source fails. When the translation
//     blocks in such a tail of the handler's (or a helper's) body, whose
//     every use of the writer would compile and mean the same with an
//     io.Writer, the tail is kept as it is in "return
//     route.WriteThrough(status, ct, func(w io.Writer) error { ...;
//     return nil }, opts...)" after the translated statements before it.
//     route.Func calls that function with the ResponseWriter itself, in
//     the handler's goroutine, after the headers and WriteHeader, and adds
//     nothing (no Flush, no Content-Length): a real server frames and
//     sniffs the body as it did, a recorder and wrapped writers see the
//     same calls, and a panic is the handler's. The tail now runs after
//     the function returned, so a deferred call before it blocks the
//     migration (defer-before-send), and so does one in a caller of a
//     helper migrated this way.
//   - r.Body = http.MaxBytesReader(w, r.Body, n) becomes r.Body =
//     route.MaxBytesReader(r, r.Body, n). The writer only serves to tell
//     net/http that the limit was hit (it then answers with "Connection:
//     close" and drops the connection rather than read the rest of the
//     body); route.MaxBytesReader finds the writer route.Func.ServeHTTP is
//     serving r with, the handler's own. So r must be the request
//     parameter, not reassigned before the call (nor in a loop around it,
//     nor in a function literal), and the handler must not set the
//     Connection header itself; otherwise the handler is blocked.
//
// route.Func makes on the writer the calls the handler made: the headers,
// WriteHeader only if the handler called it, and the body in one Write,
// with no Flush and no Content-Length of its own. The migrated handler is
// therefore the original for everything that observes it, not only a
// client of a real server: an httptest.ResponseRecorder (which sniffs a
// Content-Type only from a Write not preceded by WriteHeader, and adds
// no Content-Length), a middleware wrapping the writer to record the
// status, a dispatcher writing after the handler.
//
// Content-Type is reproduced exactly. route.JSON sets application/json,
// so a JSON response for which the handler set no Content-Type (net/http
// then sniffs "text/plain; charset=utf-8" from the body) gets
// route.Header("Content-Type"), which removes it again, and the
// diagnostic says so: set application/json deliberately by dropping that
// option. Bodies written without a Content-Type get route.Bytes(status,
// "", b), which sets none either, so that whatever sniffs the original's
// body sniffs the same bytes, and a writer that does not sniff sees no
// Content-Type, as before. Options never override the headers http.Error
// and http.Redirect set themselves (Content-Type, X-Content-Type-Options,
// Content-Length, Location), since the original calls override them too.
//
// route.JSON answers 500 when encoding fails, where the handler wrote
// nothing (json.Encoder encodes before it writes) but its headers and
// status. Values whose encoding cannot fail (booleans, integers, strings
// and structs, slices, arrays, pointers and string- or integer-keyed maps
// of them, without Marshalers, interfaces, floats or recursion;
// interface-typed parts of a composite literal are judged by the values
// in it) get a plain return route.JSON(...). Others keep the old
// behaviour explicitly:
//
//	if resp, err := route.JSON(route.ImplicitOK, v); err == nil {
//		return resp, nil
//	}
//	return route.Status(route.ImplicitOK, ...) // or nil, nil: no headers
//
// A header value or status expression that later code could change (it is
// not a constant or a local variable assigned only where declared) is
// evaluated where it was: it is kept in a new local (location :=
// fmt.Sprintf(...)) that the response's option uses.
//
// # Names, adapters and registrations
//
// When every use of a declared handler is a route registration in its
// package (it is unexported, not a method an interface of the package
// declares, and neither the package's tests nor files for other build
// tags mention it), the handler changes in place and keeps its name, and
// each registration changes to match: HandleFunc(p, h) becomes
// Handle(p, route.Func(h)) for ServeMux, chi and gorilla/mux (Handler for
// gorilla's Route.HandlerFunc, Method for chi's MethodFunc);
// http.HandlerFunc(h) where an http.Handler is expected becomes
// route.Func(h); any other reference becomes the method value
// route.Func(h).ServeHTTP, which has the old function type.
//
// Otherwise the handler keeps its name and signature as a one-line
// adapter, so every caller still compiles, and the pure function gets a
// new name made with github.com/ettle/strcase from the handler's name and
// the word "pure", keeping its case: createNote → createNotePure,
// ServeHTTP → ServeHTTPPure. A name already declared (package scope, the
// receiver's fields and methods, imports, the handler's own identifiers,
// the package's tests) gets the first free numeric suffix
// (createNotePure2):
//
//	func (s *Store) CreateNote(w http.ResponseWriter, r *http.Request) {
//		route.Func(s.CreateNotePure).ServeHTTP(w, r)
//	}
//
// A function literal changes where it is: route.Func(func(r) ...) as a
// registration's handler, route.Func(func(r) ...).ServeHTTP elsewhere.
// The route package is imported as "route", or as "pureroute" when that
// name is taken in the file. Imports the rewrite leaves unused are
// removed. Running the analyzer again reports nothing for a migrated
// handler: the pure function no longer has the handler shape, and the
// one-line adapter is recognized.
//
// # Helpers that write the response
//
// A handler that ends by passing its writer to a helper of its own
// package that writes a whole response (a JSON writer, an error helper,
// a method or a function, with a *http.Request parameter) is migrated by
// returning the helper's pure counterpart. The counterpart is the
// helper's body translated as a handler's is, with the writer parameter
// dropped; the helper keeps its name and signature as an adapter, so its
// other callers still compile and still see what they saw:
//
//	func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
//		route.Func(func(*http.Request) (*http.Response, error) { return writeJSONPure(r, status, v) }).ServeHTTP(w, r)
//	}
//
//	func writeJSONPure(r *http.Request, status int, v any) (*http.Response, error) { ... }
//
// and writeJSON(w, r, http.StatusOK, v) followed by return becomes
// return writeJSONPure(r, http.StatusOK, v). The fix of every handler
// calling a helper carries the same edits of the helper, so one fix
// applied alone compiles and several applied together merge them; once
// the helper is an adapter, later fixes call the counterpart it names.
// Headers the handler set before the call, when the helper sets none of
// them and writes something on every path, are added with route.With:
//
//	resp, err := writeJSONPure(r, http.StatusCreated, v)
//	return route.With(resp, err, route.Header("Location", location))
//
// Helpers calling helpers are migrated together. The adapter of a helper
// without a request parameter serves the response with a request naming
// the helper, which route.Func only passes to route.LogError. A helper
// that cannot be migrated blocks its callers with the helper's own reason
// ("the writer is passed to render, which cannot be made pure: ...").
//
// A helper in another package of the module (response helpers kept in
// internal/httputil, called as httputil.JSON(w, http.StatusOK, v)) is
// migrated the same way while that package is analyzed, and the handler
// calls its counterpart through its own name for the package:
// return httputil.JSONPure(http.StatusOK, v). The fix then carries the
// edits of the helpers' package too: the same in every fix, making the
// counterparts of all its helpers that can be made pure at once, so that
// a fix applied alone compiles and every other caller of a helper, in
// any package, keeps calling the adapter. This needs the helpers'
// package loaded from source, as routevet and the editor server load
// it; go vet -vettool loads dependencies from export data, and the
// handler is then reported blocked (foreign-helper), as it is when the
// helper is in another module or the standard library (the fix edits
// only the module it runs on) or where purehandler is off.
//
// A helper with results, the last an error, that writes a whole
// response only when it fails (it reads search parameters, finds the
// user, checks a token, and answers 400, 404 or 401 itself) is migrated
// too, with its callers that test its error at once:
//
//	limit, offset, err := searchFilters(w, r)
//	if err != nil {
//		return
//	}
//
// becomes
//
//	limit, offset, resp, err := searchFiltersPure(r)
//	if err != nil {
//		return resp, nil
//	}
//
// The counterpart takes the request instead of the writer and returns
// the helper's results with the response before the error: what the
// helper wrote on that path, nil where it wrote nothing. The helper
// stays an adapter that writes that response and returns the rest:
//
//	func searchFilters(w http.ResponseWriter, r *http.Request) (int, int, error) {
//		v1, v2, resp, err := searchFiltersPure(r)
//		route.Func(func(*http.Request) (*http.Response, error) { return resp, nil }).ServeHTTP(w, r)
//		return v1, v2, err
//	}
//
// This is the same response on every path because the translation of
// the helper gives each of its returns the response it left there, and
// because two things are proven rather than assumed. In the helper,
// every return after it wrote anything (even a header) returns an error
// that cannot be nil there: errors.New or fmt.Errorf, a composite
// literal, a package variable declared so and never assigned, or a
// local variable set so or tested by "if err != nil" around the return,
// with no assignment in between (no loop, goto or fallthrough on the
// way). In the caller, the call is followed at once by "if err != nil
// { return }" (or "err != nil || ..."), with nothing set on the writer
// before it: the handler then returned without touching its writer
// again, and now returns the response, which route.Func writes as the
// helper did. Where the error is nil the helper wrote nothing, the
// response is nil and the handler goes on with its writer untouched;
// where the helper failed without writing, the nil response writes
// nothing either. A helper with results calling one is migrated the same
// way, its failing branch returning an error proven not nil. A helper
// whose last result is an ok bool ("id, ok := resolveID(w, r, id); if
// !ok { return }") is migrated the same way, the constant false standing
// for the error proven not nil. A caller may also drop all the results
// of a helper with results as its last statement
// ("doUpload(w, r, path)" before the end or a return): it then returns
// the counterpart's response, whatever the helper's error, and the
// helper may write on any path, success included. Anything else is
// blocked (helper-result): a caller testing the error of a helper that
// writes on a path where its error may be nil (or its ok result true;
// the caller would go on and write again), a caller that does not
// return at once, writes again, or drops only some results.
//
// An error closure, a function literal declared in the handler (or in a
// helper) that captures the writer and writes a whole response when
// called, is translated in place into a pure counterpart of the same
// name returning (*http.Response, error), and each call, which must be a
// statement followed by the return, returns its response:
//
//	renderError := func(err error, status int) {
//		sendAPIResponse(w, r, err, "", status)
//	}
//	...
//	renderError(err, http.StatusNotFound)
//	return
//
// becomes
//
//	renderError := func(err error, status int) (*http.Response, error) {
//		return sendAPIResponsePure(r, err, "", status)
//	}
//	...
//	return renderError(err, http.StatusNotFound)
//
// The literal's body is translated and proven as a handler's, and a
// call is checked as a helper's (headers set before it, deferred calls).
// A literal used in any other way (deferred, run in a goroutine, called
// in another literal or inside an expression, assigned again, passed
// on) or with results blocks as closure-write; one whose body cannot be
// made pure blocks with that reason, naming the literal.
//
// Library helpers whose bytes the route helpers reproduce are translated
// too: github.com/go-chi/render's JSON, PlainText, HTML and Data become
// route.JSON, route.Text and route.Bytes with the status the library
// takes from the request's context, read where the call was (so that a
// render.Status before it still counts; none is route.ImplicitOK):
//
//	status, _ := r.Context().Value(render.StatusCtxKey).(int)
//	return route.JSON(status, v)
//
// For a value whose encoding can fail, render.JSON's answer to the
// encoding error (http.Error with the encoder's message, status 500) is
// kept.
//
// # Splitting by method
//
// A handler whose body is "switch r.Method { case ...: ... default:
// <405> }", or that starts with "if r.Method != M { <405>; return }", is
// split into one pure function per method, named from the handler and the
// methods (notes → notesGet, notesPost; "case PUT, PATCH" → notesPutPatch),
// and wired through route.Methods, the Go form of a route file exporting
// GET, POST, ... functions:
//
//	func (s *Store) notes(r *http.Request) (*http.Response, error) {
//		return route.Methods{
//			http.MethodGet:  s.notesGet,
//			http.MethodPost: s.notesPost,
//		}.Serve(r)
//	}
//
// This is the one intentional change of behaviour, reported in its own
// category, migratable-methods: route.Methods answers OPTIONS with 204 and
// an Allow header, HEAD with the GET function minus the body, and any
// other method with its own 405 with an Allow header, where the handler's
// default branch answered them all with its own 405. The methods the
// handler names get exactly the responses they had. Disable the category
// ("disable: [purehandler/migratable-methods]") to get the plain
// migration instead, which keeps the switch in the pure function and
// changes nothing.
//
// # When there is no fix
//
// A handler whose response the rewrite cannot prove identical is reported
// in category blocked, with the reason as the message's last words,
// "[blocked: REASON]", and the blocking code as related information:
//
//   - writer-escapes: the writer is passed to a function (a render helper),
//     stored, or used as a value, or to a library call that writes the
//     response itself and that the rewrite does not translate (io.Copy,
//     an XML encoder, http.ServeFile); the library calls are those of the
//     effects table mutablewriter reads;
//   - delegates: the writer is passed on to another handler (next.ServeHTTP
//     in middleware that also writes, a handler calling a handler); a
//     handler that only passes its writer on writes nothing itself and is
//     not reported;
//   - flush-hijack: Flush, Hijack, Push, a type assertion on the writer, or
//     http.NewResponseController;
//   - deferred-write, goroutine-write, closure-write: a deferred call, a
//     goroutine or a function literal uses the writer (other than an
//     error closure called as a statement before the return, see above);
//   - write-in-loop: a write or header change in a loop that does not end
//     the handler (a streamed response), where what follows it still uses
//     the writer as a ResponseWriter (otherwise it is kept in a
//     route.WriteThrough, see above);
//   - multiple-writes, code-after-write: statements still run after the
//     response is written (a second write, logging after the write), and
//     use the writer as a ResponseWriter after it;
//   - header-after-commit: a header or a second WriteHeader after the
//     response was committed, which net/http ignores and a rewrite would
//     send (the mutablewriter analyzer reports these bugs);
//   - conditional-write: headers or status set in a branch that does not
//     end the handler, so the response depends on the path taken;
//   - header-read: the handler reads or keeps w.Header();
//   - dynamic-header: a header key that is not a constant, a framing or
//     trailer header, or Set-Cookie set both directly and by SetCookie;
//   - recover: after a panic recover() stops, the pure function returns
//     nil, nil, which writes nothing, where the handler had set headers
//     or a status before the panic;
//   - control-flow: goto, or break/continue leaving a statement after the
//     response state changed;
//   - json-encode-error: the encoding error of a value whose encoding can
//     fail is handled with the writer;
//   - redirect-header: Content-Type set before http.Redirect (which then
//     writes no body);
//   - defer-before-send: deferred calls would run before a returned []byte
//     is sent, and may reuse it (a pooled buffer), or before a streamed
//     body is written (a source it reads closed by then);
//   - template-error: a template's Execute or ExecuteTemplate whose error
//     is used: when the template fails half-way, the handler has sent part
//     of the page, and what it does then (http.Error appends its text to
//     that page, under the page's status) is not what executing into
//     memory first would send;
//   - write-error: the error of a body write is handled (logged, or
//     answered with http.Error): under net/http it means the client is
//     gone, but a wrapper or a test double may fail before sending
//     anything, and then the handler's http.Error answers 500; a returned
//     response is written after the handler returns, where nothing of the
//     handler sees the failure. A branch that only logs is kept by a
//     streamed tail (route.WriteThrough), which makes the write as
//     written;
//   - generic: a generic handler function;
//   - name-conflict: the file does not import net/http by name;
//   - header-before-helper: a status set on the writer before it is
//     passed to a helper that writes the rest of the response, or a
//     header the helper may set too (or Content-Length), or any header
//     when the helper writes nothing on some path;
//   - helper-merges-header: a helper adds to a header (Add, SetCookie) or
//     deletes one, where its adapter would replace the values a caller
//     set before calling it;
//   - foreign-helper: the writer is passed to a function of another
//     package that the fix cannot edit: one of another module or of the
//     standard library, one of a package loaded without its source
//     (go vet), or one where purehandler is off;
//   - helper-result: a caller tests the error of a helper with results
//     that writes a response on a path where that error may be nil (or
//     its ok result true), or a caller of one does not test its error at
//     once and return (it goes on, writes again, or drops some of its
//     results), so that what the helper wrote would be followed by more.
//
// Handlers in _test.go files and generated files are not reported, nor
// handlers that never use their writer.
//
// # Known differences
//
// Beyond the method split, a migrated handler differs from the original
// in what it leaves to code outside it: deferred calls run before the
// response is written rather than after; a status that is not a constant
// and is 0 at run time (a panic in net/http) is route.ImplicitOK, and one
// from 1 to 199 or above 999 becomes a 500 instead of an informational
// response or a panic. route.Func replaces, key by key, the headers a
// middleware set on the writer before the handler ran, where the
// handler's Add kept them, its Del removed them and http.Error removed a
// Content-Length; and route.Redirect writes its body even when a
// middleware set a Content-Type, where http.Redirect then writes none.
package purehandler
