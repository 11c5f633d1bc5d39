// Package edgeruntime defines an Analyzer that reports host-only calls
// reachable from handlers that run on an edge runtime.
//
// # Analyzer edgeruntime
//
// edgeruntime: report calls that edge runtimes cannot serve, reachable from edge handlers
//
// Go runs at the edge as WebAssembly: on Cloudflare Workers (through
// github.com/syumai/workers), Fastly Compute, Spin and wasmCloud. There the
// filesystem, sockets and processes are absent or fake — under GOOS=js and
// wasip1, net.Listen even "succeeds" with a socket that never receives —
// and code that works in every local test fails only after deploying.
// edgeruntime finds, for each edge handler, every call it reaches through
// static calls that its platform does not have, and reports it at the call
// inside the handler, naming the path:
//
//	edge handler Hello (fastly) reaches os.ReadFile via loadConfig → readFile: Fastly
//	Compute has no filesystem; embed the file with //go:embed or use configstore
//
// # Edge handlers
//
// A function is an edge handler when it is:
//
//   - passed to a platform's entry point: workers.Serve and
//     workers.ServeNonBlock (a nil handler means every handler registered
//     on http.DefaultServeMux), cron.ScheduleTask, cron.ScheduleTaskNonBlock,
//     queues.Consume and queues.ConsumeNonBlocking of
//     github.com/syumai/workers; fsthttp.Serve, ServeFunc, ServeMany and
//     Adapt of github.com/fastly/compute-sdk-go; Handle of the Spin SDK's
//     http package under every path it has had
//     (github.com/spinframework/spin-go-sdk/v2/http, .../v3/http,
//     github.com/fermyon/spin/sdk/go/v2/http, github.com/fermyon/spin/sdk/go/http,
//     github.com/fermyon/spin-go-sdk/http); Handle and HandleFunc of
//     go.wasmcloud.dev/component/net/wasihttp. The argument may be a
//     function, a method value, a function literal, a value with a
//     ServeHTTP method, a conversion such as http.HandlerFunc(f), a
//     middleware call wrapping one handler, a constructor declared in the
//     same package, a local variable, or a router (http.ServeMux, chi,
//     gorilla/mux): then every handler registered on it is an edge handler;
//   - marked with the directive //routevet:edge in its doc comment;
//   - any HTTP handler of a package that has //routevet:edge above the
//     package clause of one of its files, or that .routevet.yaml lists
//     under edge.packages.
//
// The directive may name a profile: //routevet:edge fastly. With none, the
// profile is the platform whose SDK the package imports, or "wasm". This is
// routevet's version of Next.js's export const runtime = 'edge'.
//
// # What is reported
//
// Each built-in profile — workers, fastly, spin, wasmcloud and wasm (any
// WebAssembly edge runtime) — is a table of denied APIs, with the reason
// and the platform's replacement (see profiles.go):
//
//   - filesystem: opening, reading, listing and writing files in os and
//     io/ioutil, filepath.Walk and Glob, http.ServeFile and the template
//     ParseFiles and ParseGlob functions. Spin allows reading: the files
//     listed in spin.toml are mounted read-only; it denies writing.
//   - network: net.Dial*, (*net.Dialer).Dial*, net.Listen*, net.Lookup* and
//     the Resolver's lookups, tls.Dial, smtp.SendMail, http.ListenAndServe,
//     and the socket calls of syscall.
//   - process: os/exec, os/signal, os.StartProcess and the process calls of
//     syscall.
//   - http-client: http.Get, Post, Head and PostForm, calls on
//     http.DefaultClient, and calls on an http.Client made in the package
//     whose transport is net/http's own: none (&http.Client{Timeout: ...}),
//     http.DefaultTransport, or an *http.Transport. That transport dials
//     with package net; Workers needs its fetch client, Fastly a named
//     backend, Spin spinhttp.Send, wasmCloud wasihttp. Clients from fields,
//     parameters and other packages are not judged. When the package or a
//     dependency assigns http.DefaultTransport or http.DefaultClient, which
//     is how a platform's transport is installed, only clients with an
//     *http.Transport of their own are reported.
//   - tcp-database: database drivers that dial TCP: github.com/lib/pq,
//     github.com/jackc/pgx (v4, v5, pgxpool, pgconn, stdlib),
//     github.com/go-sql-driver/mysql, the MongoDB driver, go-redis and
//     redigo, and sql.Open with the name of one of their drivers. Their
//     pure helpers (pq.Array, mysql.ParseDSN, ...) are allowed. On Workers,
//     whose sockets API these drivers can use through a custom dialer,
//     only the calls that always dial with package net are reported
//     (pgx.Connect, pgxpool.New, sql.Open("postgres"), ...), and
//     mysql.RegisterDialContext is allowed.
//   - environment: os.Getenv and friends on Workers, where variables and
//     secrets are bindings (cloudflare.Getenv). Fastly and Spin allow them.
//     Only reads in the handler's own module are reported: libraries read
//     the environment for optional settings (proxies, debugging), and
//     getting nothing is what they expect.
//
// database/sql itself, goroutines, crypto/rand, time, logging to
// os.Stdout and everything else are fine. The D1 connector, Spin's sqlite
// package and the platforms' HTTP clients are not reported.
//
// Reachability follows static calls: function and method calls with a
// static callee, function literals called in place, and go and defer
// statements; calls of an interface method or a function value are not
// followed, so a path through them is missed rather than guessed. Across
// packages it follows facts: each function records the host-only APIs it
// reaches with the first calls of the path (at most five), so cost grows
// with the code, not with the depth of the call graph. The standard
// library is not entered: its own host-only calls are fallbacks that fail
// gracefully (multipart forms spilling to temporary files), so only the
// table's standard APIs count. Packages built only for js or wasip1 are
// analyzed the same way.
//
// Each call of an edge handler that reaches a denied API is reported, one
// diagnostic per category, naming the shortest path; an API call in a
// helper that several of the handler's calls reach is reported once, at
// the first. A handler declared in another package is reported where it
// is made an edge handler (the entry point's argument or the route
// registration).
//
// No fix is suggested: each replacement needs the platform's setup (a
// binding, a backend, a manifest entry).
//
// # Configuration
//
// In .routevet.yaml, edge.packages marks packages (an import path, or a
// tree ending in "/...") as edge, edge.entry-points adds entry points of
// other SDKs or wrappers (the function as types.Func.FullName prints it and
// the index of the handler argument), and edge.profiles adds rules to a
// built-in profile or defines a new one:
//
//	edge:
//	  packages:
//	    - {path: example.com/app/edge/..., profile: fastly}
//	  entry-points:
//	    - {func: example.com/app/platform.Serve, handler: 0, profile: workers}
//	  profiles:
//	    fastly:
//	      allow: [os.ReadFile]
//	      deny:
//	        - {api: example.com/app/cache.Warm, reason: "it shells out", instead: "use the KV store"}
//
// An api is a function ("os.ReadFile", "(*net.Dialer).Dial"), a package
// ("os/exec"), a tree of packages ("example.com/legacy/..."), or one of
// net/http.DefaultClient, net/http.Client{} (a client with no Transport),
// net/http.Transport{} (a client with an *http.Transport) and
// database/sql.Open("driver"). An allowed function wins over a denied
// package, and at the same level allowing wins. Rules added by
// configuration are reported under the "custom" category; they are
// followed into other packages that share the configuration (the same
// module). An unknown profile name in the configuration is an error; in a
// directive it is reported (category unknown-profile).
package edgeruntime
