package edgeruntime

import (
	"fmt"
	"slices"
	"strings"

	"github.com/routevet/routevet/internal/config"
)

// Categories of edgeruntime's diagnostics, one per kind of missing API, so
// that a project can turn off one kind ("edgeruntime/environment").
const (
	CategoryFilesystem     = "filesystem"      // opening, reading or writing files
	CategoryNetwork        = "network"         // raw sockets: dial, listen, DNS
	CategoryProcess        = "process"         // processes and signals
	CategoryHTTPClient     = "http-client"     // net/http's own transport
	CategoryDatabase       = "tcp-database"    // database drivers that dial TCP
	CategoryEnvironment    = "environment"     // process environment variables
	CategoryCustom         = "custom"          // rules added in .routevet.yaml
	CategoryUnknownProfile = "unknown-profile" // a //routevet:edge directive naming no profile
)

// Categories lists every category edgeruntime reports.
var Categories = []string{
	CategoryFilesystem, CategoryNetwork, CategoryProcess, CategoryHTTPClient,
	CategoryDatabase, CategoryEnvironment, CategoryCustom, CategoryUnknownProfile,
}

// An API is named as types.Func.FullName prints it ("os.ReadFile",
// "(*net.Dialer).Dial"), or is a whole package ("os/exec"), or a tree of
// packages ("example.com/db/..."). Pseudo-APIs name what is not one
// function: a call on http.DefaultClient, on an http.Client with no
// Transport (or http.DefaultTransport), on one with an *http.Transport,
// and sql.Open with a constant driver name.
const (
	apiDefaultClient = "net/http.DefaultClient"
	apiBareClient    = "net/http.Client{}"
	apiOwnTransport  = "net/http.Transport{}"
	apiSQLOpen       = "database/sql.Open"
)

// sqlOpenAPI is the pseudo-API of sql.Open(driver, ...).
func sqlOpenAPI(driver string) string { return fmt.Sprintf("%s(%q)", apiSQLOpen, driver) }

// A class is a group of APIs that platforms lack for the same reason.
type class struct {
	category string
	apis     []string
}

// The classes of host-only APIs. Only what opens, dials or starts something
// is listed: (*os.File).Write on os.Stdout works everywhere, and methods
// reached through an interface are not followed, so listing them would be
// noise.
var (
	fsRead = class{CategoryFilesystem, []string{
		"os.Open", "os.ReadFile", "os.ReadDir", "os.Stat", "os.Lstat", "os.Readlink",
		"os.DirFS", "os.OpenRoot", "os.OpenInRoot",
		"io/ioutil.ReadFile", "io/ioutil.ReadDir",
		"path/filepath.Walk", "path/filepath.WalkDir", "path/filepath.Glob",
		"net/http.ServeFile",
		// The template parsers read through a function value, so they are
		// listed rather than followed.
		"html/template.ParseFiles", "html/template.ParseGlob",
		"(*html/template.Template).ParseFiles", "(*html/template.Template).ParseGlob",
		"text/template.ParseFiles", "text/template.ParseGlob",
		"(*text/template.Template).ParseFiles", "(*text/template.Template).ParseGlob",
	}}
	fsWrite = class{CategoryFilesystem, []string{
		"os.Create", "os.OpenFile", "os.WriteFile", "os.Mkdir", "os.MkdirAll",
		"os.MkdirTemp", "os.CreateTemp", "os.Remove", "os.RemoveAll", "os.Rename",
		"os.Chmod", "os.Chown", "os.Lchown", "os.Chtimes", "os.Link", "os.Symlink",
		"os.Truncate", "os.CopyFS",
		"io/ioutil.WriteFile", "io/ioutil.TempFile", "io/ioutil.TempDir",
	}}
	environ = class{CategoryEnvironment, []string{
		"os.Getenv", "os.LookupEnv", "os.Environ", "os.ExpandEnv",
	}}
	dial = class{CategoryNetwork, []string{
		"net.Dial", "net.DialTimeout", "net.DialTCP", "net.DialUDP", "net.DialIP", "net.DialUnix",
		"(*net.Dialer).Dial", "(*net.Dialer).DialContext",
		"crypto/tls.Dial", "crypto/tls.DialWithDialer",
		"(*crypto/tls.Dialer).Dial", "(*crypto/tls.Dialer).DialContext",
		"net/smtp.Dial", "net/smtp.SendMail",
		"net/rpc.Dial", "net/rpc.DialHTTP", "net/rpc.DialHTTPPath",
		"syscall.Socket", "syscall.Socketpair", "syscall.Connect", "syscall.Sendto", "syscall.Recvfrom",
	}}
	listen = class{CategoryNetwork, []string{
		"net.Listen", "net.ListenPacket", "net.ListenTCP", "net.ListenUDP", "net.ListenIP",
		"net.ListenUnix", "net.ListenUnixgram", "net.ListenMulticastUDP",
		"(*net.ListenConfig).Listen", "(*net.ListenConfig).ListenPacket",
		"crypto/tls.Listen",
		"net/http.ListenAndServe", "net/http.ListenAndServeTLS",
		"(*net/http.Server).ListenAndServe", "(*net/http.Server).ListenAndServeTLS",
		"syscall.Bind", "syscall.Listen", "syscall.Accept", "syscall.Accept4",
	}}
	lookup = class{CategoryNetwork, []string{
		"net.LookupHost", "net.LookupIP", "net.LookupAddr", "net.LookupCNAME", "net.LookupMX",
		"net.LookupNS", "net.LookupPort", "net.LookupSRV", "net.LookupTXT",
		"(*net.Resolver).LookupHost", "(*net.Resolver).LookupIP", "(*net.Resolver).LookupIPAddr",
		"(*net.Resolver).LookupNetIP", "(*net.Resolver).LookupAddr", "(*net.Resolver).LookupCNAME",
		"(*net.Resolver).LookupMX", "(*net.Resolver).LookupNS", "(*net.Resolver).LookupPort",
		"(*net.Resolver).LookupSRV", "(*net.Resolver).LookupTXT",
	}}
	process = class{CategoryProcess, []string{
		"os/exec", "os.StartProcess", "os.FindProcess",
		"syscall.ForkExec", "syscall.StartProcess", "syscall.Exec", "syscall.Kill", "syscall.Wait4",
	}}
	signals = class{CategoryProcess, []string{"os/signal"}}
	// httpDefault is net/http's client on net/http's own transport, which
	// dials with package net.
	httpDefault = class{CategoryHTTPClient, []string{
		"net/http.Get", "net/http.Post", "net/http.Head", "net/http.PostForm",
		apiDefaultClient, apiBareClient, apiOwnTransport,
	}}
	// tcpDrivers are database clients that dial TCP themselves.
	tcpDrivers = class{CategoryDatabase, []string{
		"github.com/lib/pq",
		"github.com/jackc/pgx", "github.com/jackc/pgx/v4", "github.com/jackc/pgx/v4/pgxpool",
		"github.com/jackc/pgx/v4/stdlib", "github.com/jackc/pgconn",
		"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/pgxpool",
		"github.com/jackc/pgx/v5/pgconn", "github.com/jackc/pgx/v5/stdlib",
		"github.com/go-sql-driver/mysql",
		"go.mongodb.org/mongo-driver/mongo", "go.mongodb.org/mongo-driver/v2/mongo",
		"github.com/redis/go-redis/v9", "github.com/go-redis/redis",
		"github.com/go-redis/redis/v7", "github.com/go-redis/redis/v8",
		"github.com/gomodule/redigo/redis",
		sqlOpenAPI("postgres"), sqlOpenAPI("pgx"), sqlOpenAPI("pgx/v5"), sqlOpenAPI("mysql"),
		sqlOpenAPI("sqlserver"), sqlOpenAPI("mssql"),
	}}
	// tcpDefaultDial are the driver entry points that always dial with
	// package net. A Worker can run pgx, go-sql-driver/mysql, go-redis and
	// the MongoDB driver over its sockets API when they are given a custom
	// dialer, so on Workers only the calls that cannot take one are host-only.
	tcpDefaultDial = class{CategoryDatabase, []string{
		"github.com/jackc/pgx/v5.Connect", "github.com/jackc/pgx/v5/pgxpool.New",
		"github.com/jackc/pgx/v5/pgconn.Connect",
		"github.com/jackc/pgx/v4.Connect", "github.com/jackc/pgx/v4/pgxpool.Connect",
		"github.com/jackc/pgconn.Connect",
		"github.com/lib/pq.NewListener",
		sqlOpenAPI("postgres"),
	}}
)

// pureHelpers are functions of the driver packages that do no I/O: quoting,
// array adapters, DSN parsing, error tests. Every profile allows them.
var pureHelpers = []string{
	"github.com/lib/pq.Array", "github.com/lib/pq.QuoteIdentifier", "github.com/lib/pq.QuoteLiteral",
	"github.com/lib/pq.ParseURL",
	"github.com/go-sql-driver/mysql.NewConfig", "github.com/go-sql-driver/mysql.ParseDSN",
	"(*github.com/go-sql-driver/mysql.Config).FormatDSN",
	"(github.com/jackc/pgx/v5.Identifier).Sanitize", "(github.com/jackc/pgx/v4.Identifier).Sanitize",
	"go.mongodb.org/mongo-driver/mongo.IsDuplicateKeyError", "go.mongodb.org/mongo-driver/mongo.IsTimeout",
	"go.mongodb.org/mongo-driver/mongo.IsNetworkError",
	"go.mongodb.org/mongo-driver/v2/mongo.IsDuplicateKeyError", "go.mongodb.org/mongo-driver/v2/mongo.IsTimeout",
	"go.mongodb.org/mongo-driver/v2/mongo.IsNetworkError",
}

// A denial is one class a platform lacks: why, and what to use instead.
type denial struct {
	class           class
	reason, instead string
}

// A builtin is a platform's profile as data.
type builtin struct {
	name     string
	platform string
	deny     []denial
	allow    [][]string
}

// builtins are the built-in profiles. The texts complete the message
// "edge handler H (profile) reaches API via ...: <reason>; <instead>".
var builtins = []builtin{
	{
		name: "workers", platform: "Cloudflare Workers",
		deny: []denial{
			{fsRead, "Cloudflare Workers has no filesystem, so the call fails in production", "embed the file with //go:embed, or read it from KV or R2"},
			{fsWrite, "Cloudflare Workers has no filesystem, so the call fails in production", "keep the data in KV, R2 or D1"},
			{environ, "a Worker's variables and secrets are bindings, not process environment, so this returns nothing", "use cloudflare.Getenv"},
			{dial, "a Worker cannot open sockets with package net", "use sockets.Connect from github.com/syumai/workers/cloudflare/sockets"},
			{listen, "a Worker cannot listen; the runtime delivers requests to the handler", "serve with workers.Serve"},
			{lookup, "a Worker has no DNS resolver", "pass host names to fetch or sockets.Connect, which resolve them"},
			{process, "a Worker cannot start or signal processes", "do the work in Go, or call a service with fetch"},
			{signals, "a Worker receives no OS signals", "use the request's context to notice cancellation"},
			{httpDefault, "net/http's own transport cannot reach the network from a Worker", "send requests with fetch.NewClient().HTTPClient(fetch.RedirectModeFollow)"},
			{tcpDefaultDial, "this call dials TCP with package net, which a Worker does not have", "use D1 or Hyperdrive, or give the driver a dialer built on sockets.Connect"},
		},
		allow: [][]string{pureHelpers, {"github.com/go-sql-driver/mysql.RegisterDialContext", "github.com/go-sql-driver/mysql.RegisterDial"}},
	},
	{
		name: "fastly", platform: "Fastly Compute",
		deny: []denial{
			{fsRead, "Fastly Compute has no filesystem", "embed the file with //go:embed or use configstore"},
			{fsWrite, "Fastly Compute has no filesystem", "keep the data in a KV store"},
			{dial, "Fastly Compute has no raw sockets; all traffic goes through backends", "send an fsthttp.Request to a backend"},
			{listen, "Fastly Compute cannot listen; the platform delivers requests to the handler", "serve with fsthttp.ServeFunc"},
			{lookup, "Fastly Compute has no DNS resolver; backends are named in the service configuration", "send an fsthttp.Request to a backend"},
			{process, "Fastly Compute cannot start or signal processes", "do the work in Go"},
			{signals, "Fastly Compute delivers no OS signals", "use the request's context to notice cancellation"},
			{httpDefault, "net/http's own transport cannot reach the network on Fastly Compute, where requests must name a backend", "use fsthttp.NewRequest(...).Send(ctx, backend), or an http.Client with Transport: fsthttp.NewTransport(backend)"},
			{tcpDrivers, "Fastly Compute has no raw TCP, so the driver cannot connect", "reach the database through an HTTP API on a backend, or use a KV store"},
		},
		// Compute sets environment variables (FASTLY_SERVICE_VERSION, ...).
		allow: [][]string{pureHelpers, environ.apis},
	},
	{
		name: "spin", platform: "Spin",
		deny: []denial{
			// Files named in the component's "files" in spin.toml are
			// mounted read-only, so reading is allowed below.
			{fsRead, "Spin mounts only the files listed in spin.toml", "list the file under the component's files"},
			{fsWrite, "Spin mounts component files read-only, so the write fails", "keep the data in Spin's key-value store or SQLite database"},
			{dial, "a Spin component has no raw sockets", "use the Spin SDK's outbound HTTP, Redis, PostgreSQL or MySQL packages"},
			{listen, "a Spin component cannot listen; Spin delivers requests to the handler", "register the handler with spinhttp.Handle"},
			{lookup, "a Spin component has no DNS resolver", "use the Spin SDK's outbound packages, which resolve host names"},
			{process, "a Spin component cannot start or signal processes", "do the work in Go"},
			{signals, "a Spin component receives no OS signals", "use the request's context to notice cancellation"},
			{httpDefault, "net/http's own transport cannot reach the network from a Spin component", "use spinhttp.Send, or the client from spinhttp.NewClient()"},
			{tcpDrivers, "a Spin component has no raw TCP, so the driver cannot connect", "use the Spin SDK's pg, mysql, redis or sqlite packages"},
		},
		allow: [][]string{pureHelpers, fsRead.apis, environ.apis},
	},
	{
		name: "wasmcloud", platform: "wasmCloud",
		deny: []denial{
			{fsRead, "a wasmCloud component has no filesystem", "embed the file with //go:embed, or read it through wasi:blobstore"},
			{fsWrite, "a wasmCloud component has no filesystem", "keep the data through wasi:blobstore or wasi:keyvalue"},
			{dial, "a wasmCloud component has no raw sockets", "talk to other services through wasi:http or a capability provider"},
			{listen, "a wasmCloud component cannot listen; the host delivers requests to the handler", "register the handler with wasihttp.Handle"},
			{lookup, "a wasmCloud component has no DNS resolver", "let wasi:http resolve host names"},
			{process, "a wasmCloud component cannot start or signal processes", "do the work in Go"},
			{signals, "a wasmCloud component receives no OS signals", "use the request's context to notice cancellation"},
			{httpDefault, "net/http's own transport cannot reach the network from a wasmCloud component", "use wasihttp.DefaultClient, or an http.Client with Transport: &wasihttp.Transport{}"},
			{tcpDrivers, "a wasmCloud component has no raw TCP, so the driver cannot connect", "use a capability provider such as wasmcloud:postgres or wasi:keyvalue"},
		},
		allow: [][]string{pureHelpers},
	},
	{
		name: "wasm", platform: "a WebAssembly edge runtime",
		deny: []denial{
			{fsRead, "edge WebAssembly runtimes mount no files by default", "embed the file with //go:embed"},
			{fsWrite, "edge WebAssembly runtimes mount no writable files", "keep the data in the platform's storage"},
			{dial, "WebAssembly (js and wasip1) has no sockets", "use the platform's outbound HTTP"},
			{listen, "a WebAssembly handler cannot listen; the host delivers requests to it", "register the handler with the platform's entry point"},
			{lookup, "WebAssembly (js and wasip1) has no DNS resolver", "use the platform's outbound HTTP"},
			{process, "WebAssembly cannot start or signal processes", "do the work in Go"},
			{signals, "WebAssembly receives no OS signals", "use the request's context to notice cancellation"},
			{httpDefault, "net/http's own transport dials with package net, which WebAssembly edge runtimes do not have", "use the platform's HTTP client"},
			{tcpDrivers, "WebAssembly edge runtimes have no raw TCP, so the driver cannot connect", "reach the database over HTTP"},
		},
		allow: [][]string{pureHelpers},
	},
}

// defaultProfile is the profile of an edge handler whose platform is not
// named and cannot be told from the package's imports.
const defaultProfile = "wasm"

// sdkPrefixes tell a package's platform from its imports, for directives
// and configuration that name no profile.
var sdkPrefixes = []struct{ prefix, profile string }{
	{"github.com/syumai/workers", "workers"},
	{"github.com/fastly/compute-sdk-go", "fastly"},
	{"github.com/spinframework/spin-go-sdk", "spin"},
	{"github.com/fermyon/spin/sdk/go", "spin"},
	{"github.com/fermyon/spin-go-sdk", "spin"},
	{"go.wasmcloud.dev/component", "wasmcloud"},
}

// An entryPoint is a platform function whose argument runs on the edge.
type entryPoint struct {
	fn      string // FullName
	arg     int
	profile string
	// nilMux: a nil handler means http.DefaultServeMux.
	nilMux bool
}

// entryPoints are the platforms' entry points, under every import path the
// SDKs have had.
var entryPoints = []entryPoint{
	{"github.com/syumai/workers.Serve", 0, "workers", true},
	{"github.com/syumai/workers.ServeNonBlock", 0, "workers", true},
	{"github.com/syumai/workers/cloudflare/cron.ScheduleTask", 0, "workers", false},
	{"github.com/syumai/workers/cloudflare/cron.ScheduleTaskNonBlock", 0, "workers", false},
	{"github.com/syumai/workers/cloudflare/queues.Consume", 0, "workers", false},
	{"github.com/syumai/workers/cloudflare/queues.ConsumeNonBlocking", 0, "workers", false},
	{"github.com/fastly/compute-sdk-go/fsthttp.Serve", 0, "fastly", false},
	{"github.com/fastly/compute-sdk-go/fsthttp.ServeFunc", 0, "fastly", false},
	{"github.com/fastly/compute-sdk-go/fsthttp.ServeMany", 0, "fastly", false},
	{"github.com/fastly/compute-sdk-go/fsthttp.Adapt", 0, "fastly", false},
	{"github.com/spinframework/spin-go-sdk/v2/http.Handle", 0, "spin", false},
	{"github.com/spinframework/spin-go-sdk/v3/http.Handle", 0, "spin", false},
	{"github.com/fermyon/spin/sdk/go/v2/http.Handle", 0, "spin", false},
	{"github.com/fermyon/spin/sdk/go/http.Handle", 0, "spin", false},
	{"github.com/fermyon/spin-go-sdk/http.Handle", 0, "spin", false},
	{"go.wasmcloud.dev/component/net/wasihttp.Handle", 0, "wasmcloud", false},
	{"go.wasmcloud.dev/component/net/wasihttp.HandleFunc", 0, "wasmcloud", false},
}

// A rule is one denied API of a profile.
type rule struct {
	api, category, reason, instead string
}

// A profile decides which APIs a platform lacks.
type profile struct {
	name, platform string
	exact          map[string]*rule // functions, pseudo-APIs and packages
	trees          []*rule          // "path/..." rules
	allowExact     map[string]bool
	allowTrees     []string
}

func newProfile(name, platform string) *profile {
	return &profile{name: name, platform: platform, exact: map[string]*rule{}, allowExact: map[string]bool{}}
}

func (p *profile) addRule(r *rule) {
	if tree, ok := strings.CutSuffix(r.api, "/..."); ok {
		p.trees = append(p.trees, &rule{tree, r.category, r.reason, r.instead})
		return
	}
	p.exact[r.api] = r
}

func (p *profile) addAllow(api string) {
	if tree, ok := strings.CutSuffix(api, "/..."); ok {
		p.allowTrees = append(p.allowTrees, tree)
		return
	}
	p.allowExact[api] = true
}

// denied returns the rule that denies the API key of package pkg, or nil.
// A rule or allowance naming the function is more specific than one naming
// its package; at the same level allowing wins, so configuration can carve
// an exception out of a built-in rule.
func (p *profile) denied(key, pkg string) *rule {
	if p.allowExact[key] {
		return nil
	}
	if r := p.exact[key]; r != nil {
		return r
	}
	if p.allowExact[pkg] || inTrees(pkg, p.allowTrees) {
		return nil
	}
	if r := p.exact[pkg]; r != nil {
		return r
	}
	for _, r := range p.trees {
		if inTree(pkg, r.api) {
			return r
		}
	}
	return nil
}

func inTree(pkg, tree string) bool {
	return pkg == tree || strings.HasPrefix(pkg, tree+"/")
}

func inTrees(pkg string, trees []string) bool {
	return slices.ContainsFunc(trees, func(t string) bool { return inTree(pkg, t) })
}

// A universe is every API any profile may deny: the APIs facts record.
type universe struct {
	exact map[string]bool // functions, pseudo-APIs and packages
	trees []string
	// pkgs holds the package of every exact API, so a call into any other
	// package is dismissed without computing its callee's name.
	pkgs map[string]bool
}

func (u *universe) add(api string) {
	if tree, ok := strings.CutSuffix(api, "/..."); ok {
		u.trees = append(u.trees, tree)
		return
	}
	u.exact[api] = true
	u.pkgs[apiPackage(api)] = true
	u.pkgs[api] = true // api may be a package path
}

// mayContain reports whether some API of package pkg may be host-only.
func (u *universe) mayContain(pkg string) bool {
	return u.pkgs[pkg] || inTrees(pkg, u.trees)
}

// contains reports whether the API key of package pkg is in the universe.
func (u *universe) contains(key, pkg string) bool {
	return u.exact[key] || u.exact[pkg] || inTrees(pkg, u.trees)
}

// apiPackage returns the package path of an API name: "os" for
// "os.ReadFile", "net" for "(*net.Dialer).Dial", "database/sql" for
// `database/sql.Open("pgx")`, and the name itself for a package path. A
// package path whose last element has a dot ("gopkg.in/yaml.v3") reads as
// a function; universe.add records the name itself too, for that case.
func apiPackage(api string) string {
	s := api
	if strings.HasPrefix(s, "(") { // a method: "(*pkg.T).M"
		s = strings.TrimPrefix(s[1:], "*")
		if i := strings.IndexByte(s, ')'); i >= 0 {
			s = s[:i]
		}
	} else if i := strings.IndexByte(s, '('); i >= 0 { // `database/sql.Open("pgx")`
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "{}")
	slash := strings.LastIndexByte(s, '/')
	if dot := strings.LastIndexByte(s[slash+1:], '.'); dot >= 0 {
		return s[:slash+1+dot]
	}
	return s
}

// A profileSet is the profiles a package sees: the built-ins extended by
// its configuration, and the universe of APIs they deny.
type profileSet struct {
	byName   map[string]*profile
	universe *universe
}

var builtinSet = buildProfiles(nil)

// profilesFor returns the profiles under c's Edge.Profiles.
func profilesFor(c *config.Config) (*profileSet, error) {
	if c == nil || len(c.Edge.Profiles) == 0 {
		return builtinSet, nil
	}
	for name, p := range c.Edge.Profiles {
		for _, r := range p.Deny {
			if strings.TrimSpace(r.API) == "" {
				return nil, fmt.Errorf("%s: edge: profiles: %s: a deny rule has no api", c.File, name)
			}
		}
	}
	// A few hundred map entries: cheaper than keeping a cache alive.
	return buildProfiles(c.Edge.Profiles), nil
}

func buildProfiles(extra map[string]config.EdgeProfile) *profileSet {
	set := &profileSet{
		byName:   map[string]*profile{},
		universe: &universe{exact: map[string]bool{}, pkgs: map[string]bool{}},
	}
	for _, b := range builtins {
		p := newProfile(b.name, b.platform)
		for _, d := range b.deny {
			for _, api := range d.class.apis {
				p.addRule(&rule{api, d.class.category, d.reason, d.instead})
				set.universe.add(api)
			}
		}
		for _, list := range b.allow {
			for _, api := range list {
				p.addAllow(api)
			}
		}
		set.byName[b.name] = p
	}
	names := make([]string, 0, len(extra))
	for name := range extra {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := set.byName[name]
		if p == nil {
			p = newProfile(name, name)
			set.byName[name] = p
		}
		for _, r := range extra[name].Deny {
			p.addRule(&rule{r.API, CategoryCustom, r.Reason, r.Instead})
			set.universe.add(r.API)
		}
		for _, api := range extra[name].Allow {
			p.addAllow(api)
		}
	}
	return set
}

// names returns the profile names, sorted, for messages.
func (s *profileSet) names() []string {
	names := make([]string, 0, len(s.byName))
	for name := range s.byName {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
