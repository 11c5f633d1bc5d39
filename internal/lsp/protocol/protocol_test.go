package protocol

import (
	"encoding/json"
	"testing"
)

// TestJSONShapes pins the wire form of the types the server sends, field
// names and omissions included, against the specification.
func TestJSONShapes(t *testing.T) {
	version := int32(3)
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{
			"diagnostic",
			Diagnostic{
				Range:           Range{Position{4, 2}, Position{4, 30}},
				Severity:        SeverityWarning,
				Code:            "header-after-commit",
				CodeDescription: &CodeDescription{Href: "https://pkg.go.dev/github.com/routevet/routevet/analyzers/mutablewriter#header-after-commit"},
				Source:          "mutablewriter",
				Message:         "header set after WriteHeader is dropped",
				RelatedInformation: []DiagnosticRelatedInformation{{
					Location: Location{URI: "file:///m/notes.go", Range: Range{Position{3, 1}, Position{3, 20}}},
					Message:  "the response was committed here",
				}},
			},
			`{"range":{"start":{"line":4,"character":2},"end":{"line":4,"character":30}},"severity":2,"code":"header-after-commit",` +
				`"codeDescription":{"href":"https://pkg.go.dev/github.com/routevet/routevet/analyzers/mutablewriter#header-after-commit"},` +
				`"source":"mutablewriter","message":"header set after WriteHeader is dropped",` +
				`"relatedInformation":[{"location":{"uri":"file:///m/notes.go","range":{"start":{"line":3,"character":1},"end":{"line":3,"character":20}}},"message":"the response was committed here"}]}`,
		},
		{
			"cleared diagnostics are an empty list, not null",
			PublishDiagnosticsParams{URI: "file:///m/notes.go", Diagnostics: []Diagnostic{}},
			`{"uri":"file:///m/notes.go","diagnostics":[]}`,
		},
		{
			"versioned diagnostics",
			PublishDiagnosticsParams{URI: "file:///m/notes.go", Version: &version, Diagnostics: []Diagnostic{}},
			`{"uri":"file:///m/notes.go","version":3,"diagnostics":[]}`,
		},
		{
			"edit of a document as on disk has a null version",
			TextDocumentEdit{TextDocument: OptionalVersionedTextDocumentIdentifier{URI: "file:///m/a.go"}, Edits: []TextEdit{}},
			`{"textDocument":{"uri":"file:///m/a.go","version":null},"edits":[]}`,
		},
		{
			"quick fix",
			CodeAction{
				Title: "Use http.StatusNotFound", Kind: KindQuickFix, IsPreferred: true,
				Edit: &WorkspaceEdit{DocumentChanges: []TextDocumentEdit{{
					TextDocument: OptionalVersionedTextDocumentIdentifier{URI: "file:///m/a.go", Version: &version},
					Edits:        []TextEdit{{Range: Range{Position{1, 25}, Position{1, 28}}, NewText: "http.StatusNotFound"}},
				}}},
			},
			`{"title":"Use http.StatusNotFound","kind":"quickfix","isPreferred":true,"edit":{"documentChanges":[{"textDocument":{"uri":"file:///m/a.go","version":3},` +
				`"edits":[{"range":{"start":{"line":1,"character":25},"end":{"line":1,"character":28}},"newText":"http.StatusNotFound"}]}]}}`,
		},
		{
			"changes form",
			WorkspaceEdit{Changes: map[string][]TextEdit{"file:///m/a.go": {{NewText: "x"}}}},
			`{"changes":{"file:///m/a.go":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"newText":"x"}]}}`,
		},
		{
			"initialize result",
			InitializeResult{
				Capabilities: ServerCapabilities{
					PositionEncoding:   "utf-16",
					TextDocumentSync:   TextDocumentSyncOptions{OpenClose: true, Change: SyncIncremental, Save: SaveOptions{}},
					CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{KindQuickFix, KindFixAll}},
				},
				ServerInfo: &ServerInfo{Name: "routevet"},
			},
			`{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2,"save":{"includeText":false}},` +
				`"codeActionProvider":{"codeActionKinds":["quickfix","source.fixAll.routevet"]}},"serverInfo":{"name":"routevet"}}`,
		},
	} {
		got, err := json.Marshal(tc.v)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestDecodeClientMessages decodes requests as clients send them, with
// fields the server does not declare.
func TestDecodeClientMessages(t *testing.T) {
	var init InitializeParams
	err := json.Unmarshal([]byte(`{"processId":null,"rootUri":"file:///m","capabilities":{
		"workspace":{"workspaceEdit":{"documentChanges":true,"resourceOperations":["create"]},"didChangeWatchedFiles":{"dynamicRegistration":true}},
		"textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix"]}}}},
		"general":{"positionEncodings":["utf-16"]}},
		"initializationOptions":{"routevet":{"disable":["unreadbody"]}}}`), &init)
	if err != nil {
		t.Fatal(err)
	}
	caps := init.Capabilities
	if init.ProcessID != nil || init.RootURI != "file:///m" || !caps.Workspace.WorkspaceEdit.DocumentChanges ||
		!caps.Workspace.DidChangeWatchedFiles.DynamicRegistration || caps.TextDocument.CodeAction.CodeActionLiteralSupport == nil ||
		string(init.InitializationOptions) != `{"routevet":{"disable":["unreadbody"]}}` {
		t.Errorf("decoded %+v", init)
	}

	var change DidChangeTextDocumentParams
	err = json.Unmarshal([]byte(`{"textDocument":{"uri":"file:///m/a.go","version":7},"contentChanges":[
		{"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":4}},"rangeLength":2,"text":"é"},
		{"text":"package a\n"}]}`), &change)
	if err != nil {
		t.Fatal(err)
	}
	if change.TextDocument.Version != 7 || len(change.ContentChanges) != 2 ||
		change.ContentChanges[0].Range == nil || change.ContentChanges[0].Range.End.Character != 4 || change.ContentChanges[0].Text != "é" ||
		change.ContentChanges[1].Range != nil {
		t.Errorf("decoded %+v", change)
	}
}
