// Command lspbench measures what a user of routevet's language server
// waits for: it starts "routevet lsp" as an editor does, speaks the
// protocol over its stdin and stdout, opens a file of a package that
// imports net/http, and times
//
//   - the first diagnostics: from didOpen to the first publication;
//   - each edit: from a didChange that adds a line above every finding
//     (so every finding moves, and so do the line numbers some messages
//     quote) to the publication of that version's diagnostics.
//
// After the last edit it writes the edited text to disk, runs the
// standalone driver (routevet -json) on it and checks that the server
// published exactly its findings. The times include the server's pause
// for typing (200ms by default).
//
// Usage: go run ./testdata/bench/lspbench -routevet PATH [-edits N] [-pause D]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/routevet/routevet/internal/lsp/protocol"
)

// source is the package the benchmark edits: handlers of a small service
// with findings in several of them, importing net/http and
// encoding/json.
const source = `package shop

import (
	"encoding/json"
	"net/http"
	"sync"
)

type Item struct {
	ID    string ` + "`json:\"id\"`" + `
	Price int    ` + "`json:\"price\"`" + `
}

type Shop struct {
	mu    sync.Mutex
	items map[string]Item
}

func (s *Shop) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /items/{id}", s.get)
	mux.HandleFunc("POST /items", s.create)
	mux.HandleFunc("DELETE /items/{id}", s.remove)
}

func (s *Shop) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	item, ok := s.items[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		w.Write([]byte("not found"))
		w.WriteHeader(http.StatusNotFound)
		return
	}
	json.NewEncoder(w).Encode(item)
	w.Header().Set("Content-Type", "application/json")
}

func (s *Shop) create(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
	s.mu.Lock()
	s.items[item.ID] = item
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

func (s *Shop) remove(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	delete(s.items, r.PathValue("id"))
	s.mu.Unlock()
	w.Write([]byte("deleted"))
	w.WriteHeader(http.StatusNoContent)
}
`

func main() {
	routevet := flag.String("routevet", "", "the routevet binary (required)")
	edits := flag.Int("edits", 15, "edits to time")
	pause := flag.Duration("pause", 300*time.Millisecond, "pause between an edit's diagnostics and the next edit")
	flag.Parse()
	if *routevet == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*routevet, *edits, *pause); err != nil {
		log.Fatalf("lspbench: %v", err)
	}
}

func run(routevet string, edits int, pause time.Duration) error {
	dir, err := os.MkdirTemp("", "lspbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "shop.go")
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/shop\n\ngo 1.24\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(file, []byte(source), 0o644); err != nil {
		return err
	}

	cmd := exec.Command(routevet, "lsp")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()

	c := &client{published: map[int32][]protocol.Diagnostic{}}
	c.arrived = sync.NewCond(&c.mu)
	ctx := context.Background()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(pipe{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{}), c)
	defer conn.Close()

	uri := protocol.PathToURI(file)
	var initResult json.RawMessage
	if err := conn.Call(ctx, "initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   protocol.PathToURI(dir),
		"capabilities": map[string]any{
			"textDocument": map[string]any{"publishDiagnostics": map[string]any{"versionSupport": true}},
		},
	}, &initResult); err != nil {
		return err
	}
	if err := conn.Notify(ctx, "initialized", struct{}{}); err != nil {
		return err
	}

	start := time.Now()
	if err := conn.Notify(ctx, "textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": source},
	}); err != nil {
		return err
	}
	first, err := c.wait(1, 2*time.Minute)
	if err != nil {
		return err
	}
	firstTime := time.Since(start)
	if len(first) == 0 {
		return errors.New("no findings on open")
	}

	text := source
	var times []time.Duration
	var last []protocol.Diagnostic
	for i := 1; i <= edits; i++ {
		time.Sleep(pause)
		// A line above every finding: each moves down by one.
		text = strings.Replace(text, "package shop\n", fmt.Sprintf("package shop\n\n// edit %d\n", i), 1)
		version := int32(i + 1)
		start := time.Now()
		if err := conn.Notify(ctx, "textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": version},
			"contentChanges": []map[string]any{{"text": text}},
		}); err != nil {
			return err
		}
		diags, err := c.wait(version, time.Minute)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		if got, want := diags[0].Range.Start.Line, first[0].Range.Start.Line+uint32(2*i); got != want {
			return fmt.Errorf("edit %d: the first finding is on line %d, want %d", i, got, want)
		}
		last = diags
	}

	// The published findings are those of the standalone driver on the
	// same text.
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		return err
	}
	standalone, err := standaloneFindings(routevet, dir)
	if err != nil {
		return err
	}
	var published []string
	for _, d := range last {
		published = append(published, fmt.Sprintf("%d:%d %s", d.Range.Start.Line+1, d.Range.Start.Character+1, d.Message))
	}
	sort.Strings(published)
	if !slices.Equal(published, standalone) {
		return fmt.Errorf("after the edits the server published\n%s\nthe standalone driver finds\n%s", strings.Join(published, "\n"), strings.Join(standalone, "\n"))
	}

	slices.Sort(times)
	fmt.Printf("editor: first diagnostics %v after didOpen; after an edit (%d edits, %d findings each, all moved): median %v, min %v, max %v; same findings as routevet -json\n",
		firstTime.Round(time.Millisecond), edits, len(last),
		times[len(times)/2].Round(time.Millisecond), times[0].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))
	_ = conn.Call(ctx, "shutdown", nil, nil)
	_ = conn.Notify(ctx, "exit", nil)
	return nil
}

// standaloneFindings runs routevet -json in dir and returns its findings
// as "line:column message", sorted.
func standaloneFindings(routevet, dir string) ([]string, error) {
	cmd := exec.Command(routevet, "-json", "./...")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("routevet -json: %v", err)
	}
	var byPkg map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(out, &byPkg); err != nil {
		return nil, fmt.Errorf("routevet -json: %v", err)
	}
	var found []string
	for _, byAnalyzer := range byPkg {
		for _, diags := range byAnalyzer {
			for _, d := range diags {
				// posn is file:line:column.
				parts := strings.Split(d.Posn, ":")
				found = append(found, parts[len(parts)-2]+":"+parts[len(parts)-1]+" "+d.Message)
			}
		}
	}
	sort.Strings(found)
	found = slices.Compact(found) // a package and its test variant
	return found, nil
}

// client records the diagnostics published for each version of the file.
type client struct {
	mu        sync.Mutex
	arrived   *sync.Cond
	published map[int32][]protocol.Diagnostic
}

func (c *client) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		if req.Params == nil || json.Unmarshal(*req.Params, &p) != nil || p.Version == nil {
			return
		}
		c.mu.Lock()
		c.published[*p.Version] = p.Diagnostics
		c.arrived.Broadcast()
		c.mu.Unlock()
	default:
		if !req.Notif {
			_ = conn.Reply(ctx, req.ID, nil)
		}
	}
}

// wait returns the diagnostics published for a version of the file.
func (c *client) wait(version int32, patience time.Duration) ([]protocol.Diagnostic, error) {
	timer := time.AfterFunc(patience, func() {
		c.mu.Lock()
		c.arrived.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(patience)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if d, ok := c.published[version]; ok {
			return d, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("no diagnostics for version %d after %v", version, patience)
		}
		c.arrived.Wait()
	}
}

type pipe struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipe) Close() error { return errors.Join(p.ReadCloser.Close(), p.WriteCloser.Close()) }
