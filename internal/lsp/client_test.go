package lsp

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/lsp/protocol"
)

// patience bounds every wait for the server, so that a broken server fails
// the test instead of hanging it. It is not a performance assertion: a
// check loads net/http and its dependencies from source.
const patience = 3 * time.Minute

// A client is an LSP client driving a server over in-memory pipes, as an
// editor does over stdio.
type client struct {
	t    *testing.T
	conn *jsonrpc2.Conn
	done chan error // Serve's result

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on each notification
	received []notification
	requests []jsonrpc2.Request // the server's requests, as received
	versions map[string]int32
	texts    map[string]string
}

// startServer starts a server with the analyzers and a client connected to
// it, and initializes the session.
func startServer(t *testing.T, root string, caps protocol.ClientCapabilities, as []*analysis.Analyzer, opts ...Option) *client {
	t.Helper()
	config.SetOverride(nil)
	t.Cleanup(func() { config.SetOverride(nil) })
	return startServerWith(t, root, caps, func(ctx context.Context, in io.Reader, out io.Writer) error {
		return Serve(ctx, in, out, as, opts...)
	})
}

func startServerWith(t *testing.T, root string, caps protocol.ClientCapabilities, serve func(context.Context, io.Reader, io.Writer) error) *client {
	t.Helper()
	c := connect(t, serve)
	var result protocol.InitializeResult
	c.call("initialize", protocol.InitializeParams{RootURI: protocol.PathToURI(root), Capabilities: caps}, &result)
	if result.Capabilities.TextDocumentSync.Change != protocol.SyncIncremental {
		t.Fatalf("server does not offer incremental sync: %+v", result.Capabilities)
	}
	c.notify("initialized", struct{}{})
	return c
}

// connect starts a server and connects a client to it.
func connect(t *testing.T, serve func(context.Context, io.Reader, io.Writer) error) *client {
	t.Helper()
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	c := &client{t: t, done: make(chan error, 1), changed: make(chan struct{}), versions: map[string]int32{}, texts: map[string]string{}}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		err := serve(ctx, toServer, fromServer)
		fromServer.Close()
		toServer.Close()
		c.done <- err
	}()
	stream := jsonrpc2.NewBufferedStream(pipeConn{toClient, fromClient}, jsonrpc2.VSCodeObjectCodec{})
	c.conn = jsonrpc2.NewConn(ctx, stream, jsonrpc2.HandlerWithError(c.handle))
	t.Cleanup(func() {
		cancel()
		c.conn.Close()
	})
	return c
}

type pipeConn struct {
	*io.PipeReader
	*io.PipeWriter
}

func (p pipeConn) Close() error {
	p.PipeReader.Close()
	return p.PipeWriter.Close()
}

// handle records notifications and answers the server's requests.
func (c *client) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	var params json.RawMessage
	if req.Params != nil {
		params = *req.Params
	}
	c.mu.Lock()
	c.received = append(c.received, notification{req.Method, params})
	if !req.Notif {
		c.requests = append(c.requests, *req)
	}
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	if req.Method == "workspace/configuration" {
		// One answer per item, saying who answered (gopls asks).
		return []any{map[string]string{"answeredBy": "the test client"}}, nil
	}
	return nil, nil
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitFor returns the first notification, at or after index from, that
// satisfies ok, and the index after it.
func (c *client) waitFor(from int, what string, ok func(method string, params json.RawMessage) bool) (json.RawMessage, int) {
	c.t.Helper()
	deadline := time.After(patience)
	for i := from; ; {
		c.mu.Lock()
		received, changed := c.received, c.changed
		c.mu.Unlock()
		for ; i < len(received); i++ {
			if ok(received[i].method, received[i].params.(json.RawMessage)) {
				return received[i].params.(json.RawMessage), i + 1
			}
		}
		select {
		case <-changed:
		case <-deadline:
			c.t.Fatalf("no %s from the server; it sent:\n%s", what, c.transcript())
		}
	}
}

// mark returns the index of the next notification.
func (c *client) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.received)
}

func (c *client) transcript() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, n := range c.received {
		b.WriteString(n.method + " " + string(n.params.(json.RawMessage)) + "\n")
	}
	return b.String()
}

// diagnostics waits for diagnostics of path for the version the client
// last sent, and returns them.
func (c *client) diagnostics(from int, path string) ([]protocol.Diagnostic, int) {
	c.t.Helper()
	uri := protocol.PathToURI(path)
	c.mu.Lock()
	version, open := c.versions[path]
	c.mu.Unlock()
	var got protocol.PublishDiagnosticsParams
	_, next := c.waitFor(from, "diagnostics of "+filepath.Base(path), func(method string, params json.RawMessage) bool {
		if method != "textDocument/publishDiagnostics" {
			return false
		}
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(params, &p); err != nil || p.URI != uri {
			return false
		}
		if open && (p.Version == nil || *p.Version != version) {
			return false
		}
		got = p
		return true
	})
	return got.Diagnostics, next
}

// logged waits for a window/logMessage or window/showMessage containing
// substr.
func (c *client) logged(from int, method, substr string) string {
	c.t.Helper()
	var msg string
	c.waitFor(from, method+" "+substr, func(m string, params json.RawMessage) bool {
		var p protocol.LogMessageParams
		if m != method || json.Unmarshal(params, &p) != nil || !strings.Contains(p.Message, substr) {
			return false
		}
		msg = p.Message
		return true
	})
	return msg
}

func (c *client) open(path, text string) {
	c.t.Helper()
	c.mu.Lock()
	c.versions[path] = 1
	c.texts[path] = text
	c.mu.Unlock()
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: protocol.PathToURI(path), LanguageID: "go", Version: 1, Text: text,
	}})
}

// change sends edits, incremental ones computed by the client's own
// UTF-16 arithmetic (independent of the server's), or the full text.
func (c *client) change(path string, changes ...protocol.TextDocumentContentChangeEvent) {
	c.t.Helper()
	c.mu.Lock()
	text := c.texts[path]
	for _, ch := range changes {
		if ch.Range == nil {
			text = ch.Text
		} else {
			text = text[:byteOffset(text, ch.Range.Start)] + ch.Text + text[byteOffset(text, ch.Range.End):]
		}
	}
	c.texts[path] = text
	c.versions[path]++
	version := c.versions[path]
	c.mu.Unlock()
	c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{URI: protocol.PathToURI(path), Version: version},
		ContentChanges: changes,
	})
}

func (c *client) text(path string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.texts[path]
}

// apply applies a workspace edit as an editor does: each document's edits
// refer to its text before any of them and become one change.
func (c *client) apply(we *protocol.WorkspaceEdit) {
	c.t.Helper()
	type docEdits struct {
		uri     string
		version *int32
		edits   []protocol.TextEdit
	}
	var docs []docEdits
	for _, dc := range we.DocumentChanges {
		docs = append(docs, docEdits{dc.TextDocument.URI, dc.TextDocument.Version, dc.Edits})
	}
	for uri, edits := range we.Changes {
		docs = append(docs, docEdits{uri, nil, edits})
	}
	for _, d := range docs {
		path, err := protocol.URIToPath(d.uri)
		if err != nil {
			c.t.Fatal(err)
		}
		c.mu.Lock()
		current := c.versions[path]
		c.mu.Unlock()
		if d.version != nil && *d.version != current {
			c.t.Fatalf("edit of %s version %d, but the document is at version %d", path, *d.version, current)
		}
		// Apply from the end, so earlier ranges stay valid; send the
		// changes in that order, as VS Code does.
		var changes []protocol.TextDocumentContentChangeEvent
		for i := len(d.edits) - 1; i >= 0; i-- {
			r := d.edits[i].Range
			changes = append(changes, protocol.TextDocumentContentChangeEvent{Range: &r, Text: d.edits[i].NewText})
		}
		c.change(path, changes...)
	}
}

func (c *client) codeActions(path string, rng protocol.Range, only ...string) []protocol.CodeAction {
	c.t.Helper()
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: protocol.PathToURI(path)},
		Range:        rng,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{}, Only: only},
	}, &actions)
	return actions
}

// shutdown ends the session in order and checks that Serve returned nil.
func (c *client) shutdown() {
	c.t.Helper()
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve: %v", err)
		}
	case <-time.After(patience):
		c.t.Fatalf("Serve did not return after exit")
	}
}

// byteOffset converts an LSP position to a byte offset with the standard
// library's UTF-16 encoder: the test's own arithmetic, not the server's.
func byteOffset(text string, p protocol.Position) int {
	lines := strings.SplitAfter(text, "\n")
	off := 0
	for i := 0; i < int(p.Line) && i < len(lines); i++ {
		off += len(lines[i])
	}
	if int(p.Line) >= len(lines) {
		return len(text)
	}
	line := strings.TrimRight(lines[p.Line], "\r\n")
	units := 0
	for i, r := range line {
		if units >= int(p.Character) {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return off + len(line)
}

// position is the inverse of byteOffset, for locating text in tests.
func position(text string, offset int) protocol.Position {
	before := text[:offset]
	line := strings.Count(before, "\n")
	col := before[strings.LastIndex(before, "\n")+1:]
	return protocol.Position{Line: uint32(line), Character: uint32(len(utf16.Encode([]rune(col))))}
}

// rangeOf returns the range of the first occurrence of substr in text.
func rangeOf(t *testing.T, text, substr string) protocol.Range {
	t.Helper()
	i := strings.Index(text, substr)
	if i < 0 {
		t.Fatalf("%q not in text", substr)
	}
	return protocol.Range{Start: position(text, i), End: position(text, i+len(substr))}
}

// writeModule writes files (relative paths) into a new module in a
// temporary directory and returns its root.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files["go.mod"] = "module example.com/notes\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// forget drops a closed document.
func (c *client) forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.versions, path)
	delete(c.texts, path)
}

// callErr sends a request that may fail and returns its error.
func (c *client) callErr(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

// withRunHook calls hook at the start of each check.
func withRunHook(hook func(ctx context.Context, dirs []string)) Option {
	return func(s *server) { s.runHook = hook }
}

// withSlowCheck sets when a check counts as slow.
func withSlowCheck(d time.Duration) Option {
	return func(s *server) { s.slowCheck = d }
}
