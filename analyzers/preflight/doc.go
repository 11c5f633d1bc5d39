// Package preflight defines an Analyzer that reports CORS routes whose
// browser preflight request cannot succeed.
//
// # Analyzer preflight
//
// preflight: report CORS routes that a browser's OPTIONS preflight cannot reach
//
// Before a cross-origin request with a method other than GET, HEAD or
// POST, or a POST with a JSON body, or any request with a header such as
// Authorization, a browser sends a preflight: an OPTIONS request to the
// same URL. Only if that answers 2xx with the right Access-Control-Allow-*
// headers does the browser send the real request. Next.js answers OPTIONS
// for route handlers by itself; Go's routers do not. With
//
//	mux.HandleFunc("POST /api/items", createItem) // createItem sets Access-Control-Allow-Origin
//
// the preflight OPTIONS /api/items gets 405 Method Not Allowed, and the
// cross-origin POST never happens, although the handler allows it. The
// analyzer reports two kinds of finding, each with its own category:
//
// missing-options-route: the route's router answers the preflight itself,
// because no registration accepts OPTIONS for the path:
//
//   - net/http.ServeMux (Go 1.22 patterns): a pattern with a method, and no
//     pattern of the same mux that matches OPTIONS for the path. Patterns
//     are compared exactly as net/http routes requests: wildcards, {$},
//     trailing-slash subtrees, host patterns (which only cover their host),
//     and precedence (a method-less "/api/items" registered with
//     "POST /api/items" is what OPTIONS /api/items reaches). The message
//     says what the preflight gets: 405 with the Allow header the mux
//     sends, 404, or the mux's trailing-slash redirect.
//   - chi: r.Post(...) and the like with no route of the routing tree
//     (r.Options, r.MethodFunc("OPTIONS", ...), r.Handle, a Mount of a
//     handler) that matches the path for OPTIONS.
//   - gorilla/mux: .Methods("POST") with no route that matches the path
//     for OPTIONS (.Methods(..., "OPTIONS"), or no Methods matcher).
//
// options-rejected: the preflight reaches a handler (a method-less
// pattern, chi Handle, a gorilla route that accepts OPTIONS) whose method
// check answers it with an error status before anything answers OPTIONS:
//
//	if r.Method != http.MethodPost {
//		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
//		return
//	}
//
// or a switch on r.Method with no OPTIONS case and an error default.
// Setting CORS headers before the check does not help: a preflight needs a
// 2xx status.
//
// A route is a CORS route when its handler sets Access-Control-Allow-Origin
// on some path (w.Header().Set or Add, or w.Header()["..."] = ...): a
// handler that allows only some origins, inside an if, is still a CORS
// handler. One that sets it only under a test of the request's path
// (r.URL.Path, r.RequestURI: CORS for the API's paths alone) is not, nor
// is middleware that does so: which routes those paths are is not
// followed. A helper counts when it sets the header on its
// http.ResponseWriter, *http.ResponseWriter or http.Header parameter on
// every path that returns, or on some path when it does nothing else with
// that parameter than set headers (setCORS(w, r)), in any package (through
// facts). A route is also a CORS route when CORS middleware wraps it or
// its router, or when .routevet.yaml lists it (cors.routes). Only routes
// that a browser preflights are reported: those with a method other than
// GET, HEAD and POST, POST unless the handler reads a form (a form POST
// needs no preflight), and any route whose handler sets
// Access-Control-Allow-Methods or -Headers, which only a preflight reads.
//
// Middleware in front of the router that answers preflights means no
// finding: github.com/rs/cors, github.com/go-chi/cors, gorilla/handlers.CORS,
// the functions listed in cors.middleware, and any middleware (in any
// package) that compares the request method with OPTIONS. Where the
// middleware sits matters, and the analyzer follows the routers' rules:
// chi runs a router's Use middleware before routing, but the middleware of
// With and Group only for the routes they match; gorilla/mux runs Use
// middleware only after a route matched, so r.Use(corsMiddleware) never
// sees the preflight of a POST-only route, and mux.CORSMethodMiddleware
// only adds Access-Control-Allow-Methods to routes that already match
// OPTIONS; CORS middleware around the handler of a route that accepts
// only POST never runs for OPTIONS.
//
// # Routers built in one package and served from another
//
// Most services build their router in one package (an api package's
// NewHandler() http.Handler, Routes() *http.ServeMux, Router() chi.Router,
// (*Server).Routes() *mux.Router) and wrap and serve it in main. A router
// that leaves its package through an exported function or method is
// checked in that package with what the package puts in front of it
// before it leaves:
//
//   - A route whose handler sets Access-Control-Allow-Origin itself (or
//     that CORS middleware applied in the package makes a CORS route) and
//     whose router answers no OPTIONS for its path is reported at its
//     registration, with the fix, unless middleware that answers
//     preflights is put in front before the router leaves the package. It
//     is reported there although a caller could, in principle, put such
//     middleware in front: the package is where the route and its CORS
//     header are written, a library's router may be served by code
//     routevet never sees, and a router that only works behind the right
//     middleware should say so where it is built. Add the OPTIONS route,
//     put the preflight-answering middleware in front inside the package,
//     or silence the finding with //nolint:preflight on the registration
//     or with disable: [preflight/missing-options-route] in .routevet.yaml.
//   - The route table of such a router is exported as a fact on the
//     exported function. A route that becomes a CORS route only in a
//     caller, because the caller wraps the router (or the ServeMux or chi
//     router it is mounted on) in CORS middleware that hands OPTIONS on,
//     is reported in the caller's package at the wrapping expression, the
//     message naming the route and where it is registered, with the
//     registration as a related location when the run loaded its source.
//     There is no fix: the route's router is in another package.
//   - A caller that puts middleware that answers preflights in front
//     (rs/cors, go-chi/cors, gorilla/handlers.CORS, cors.middleware, or
//     middleware that compares the method with OPTIONS) gets no finding.
//   - Mounts: ServeMux mux.Handle("/api/", http.StripPrefix("/api",
//     api.Handler())), chi r.Mount("/api", api.Router()) and gorilla
//     r.PathPrefix("/api").Handler(api.Router()) (which strips nothing):
//     paths are compared with the prefix applied, and an OPTIONS route
//     of the parent counts (for ServeMux, one a preflight reaches first;
//     for chi and gorilla/mux, any). A caller that adds routes or
//     middleware to the router it gets is not followed.
//   - Routers passed to another package's function that registers
//     routes on them (func Register(r *mux.Router), func Register(r
//     chi.Router), func Register(mux *http.ServeMux), methods too): the
//     function's package cannot know the router's other routes and
//     middleware, so the routes it registers are never reported there;
//     they are a fact on the function ("registers these routes on
//     parameter N"). The caller holds the rest of the router and
//     decides: a route the function registers whose handler sets
//     Access-Control-Allow-Origin (or that CORS middleware in front of
//     the caller's router makes a CORS route), and that nothing of the
//     whole router answers OPTIONS for, is reported at the call that
//     passes the router, the message naming the route and where it is
//     registered, with the registration as a related location. Paths
//     carry the prefix of the router passed (gorilla
//     r.PathPrefix("/api").Subrouter(), chi r.Route("/api", ...)); an
//     OPTIONS route of the caller's router, middleware in front that
//     answers preflights, or an OPTIONS route that another such
//     function registers on the same router means no finding. A
//     function called by no package of the module (a library's) gets
//     no finding; one called with routers of different parents is
//     decided at each call. There is no fix: the route is in another
//     package. A function that keeps its router parameter, hands it to
//     code not followed, or takes two routers has no fact, and a router
//     passed to it is not seen whole, as before.
//
// # What it cannot see
//
// The analyzer reports a route only when it sees every registration and
// every wrapper of the router: a router made in the package (or
// DefaultServeMux, in a main package that serves it) whose variables are
// only used for method calls, wrapping calls, serving
// (http.ListenAndServe, http.Server's Handler, httptest.NewServer),
// mounting on another router, returned by unexported functions whose
// calls are used the same way, or returned by exported ones (above). A
// router that is a parameter, a field or a global, or that is passed to
// another function (but for another package's registering function,
// above), may get its OPTIONS route or CORS middleware elsewhere, and
// its routes are not reported there. So are routers with a pattern that is not a
// constant, a chi router with a custom MethodNotAllowed handler, and a
// gorilla router with a MethodNotAllowedHandler. One exception: the paths
// of a gorilla/mux router (not a subrouter) may start with the same
// package-level variable, a base path set at start-up
// (config.Webroot+"api/v1/messages"); such routes are compared by what
// follows the variable, messages show it as <config.Webroot>, and the fix
// registers the OPTIONS route with the same path expression.
//
// # Fixes
//
// Where the router and the path are constants, the fix adds the missing
// preflight route right after the route's registration:
//
//	mux.HandleFunc("POST /api/items", createItem)
//	mux.HandleFunc("OPTIONS /api/items", corsPreflight("POST, OPTIONS", "https://app.example.com"))
//
// (r.Options(path, ...) for chi, r.HandleFunc(path, ...).Methods(
// http.MethodOptions) for gorilla/mux), and for a method check it adds an
// OPTIONS branch before the check or an OPTIONS case before the default.
// Routes with the same path share one OPTIONS route, and the package gets
// one generated function, corsPreflight (renamed if the name is taken),
// which answers 204 with:
//
//   - Access-Control-Allow-Origin: the request's Origin when it is one of
//     the origins the handler sets as constants, or else of
//     cors.allow-origins (with "*" allowing any);
//   - Access-Control-Allow-Methods: the methods registered for the path,
//     and OPTIONS;
//   - Access-Control-Allow-Headers: Content-Type, the cors.allow-headers
//     list, or the request's Access-Control-Request-Headers when that list
//     is ["*"];
//   - Access-Control-Max-Age: cors.max-age, or 600.
//
// There is no fix when the origin is known neither from the handler nor
// from the configuration, when the handler allows credentials, when the
// new ServeMux pattern would conflict with an existing one (registering it
// would panic), or when the route is not registered by a statement of its
// own on a router variable; the message says why.
//
// # Configuration
//
//	cors:
//	  middleware: ["(*example.com/web.CORS).Wrap"]  # answers preflights too
//	  routes: ["POST /api/hooks"]                   # CORS routes set up elsewhere
//	  allow-origins: ["https://app.example.com"]    # for generated preflights
//	  allow-headers: ["Content-Type", "Authorization"]
//	  max-age: 3600
package preflight
