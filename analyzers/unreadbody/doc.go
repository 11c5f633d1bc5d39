// Package unreadbody defines an Analyzer that finds HTTP handlers using a
// request's body or form before reading or parsing it, reading the body
// twice, or decoding it with the error thrown away.
//
// # Analyzer unreadbody
//
// unreadbody: report request bodies and forms used before they are read or parsed, read twice, or decoded without checking the error
//
// Go does not parse a request for the handler. r.Form, r.PostForm and
// r.MultipartForm stay nil until r.ParseForm or r.ParseMultipartForm runs
// (r.FormValue, r.PostFormValue and r.FormFile run them implicitly), the
// body is a stream that can be read once, and a decode error that is not
// checked leaves the handler working on a half-filled value. The analyzer
// reports, in every handler (a function or method of the shape
// func(http.ResponseWriter, *http.Request), or a literal of that shape):
//
// form-before-parse: r.Form or r.PostForm read (indexed, Get, Has, range,
// len, handed on) where no parse can have happened on any path before it,
// so every field reads empty:
//
//	func search(w http.ResponseWriter, r *http.Request) {
//		q := r.Form.Get("q") // always ""
//
// A function the handler hands the request to counts as the reads it
// makes: one that reads r.Form or r.PostForm (or dereferences
// r.MultipartForm) with no parse of its own before, in this package or
// another (facts say where), is reported at the call, with the line where
// it reads:
//
//	code, err := sp.ParseResponse(r, "code") // sp.go:14 reads r.PostForm
//
// A parse on some paths only (if r.Method == "POST" { r.ParseForm() }) is
// not reported, nor is a field the handler compares with nil. Because a
// middleware (a method-override or CSRF check calls r.FormValue) or a
// dispatcher calling the handler after r.ParseForm may have parsed the form
// already, handlers are checked only when that cannot be seen: none of
// their routes has a middleware, and no code in the package uses them
// other than as a route's handler (a literal returned by a handler factory
// is still checked, since routers never parse forms).
//
// multipart-before-parse: r.MultipartForm dereferenced (.File, .Value,
// .RemoveAll) where no r.ParseMultipartForm, r.FormFile, r.FormValue or
// r.PostFormValue can have run before: it is nil and the handler panics.
// The same conditions as for form-before-parse apply.
//
// ignored-decode-error: the error of json.NewDecoder(r.Body).Decode(&v),
// json.Unmarshal(body, &v) of bytes read from the body, their encoding/xml
// equivalents, r.ParseForm() or r.ParseMultipartForm(n) discarded (an
// expression statement or _ = ...), when v or the form is used afterwards
// in a way that hides the error (r.Form, r.PostForm, r.FormValue, or a
// function given the request that uses the form, named in the message;
// r.FormFile returns the error again). A parse after one that may already
// have run (r.FormValue parses too) is not reported: it returns nil.
// The suggested fix checks the error and replies 400, the way an API
// should answer a malformed request:
//
//	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
//		http.Error(w, "invalid JSON body", http.StatusBadRequest)
//		return
//	}
//
// The fix is offered only when it cannot change what a valid request gets:
// not when something may have been written to the response already (the
// 400 would come too late), not when the writer or net/http is not
// reachable by name there, and never for r.ParseMultipartForm, which fails
// with http.ErrNotMultipart on url-encoded forms a handler may accept.
//
// body-read-twice: the body consumed on every path to a second read, so the
// second read sees nothing. Raw reads are io.ReadAll, io.Copy,
// json.NewDecoder and xml.NewDecoder over the body (a decoder reads as it
// goes, so several Decode calls on one decoder are one read) and helpers
// known to read it all; multipart reads are r.ParseMultipartForm,
// r.FormFile and r.MultipartReader. A raw read after any read is reported,
// and a multipart read or r.PostFormValue (whose values come only from the
// body) after a raw read. r.ParseForm and r.FormValue after a raw read are
// not: they read the body only for form content types, and are routinely
// used for query parameters of JSON requests. Replacing the body
// (r.Body = io.NopCloser(bytes.NewReader(data))) starts over; wrapping it
// (http.MaxBytesReader) is not a read, and reading through io.LimitReader
// or io.CopyN reads part of it only. A read that failed did not consume
// the body: on a path where the read's error may be non-nil (the then
// branch of if err != nil, whether or not it returns), the read is
// forgotten. The diagnostic points at the first read as related
// information. A drain (io.Copy(io.Discard, r.Body)) followed by
// r.ParseForm or r.FormValue, where the form was not parsed before, is
// reported too: the fields of a url-encoded body are lost, and callers
// get only the query string's. These body checks hold in every function
// taking a *http.Request, not only in handlers (generated gateway code,
// helpers): whoever calls it, the body is gone.
//
// body-never-read (off by default; enable "unreadbody/body-never-read"):
// a handler all of whose routes, declared in the package, accept only
// POST, PUT or PATCH, that no other code uses and no route wraps in a
// middleware of its own, yet never touches the body or the form nor hands
// the request to code that might. Bodiless POSTs (a "mark as read" button)
// are legitimate, hence opt-in.
//
// unbounded-body (off by default; enable "unreadbody/unbounded-body"):
// the body read whole into memory (io.ReadAll, json.NewDecoder,
// xml.NewDecoder, or a function that does, through its facts) in a
// handler where no http.MaxBytesReader limited it on any path before: a
// client can make the server hold as much memory as it sends. A limit is
// seen in the handler and the functions it calls, through
// http.MaxBytesReader or io.LimitReader wrappers and variables holding
// them, in a middleware of the handler's routes that calls
// http.MaxBytesReader (in any package: facts say so), or in such a
// middleware the package declares or calls (it may wrap the whole
// server). A limit the code does not show (a router in another package,
// a proxy) is configured:
//
//	body:
//	  limit-set-by: [example.com/app/mw.Limit, example.com/app/api/...]
//	  limit: 1048576   # the fix's limit; 1 MiB when unset
//
// (functions used as middleware, or packages whose handlers are all
// limited). The fix inserts r.Body = http.MaxBytesReader(w, r.Body,
// 1<<20) before the read and, where the read's error is answered with
// http.Error(w, msg, http.StatusBadRequest), answers 413 Request Entity
// Too Large for *http.MaxBytesError first. A body within the limit reads
// exactly as before. It is opt-in because most real handlers sit behind
// a proxy or a server-wide limit the analysis cannot see.
//
// The analysis follows r through copies (req := r, r = r.WithContext(ctx)),
// r.Body through local variables and wrappers, and both through helper
// functions: a function taking a *http.Request, an io.Reader or an
// io.ReadCloser gets a fact saying what it does with it on every path (parses
// the form, reads the body) and on some path, in this package or another,
// so that a handler calling decodeJSON(r, &v) is understood. Handing r or
// r.Body to code without such a fact (an interface method, a function value,
// next.ServeHTTP) ends what is known about it: no finding follows from it.
// Uses in function literals and go statements only make the analysis forget;
// deferred calls happen after everything else.
package unreadbody
