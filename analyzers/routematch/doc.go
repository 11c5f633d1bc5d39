// Package routematch defines an analyzer that checks handlers against the
// routes they are registered with.
//
// # Analyzer routematch
//
// routematch: report path values a handler's routes never set, ServeMux patterns that panic at start-up, and registrations no request can reach
//
// In Next.js a dynamic segment [id] is a typed parameter of the route
// handler. In Go the handler asks the request by name, and a name the
// route does not define answers "" without a word: r.PathValue("id") on
// a handler registered as "GET /items/{itemID}", chi.URLParam(r, "id")
// on "/items/{itemID}", mux.Vars(r)["id"] on "/items/{itemID}". The
// handler then looks up the empty id, and the bug looks like a missing
// record. routematch knows every pattern a handler is registered with
// (the route model's) and reports, each with its own category:
//
// unknown-path-value: r.PathValue(name), chi.URLParam(r, name),
// chi.URLParamFromCtx(r.Context(), name) or mux.Vars(r)[name], with a
// constant name, in a handler or in a function it passes the request to
// (in any package, through facts), when none of the patterns the handler
// is registered with defines that name. It is reported only when every
// registration of the handler is known: a function literal registered
// where it is written, or an unexported function or method that is used
// only as the handler of registrations in its package (its tests and
// files for other build tags do not mention it). A chi route counts only
// when every prefix above it (Route, Mount) is known and its root router
// is made in the package and only served from there, since a caller could
// mount it under a prefix with parameters of its own; a gorilla/mux route
// only when its subrouter chain is known, with the templates of Host and
// Queries matchers counted. r.PathValue is answered by ServeMux
// wildcards and, from chi 5.1 on, by chi's URL parameters; gorilla/mux
// never sets it. A name that the package, or a package it imports, sets
// with r.SetPathValue (middleware may do so) is never reported. When
// exactly one of the patterns' names is a close spelling of the asked
// name (it differs only in case, or by one or two edits and less than the
// shorter name's length), the fix renames the constant to it:
//
//	mux.HandleFunc("GET /items/{itemID}", getItem)
//
//	func getItem(w http.ResponseWriter, r *http.Request) {
//		id := r.PathValue("itemId") // reported; the fix reads "itemID"
//
// pattern-conflict: two registrations on one ServeMux that
// http.ServeMux rejects when the program starts (it panics: "pattern ...
// conflicts with pattern ..."), with the reason net/http gives: the same
// requests twice (a pattern registered twice, or wildcards that differ only
// in name), or patterns that both match some requests with neither more
// specific. The comparison is net/http's own (internal/servemux, checked
// against a real ServeMux on thousands of random pattern sets). Both
// registrations must be statements of one block, so that both run. In a
// main package, registrations on DefaultServeMux in main or init are also
// compared with the patterns net/http/pprof and expvar register when the
// program imports them:
//
//	import _ "net/http/pprof"
//
//	func main() {
//		http.HandleFunc("/debug/pprof/{name}", profile) // reported: overlaps "GET /debug/pprof/"
//
// Files of a module whose go line is older than 1.22 run ServeMux by the
// old rules, where only a pattern registered twice panics.
//
// unreachable-route: a registration that no request reaches because an
// earlier registration on the same router always wins: on a gorilla/mux
// router, the same path and methods registered twice (the first wins), or
// a route after a catch-all PathPrefix whose prefix starts its path and
// whose methods include its methods (routes are tried in order); on a chi
// router, the same method and pattern registered twice (the later
// replaces the earlier, which is reported). Only registrations that are
// statements of the same block count, so the order in which they run is
// the order in which they are written.
//
// A finding can be silenced with //nolint:routematch on its line, or
// turned off by category in .routevet.yaml
// (disable: [routematch/unknown-path-value]).
package routematch
