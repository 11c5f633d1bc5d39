// Package effects is routevet's one model of what code does to an
// http.ResponseWriter and to an *http.Request: which calls commit the
// response, send a status, reply with an error, set headers or write the
// body, and which read, parse or wrap the request body.
//
// Its parts:
//
//   - the table of library calls (table.go): for each library function or
//     method that takes a writer, a request or a body, what it does to
//     each of them, keyed by the name types.Func.FullName spells. The
//     analyzers and the fixes classify library calls through [Lookup] and
//     nowhere else: teaching routevet a library call is one row of the
//     table;
//   - the tracker of values derived from a writer (tracker.go): its local
//     copies, its header map (h := w.Header()), encoders writing to it
//     (enc := json.NewEncoder(w)), http.NewResponseController(w), and
//     closures bound once;
//   - [Analyzer] and its one fact, [Summary] (summary.go): what each
//     function does to its writer and request parameters, computed once
//     per package, with recursion guards, memoization and the import and
//     export of facts in one place; its [Result] gives the analyzers the
//     solved functions, so that their rules read them instead of solving
//     again;
//   - the two summary engines: for writers (writer*.go: the must-analysis
//     of each function with writer parameters, its classification of
//     calls, error checks, and conditional summaries) and for requests
//     (request*.go: the analysis of whether the form was parsed and the
//     body read, its classification of uses of the request and the body,
//     and the decode calls whose error is discarded);
//   - the CORS summaries (cors*.go): the Access-Control-* response headers
//     a function sets, through which parameter, whether it answers
//     OPTIONS or chains to middleware it is given; a Summary's CORS field.
package effects

import (
	"go/types"
	"strings"
)

// An Effect is one thing a call does to a response writer, or to a request
// or its body. A Use holds the effects a call has on one of its operands.
type Effect uint32

// Effects on an http.ResponseWriter.
const (
	// Commits sends the status line and the headers: every write does.
	Commits Effect = 1 << iota
	// SendsStatus sends an explicit status (WriteHeader, http.ServeContent).
	SendsStatus
	// Replies sends a whole error or redirect reply: status, headers and
	// body (http.Error, http.NotFound, http.Redirect).
	Replies
	// SetsHeader changes the header map.
	SetsHeader
	// SetsCookie adds a Set-Cookie header (http.SetCookie).
	SetsCookie
	// ReadsHeader reads the header map only.
	ReadsHeader
	// WritesBody writes body bytes (committing status 200 if none was sent).
	WritesBody
	// Flushes sends what was buffered (committing the response).
	Flushes
	// Hijacks takes the connection over.
	Hijacks
	// MakesHeader returns the writer's header map: writes through the
	// result change headers.
	MakesHeader
	// MakesEncoder returns a value writing to the writer's body
	// (json.NewEncoder(w)).
	MakesEncoder
	// MakesController returns a value that flushes or hijacks the writer
	// (http.NewResponseController(w)).
	MakesController

	// Effects on an *http.Request or a body (io.Reader).

	// ParsesForm sets r.Form and r.PostForm.
	ParsesForm
	// ParsesMultipart sets r.MultipartForm.
	ParsesMultipart
	// ReadsBody reads the body to its end (io.ReadAll, a decoder, io.Copy).
	ReadsBody
	// ReadsMultipartBody consumes the body by a multipart parse.
	ReadsMultipartBody
	// TouchesBody reads the body in part, replaces it or hands it on.
	TouchesBody
	// ReadsForm reads form values (r.FormValue).
	ReadsForm
	// NeedsBody parses the form from the body, which must not have been
	// consumed by a raw read before.
	NeedsBody
	// WrapsBody returns a reader that reads through to the operand without
	// reading itself (http.MaxBytesReader, io.NopCloser).
	WrapsBody
	// LimitsBody returns a reader that reads only part of the operand
	// (io.LimitReader).
	LimitsBody
	// CopiesRequest returns a copy of the request with the same body and
	// form (r.WithContext, r.Clone).
	CopiesRequest
	// MakesDecoder returns a decoder reading the operand
	// (json.NewDecoder(r.Body)).
	MakesDecoder
	// Decodes fills a value (or the form) from the payload and reports
	// failure in its error result (json.Unmarshal, (*json.Decoder).Decode,
	// r.ParseForm).
	Decodes
	// ReadsWhole reads the operand whole into memory (io.ReadAll, a
	// decoder), where a body with no limit costs what the client sends.
	ReadsWhole
	// BoundsBody returns a reader that fails once the operand gives more
	// than a limit (http.MaxBytesReader); for a request parameter of a
	// summary, the function sets r.Body to such a reader.
	BoundsBody
	// PartialOnError may have written part of its output to the operand
	// when it returns an error (template execution).
	PartialOnError

	// Responds sends a status and then writes a body: a whole response,
	// after which a second status or body is a bug (a writer effect, last
	// so that the request effects keep their bits).
	Responds
	// Serves replies, sends an error status or a whole response, or hands
	// the writer to a handler, on every path: it serves the request one
	// way or another. Only conditional summaries carry it, and only where
	// they say no more (an error helper that re-dispatches some errors to
	// the handler, writer_cond.go).
	Serves
)

// WriterEffects are the effects on a response writer; those a call may
// have on the response itself are WriterEffects&^(ReadsHeader|MakesHeader).
const WriterEffects = Commits | SendsStatus | Replies | SetsHeader | SetsCookie | ReadsHeader |
	WritesBody | Flushes | Hijacks | MakesHeader | MakesEncoder | MakesController | Responds | Serves

// An Operand names what a call operates on: Recv, its receiver, or the
// argument of that index.
type Operand int8

// Recv is the receiver of a method call.
const Recv Operand = -1

// A Use is what a call does to one operand: Must on every path that
// returns, May on some path (May includes Must). A Use with no effects
// means the call is known to do nothing to the operand.
type Use struct {
	Of        Operand
	Must, May Effect
}

// A Call is one row of the table: a library function or method, named as
// types.Func.FullName spells it, and what it does to its operands.
type Call struct {
	Name string
	Uses []Use
}

// On returns what the call does to operand op, and whether that is known.
func (c *Call) On(op Operand) (Use, bool) {
	if c == nil {
		return Use{}, false
	}
	for _, u := range c.Uses {
		if u.Of == op {
			return u, true
		}
	}
	return Use{}, false
}

// Lookup returns the row of fn, or nil when fn is not a known library
// call. Generic functions are looked up by their origin. It is called for
// most calls the analyzers see, so it builds no name.
func Lookup(fn *types.Func) *Call {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	fn = fn.Origin()
	k := key{pkg: fn.Pkg().Path(), name: fn.Name()}
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			k.ptr, t = true, p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return nil
		}
		k.recv = named.Obj().Name()
	}
	return byKey[k]
}

// A key identifies a function or method as its full name does.
type key struct {
	pkg, recv, name string
	ptr             bool
}

// keyOf parses a full name: "pkg.Name", "(pkg.T).Name" or "(*pkg.T).Name".
func keyOf(full string) key {
	var k key
	if rest, ok := strings.CutPrefix(full, "("); ok {
		recv, name, _ := strings.Cut(rest, ").")
		recv, k.ptr = strings.CutPrefix(recv, "*")
		dot := strings.LastIndexByte(recv, '.')
		k.pkg, k.recv, k.name = recv[:dot], recv[dot+1:], name
		return k
	}
	dot := strings.LastIndexByte(full, '.')
	k.pkg, k.name = full[:dot], full[dot+1:]
	return k
}

// LookupName returns the row of the function or method with the given
// full name ("net/http.Error", "(*encoding/json.Encoder).Encode").
func LookupName(name string) *Call { return byName[name] }

// must returns a use with the same effects on every path.
func must(op Operand, e Effect) Use { return Use{Of: op, Must: e, May: e} }

// known returns a use with no effect: the call is known to leave the
// operand alone.
func known(op Operand) Use { return Use{Of: op} }

const (
	reply      = Commits | SendsStatus | Replies | SetsHeader | WritesBody
	write      = Commits | WritesBody
	serve      = Commits | SendsStatus | SetsHeader | WritesBody
	parseMulti = ParsesForm | ParsesMultipart | ReadsMultipartBody | NeedsBody
)

// table is every library call routevet knows. Add a row to teach it one.
var table = []Call{
	// The writer's own methods.
	{"(net/http.ResponseWriter).Header", []Use{must(Recv, MakesHeader)}},
	{"(net/http.ResponseWriter).Write", []Use{must(Recv, write)}},
	{"(net/http.ResponseWriter).WriteHeader", []Use{must(Recv, Commits|SendsStatus)}},
	{"(net/http.Header).Set", []Use{must(Recv, SetsHeader)}},
	{"(net/http.Header).Add", []Use{must(Recv, SetsHeader)}},
	{"(net/http.Header).Del", []Use{must(Recv, SetsHeader)}},
	{"(net/http.Header).Get", []Use{must(Recv, ReadsHeader)}},
	{"(net/http.Header).Values", []Use{must(Recv, ReadsHeader)}},

	// net/http's replies and helpers.
	{"net/http.Error", []Use{must(0, reply)}},
	{"net/http.NotFound", []Use{must(0, reply)}},
	{"net/http.Redirect", []Use{must(0, reply)}},
	{"net/http.ServeContent", []Use{must(0, serve)}},
	{"net/http.ServeFile", []Use{must(0, serve)}},
	{"net/http.ServeFileFS", []Use{must(0, serve)}},
	{"net/http.SetCookie", []Use{must(0, SetsHeader|SetsCookie)}},
	{"net/http.NewResponseController", []Use{must(0, MakesController)}},
	{"(*net/http.ResponseController).Flush", []Use{must(Recv, Commits|Flushes)}},
	{"(*net/http.ResponseController).Hijack", []Use{must(Recv, Hijacks)}},
	{"net/http.MaxBytesReader", []Use{known(0), must(1, WrapsBody|BoundsBody)}},

	// The request's methods.
	{"(*net/http.Request).Context", []Use{known(Recv)}},
	{"(*net/http.Request).Cookie", []Use{known(Recv)}},
	{"(*net/http.Request).Cookies", []Use{known(Recv)}},
	{"(*net/http.Request).CookiesNamed", []Use{known(Recv)}},
	{"(*net/http.Request).UserAgent", []Use{known(Recv)}},
	{"(*net/http.Request).Referer", []Use{known(Recv)}},
	{"(*net/http.Request).BasicAuth", []Use{known(Recv)}},
	{"(*net/http.Request).PathValue", []Use{known(Recv)}},
	{"(*net/http.Request).SetPathValue", []Use{known(Recv)}},
	{"(*net/http.Request).ProtoAtLeast", []Use{known(Recv)}},
	{"(*net/http.Request).AddCookie", []Use{known(Recv)}},
	{"(*net/http.Request).SetBasicAuth", []Use{known(Recv)}},
	{"(*net/http.Request).WithContext", []Use{must(Recv, CopiesRequest)}},
	{"(*net/http.Request).Clone", []Use{must(Recv, CopiesRequest)}},
	{"(*net/http.Request).ParseForm", []Use{must(Recv, ParsesForm|Decodes)}},
	{"(*net/http.Request).FormValue", []Use{{Of: Recv, Must: ParsesForm | ReadsForm, May: ParsesForm | ParsesMultipart | ReadsForm}}},
	{"(*net/http.Request).PostFormValue", []Use{{Of: Recv, Must: ParsesForm | ReadsForm | NeedsBody, May: ParsesForm | ParsesMultipart | ReadsForm | NeedsBody}}},
	{"(*net/http.Request).ParseMultipartForm", []Use{{Of: Recv, Must: parseMulti | Decodes, May: parseMulti | Decodes | TouchesBody}}},
	{"(*net/http.Request).FormFile", []Use{{Of: Recv, Must: parseMulti, May: parseMulti | TouchesBody}}},
	{"(*net/http.Request).MultipartReader", []Use{{Of: Recv, Must: ReadsMultipartBody | NeedsBody, May: ParsesMultipart | ReadsMultipartBody | NeedsBody | TouchesBody}}},

	// fmt and io.
	{"fmt.Fprint", []Use{must(0, write)}},
	{"fmt.Fprintf", []Use{must(0, write)}},
	{"fmt.Fprintln", []Use{must(0, write)}},
	{"io.WriteString", []Use{must(0, write)}},
	{"io.Copy", []Use{must(0, write), must(1, ReadsBody)}},
	{"io.CopyBuffer", []Use{must(0, write), must(1, ReadsBody)}},
	{"io.CopyN", []Use{must(0, write)}},
	{"io.ReadAll", []Use{must(0, ReadsBody|ReadsWhole)}},
	{"io/ioutil.ReadAll", []Use{must(0, ReadsBody|ReadsWhole)}},
	{"io.LimitReader", []Use{must(0, WrapsBody|LimitsBody)}},
	{"io.NopCloser", []Use{must(0, WrapsBody)}},
	{"(io.Reader).Read", []Use{{Of: Recv, May: TouchesBody}}},
	{"(io.Closer).Close", []Use{known(Recv)}},
	{"io/ioutil.NopCloser", []Use{must(0, WrapsBody)}},

	// encoding/json and encoding/xml.
	{"encoding/json.NewEncoder", []Use{must(0, MakesEncoder)}},
	{"encoding/xml.NewEncoder", []Use{must(0, MakesEncoder)}},
	{"(*encoding/json.Encoder).Encode", []Use{must(Recv, write)}},
	{"(*encoding/xml.Encoder).Encode", []Use{must(Recv, write)}},
	{"encoding/json.NewDecoder", []Use{must(0, ReadsBody|MakesDecoder|ReadsWhole)}},
	{"encoding/xml.NewDecoder", []Use{must(0, ReadsBody|MakesDecoder|ReadsWhole)}},
	{"(*encoding/json.Decoder).Decode", []Use{must(Recv, Decodes)}},
	{"(*encoding/xml.Decoder).Decode", []Use{must(Recv, Decodes)}},
	{"encoding/json.Unmarshal", []Use{must(0, Decodes)}},
	{"encoding/xml.Unmarshal", []Use{must(0, Decodes)}},

	// bufio: a buffered writer over w writes through to it, but only when
	// its buffer fills or on Flush, and Flush of an empty buffer writes
	// nothing, so none of its calls commits on every path.
	{"bufio.NewWriter", []Use{must(0, MakesEncoder)}},
	{"bufio.NewWriterSize", []Use{must(0, MakesEncoder)}},
	{"(*bufio.Writer).Write", []Use{{Of: Recv, May: write}}},
	{"(*bufio.Writer).WriteString", []Use{{Of: Recv, May: write}}},
	{"(*bufio.Writer).WriteByte", []Use{{Of: Recv, May: write}}},
	{"(*bufio.Writer).WriteRune", []Use{{Of: Recv, May: write}}},
	{"(*bufio.Writer).ReadFrom", []Use{{Of: Recv, May: write}}},
	{"(*bufio.Writer).Flush", []Use{{Of: Recv, May: Commits | Flushes}}},

	// html/template and text/template.
	{"(*html/template.Template).Execute", []Use{must(0, write|PartialOnError)}},
	{"(*html/template.Template).ExecuteTemplate", []Use{must(0, write|PartialOnError)}},
	{"(*text/template.Template).Execute", []Use{must(0, write|PartialOnError)}},
	{"(*text/template.Template).ExecuteTemplate", []Use{must(0, write|PartialOnError)}},
}

var byName, byKey = func() (map[string]*Call, map[key]*Call) {
	names := make(map[string]*Call, len(table))
	keys := make(map[key]*Call, len(table))
	for i := range table {
		if names[table[i].Name] != nil {
			panic("effects: duplicate row " + table[i].Name)
		}
		names[table[i].Name] = &table[i]
		keys[keyOf(table[i].Name)] = &table[i]
	}
	return names, keys
}()

// Rows returns a copy of the table, for tests and documentation.
func Rows() []Call { return append([]Call(nil), table...) }
