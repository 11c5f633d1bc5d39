package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/lsp/protocol"
)

// fakeGoplsEnv makes the test binary a fake gopls (see TestMain): a
// language server on stdio that answers the way the proxy tests need.
const fakeGoplsEnv = "ROUTEVET_FAKE_GOPLS"

// fakeGopls serves, on stdio:
//   - initialize: hover, code actions (quickfix, refactor.rewrite) and
//     the command gopls.fake; after initialized, it asks the client
//     workspace/configuration and client/registerCapability under ids 0
//     and 1, the ids routevet's own requests use;
//   - didOpen: a diagnostic "gopls: opened" (source fakegopls); didChange:
//     "gopls: changed" instead;
//   - hover: the client's answer to workspace/configuration; at line 99, it
//     waits for $/cancelRequest and answers with the id it was cancelled
//     under;
//   - codeAction: two actions, the second to resolve (with data);
//     codeAction/resolve: the action, its title saying it was resolved;
//     executeCommand: says it ran the command;
//   - fake/exit: exits at once with status 3, as if it crashed.
func fakeGopls() int {
	var (
		mu        sync.Mutex
		config    string
		cancelled = map[string]chan struct{}{}
	)
	cancelChan := func(id jsonrpc2.ID) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		ch := cancelled[id.String()]
		if ch == nil {
			ch = make(chan struct{})
			cancelled[id.String()] = ch
		}
		return ch
	}
	publish := func(conn *jsonrpc2.Conn, uri, msg string) {
		_ = conn.Notify(context.Background(), "textDocument/publishDiagnostics", map[string]any{
			"uri": uri,
			"diagnostics": []protocol.Diagnostic{{
				Range:    protocol.Range{End: protocol.Position{Character: 7}},
				Severity: protocol.SeverityError, Source: "fakegopls", Message: msg,
			}},
		})
	}
	handle := func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		var raw json.RawMessage
		if req.Params != nil {
			raw = *req.Params
		}
		var doc struct {
			TextDocument struct{ URI string } `json:"textDocument"`
			Position     protocol.Position    `json:"position"`
			Command      string               `json:"command"`
			ID           jsonrpc2.ID          `json:"id"`
		}
		_ = json.Unmarshal(raw, &doc)
		switch req.Method {
		case "initialize":
			return json.RawMessage(`{"capabilities":{
				"positionEncoding":"utf-16",
				"textDocumentSync":{"openClose":true,"change":2,"save":{}},
				"hoverProvider":true,
				"definitionProvider":true,
				"codeActionProvider":{"codeActionKinds":["quickfix","refactor.rewrite"]},
				"executeCommandProvider":{"commands":["gopls.fake"]}},
				"serverInfo":{"name":"fakegopls","version":"v0.0.1"}}`), nil
		case "initialized":
			go func() {
				var answer json.RawMessage
				err := conn.Call(context.Background(), "workspace/configuration",
					map[string]any{"items": []map[string]string{{"section": "gopls"}}}, &answer,
					jsonrpc2.PickID(jsonrpc2.ID{Num: 0}))
				mu.Lock()
				config = string(answer)
				if err != nil {
					config = "error: " + err.Error()
				}
				mu.Unlock()
				_ = conn.Call(context.Background(), "client/registerCapability",
					protocol.RegistrationParams{Registrations: []protocol.Registration{{ID: "fake", Method: "workspace/didChangeWatchedFiles"}}},
					nil, jsonrpc2.PickID(jsonrpc2.ID{Num: 1}))
			}()
		case "textDocument/didOpen":
			publish(conn, doc.TextDocument.URI, "gopls: opened")
		case "textDocument/didChange":
			publish(conn, doc.TextDocument.URI, "gopls: changed")
		case "$/cancelRequest":
			close(cancelChan(doc.ID))
		case "textDocument/hover":
			if doc.Position.Line == 99 {
				select {
				case <-cancelChan(req.ID):
					return nil, &jsonrpc2.Error{Code: -32800, Message: "cancelled: " + req.ID.String()}
				case <-time.After(patience):
					return nil, fmt.Errorf("never cancelled")
				}
			}
			mu.Lock()
			defer mu.Unlock()
			return map[string]any{"contents": map[string]string{"kind": "plaintext", "value": "fake gopls; configuration " + config}}, nil
		case "textDocument/codeAction":
			return json.RawMessage(`[{"title":"gopls action 1","kind":"quickfix"},{"title":"gopls action 2","kind":"refactor.rewrite","data":{"n":2}}]`), nil
		case "workspace/executeCommand":
			return "fake gopls ran " + doc.Command, nil
		case "codeAction/resolve":
			var action map[string]any
			_ = json.Unmarshal(raw, &action)
			action["title"] = fmt.Sprint(action["title"], ", resolved by gopls")
			return action, nil
		case "fake/exit":
			os.Exit(3)
		case "shutdown":
		case "exit":
			os.Exit(0)
		default:
			if !req.Notif {
				return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: req.Method}
			}
		}
		return nil, nil
	}
	stream := jsonrpc2.NewBufferedStream(stdio{os.Stdin, os.Stdout}, jsonrpc2.VSCodeObjectCodec{})
	conn := jsonrpc2.NewConn(context.Background(), stream, jsonrpc2.AsyncHandler(jsonrpc2.HandlerWithError(handle)))
	<-conn.DisconnectNotify()
	return 0
}

// startProxy starts routevet fronting the fake gopls (or gopls at path,
// when not ""), initializes the session and returns the client and the
// initialize result.
func startProxy(t *testing.T, root, gopls string, as []*analysis.Analyzer) (*client, map[string]json.RawMessage) {
	t.Helper()
	if gopls == "" {
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		gopls = self
		t.Setenv(fakeGoplsEnv, "1") // for the child
	}
	c := connect(t, func(ctx context.Context, in io.Reader, out io.Writer) error {
		return Serve(ctx, in, out, as, Gopls(gopls))
	})
	caps := documentChanges
	caps.Workspace.DidChangeWatchedFiles.DynamicRegistration = true
	caps.TextDocument.CodeAction.CodeActionLiteralSupport = ptr(json.RawMessage(`{}`))
	var result map[string]json.RawMessage
	c.call("initialize", protocol.InitializeParams{RootURI: protocol.PathToURI(root), Capabilities: caps}, &result)
	c.notify("initialized", struct{}{})
	return c, result
}

// publication returns a publication's document and its diagnostics as
// "source: message" strings.
func publication(t *testing.T, params json.RawMessage) (string, []string) {
	var p protocol.PublishDiagnosticsParams
	if err := json.Unmarshal(params, &p); err != nil {
		t.Fatal(err)
	}
	var ds []string
	for _, d := range p.Diagnostics {
		ds = append(ds, d.Source+": "+d.Message)
	}
	return p.URI, ds
}

// waitPublished waits for a publication of path whose diagnostics satisfy
// ok, and returns them and the index after it.
func (c *client) waitPublished(from int, path, what string, ok func(ds []string) bool) ([]string, int) {
	c.t.Helper()
	uri := protocol.PathToURI(path)
	var got []string
	_, next := c.waitFor(from, what, func(method string, params json.RawMessage) bool {
		if method != "textDocument/publishDiagnostics" {
			return false
		}
		u, ds := publication(c.t, params)
		if u != uri || !ok(ds) {
			return false
		}
		got = ds
		return true
	})
	return got, next
}

func hasPrefix(ds []string, prefix string) bool {
	return slices.ContainsFunc(ds, func(d string) bool { return strings.HasPrefix(d, prefix) })
}

// TestGoplsProxy drives routevet in front of a fake gopls through a
// session: merged capabilities, diagnostics of both servers that never
// erase each other, code action lists merged in order, server-to-client
// requests with colliding ids, cancellation, commands, and gopls dying.
func TestGoplsProxy(t *testing.T) {
	root := writeModule(t, map[string]string{"notes/handlers.go": handlersGo, "notes/create.go": createGo})
	handlers := filepath.Join(root, "notes", "handlers.go")
	c, init := startProxy(t, root, "", []*analysis.Analyzer{statusLiteral})

	// Capabilities: gopls', with routevet's code action kind added.
	var caps struct {
		HoverProvider      bool `json:"hoverProvider"`
		CodeActionProvider struct {
			CodeActionKinds []string `json:"codeActionKinds"`
		} `json:"codeActionProvider"`
		ExecuteCommandProvider struct {
			Commands []string `json:"commands"`
		} `json:"executeCommandProvider"`
		TextDocumentSync struct {
			Change int `json:"change"`
		} `json:"textDocumentSync"`
	}
	if err := json.Unmarshal(init["capabilities"], &caps); err != nil {
		t.Fatal(err)
	}
	if !caps.HoverProvider || caps.TextDocumentSync.Change != protocol.SyncIncremental ||
		!slices.Equal(caps.CodeActionProvider.CodeActionKinds, []string{"quickfix", "refactor.rewrite", protocol.KindFixAll}) ||
		!slices.Equal(caps.ExecuteCommandProvider.Commands, []string{"gopls.fake"}) {
		t.Errorf("merged capabilities: %s", init["capabilities"])
	}
	if !strings.Contains(string(init["serverInfo"]), `"routevet with fakegopls"`) {
		t.Errorf("serverInfo %s", init["serverInfo"])
	}
	c.logged(0, "window/logMessage", "serving its features and routevet's as one server")

	// Diagnostics: gopls publishes at once, routevet after its check;
	// routevet's publication keeps gopls' diagnostic.
	mark := c.mark()
	c.open(handlers, handlersGo)
	c.waitPublished(mark, handlers, "gopls' diagnostic", func(ds []string) bool {
		return slices.Equal(ds, []string{"fakegopls: gopls: opened"})
	})
	both, _ := c.waitPublished(mark, handlers, "both servers' diagnostics", func(ds []string) bool {
		return hasPrefix(ds, "statusliteral: ")
	})
	if len(both) != 2 || both[0] != "fakegopls: gopls: opened" || !strings.HasPrefix(both[1], "statusliteral: status 404") {
		t.Errorf("routevet's publication: %q, want gopls' diagnostic, then routevet's", both)
	}

	// Server-to-client requests: gopls' two and routevet's one reached the
	// editor under ids of their own, and the editor's answer reached gopls.
	var hover struct {
		Contents struct{ Value string } `json:"contents"`
	}
	c.call("textDocument/hover", map[string]any{
		"textDocument": protocol.TextDocumentIdentifier{URI: protocol.PathToURI(handlers)},
		"position":     protocol.Position{Line: 1},
	}, &hover)
	if !strings.Contains(hover.Contents.Value, `"answeredBy":"the test client"`) {
		t.Errorf("gopls' hover (with the editor's answer to its workspace/configuration): %q", hover.Contents.Value)
	}
	c.mu.Lock()
	requests := slices.Clone(c.requests)
	c.mu.Unlock()
	ids := map[string]string{}
	var methods []string
	for _, r := range requests {
		if other, dup := ids[r.ID.String()]; dup {
			t.Errorf("id %s used for %s and %s", r.ID, other, r.Method)
		}
		ids[r.ID.String()] = r.Method
		methods = append(methods, r.Method)
	}
	slices.Sort(methods)
	if !slices.Equal(methods, []string{"client/registerCapability", "client/registerCapability", "workspace/configuration"}) {
		t.Errorf("requests the editor received: %q", methods)
	}

	// Code actions: gopls' list, then routevet's.
	actions := c.codeActions(handlers, rangeOf(t, handlersGo, "404"))
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	if !slices.Equal(titles, []string{"gopls action 1", "gopls action 2", "Use http.StatusNotFound", "Fix all routevet issues in this file"}) {
		t.Errorf("merged code actions: %q", titles)
	}

	// codeAction/resolve: gopls resolves its actions; routevet's come
	// resolved and are answered as they are.
	for _, a := range []protocol.CodeAction{actions[1], actions[2]} {
		raw, _ := json.Marshal(a)
		if a.Title == "gopls action 2" {
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			m["data"] = map[string]int{"n": 2}
			raw, _ = json.Marshal(m)
		}
		var resolved protocol.CodeAction
		c.call("codeAction/resolve", json.RawMessage(raw), &resolved)
		want := a.Title
		if a.Title == "gopls action 2" {
			want += ", resolved by gopls"
		}
		if resolved.Title != want || resolved.Kind != a.Kind {
			t.Errorf("codeAction/resolve of %q: %+v", a.Title, resolved)
		}
	}

	// Commands go to the server that announced them.
	var ran string
	c.call("workspace/executeCommand", map[string]any{"command": "gopls.fake"}, &ran)
	if ran != "fake gopls ran gopls.fake" {
		t.Errorf("executeCommand: %q", ran)
	}

	// Cancellation reaches gopls under the id gopls knows the request by.
	w, err := c.conn.DispatchCall(context.Background(), "textDocument/hover", map[string]any{
		"textDocument": protocol.TextDocumentIdentifier{URI: protocol.PathToURI(handlers)},
		"position":     protocol.Position{Line: 99},
	}, jsonrpc2.PickID(jsonrpc2.ID{Num: 4242}))
	if err != nil {
		t.Fatal(err)
	}
	c.notify("$/cancelRequest", map[string]any{"id": 4242})
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	err = w.Wait(ctx, nil)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != -32800 || !strings.HasPrefix(rpcErr.Message, "cancelled: ") {
		t.Errorf("cancelled hover: %v, want gopls' cancellation error", err)
	}

	// gopls' publication keeps routevet's diagnostics.
	mark = c.mark()
	c.change(handlers, protocol.TextDocumentContentChangeEvent{
		Range: &protocol.Range{Start: position(handlersGo, len(handlersGo)), End: position(handlersGo, len(handlersGo))},
		Text:  "\n",
	})
	after, _ := c.waitPublished(mark, handlers, "gopls' new diagnostic", func(ds []string) bool {
		return hasPrefix(ds, "fakegopls: gopls: changed")
	})
	if len(after) != 2 || !strings.HasPrefix(after[1], "statusliteral: status 404") {
		t.Errorf("gopls' publication: %q, want routevet's diagnostic kept", after)
	}
	// routevet's check of the edit publishes gopls' diagnostic with its own.
	diags, _ := c.diagnostics(mark, handlers)
	if len(diags) != 2 || diags[0].Source != "fakegopls" || diags[1].Source != "statusliteral" {
		t.Errorf("routevet's publication after the edit: %+v", diags)
	}

	// gopls dies: said once in the log, its diagnostics withdrawn,
	// routevet's features still work.
	mark = c.mark()
	if err := c.callErr("fake/exit", nil, nil); err == nil {
		t.Errorf("fake/exit answered")
	}
	c.logged(mark, "window/logMessage", "gopls exited")
	c.waitPublished(mark, handlers, "gopls' diagnostics withdrawn", func(ds []string) bool {
		return len(ds) == 1 && strings.HasPrefix(ds[0], "statusliteral: ")
	})
	actions = c.codeActions(handlers, rangeOf(t, handlersGo, "404"))
	if len(actions) != 2 || actions[0].Title != "Use http.StatusNotFound" {
		t.Fatalf("code actions after gopls died: %+v", actions)
	}
	mark = c.mark()
	c.apply(actions[0].Edit)
	c.waitPublished(mark, handlers, "routevet's diagnostic fixed", func(ds []string) bool { return len(ds) == 0 })
	if err := c.callErr("textDocument/hover", map[string]any{
		"textDocument": protocol.TextDocumentIdentifier{URI: protocol.PathToURI(handlers)},
		"position":     protocol.Position{Line: 1},
	}, nil); err == nil {
		t.Errorf("hover answered after gopls died")
	}
	if n := strings.Count(c.transcript(), "gopls exited"); n != 1 {
		t.Errorf("gopls' exit logged %d times", n)
	}
	c.shutdown()
}

// TestGoplsMissing: without gopls, the server says so once and serves
// routevet alone.
func TestGoplsMissing(t *testing.T) {
	root := writeModule(t, map[string]string{"notes/handlers.go": handlersGo, "notes/create.go": createGo})
	handlers := filepath.Join(root, "notes", "handlers.go")
	c, init := startProxy(t, root, filepath.Join(root, "no-such-gopls"), []*analysis.Analyzer{statusLiteral})
	if !strings.Contains(string(init["capabilities"]), protocol.KindFixAll) {
		t.Errorf("capabilities %s", init["capabilities"])
	}
	c.logged(0, "window/logMessage", "cannot start gopls")
	mark := c.mark()
	c.open(handlers, handlersGo)
	c.waitPublished(mark, handlers, "routevet's diagnostic", func(ds []string) bool {
		return len(ds) == 1 && strings.HasPrefix(ds[0], "statusliteral: ")
	})
	if n := strings.Count(c.transcript(), "cannot start gopls"); n != 1 {
		t.Errorf("gopls' absence logged %d times:\n%s", n, c.transcript())
	}
	c.shutdown()
}

// TestGoplsReal runs routevet in front of the real gopls ($ROUTEVET_GOPLS,
// as .ci/run builds it with testdata/lsp/build-gopls.sh): gopls' and
// routevet's diagnostics side by side, a hover answered by gopls, both
// servers' code actions, and routevet alone once gopls is killed.
func TestGoplsReal(t *testing.T) {
	gopls := os.Getenv("ROUTEVET_GOPLS")
	if gopls == "" {
		t.Skip("set ROUTEVET_GOPLS to a gopls executable to run the test against gopls")
	}
	const printfGo = "package notes\n\nimport \"fmt\"\n\nfunc describe(n Note) string {\n\treturn fmt.Sprintf(\"note %d\", n.ID)\n}\n"
	root := writeModule(t, map[string]string{"notes/handlers.go": handlersGo, "notes/create.go": createGo, "notes/printf.go": printfGo})
	handlers := filepath.Join(root, "notes", "handlers.go")
	printf := filepath.Join(root, "notes", "printf.go")
	c, init := startProxy(t, root, gopls, []*analysis.Analyzer{statusLiteral})
	if !strings.Contains(string(init["serverInfo"]), `"routevet with gopls"`) ||
		!strings.Contains(string(init["capabilities"]), `"hoverProvider":true`) ||
		!strings.Contains(string(init["capabilities"]), protocol.KindFixAll) {
		t.Errorf("initialize: %s", mustMarshal(t, init))
	}
	started := c.logged(0, "window/logMessage", "serving its features and routevet's as one server")
	var pid int
	if _, err := fmt.Sscanf(started[strings.Index(started, "(pid ")+len("(pid "):], "%d", &pid); err != nil {
		t.Fatalf("no pid in %q", started)
	}

	mark := c.mark()
	c.open(handlers, handlersGo)
	c.open(printf, printfGo)
	c.waitPublished(mark, printf, "gopls' printf diagnostic", func(ds []string) bool { return hasPrefix(ds, "printf: ") })
	c.waitPublished(mark, handlers, "routevet's diagnostic", func(ds []string) bool { return hasPrefix(ds, "statusliteral: status 404") })

	var hover struct {
		Contents struct{ Value string } `json:"contents"`
	}
	c.call("textDocument/hover", map[string]any{
		"textDocument": protocol.TextDocumentIdentifier{URI: protocol.PathToURI(handlers)},
		"position":     rangeOf(t, handlersGo, "WriteHeader").Start,
	}, &hover)
	if !strings.Contains(hover.Contents.Value, "WriteHeader") {
		t.Errorf("gopls' hover: %q", hover.Contents.Value)
	}
	hasFix := func(actions []protocol.CodeAction) bool {
		return slices.ContainsFunc(actions, func(a protocol.CodeAction) bool { return a.Title == "Use http.StatusNotFound" })
	}
	if actions := c.codeActions(handlers, rangeOf(t, handlersGo, "404")); !hasFix(actions) {
		t.Errorf("code actions: %+v", actions)
	}

	mark = c.mark()
	proc, err := os.FindProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := proc.Kill(); err != nil {
		t.Fatal(err)
	}
	c.logged(mark, "window/logMessage", "gopls exited")
	c.waitPublished(mark, printf, "gopls' diagnostics withdrawn", func(ds []string) bool { return len(ds) == 0 })
	if actions := c.codeActions(handlers, rangeOf(t, handlersGo, "404")); !hasFix(actions) || len(actions) != 2 {
		t.Errorf("code actions after gopls died: %+v", actions)
	}
	c.shutdown()
}

func mustMarshal(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
