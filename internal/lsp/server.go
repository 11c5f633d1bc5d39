// Package lsp is routevet's language server: "routevet lsp" speaks the
// Language Server Protocol over stdio, so an editor shows routevet's
// findings as diagnostics while the user types and applies its suggested
// fixes as code actions.
//
// The server keeps every open document in memory. The first check of a
// module loads packages with go/packages (the open documents as an
// overlay, so diagnostics follow unsaved edits) and analyzes them and
// their dependencies as the standalone routevet command does; the
// packages' types and analysis facts are then kept (cache.go), so an edit
// re-checks only the edited file's package and the workspace packages
// that import it, in the background, after a short pause in typing;
// typing again cancels a check in progress.
// A package that fails to load, or an analyzer that fails or panics,
// becomes a log message, never a crash or an unanswered request.
package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/lsp/protocol"
)

// An Option changes how Serve works.
type Option func(*server)

// Debounce sets how long the server waits after the last edit before it
// analyzes (200ms by default).
func Debounce(d time.Duration) Option { return func(s *server) { s.debounce = d } }

// Version sets the server version reported to the client in initialize.
func Version(v string) Option { return func(s *server) { s.version = v } }

// ErrExitWithoutShutdown is returned by Serve when the client exits (or
// closes the connection) without asking the server to shut down first; the
// protocol asks the server process to exit with status 1 then.
var ErrExitWithoutShutdown = errors.New("lsp: exit without shutdown")

// Serve runs a language server reading requests from in and writing
// responses and notifications to out (a process's stdin and stdout), with
// the given analyzers, until the client sends exit, the connection closes
// or ctx is cancelled. It returns nil after an orderly shutdown.
//
// Serve uses the process-wide configuration state of package config: the
// client's settings replace .routevet.yaml files (config.SetOverride), so
// run one server per process.
func Serve(ctx context.Context, in io.Reader, out io.Writer, analyzers []*analysis.Analyzer, opts ...Option) error {
	s, err := newServer(analyzers, opts...)
	if err != nil {
		return err
	}
	if s.gopls != "" {
		return serveWithGopls(ctx, in, out, s)
	}
	return s.serve(ctx, in, out)
}

// serve runs the server on one connection.
func (s *server) serve(ctx context.Context, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream := jsonrpc2.NewBufferedStream(stdio{in, out}, jsonrpc2.VSCodeObjectCodec{})
	conn := jsonrpc2.NewConn(ctx, stream, s)
	s.workerDone.Add(2)
	go s.worker(ctx)
	go func() {
		defer s.workerDone.Done()
		s.out.send(conn)
	}()
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	cancel()
	s.out.close()
	s.workerDone.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shutdown {
		return ErrExitWithoutShutdown
	}
	return nil
}

// stdio joins a reader and a writer into the connection jsonrpc2 wants.
type stdio struct {
	io.Reader
	io.Writer
}

// Close closes whichever of the two can be closed, so that a client that
// stops the server also ends a read blocked on it.
func (s stdio) Close() error {
	var errs []error
	if c, ok := s.Reader.(io.Closer); ok && s.Reader != os.Stdin {
		errs = append(errs, c.Close())
	}
	if c, ok := s.Writer.(io.Closer); ok && s.Writer != os.Stdout {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// A server is the state of one session. Requests are handled one at a
// time, in order, on jsonrpc2's reading goroutine, and never wait for
// analysis: they read the results of the last completed run.
type server struct {
	out      *outbox
	runner   *runner
	debounce time.Duration
	version  string
	// gopls, when set, is the gopls executable the server fronts (see
	// gopls.go), started with goplsArgs.
	gopls     string
	goplsArgs []string

	kick       chan struct{} // wakes the worker; buffered, never blocks
	workerDone sync.WaitGroup

	// slowCheck is how long a check runs before the server logs that it
	// is still working, so a user whose diagnostics are late knows why.
	slowCheck time.Duration
	// runHook, when set by tests, is called at the start of each check
	// with its context and package directories.
	runHook func(ctx context.Context, dirs []string)

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	root        string // workspace root directory, "" if unknown
	// initSettings is the "routevet" object of the initialization
	// options, the configuration when the settings have none.
	initSettings json.RawMessage
	clientCaps   protocol.ClientCapabilities
	docs         map[string]*document // by file path
	packages     map[string]*pkgState // open packages, by directory
	pending      map[string]bool      // package directories to analyze
	cancelRun    context.CancelFunc   // cancels the run in progress, if any
	// forgetCache asks the worker to drop the loaded workspaces before
	// its next check: go.mod, configuration or the files of a package
	// changed on disk.
	forgetCache bool
	cache       *cache          // the worker's only
	shownErrors map[string]bool // errors shown to the user
}

// A document is an open file as the editor has it.
type document struct {
	uri     string
	version int32
	text    []byte
}

func newServer(analyzers []*analysis.Analyzer, opts ...Option) (*server, error) {
	r, err := newRunner(analyzers)
	if err != nil {
		return nil, err
	}
	s := &server{
		out:       newOutbox(),
		runner:    r,
		debounce:  200 * time.Millisecond,
		slowCheck: 5 * time.Second,
		kick:      make(chan struct{}, 1),
		docs:      map[string]*document{},
		packages:  map[string]*pkgState{},
		pending:   map[string]bool{},

		shownErrors: map[string]bool{},
	}
	for _, opt := range opts {
		opt(s)
	}
	s.cache = newCache(r, func(format string, args ...any) { s.logf(protocol.MessageLog, format, args...) })
	return s, nil
}

// Handle implements jsonrpc2.Handler: it answers requests and applies
// notifications.
func (s *server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	result, err := s.dispatchRecovering(ctx, conn, req)
	if req.Notif {
		if err != nil {
			s.logf(protocol.MessageError, "%s: %v", req.Method, err)
		}
		return
	}
	// The answer goes out through the outbox, in order with the
	// notifications before it, and never from this goroutine: it reads
	// the client's messages, and a client that is itself writing to us
	// when we write to it would wait for us to read, and we for it.
	if err != nil {
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) {
			rpcErr = &jsonrpc2.Error{Code: protocol.CodeRequestFailed, Message: err.Error()}
		}
		s.out.reply(req.ID, nil, rpcErr)
		return
	}
	s.out.reply(req.ID, result, nil)
}

// dispatchRecovering turns a panic while handling a message (a bug in the
// server) into an error answer, so that one bad request does not end the
// session.
func (s *server) dispatchRecovering(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			result, err = nil, fmt.Errorf("internal error handling %s: %v\n%s", req.Method, p, debug.Stack())
		}
	}()
	return s.dispatch(ctx, conn, req)
}

func (s *server) dispatch(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case req.Method == "exit":
		conn.Close()
		return nil, nil
	case req.Method == "initialize":
		if initialized {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize sent twice"}
		}
		var params protocol.InitializeParams
		if err := unmarshal(req, &params); err != nil {
			return nil, err
		}
		return s.initialize(params), nil
	case !initialized:
		if req.Notif {
			return nil, nil // the protocol says: drop notifications before initialize
		}
		return nil, &jsonrpc2.Error{Code: protocol.CodeServerNotInitialized, Message: "server not initialized"}
	case shutdown && !req.Notif:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "server is shutting down"}
	}
	switch req.Method {
	case "initialized":
		s.registerWatchers(ctx, conn)
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		if s.cancelRun != nil {
			s.cancelRun()
		}
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		return nil, withParams(req, s.didOpen)
	case "textDocument/didChange":
		return nil, withParams(req, s.didChange)
	case "textDocument/didSave":
		return nil, withParams(req, s.didSave)
	case "textDocument/didClose":
		return nil, withParams(req, s.didClose)
	case "textDocument/codeAction":
		var params protocol.CodeActionParams
		if err := unmarshal(req, &params); err != nil {
			return nil, err
		}
		return s.codeActions(params), nil
	case "workspace/didChangeConfiguration":
		var params protocol.DidChangeConfigurationParams
		if err := unmarshal(req, &params); err != nil {
			return nil, err
		}
		s.applySettings(params.Settings)
		return nil, nil
	case "workspace/didChangeWatchedFiles":
		var params protocol.DidChangeWatchedFilesParams
		if err := unmarshal(req, &params); err != nil {
			return nil, err
		}
		for _, change := range params.Changes {
			if path, err := protocol.URIToPath(change.URI); err == nil {
				s.fileChangedOnDisk(path)
			}
		}
		return nil, nil
	}
	if req.Notif {
		return nil, nil // "$/cancelRequest", "$/setTrace" and the like
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
}

// withParams decodes a notification's params and hands them to handle.
func withParams[P any](req *jsonrpc2.Request, handle func(P) error) error {
	var params P
	if err := unmarshal(req, &params); err != nil {
		return err
	}
	return handle(params)
}

func unmarshal(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "missing params"}
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
	}
	return nil
}

func (s *server) initialize(params protocol.InitializeParams) protocol.InitializeResult {
	s.mu.Lock()
	s.initialized = true
	s.clientCaps = params.Capabilities
	rootURI := params.RootURI
	if len(params.WorkspaceFolders) > 0 {
		rootURI = params.WorkspaceFolders[0].URI
	}
	if root, err := protocol.URIToPath(rootURI); err == nil {
		s.root = root
	}
	s.initSettings = routevetSection(params.InitializationOptions)
	s.mu.Unlock()
	s.applySettings(nil)

	var codeActions any = true
	if params.Capabilities.TextDocument.CodeAction.CodeActionLiteralSupport != nil {
		codeActions = protocol.CodeActionOptions{CodeActionKinds: []string{protocol.KindQuickFix, protocol.KindFixAll}}
	}
	return protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: "utf-16",
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.SyncIncremental,
				Save:      protocol.SaveOptions{IncludeText: false},
			},
			CodeActionProvider: codeActions,
		},
		ServerInfo: &protocol.ServerInfo{Name: "routevet", Version: s.version},
	}
}

// registerWatchers asks a client that can watch files to report changes
// to configuration files and go.mod, which change the analysis of files
// that are not open. It runs in its own goroutine: a request to the client
// from the reading goroutine would wait forever for its answer.
func (s *server) registerWatchers(ctx context.Context, conn *jsonrpc2.Conn) {
	s.mu.Lock()
	dynamic := s.clientCaps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	if !dynamic {
		return
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:     "routevet-watch",
		Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
			{GlobPattern: "**/" + config.FileName},
			{GlobPattern: "**/go.mod"},
			{GlobPattern: "**/go.work"},
			{GlobPattern: "**/*.go"},
		}},
	}}}
	go func() {
		if err := conn.Call(ctx, "client/registerCapability", params, nil); err != nil {
			s.logf(protocol.MessageLog, "cannot watch configuration files: %v", err)
		}
	}()
}

func (s *server) didOpen(params protocol.DidOpenTextDocumentParams) error {
	path, err := protocol.URIToPath(params.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := &document{uri: params.TextDocument.URI, version: params.TextDocument.Version, text: []byte(params.TextDocument.Text)}
	s.docs[path] = doc
	if !isGoFile(path) || isDependency(path) {
		return nil
	}
	dir := filepath.Dir(path)
	if s.packages[dir] == nil {
		s.packages[dir] = newPkgState(dir)
	}
	if !s.adoptLocked(path, doc) {
		s.scheduleLocked(s.affectedLocked(dir)...)
	}
	return nil
}

// adoptLocked makes the findings in a file of an open package, checked
// while the file was closed, those of the document just opened, when the
// editor has what was checked: the file on disk. It reports whether it
// did; if not, the package must be checked again.
func (s *server) adoptLocked(path string, doc *document) bool {
	pkg := s.packages[filepath.Dir(path)]
	fr := pkg.results[path]
	if fr == nil || fr.version != nil {
		return false
	}
	if disk, err := os.ReadFile(path); err != nil || !bytes.Equal(disk, doc.text) {
		return false
	}
	version := doc.version // not &doc.version, which edits change
	fr.uri, fr.version = doc.uri, &version
	for _, other := range pkg.results {
		for _, f := range other.findings {
			for _, fx := range f.fixes {
				for i := range fx.edits {
					if e := &fx.edits[i]; e.file == path && e.version == nil {
						e.uri, e.version = doc.uri, &version
					}
				}
			}
		}
	}
	// Published again, under the client's URI for the document.
	s.publishLocked(protocol.PublishDiagnosticsParams{URI: fr.uri, Version: fr.version, Diagnostics: fr.diagnostics()})
	return true
}

func (s *server) didChange(params protocol.DidChangeTextDocumentParams) error {
	path, err := protocol.URIToPath(params.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[path]
	if doc == nil {
		return fmt.Errorf("change to a document that is not open: %s", params.TextDocument.URI)
	}
	text, err := protocol.ApplyChanges(doc.text, params.ContentChanges)
	if err != nil {
		return err
	}
	doc.text, doc.version = text, params.TextDocument.Version
	if isGoFile(path) && s.packages[filepath.Dir(path)] != nil {
		s.scheduleLocked(s.affectedLocked(filepath.Dir(path))...)
	}
	return nil
}

func (s *server) didSave(params protocol.DidSaveTextDocumentParams) error {
	path, err := protocol.URIToPath(params.TextDocument.URI)
	if err != nil {
		return err
	}
	s.fileChangedOnDisk(path)
	return nil
}

// fileChangedOnDisk reacts to a saved or watched file: configuration and
// module files change the analysis of every open package, and a Go file
// that is not open (created, deleted, changed by a git checkout) that of
// the open packages that see it. A saved open file needs nothing: its
// edits were analyzed already.
func (s *server) fileChangedOnDisk(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch filepath.Base(path) {
	case config.FileName, "go.mod", "go.work", "go.sum":
	default:
		if isGoFile(path) && s.docs[path] == nil {
			var affected []string
			for _, d := range s.affectedLocked(filepath.Dir(path)) {
				if s.packages[d] != nil {
					affected = append(affected, d)
				}
			}
			// A file created or deleted changes what go list finds.
			s.forgetCache = true
			s.scheduleLocked(affected...)
		}
		return
	}
	config.Reload()
	clear(s.shownErrors) // show a configuration error again if it is still there
	s.forgetCache = true
	s.scheduleAllLocked()
}

func (s *server) didClose(params protocol.DidCloseTextDocumentParams) error {
	path, err := protocol.URIToPath(params.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[path]
	if doc == nil {
		return nil
	}
	delete(s.docs, path)
	if !isGoFile(path) {
		return nil
	}
	dir := filepath.Dir(path)
	// The file is now what is on disk. When the editor had something else
	// (the user discarded edits), the packages that see it are checked
	// again.
	var affected []string
	if disk, err := os.ReadFile(path); err != nil || !bytes.Equal(disk, doc.text) {
		affected = s.affectedLocked(dir)
	}
	if !s.hasOpenFileLocked(dir) {
		// No open file is left in the package: it is no longer shown.
		if pkg := s.packages[dir]; pkg != nil {
			s.clearLocked(pkg)
			delete(s.packages, dir)
		}
		delete(s.pending, dir)
	}
	var still []string
	for _, d := range affected {
		if s.packages[d] != nil {
			still = append(still, d)
		}
	}
	s.scheduleLocked(still...)
	return nil
}

func (s *server) hasOpenFileLocked(dir string) bool {
	for path := range s.docs {
		if isGoFile(path) && filepath.Dir(path) == dir {
			return true
		}
	}
	return false
}

// applySettings applies the "routevet" section of the client's settings
// (workspace/didChangeConfiguration) or initialization options: when
// present, it is the configuration of every package (.routevet.yaml's
// keys, as JSON) and replaces the files. Settings without the section
// fall back to the initialization options' (clients send their settings,
// often empty, right after initialize), then to the files.
func (s *server) applySettings(raw json.RawMessage) {
	section := routevetSection(raw)
	s.mu.Lock()
	if section == nil {
		section = s.initSettings
	}
	root := s.root
	clear(s.shownErrors)
	s.mu.Unlock()
	if section == nil {
		config.SetOverride(nil)
	} else {
		// JSON is YAML, so the settings get exactly the checks a
		// .routevet.yaml gets: unknown keys and names are errors.
		c, err := config.Parse("routevet settings", section)
		if err != nil {
			s.showError(fmt.Sprintf("routevet: ignoring the editor's routevet settings: %v", err))
			return
		}
		c.Dir, c.File = root, "" // ignore patterns are relative to the workspace
		config.SetOverride(c)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forgetCache = true
	s.scheduleAllLocked()
}

// routevetSection returns the "routevet" object of settings, or nil.
func routevetSection(raw json.RawMessage) json.RawMessage {
	var settings struct {
		Routevet json.RawMessage `json:"routevet"`
	}
	_ = json.Unmarshal(raw, &settings) // anything else means "no routevet section"
	if len(settings.Routevet) == 0 || string(settings.Routevet) == "null" {
		return nil
	}
	return settings.Routevet
}

func isGoFile(path string) bool { return strings.HasSuffix(path, ".go") }

// isDependency reports whether a file is someone else's code, which the
// editor shows (after a jump to a definition) but the user does not fix:
// the standard library, the module cache, a vendor directory.
func isDependency(path string) bool {
	slash := filepath.ToSlash(path)
	if strings.Contains(slash, "/vendor/") {
		return true
	}
	for _, root := range dependencyRoots() {
		if root != "" && strings.HasPrefix(path, root+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// dependencyRoots returns the directories of the standard library and the
// module cache, as the go command that loads packages sees them.
var dependencyRoots = sync.OnceValue(func() []string {
	out, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE").Output()
	if err != nil {
		return []string{build.Default.GOROOT}
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
})

// logf sends a window/logMessage notification.
func (s *server) logf(typ int, format string, args ...any) {
	s.out.push("window/logMessage", protocol.LogMessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

// publishLocked sends a textDocument/publishDiagnostics notification. It
// is called with s.mu held, so that notifications about a file leave in
// the order the state changed.
func (s *server) publishLocked(params protocol.PublishDiagnosticsParams) {
	s.out.push("textDocument/publishDiagnostics", params)
}

// showError logs an error the user should act on (a malformed
// .routevet.yaml, a failing analyzer) and shows it, once until a
// configuration file or the settings change.
func (s *server) showError(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.showErrorLocked(msg)
}

func (s *server) showErrorLocked(msg string) {
	s.logf(protocol.MessageError, "%s", msg)
	if !s.shownErrors[msg] {
		s.shownErrors[msg] = true
		s.out.push("window/showMessage", protocol.ShowMessageParams{Type: protocol.MessageError, Message: msg})
	}
}

// An outbox sends notifications in the order they are pushed, from a
// goroutine of its own: pushing never waits for the client, so it may
// happen with s.mu held.
type outbox struct {
	mu     sync.Mutex
	ready  *sync.Cond
	queue  []outgoing
	closed bool
}

type notification struct {
	method string
	params any
}

// An outgoing message is what the server sends: a notification, or the
// answer to a request (reply set).
type outgoing struct {
	notification
	reply  *jsonrpc2.ID
	result any
	err    *jsonrpc2.Error
}

func newOutbox() *outbox {
	o := &outbox{}
	o.ready = sync.NewCond(&o.mu)
	return o
}

func (o *outbox) push(method string, params any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.closed {
		o.queue = append(o.queue, outgoing{notification: notification{method, params}})
		o.ready.Signal()
	}
}

// reply queues the answer to request id: its result, or err.
func (o *outbox) reply(id jsonrpc2.ID, result any, err *jsonrpc2.Error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.closed {
		o.queue = append(o.queue, outgoing{reply: &id, result: result, err: err})
		o.ready.Signal()
	}
}

// send sends what is pushed until close.
func (o *outbox) send(conn *jsonrpc2.Conn) {
	for {
		o.mu.Lock()
		for len(o.queue) == 0 && !o.closed {
			o.ready.Wait()
		}
		if o.closed {
			o.mu.Unlock()
			return
		}
		n := o.queue[0]
		o.queue = o.queue[1:]
		o.mu.Unlock()
		switch {
		case n.reply != nil && n.err != nil:
			_ = conn.ReplyWithError(context.Background(), *n.reply, n.err)
		case n.reply != nil:
			_ = conn.Reply(context.Background(), *n.reply, n.result)
		default:
			_ = conn.Notify(context.Background(), n.method, n.params)
		}
	}
}

func (o *outbox) close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	o.ready.Broadcast()
}
