package lsp

// "routevet lsp -gopls": routevet fronts gopls, so that an editor that runs
// one language server per language (Emacs' eglot) gets both.
//
// The editor talks to a proxy. Behind it are two backends: routevet's own
// server, running in this process over an in-memory pipe exactly as it
// does alone, and gopls, a child process on its stdin and stdout. The
// proxy forwards every message unchanged (params and results as raw
// JSON), except where both servers speak:
//
//   - initialize goes to both; the answer is gopls' capabilities with
//     routevet's added (a union; code action kinds merged, routevet's
//     appended). The client's position encodings are not passed to gopls,
//     so both servers count UTF-16 code units, the protocol's default and
//     the only encoding routevet speaks.
//   - textDocument/publishDiagnostics: the proxy keeps each server's last
//     diagnostics for each document and publishes both lists (gopls', then
//     routevet's, each diagnostic with its own source), so one server's
//     publication never erases the other's.
//   - textDocument/codeAction goes to both; the answer is gopls' list, then
//     routevet's, each in its server's order.
//   - workspace/executeCommand goes to the server that announced the
//     command; shutdown goes to both; notifications go to both.
//   - Every other request goes to gopls (to routevet when gopls is not
//     running).
//
// Request ids: each connection has its own id space. The proxy sends every
// request it forwards under an id of its own (a counter per proxy, never
// reused) and remembers which id, on which connection, it answers; so ids
// of the editor, of routevet and of gopls never collide, server-to-client
// requests of both servers (workspace/configuration,
// window/workDoneProgress/create, client/registerCapability) reach the
// editor and their answers reach the server that asked. $/cancelRequest
// is translated through the same tables and so reaches the server (or,
// from a server, the editor) that has the request.
//
// If gopls cannot be started, or exits during the session, the proxy says
// so once in the log (window/logMessage), withdraws gopls' diagnostics and
// goes on serving routevet alone.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"slices"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/routevet/routevet/internal/lsp/protocol"
)

// Gopls makes Serve front gopls: it starts the gopls executable at path
// ("gopls": found in PATH) as a child process and merges the two servers
// into one for the editor. See the comment at the top of gopls.go.
func Gopls(path string) Option { return func(s *server) { s.gopls = path } }

// GoplsArgs sets the arguments gopls is started with (none by default:
// gopls serves the protocol on stdio).
func GoplsArgs(args ...string) Option { return func(s *server) { s.goplsArgs = args } }

const (
	backendGopls    = 0
	backendRoutevet = 1
)

// A proxy is one editor session in front of gopls and routevet.
type proxy struct {
	editor   *jsonrpc2.Conn
	backends [2]*jsonrpc2.Conn // nil when not running
	// ready is closed once editor and backends are set: the connections
	// read (and call the handlers) from the moment they are made.
	ready chan struct{}

	mu     sync.Mutex
	nextID uint64
	// forwarded maps the id of an editor's request in progress to the
	// ids it was forwarded under, by backend.
	forwarded map[string]map[int]jsonrpc2.ID
	// asked maps a backend's request to the editor in progress (by
	// backend and the backend's id) to the proxy's id for it.
	asked map[askKey]jsonrpc2.ID
	// diagnostics holds each server's last diagnostics, by document.
	diagnostics map[string]*docDiagnostics
	// commands lists routevet's commands (workspace/executeCommand).
	commands   []string
	goplsDown  bool // gopls exited or never started; said in the log
	goplsError string
	goplsStart string // says which gopls runs, for the log
	shutdown   bool

	pubMu sync.Mutex // orders publications to the editor
}

type askKey struct {
	backend int
	id      string
}

type docDiagnostics struct {
	uri   string
	lists [2][]json.RawMessage
}

// serveWithGopls is Serve for Gopls: s serves routevet behind the proxy.
func serveWithGopls(ctx context.Context, in io.Reader, out io.Writer, s *server) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := &proxy{
		ready:       make(chan struct{}),
		forwarded:   map[string]map[int]jsonrpc2.ID{},
		asked:       map[askKey]jsonrpc2.ID{},
		diagnostics: map[string]*docDiagnostics{},
	}

	// routevet, in process.
	inner, outer := net.Pipe()
	routevetDone := make(chan error, 1)
	go func() { routevetDone <- s.serve(ctx, inner, inner) }()
	p.backends[backendRoutevet] = jsonrpc2.NewConn(ctx,
		jsonrpc2.NewBufferedStream(outer, jsonrpc2.VSCodeObjectCodec{}),
		backendHandler{p, backendRoutevet})

	// gopls, a child process.
	goplsDone := make(chan struct{})
	cmd, err := startGopls(ctx, s.gopls, s.goplsArgs)
	if err != nil {
		p.goplsDown, p.goplsError = true, fmt.Sprintf("routevet: cannot start gopls (%v); serving routevet alone", err)
		close(goplsDone)
	} else {
		stream := jsonrpc2.NewBufferedStream(cmd.conn, jsonrpc2.VSCodeObjectCodec{})
		conn := jsonrpc2.NewConn(ctx, stream, backendHandler{p, backendGopls})
		p.backends[backendGopls] = conn
		p.goplsStart = fmt.Sprintf("routevet: started %s (pid %d); serving its features and routevet's as one server", cmd.Path, cmd.Process.Pid)
	}

	p.editor = jsonrpc2.NewConn(ctx,
		jsonrpc2.NewBufferedStream(stdio{in, out}, jsonrpc2.VSCodeObjectCodec{}),
		editorHandler{p})
	close(p.ready)
	if cmd != nil {
		go func() {
			defer close(goplsDone)
			// Wait only once gopls' output is read to its end, as
			// exec.Cmd wants.
			<-p.backends[backendGopls].DisconnectNotify()
			werr := cmd.Wait()
			p.goplsExited(werr)
		}()
	}
	select {
	case <-p.editor.DisconnectNotify():
	case <-ctx.Done():
		p.editor.Close()
	}

	// The editor has gone (after exit, or not): so do the servers.
	p.backends[backendRoutevet].Close()
	if c := p.backends[backendGopls]; c != nil {
		c.Close() // gopls reads the end of its input
	}
	err = <-routevetDone
	if cmd != nil {
		select {
		case <-goplsDone:
		case <-time.After(2 * time.Second):
			cmd.Process.Kill()
			<-goplsDone
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.shutdown {
		return ErrExitWithoutShutdown
	}
	if errors.Is(err, ErrExitWithoutShutdown) {
		err = nil // the pipe closed before routevet read exit
	}
	return err
}

// A goplsProcess is gopls with its stdin and stdout as a connection.
type goplsProcess struct {
	*exec.Cmd
	conn stdio
}

func startGopls(ctx context.Context, path string, args []string) (*goplsProcess, error) {
	exe, err := exec.LookPath(path)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Stderr = os.Stderr // gopls' own log, which editors keep
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &goplsProcess{cmd, stdio{stdout, stdin}}, nil
}

// goplsExited withdraws gopls from the session, saying so once.
func (p *proxy) goplsExited(err error) {
	p.mu.Lock()
	if p.goplsDown || p.shutdown {
		p.goplsDown = true
		p.mu.Unlock()
		return
	}
	p.goplsDown = true
	p.mu.Unlock()
	msg := "routevet: gopls exited"
	if err != nil {
		msg += " (" + err.Error() + ")"
	}
	p.log(protocol.MessageWarning, msg+"; serving routevet alone")
	// gopls' diagnostics would stay forever: withdraw them.
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.mu.Lock()
	var docs []*docDiagnostics
	for _, d := range p.diagnostics {
		if d.lists[backendGopls] != nil {
			d.lists[backendGopls] = nil
			docs = append(docs, d)
		}
	}
	p.mu.Unlock()
	for _, d := range docs {
		p.publishLocked(d, nil)
	}
}

func (p *proxy) log(typ int, msg string) {
	_ = p.editor.Notify(context.Background(), "window/logMessage", protocol.LogMessageParams{Type: typ, Message: msg})
}

// live returns the backends that are running, gopls first.
func (p *proxy) live() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var live []int
	if !p.goplsDown && p.backends[backendGopls] != nil {
		live = append(live, backendGopls)
	}
	return append(live, backendRoutevet)
}

func (p *proxy) newID() jsonrpc2.ID {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextID++
	return jsonrpc2.ID{Num: p.nextID}
}

// An answer is one backend's answer to a forwarded request.
type answer struct {
	result json.RawMessage
	err    error
}

// params returns a request's params as they came, or nil.
func params(req *jsonrpc2.Request) any {
	if req.Params == nil {
		return nil
	}
	return req.Params
}

// reply answers the editor with a backend's answer, unchanged.
func (p *proxy) reply(ctx context.Context, id jsonrpc2.ID, a answer) {
	if a.err != nil {
		var rpcErr *jsonrpc2.Error
		if !errors.As(a.err, &rpcErr) {
			rpcErr = &jsonrpc2.Error{Code: protocol.CodeRequestFailed, Message: a.err.Error()}
		}
		_ = p.editor.ReplyWithError(ctx, id, rpcErr)
		return
	}
	_ = p.editor.SendResponse(ctx, &jsonrpc2.Response{ID: id, Result: rawResult(a.result)})
}

func rawResult(r json.RawMessage) *json.RawMessage {
	if len(r) == 0 {
		r = json.RawMessage("null")
	}
	return &r
}

// editorHandler handles the editor's messages, one at a time in order:
// notifications are sent on at once, in order, and each request is
// written to its backends before the next message is read; answers are
// awaited in goroutines of their own.
type editorHandler struct{ p *proxy }

func (h editorHandler) Handle(ctx context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	p := h.p
	<-p.ready
	if req.Notif {
		switch req.Method {
		case "$/cancelRequest":
			p.cancelForwarded(ctx, req)
		case "exit":
			for _, b := range p.live() {
				_ = p.backends[b].Notify(ctx, req.Method, params(req))
			}
			p.editor.Close()
		default:
			for _, b := range p.live() {
				_ = p.backends[b].Notify(ctx, req.Method, params(req))
			}
		}
		return
	}
	switch req.Method {
	case "initialize":
		p.initialize(ctx, req)
	case "shutdown":
		p.mu.Lock()
		p.shutdown = true
		p.mu.Unlock()
		p.async(ctx, req, p.live(), func(answers []answer) answer {
			return answer{result: json.RawMessage("null")}
		})
	case "textDocument/codeAction":
		p.async(ctx, req, p.live(), mergeCodeActions)
	case "codeAction/resolve":
		// routevet's code actions come with their edits and are never
		// resolved: an action without data is answered as it is.
		var action struct {
			Data json.RawMessage `json:"data"`
		}
		if req.Params != nil {
			_ = json.Unmarshal(*req.Params, &action)
		}
		live := p.live()
		if len(action.Data) == 0 || live[0] != backendGopls {
			_ = p.editor.SendResponse(ctx, &jsonrpc2.Response{ID: req.ID, Result: req.Params})
			return
		}
		p.async(ctx, req, live[:1], first)
	case "workspace/executeCommand":
		var cmd struct {
			Command string `json:"command"`
		}
		if req.Params != nil {
			_ = json.Unmarshal(*req.Params, &cmd)
		}
		p.mu.Lock()
		mine := slices.Contains(p.commands, cmd.Command)
		p.mu.Unlock()
		live := p.live()
		if mine || live[0] != backendGopls {
			p.async(ctx, req, []int{backendRoutevet}, first)
		} else {
			p.async(ctx, req, []int{backendGopls}, first)
		}
	default:
		// gopls' features; routevet's answer (method not found) when
		// gopls is not running.
		p.async(ctx, req, p.live()[:1], first)
	}
}

func first(answers []answer) answer { return answers[0] }

// async forwards a request and answers the editor with merge of the
// answers, without holding up the editor's next messages.
func (p *proxy) async(ctx context.Context, req *jsonrpc2.Request, backends []int, merge func([]answer) answer) {
	// The request is written to the backends now, in order with the
	// messages before and after it; the answers are awaited apart.
	key := req.ID.String()
	ids := map[int]jsonrpc2.ID{}
	waiters := make([]*jsonrpc2.Waiter, len(backends))
	answers := make([]answer, len(backends))
	for i, b := range backends {
		id := p.newID()
		ids[b] = id
		w, err := p.backends[b].DispatchCall(ctx, req.Method, params(req), jsonrpc2.PickID(id))
		if err != nil {
			answers[i].err = err
			continue
		}
		waiters[i] = &w
	}
	p.mu.Lock()
	p.forwarded[key] = ids
	p.mu.Unlock()
	go func() {
		for i, w := range waiters {
			if w != nil {
				answers[i].err = w.Wait(ctx, &answers[i].result)
			}
		}
		p.mu.Lock()
		delete(p.forwarded, key)
		p.mu.Unlock()
		// A merged request gets gopls' part only if gopls answered:
		// gopls exiting meanwhile is no failure of the request.
		if len(backends) > 1 {
			var ok []answer
			for i, a := range answers {
				if a.err == nil || backends[i] == backendRoutevet {
					ok = append(ok, a)
				}
			}
			answers = ok
		}
		p.reply(ctx, req.ID, merge(answers))
	}()
}

// cancelForwarded sends the editor's $/cancelRequest on to the backends
// that have the request, under the ids they know it by.
func (p *proxy) cancelForwarded(ctx context.Context, req *jsonrpc2.Request) {
	var cancel struct {
		ID jsonrpc2.ID `json:"id"`
	}
	if req.Params == nil || json.Unmarshal(*req.Params, &cancel) != nil {
		return
	}
	p.mu.Lock()
	ids := p.forwarded[cancel.ID.String()]
	p.mu.Unlock()
	for _, b := range []int{backendGopls, backendRoutevet} {
		if id, ok := ids[b]; ok {
			_ = p.backends[b].Notify(ctx, "$/cancelRequest", map[string]any{"id": id})
		}
	}
}

// initialize initializes both servers and answers with the union of their
// capabilities.
func (p *proxy) initialize(ctx context.Context, req *jsonrpc2.Request) {
	// gopls gets the client's parameters without the position encodings
	// it could choose from: both servers then use UTF-16.
	goplsParams := req.Params
	if req.Params != nil {
		var raw map[string]any
		if json.Unmarshal(*req.Params, &raw) == nil {
			if caps, ok := raw["capabilities"].(map[string]any); ok {
				if general, ok := caps["general"].(map[string]any); ok {
					delete(general, "positionEncodings")
				}
			}
			if b, err := json.Marshal(raw); err == nil {
				m := json.RawMessage(b)
				goplsParams = &m
			}
		}
	}
	live := p.live()
	waiters := make([]*jsonrpc2.Waiter, 2)
	answers := make([]answer, 2)
	for _, b := range live {
		prm := req.Params
		if b == backendGopls {
			prm = goplsParams
		}
		var pv any
		if prm != nil {
			pv = prm
		}
		w, err := p.backends[b].DispatchCall(ctx, req.Method, pv, jsonrpc2.PickID(p.newID()))
		if err != nil {
			answers[b].err = err
			continue
		}
		waiters[b] = &w
	}
	go func() {
		for b, w := range waiters {
			if w != nil {
				answers[b].err = w.Wait(ctx, &answers[b].result)
			}
		}
		if answers[backendRoutevet].err != nil {
			p.reply(ctx, req.ID, answers[backendRoutevet])
			return
		}
		p.mu.Lock()
		goplsDown, goplsError, goplsStart := p.goplsDown, p.goplsError, p.goplsStart
		p.mu.Unlock()
		var merged json.RawMessage
		if !goplsDown && answers[backendGopls].err == nil && waiters[backendGopls] != nil {
			var err error
			merged, err = p.mergeInitialize(answers[backendGopls].result, answers[backendRoutevet].result)
			if err != nil {
				p.reply(ctx, req.ID, answer{err: err})
				return
			}
		} else {
			merged = answers[backendRoutevet].result
			if goplsError == "" && answers[backendGopls].err != nil {
				goplsError = fmt.Sprintf("routevet: gopls failed to initialize (%v); serving routevet alone", answers[backendGopls].err)
				p.mu.Lock()
				p.goplsDown = true
				p.mu.Unlock()
			}
		}
		p.reply(ctx, req.ID, answer{result: merged})
		switch {
		case goplsError != "":
			p.log(protocol.MessageWarning, goplsError)
		case !goplsDown:
			p.log(protocol.MessageLog, goplsStart)
		}
	}()
}

// mergeInitialize returns gopls' initialize result with routevet's
// capabilities added and routevet named as the server.
func (p *proxy) mergeInitialize(gopls, routevet json.RawMessage) (json.RawMessage, error) {
	var g, r map[string]json.RawMessage
	if err := json.Unmarshal(gopls, &g); err != nil {
		return nil, fmt.Errorf("gopls' initialize result: %v", err)
	}
	if err := json.Unmarshal(routevet, &r); err != nil {
		return nil, err
	}
	var gc, rc map[string]json.RawMessage
	_ = json.Unmarshal(g["capabilities"], &gc)
	if err := json.Unmarshal(r["capabilities"], &rc); err != nil {
		return nil, err
	}
	if gc == nil {
		gc = map[string]json.RawMessage{}
	}
	for name, capability := range rc {
		have, ok := gc[name]
		switch {
		case !ok || bytes.Equal(have, []byte("false")) || bytes.Equal(have, []byte("null")):
			gc[name] = capability
		case name == "codeActionProvider":
			gc[name] = mergeCodeActionProvider(have, capability)
		case name == "executeCommandProvider":
			var gp, rp struct {
				Commands []string `json:"commands"`
			}
			_ = json.Unmarshal(have, &gp)
			_ = json.Unmarshal(capability, &rp)
			p.mu.Lock()
			p.commands = rp.Commands
			p.mu.Unlock()
			var all map[string]any
			_ = json.Unmarshal(have, &all)
			if all == nil {
				all = map[string]any{}
			}
			all["commands"] = append(gp.Commands, rp.Commands...)
			gc[name], _ = json.Marshal(all)
		}
		// Otherwise gopls' capability stands: textDocumentSync (routevet
		// takes full and incremental changes, with or without the saved
		// text) and positionEncoding (both UTF-16).
	}
	var goplsInfo, routevetInfo struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	_ = json.Unmarshal(g["serverInfo"], &goplsInfo)
	_ = json.Unmarshal(r["serverInfo"], &routevetInfo)
	info := routevetInfo
	if goplsInfo.Name != "" {
		info.Name += " with " + goplsInfo.Name
	}
	capabilities, err := json.Marshal(gc)
	if err != nil {
		return nil, err
	}
	g["capabilities"] = capabilities
	g["serverInfo"], _ = json.Marshal(info)
	return json.Marshal(g)
}

// mergeCodeActionProvider unites two codeActionProvider capabilities: true,
// or options listing kinds.
func mergeCodeActionProvider(gopls, routevet json.RawMessage) json.RawMessage {
	var r struct {
		CodeActionKinds []string `json:"codeActionKinds"`
	}
	if json.Unmarshal(routevet, &r) != nil || len(r.CodeActionKinds) == 0 {
		return gopls // routevet's is true: gopls' says at least as much
	}
	var g map[string]any
	if json.Unmarshal(gopls, &g) != nil {
		return routevet // gopls' is true, routevet lists kinds
	}
	var kinds []string
	if list, ok := g["codeActionKinds"].([]any); ok {
		for _, k := range list {
			if s, ok := k.(string); ok {
				kinds = append(kinds, s)
			}
		}
	}
	for _, k := range r.CodeActionKinds {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	g["codeActionKinds"] = kinds
	b, _ := json.Marshal(g)
	return b
}

// mergeCodeActions concatenates the code action lists (gopls', then
// routevet's); an error of routevet's is the answer's error.
func mergeCodeActions(answers []answer) answer {
	var all []json.RawMessage
	for _, a := range answers {
		if a.err != nil {
			return a
		}
		var list []json.RawMessage
		_ = json.Unmarshal(a.result, &list)
		all = append(all, list...)
	}
	if all == nil {
		return answer{result: json.RawMessage("null")}
	}
	b, err := json.Marshal(all)
	return answer{result: b, err: err}
}

// backendHandler handles the messages of one backend.
type backendHandler struct {
	p       *proxy
	backend int
}

func (h backendHandler) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	p := h.p
	<-p.ready
	if req.Notif {
		switch req.Method {
		case "textDocument/publishDiagnostics":
			p.publish(h.backend, req)
		case "$/cancelRequest":
			var cancel struct {
				ID jsonrpc2.ID `json:"id"`
			}
			if req.Params == nil || json.Unmarshal(*req.Params, &cancel) != nil {
				return
			}
			p.mu.Lock()
			id, ok := p.asked[askKey{h.backend, cancel.ID.String()}]
			p.mu.Unlock()
			if ok {
				_ = p.editor.Notify(ctx, "$/cancelRequest", map[string]any{"id": id})
			}
		default:
			_ = p.editor.Notify(ctx, req.Method, params(req))
		}
		return
	}
	// A request to the editor, under an id of the proxy's.
	id := p.newID()
	key := askKey{h.backend, req.ID.String()}
	p.mu.Lock()
	p.asked[key] = id
	p.mu.Unlock()
	w, err := p.editor.DispatchCall(ctx, req.Method, params(req), jsonrpc2.PickID(id))
	go func() {
		var a answer
		if err != nil {
			a.err = err
		} else {
			a.err = w.Wait(ctx, &a.result)
		}
		p.mu.Lock()
		delete(p.asked, key)
		p.mu.Unlock()
		if a.err != nil {
			var rpcErr *jsonrpc2.Error
			if !errors.As(a.err, &rpcErr) {
				rpcErr = &jsonrpc2.Error{Code: protocol.CodeRequestFailed, Message: a.err.Error()}
			}
			_ = conn.ReplyWithError(ctx, req.ID, rpcErr)
			return
		}
		_ = conn.SendResponse(ctx, &jsonrpc2.Response{ID: req.ID, Result: rawResult(a.result)})
	}()
}

// publish records a server's diagnostics for a document and publishes
// both servers' to the editor.
func (p *proxy) publish(backend int, req *jsonrpc2.Request) {
	var params struct {
		URI         string            `json:"uri"`
		Version     *int32            `json:"version,omitempty"`
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}
	if req.Params == nil || json.Unmarshal(*req.Params, &params) != nil {
		return
	}
	key := params.URI
	if path, err := protocol.URIToPath(params.URI); err == nil {
		key = path // the servers may spell a URI differently
	}
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.mu.Lock()
	if backend == backendGopls && p.goplsDown {
		p.mu.Unlock()
		return
	}
	d := p.diagnostics[key]
	if d == nil {
		d = &docDiagnostics{}
		p.diagnostics[key] = d
	}
	d.uri = params.URI
	d.lists[backend] = params.Diagnostics
	if len(d.lists[0]) == 0 && len(d.lists[1]) == 0 {
		delete(p.diagnostics, key)
	}
	p.mu.Unlock()
	p.publishLocked(d, params.Version)
}

// publishLocked publishes a document's diagnostics, with the version of
// the publication that changed them. p.pubMu is held.
func (p *proxy) publishLocked(d *docDiagnostics, version *int32) {
	p.mu.Lock()
	all := append(slices.Clone(d.lists[backendGopls]), d.lists[backendRoutevet]...)
	uri := d.uri
	p.mu.Unlock()
	if all == nil {
		all = []json.RawMessage{}
	}
	_ = p.editor.Notify(context.Background(), "textDocument/publishDiagnostics", struct {
		URI         string            `json:"uri"`
		Version     *int32            `json:"version,omitempty"`
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}{uri, version, all})
}
