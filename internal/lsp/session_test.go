package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/lsp/protocol"
)

// handlersGo is the file the session edits. The finding's line has
// characters one, two and four bytes wide before it, so its UTF-16 column
// (27) differs from its byte column (30).
const handlersGo = `package notes

import (
	"encoding/json"
	"net/http"
	"sync"
)

// A Note is a short text — « déjà vu » 😀.
type Note struct {
	ID    string ` + "`json:\"id\"`" + `
	Title string ` + "`json:\"title\"`" + `
}

// Store keeps notes in memory.
type Store struct {
	mu    sync.Mutex
	notes map[string]Note
}

func (s *Store) getNote(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	note, ok := s.notes[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		/* é 😀 */ w.WriteHeader(404)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(note)
}

// Register adds the notes routes to mux.
func (s *Store) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /notes/{id}", s.getNote)
	mux.HandleFunc("POST /notes", s.createNote)
}
`

// createGo is a file of the same package that stays closed: its finding is
// published too, and its look-alikes are not findings.
const createGo = `package notes

import (
	"encoding/json"
	"net/http"
)

func (s *Store) createNote(w http.ResponseWriter, r *http.Request) {
	var note Note
	if err := json.NewDecoder(r.Body).Decode(&note); err != nil {
		w.WriteHeader(400)
		return
	}
	s.mu.Lock()
	s.notes[note.ID] = note
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

// reply writes a status that is not a literal.
func reply(w http.ResponseWriter, status int) {
	w.WriteHeader(status)
}

func teapot(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusTeapot)
}
`

var documentChanges = func() protocol.ClientCapabilities {
	var caps protocol.ClientCapabilities
	caps.Workspace.WorkspaceEdit.DocumentChanges = true
	return caps
}()

// TestSession drives the server through a whole editing session: open a
// file with a finding, receive the diagnostic, request code actions, apply
// the quick fix, see the diagnostic go away, reintroduce findings and fix
// them all, change the configuration, close the file.
func TestSession(t *testing.T) {
	root := writeModule(t, map[string]string{"notes/handlers.go": handlersGo, "notes/create.go": createGo})
	handlers := filepath.Join(root, "notes", "handlers.go")
	create := filepath.Join(root, "notes", "create.go")
	c := startServer(t, root, documentChanges, []*analysis.Analyzer{statusLiteral})

	// Open: the open file's finding and the closed file's.
	mark := c.mark()
	c.open(handlers, handlersGo)
	diags, _ := c.diagnostics(mark, handlers)
	if len(diags) != 1 {
		t.Fatalf("diagnostics of the opened file: %+v", diags)
	}
	d := diags[0]
	want404 := protocol.Range{Start: protocol.Position{Line: 25, Character: 27}, End: protocol.Position{Line: 25, Character: 30}}
	if d.Range != want404 || d.Range != rangeOf(t, handlersGo, "404") {
		t.Errorf("range %+v, want %+v (UTF-16 columns)", d.Range, want404)
	}
	if d.Source != "statusliteral" || d.Code != "status-literal" || d.Severity != protocol.SeverityWarning ||
		d.CodeDescription == nil || d.CodeDescription.Href != "https://example.com/routevet/statusliteral#status-literal" ||
		!strings.HasPrefix(d.Message, "status 404 written as a number") {
		t.Errorf("diagnostic %+v", d)
	}
	if len(d.RelatedInformation) != 1 || !strings.HasSuffix(d.RelatedInformation[0].Location.URI, "/net/http/status.go") ||
		d.RelatedInformation[0].Message != "declared here" {
		t.Errorf("related information %+v", d.RelatedInformation)
	}
	closedDiags, _ := c.diagnostics(mark, create)
	if len(closedDiags) != 1 || closedDiags[0].Range != rangeOf(t, createGo, "400") {
		t.Errorf("diagnostics of the closed file of the package: %+v", closedDiags)
	}

	// Code actions: the quick fix, and fix-all next to it.
	actions := c.codeActions(handlers, d.Range)
	if len(actions) != 2 || actions[0].Kind != protocol.KindQuickFix || actions[1].Kind != protocol.KindFixAll {
		t.Fatalf("code actions %+v", actions)
	}
	quick := actions[0]
	if quick.Title != "Use http.StatusNotFound" || !quick.IsPreferred || len(quick.Diagnostics) != 1 || quick.Diagnostics[0].Message != d.Message {
		t.Errorf("quick fix %+v", quick)
	}
	dc := quick.Edit.DocumentChanges
	if len(dc) != 1 || dc[0].TextDocument.URI != protocol.PathToURI(handlers) || dc[0].TextDocument.Version == nil || *dc[0].TextDocument.Version != 1 ||
		len(dc[0].Edits) != 1 || dc[0].Edits[0].Range != want404 || dc[0].Edits[0].NewText != "http.StatusNotFound" {
		t.Errorf("quick fix edit %+v", dc)
	}
	if got := c.codeActions(handlers, d.Range, "quickfix"); len(got) != 1 || got[0].Kind != protocol.KindQuickFix {
		t.Errorf("only quickfix: %+v", got)
	}
	if got := c.codeActions(handlers, d.Range, "source.fixAll"); len(got) != 1 || got[0].Kind != protocol.KindFixAll {
		t.Errorf("only source.fixAll: %+v", got)
	}
	elsewhere := protocol.Range{Start: protocol.Position{Line: 2, Character: 0}, End: protocol.Position{Line: 2, Character: 0}}
	if got := c.codeActions(handlers, elsewhere); len(got) != 0 {
		t.Errorf("code actions away from any finding: %+v", got)
	}

	// Apply the quick fix: the diagnostic goes away.
	mark = c.mark()
	c.apply(quick.Edit)
	if diags, _ := c.diagnostics(mark, handlers); len(diags) != 0 {
		t.Errorf("diagnostics after the quick fix: %+v", diags)
	}
	fixed := strings.Replace(handlersGo, "w.WriteHeader(404)", "w.WriteHeader(http.StatusNotFound)", 1)
	if c.text(handlers) != fixed {
		t.Errorf("text after the quick fix:\n%s", c.text(handlers))
	}

	// Reintroduce two findings with a full-text change, and fix both.
	mark = c.mark()
	broken := strings.Replace(handlersGo, "json.NewEncoder(w).Encode(note)", "if err := json.NewEncoder(w).Encode(note); err != nil {\n\t\tw.WriteHeader(500)\n\t}", 1)
	c.change(handlers, protocol.TextDocumentContentChangeEvent{Text: broken})
	if diags, _ := c.diagnostics(mark, handlers); len(diags) != 2 {
		t.Fatalf("diagnostics after reintroducing findings: %+v", diags)
	}
	actions = c.codeActions(handlers, protocol.Range{}, "source")
	if len(actions) != 1 || actions[0].Title != "Fix all routevet issues in this file" {
		t.Fatalf("source actions: %+v", actions)
	}
	mark = c.mark()
	c.apply(actions[0].Edit)
	if diags, _ := c.diagnostics(mark, handlers); len(diags) != 0 {
		t.Errorf("diagnostics after fixing all: %+v", diags)
	}
	wantAll := strings.NewReplacer("w.WriteHeader(404)", "w.WriteHeader(http.StatusNotFound)", "w.WriteHeader(500)", "w.WriteHeader(http.StatusInternalServerError)").Replace(broken)
	if c.text(handlers) != wantAll {
		t.Errorf("text after fixing all:\n%s", c.text(handlers))
	}

	// Type the finding back in, one incremental edit.
	mark = c.mark()
	c.change(handlers, protocol.TextDocumentContentChangeEvent{Range: ptr(rangeOf(t, c.text(handlers), "http.StatusNotFound")), Text: "404"})
	if diags, _ := c.diagnostics(mark, handlers); len(diags) != 1 || diags[0].Range != want404 {
		t.Fatalf("diagnostics after typing the finding back: %+v", diags)
	}

	t.Run("configuration", func(t *testing.T) { testConfiguration(t, c, root, handlers) })

	// Closing the package's last open file withdraws its diagnostics.
	mark = c.mark()
	c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: protocol.PathToURI(handlers)}})
	c.forget(handlers)
	for _, path := range []string{handlers, create} {
		if diags, _ := c.diagnostics(mark, path); len(diags) != 0 {
			t.Errorf("diagnostics of %s after close: %+v", filepath.Base(path), diags)
		}
	}
	c.shutdown()
}

// testConfiguration changes the configuration of a session whose open
// file has one finding: .routevet.yaml and the editor's settings.
func testConfiguration(t *testing.T, c *client, root, handlers string) {
	yaml := filepath.Join(root, ".routevet.yaml")
	watched := func() {
		c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: protocol.PathToURI(yaml), Type: protocol.FileChanged}}})
	}
	settings := func(json string) {
		c.notify("workspace/didChangeConfiguration", map[string]any{"settings": rawJSON(json)})
	}
	expect := func(mark, n int, when string) {
		t.Helper()
		if diags, _ := c.diagnostics(mark, handlers); len(diags) != n {
			t.Errorf("%s: %d diagnostics, want %d: %+v", when, len(diags), n, diags)
		}
	}

	mark := c.mark()
	writeFile(t, yaml, "disable: [statusliteral]\n")
	watched()
	expect(mark, 0, "after .routevet.yaml disabled the analyzer")

	mark = c.mark()
	settings(`{"routevet": {"enable": ["statusliteral/status-literal"]}}`)
	expect(mark, 1, "after the editor's settings replaced the file")

	mark = c.mark()
	settings(`{"routevet": {"disabel": ["statusliteral"]}}`)
	if msg := c.logged(mark, "window/showMessage", `unknown key "disabel"`); !strings.Contains(msg, "editor's routevet settings") {
		t.Errorf("bad settings shown as %q", msg)
	}

	mark = c.mark()
	settings(`{}`)
	expect(mark, 0, "after the settings were removed (the file applies again)")

	mark = c.mark()
	writeFile(t, yaml, "disable: [statusliteral, nosuchanalyzer]\n")
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: protocol.PathToURI(yaml)}})
	msg := c.logged(mark, "window/showMessage", "nosuchanalyzer")
	if !strings.Contains(msg, yaml+":1:") {
		t.Errorf("configuration error %q does not name the file and line", msg)
	}
	expect(mark, 0, "while .routevet.yaml is malformed")

	mark = c.mark()
	if err := os.Remove(yaml); err != nil {
		t.Fatal(err)
	}
	watched()
	expect(mark, 1, "after .routevet.yaml was removed")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func ptr[T any](v T) *T { return &v }
