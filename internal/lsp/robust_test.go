package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/lsp/protocol"
)

const apiGo = `package api

import (
	"net/http"

	"example.com/notes/notes"
)

// Routes serves the notes API.
func Routes() http.Handler {
	mux := http.NewServeMux()
	new(notes.Store).Register(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(204)
	})
	return mux
}
`

// runRecorder records the package directories of each check.
type runRecorder struct {
	mu   sync.Mutex
	runs [][]string
}

func (r *runRecorder) hook(_ context.Context, dirs []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, slices.Clone(dirs))
}

// take returns the checks recorded since the last call.
func (r *runRecorder) take() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	runs := r.runs
	r.runs = nil
	return runs
}

// TestEditRechecksImporters checks that an edit re-checks the edited
// file's package and the open packages that import it, and no other; and
// that a client without versioned document changes gets plain changes.
func TestEditRechecksImporters(t *testing.T) {
	root := writeModule(t, map[string]string{"notes/handlers.go": handlersGo, "notes/create.go": createGo, "api/api.go": apiGo})
	notesDir, apiDir := filepath.Join(root, "notes"), filepath.Join(root, "api")
	handlers, api := filepath.Join(notesDir, "handlers.go"), filepath.Join(apiDir, "api.go")
	var rec runRecorder
	c := startServer(t, root, protocol.ClientCapabilities{}, []*analysis.Analyzer{statusLiteral}, withRunHook(rec.hook))

	mark := c.mark()
	c.open(handlers, handlersGo)
	c.open(api, apiGo)
	c.diagnostics(mark, handlers)
	if diags, _ := c.diagnostics(mark, api); len(diags) != 1 || diags[0].Range != rangeOf(t, apiGo, "204") {
		t.Fatalf("diagnostics of api.go: %+v", diags)
	}
	rec.take()

	// Opening a file of a checked package, as it is on disk, adopts its
	// findings with no new check: its quick fix is there at once.
	create := filepath.Join(notesDir, "create.go")
	mark = c.mark()
	c.open(create, createGo)
	if diags, _ := c.diagnostics(mark, create); len(diags) != 1 {
		t.Errorf("diagnostics of create.go once open: %+v", diags)
	}
	if got := c.codeActions(create, rangeOf(t, createGo, "400"), protocol.KindQuickFix); len(got) != 1 {
		t.Errorf("quick fixes in create.go once open: %+v", got)
	}

	// An edit of api re-checks api only: nothing imports it, and opening
	// create.go scheduled nothing.
	mark = c.mark()
	c.change(api, protocol.TextDocumentContentChangeEvent{Range: ptr(rangeOf(t, apiGo, "// Routes serves")), Text: "// Routes serves, with a health check,"})
	c.diagnostics(mark, api)
	if runs := rec.take(); !slices.EqualFunc(runs, [][]string{{apiDir}}, slices.Equal) {
		t.Errorf("checks after editing api: %q, want only %q", runs, apiDir)
	}

	// An edit of notes re-checks notes and api, which imports it.
	mark = c.mark()
	c.change(handlers, protocol.TextDocumentContentChangeEvent{Range: ptr(rangeOf(t, handlersGo, "// Store keeps")), Text: "// Store keeps, safely,"})
	c.diagnostics(mark, handlers)
	c.diagnostics(mark, api)
	if runs := rec.take(); !slices.EqualFunc(runs, [][]string{{apiDir, notesDir}}, slices.Equal) {
		t.Errorf("checks after editing notes: %q, want one of %q and %q", runs, apiDir, notesDir)
	}

	// Without documentChanges support, a fix is a plain change.
	actions := c.codeActions(api, rangeOf(t, apiGo, "204"), protocol.KindQuickFix)
	if len(actions) != 1 || actions[0].Edit.DocumentChanges != nil ||
		len(actions[0].Edit.Changes[protocol.PathToURI(api)]) != 1 || actions[0].Edit.Changes[protocol.PathToURI(api)][0].NewText != "http.StatusNoContent" {
		t.Fatalf("quick fix for a client without documentChanges: %+v", actions)
	}
	c.shutdown()
}

// TestTypingCancelsCheck holds checks at their start to see, without
// depending on timing, that an edit cancels the check in progress, that a
// slow check is logged, and that code actions are withheld while the
// document has edits the last check did not see.
func TestTypingCancelsCheck(t *testing.T) {
	root := writeModule(t, map[string]string{"notes/handlers.go": handlersGo, "notes/create.go": createGo})
	handlers := filepath.Join(root, "notes", "handlers.go")
	started := make(chan struct{}, 10)
	gates := make(chan chan struct{}, 10) // a gate holds the next check until closed
	cancelled := make(chan bool, 10)
	hook := func(ctx context.Context, _ []string) {
		started <- struct{}{}
		select {
		case gate := <-gates:
			select {
			case <-gate:
				cancelled <- false
			case <-ctx.Done():
				cancelled <- true
			}
		default:
		}
	}
	c := startServer(t, root, documentChanges, []*analysis.Analyzer{statusLiteral}, withRunHook(hook), withSlowCheck(time.Millisecond))

	gate1 := make(chan struct{}) // never opened: only an edit ends this check
	gates <- gate1
	mark := c.mark()
	c.open(handlers, handlersGo)
	<-started
	c.logged(mark, "window/logMessage", "still checking")
	if got := c.codeActions(handlers, rangeOf(t, handlersGo, "404")); len(got) != 0 {
		t.Errorf("code actions before any check finished: %+v", got)
	}
	c.change(handlers, protocol.TextDocumentContentChangeEvent{Range: ptr(rangeOf(t, handlersGo, "// Store keeps")), Text: "// Store keeps, safely,"})
	if !<-cancelled {
		t.Fatalf("the edit did not cancel the check in progress")
	}
	c.logged(mark, "window/logMessage", "cancelled by an edit")
	diags, _ := c.diagnostics(mark, handlers)
	if len(diags) != 1 {
		t.Fatalf("diagnostics of version 2: %+v\n%s", diags, c.transcript())
	}
	<-started // version 2's check
	c.waitFor(mark, "no diagnostics of the cancelled version", func(method string, params json.RawMessage) bool {
		if method == "textDocument/publishDiagnostics" && strings.Contains(string(params), `"version":1`) {
			t.Errorf("diagnostics of the version whose check was cancelled: %s", params)
		}
		return method == "textDocument/publishDiagnostics"
	})

	// While version 3 is being checked, version 2's fixes are withheld.
	gate3 := make(chan struct{})
	gates <- gate3
	mark = c.mark()
	c.change(handlers, protocol.TextDocumentContentChangeEvent{Range: ptr(rangeOf(t, c.text(handlers), "// A Note")), Text: "// A Note"})
	<-started
	if got := c.codeActions(handlers, diags[0].Range); len(got) != 0 {
		t.Errorf("code actions for a version the check has not seen: %+v", got)
	}
	close(gate3)
	if diags, _ := c.diagnostics(mark, handlers); len(diags) != 1 {
		t.Fatalf("diagnostics of version 3: %+v", diags)
	}
	if got := c.codeActions(handlers, diags[0].Range); len(got) != 2 {
		t.Errorf("code actions once the check caught up: %+v", got)
	}
	c.shutdown()
}

// TestFailuresAreLogged checks that a package that does not load and an
// analyzer that panics become messages, while the rest keeps working.
func TestFailuresAreLogged(t *testing.T) {
	root := writeModule(t, map[string]string{
		"notes/handlers.go": handlersGo,
		"notes/create.go":   createGo,
		"notes/explode.go":  "package notes\n\nfunc explode() {}\n",
		"broken/go.mod":     "module example.com/broken\n\ngo 1.26\n\nrequire (\n",
		"broken/x.go":       "package broken\n",
	})
	handlers := filepath.Join(root, "notes", "handlers.go")
	broken := filepath.Join(root, "broken", "x.go")
	c := startServer(t, root, documentChanges, []*analysis.Analyzer{statusLiteral, panicky})

	mark := c.mark()
	c.open(broken, "package broken\n")
	c.open(handlers, handlersGo)
	if diags, _ := c.diagnostics(mark, handlers); len(diags) != 1 {
		t.Fatalf("statusliteral's diagnostics next to a panicking analyzer: %+v\n%s", diags, c.transcript())
	}
	if msg := c.logged(mark, "window/showMessage", "panicky panicked"); !strings.Contains(msg, "boom") {
		t.Errorf("panic shown as %q", msg)
	}
	c.logged(mark, "window/logMessage", filepath.Join(root, "broken"))
	if got := c.codeActions(broken, protocol.Range{}); len(got) != 0 {
		t.Errorf("code actions in a package that does not load: %+v", got)
	}
	c.shutdown()
}

// TestProtocolRules checks the session rules of the protocol, with no
// analysis at all.
func TestProtocolRules(t *testing.T) {
	serve := func(ctx context.Context, in io.Reader, out io.Writer) error {
		return Serve(ctx, in, out, []*analysis.Analyzer{statusLiteral})
	}
	c := connect(t, serve)
	var rpcErr *jsonrpc2.Error
	err := c.callErr("textDocument/codeAction", protocol.CodeActionParams{}, nil)
	if !errors.As(err, &rpcErr) || rpcErr.Code != protocol.CodeServerNotInitialized {
		t.Errorf("request before initialize: %v, want ServerNotInitialized", err)
	}

	var caps protocol.ClientCapabilities
	caps.Workspace.DidChangeWatchedFiles.DynamicRegistration = true
	caps.TextDocument.CodeAction.CodeActionLiteralSupport = ptr(json.RawMessage(`{}`))
	var result protocol.InitializeResult
	t.Cleanup(func() { config.SetOverride(nil) })
	c.call("initialize", protocol.InitializeParams{
		RootURI:               protocol.PathToURI(t.TempDir()),
		Capabilities:          caps,
		InitializationOptions: json.RawMessage(`{"routevet": {"disable": ["statusliteral"]}}`),
	}, &result)
	got, _ := json.Marshal(result.Capabilities)
	want := `{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2,"save":{"includeText":false}},` +
		`"codeActionProvider":{"codeActionKinds":["quickfix","source.fixAll.routevet"]}}`
	if string(got) != want {
		t.Errorf("capabilities:\n got %s\nwant %s", got, want)
	}
	c.notify("initialized", struct{}{})
	params, _ := c.waitFor(0, "client/registerCapability", func(method string, _ json.RawMessage) bool {
		return method == "client/registerCapability"
	})
	if !strings.Contains(string(params), `"globPattern":"**/.routevet.yaml"`) {
		t.Errorf("watcher registration %s", params)
	}

	if err := c.callErr("initialize", protocol.InitializeParams{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeInvalidRequest {
		t.Errorf("second initialize: %v, want InvalidRequest", err)
	}
	if err := c.callErr("textDocument/hover", map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeMethodNotFound {
		t.Errorf("unsupported request: %v, want MethodNotFound", err)
	}
	if err := c.callErr("textDocument/codeAction", "not an object", nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeInvalidParams {
		t.Errorf("malformed params: %v, want InvalidParams", err)
	}
	// Settings without a routevet object (Neovim sends {} after
	// initialize) keep the initialization options' configuration. The
	// request after the notification is answered once it was applied.
	c.notify("workspace/didChangeConfiguration", protocol.DidChangeConfigurationParams{Settings: json.RawMessage(`{}`)})
	c.codeActions("/nowhere/x.go", protocol.Range{})
	if cfg, err := config.ForDir(t.TempDir()); err != nil || cfg.Enabled("statusliteral", "") {
		t.Errorf("configuration after empty settings: %+v, %v; want the initialization options'", cfg, err)
	}

	// A change to a document that is not open is logged, not fatal.
	mark := c.mark()
	c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{TextDocument: protocol.VersionedTextDocumentIdentifier{URI: "file:///nowhere/x.go", Version: 2}})
	c.logged(mark, "window/logMessage", "not open")

	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if !errors.Is(err, ErrExitWithoutShutdown) {
			t.Errorf("Serve after exit without shutdown: %v, want ErrExitWithoutShutdown", err)
		}
	case <-time.After(patience):
		t.Fatalf("Serve did not return after exit")
	}
}
