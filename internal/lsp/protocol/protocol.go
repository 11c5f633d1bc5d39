// Package protocol declares the Language Server Protocol types routevet's
// language server uses, written by hand from the LSP 3.17 specification
// (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/).
// Only the fields routevet reads or writes are declared; JSON decoding
// ignores the rest. Names follow the specification's.
package protocol

import "encoding/json"

// A Position is a zero-based line and a character offset in UTF-16 code
// units within that line, the only position encoding every client
// supports.
type Position struct {
	Line      uint32 `json:"line"`
	Character uint32 `json:"character"`
}

// A Range is the half-open interval [Start, End).
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// A Location is a range in a document.
type Location struct {
	URI   string `json:"uri"`
	Range Range  `json:"range"`
}

// A TextDocumentItem is an opened document with its full text.
type TextDocumentItem struct {
	URI        string `json:"uri"`
	LanguageID string `json:"languageId"`
	Version    int32  `json:"version"`
	Text       string `json:"text"`
}

// A TextDocumentIdentifier names a document.
type TextDocumentIdentifier struct {
	URI string `json:"uri"`
}

// A VersionedTextDocumentIdentifier names one version of an open document.
type VersionedTextDocumentIdentifier struct {
	URI     string `json:"uri"`
	Version int32  `json:"version"`
}

// An OptionalVersionedTextDocumentIdentifier names one version of a
// document, or (Version nil, sent as null) the document as it is on disk.
type OptionalVersionedTextDocumentIdentifier struct {
	URI     string `json:"uri"`
	Version *int32 `json:"version"`
}

// A TextDocumentContentChangeEvent replaces Range with Text, or the whole
// document when Range is absent.
type TextDocumentContentChangeEvent struct {
	Range *Range `json:"range,omitempty"`
	// RangeLength is deprecated in the protocol; Range alone is used.
	RangeLength *uint32 `json:"rangeLength,omitempty"`
	Text        string  `json:"text"`
}

// DidOpenTextDocumentParams are the parameters of textDocument/didOpen.
type DidOpenTextDocumentParams struct {
	TextDocument TextDocumentItem `json:"textDocument"`
}

// DidChangeTextDocumentParams are the parameters of textDocument/didChange:
// changes applied in order to the previous version.
type DidChangeTextDocumentParams struct {
	TextDocument   VersionedTextDocumentIdentifier  `json:"textDocument"`
	ContentChanges []TextDocumentContentChangeEvent `json:"contentChanges"`
}

// DidSaveTextDocumentParams are the parameters of textDocument/didSave.
type DidSaveTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Text         *string                `json:"text,omitempty"`
}

// DidCloseTextDocumentParams are the parameters of textDocument/didClose.
type DidCloseTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// DiagnosticSeverity values.
const (
	SeverityError       = 1
	SeverityWarning     = 2
	SeverityInformation = 3
	SeverityHint        = 4
)

// A Diagnostic is one finding. Source is the analyzer's name, Code the
// diagnostic's category, and CodeDescription links to the analyzer's
// documentation.
type Diagnostic struct {
	Range              Range                          `json:"range"`
	Severity           int                            `json:"severity,omitempty"`
	Code               string                         `json:"code,omitempty"`
	CodeDescription    *CodeDescription               `json:"codeDescription,omitempty"`
	Source             string                         `json:"source,omitempty"`
	Message            string                         `json:"message"`
	RelatedInformation []DiagnosticRelatedInformation `json:"relatedInformation,omitempty"`
}

// A CodeDescription links a diagnostic code to its documentation.
type CodeDescription struct {
	Href string `json:"href"`
}

// DiagnosticRelatedInformation is another place a diagnostic refers to.
type DiagnosticRelatedInformation struct {
	Location Location `json:"location"`
	Message  string   `json:"message"`
}

// PublishDiagnosticsParams replace every diagnostic of a document; an empty
// (never null) Diagnostics clears them.
type PublishDiagnosticsParams struct {
	URI         string       `json:"uri"`
	Version     *int32       `json:"version,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Code action kinds: a quick fix for one diagnostic, and the source action
// that applies every routevet fix in a file.
const (
	KindQuickFix = "quickfix"
	KindFixAll   = "source.fixAll.routevet"
)

// CodeActionParams are the parameters of textDocument/codeAction.
type CodeActionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
	Context      CodeActionContext      `json:"context"`
}

// CodeActionContext narrows a code action request.
type CodeActionContext struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
	// Only, when present, limits the answer to these kinds (and the kinds
	// below them: "source" asks for "source.fixAll.routevet" too).
	Only []string `json:"only,omitempty"`
}

// A CodeAction is a titled edit the user may apply.
type CodeAction struct {
	Title       string         `json:"title"`
	Kind        string         `json:"kind,omitempty"`
	Diagnostics []Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool           `json:"isPreferred,omitempty"`
	Edit        *WorkspaceEdit `json:"edit,omitempty"`
}

// A WorkspaceEdit holds either DocumentChanges (versioned, so a client
// refuses to apply an edit to a document that changed since) or Changes,
// for clients that do not support the former.
type WorkspaceEdit struct {
	Changes         map[string][]TextEdit `json:"changes,omitempty"`
	DocumentChanges []TextDocumentEdit    `json:"documentChanges,omitempty"`
}

// A TextDocumentEdit is a set of non-overlapping edits to one document,
// all relative to its text before any of them.
type TextDocumentEdit struct {
	TextDocument OptionalVersionedTextDocumentIdentifier `json:"textDocument"`
	Edits        []TextEdit                              `json:"edits"`
}

// A TextEdit replaces Range with NewText.
type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// InitializeParams are the parameters of initialize.
type InitializeParams struct {
	ProcessID             *int               `json:"processId"`
	RootURI               string             `json:"rootUri,omitempty"`
	WorkspaceFolders      []WorkspaceFolder  `json:"workspaceFolders,omitempty"`
	Capabilities          ClientCapabilities `json:"capabilities"`
	InitializationOptions json.RawMessage    `json:"initializationOptions,omitempty"`
}

// A WorkspaceFolder is a root folder the client opened.
type WorkspaceFolder struct {
	URI  string `json:"uri"`
	Name string `json:"name"`
}

// ClientCapabilities are the few client capabilities the server adapts to.
type ClientCapabilities struct {
	Workspace struct {
		WorkspaceEdit struct {
			DocumentChanges bool `json:"documentChanges"`
		} `json:"workspaceEdit"`
		DidChangeWatchedFiles struct {
			DynamicRegistration bool `json:"dynamicRegistration"`
		} `json:"didChangeWatchedFiles"`
	} `json:"workspace"`
	TextDocument struct {
		CodeAction struct {
			CodeActionLiteralSupport *json.RawMessage `json:"codeActionLiteralSupport"`
		} `json:"codeAction"`
	} `json:"textDocument"`
}

// InitializeResult is the answer to initialize.
type InitializeResult struct {
	Capabilities ServerCapabilities `json:"capabilities"`
	ServerInfo   *ServerInfo        `json:"serverInfo,omitempty"`
}

// ServerInfo names the server.
type ServerInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// TextDocumentSyncKind values.
const (
	SyncFull        = 1
	SyncIncremental = 2
)

// ServerCapabilities are what the server offers.
type ServerCapabilities struct {
	PositionEncoding string                  `json:"positionEncoding,omitempty"`
	TextDocumentSync TextDocumentSyncOptions `json:"textDocumentSync"`
	// CodeActionProvider is a CodeActionOptions, or true for clients
	// that do not support code action literals (the protocol allows the
	// options only for those that do).
	CodeActionProvider any `json:"codeActionProvider"`
}

// TextDocumentSyncOptions say which document notifications the server wants.
type TextDocumentSyncOptions struct {
	OpenClose bool        `json:"openClose"`
	Change    int         `json:"change"`
	Save      SaveOptions `json:"save"`
}

// SaveOptions configure textDocument/didSave.
type SaveOptions struct {
	IncludeText bool `json:"includeText"`
}

// CodeActionOptions list the code action kinds the server returns.
type CodeActionOptions struct {
	CodeActionKinds []string `json:"codeActionKinds"`
}

// DidChangeConfigurationParams are the parameters of
// workspace/didChangeConfiguration.
type DidChangeConfigurationParams struct {
	Settings json.RawMessage `json:"settings"`
}

// FileChangeType values.
const (
	FileCreated = 1
	FileChanged = 2
	FileDeleted = 3
)

// A FileEvent is a change to a watched file.
type FileEvent struct {
	URI  string `json:"uri"`
	Type int    `json:"type"`
}

// DidChangeWatchedFilesParams are the parameters of
// workspace/didChangeWatchedFiles.
type DidChangeWatchedFilesParams struct {
	Changes []FileEvent `json:"changes"`
}

// RegistrationParams are the parameters of client/registerCapability.
type RegistrationParams struct {
	Registrations []Registration `json:"registrations"`
}

// A Registration asks the client for one capability.
type Registration struct {
	ID              string `json:"id"`
	Method          string `json:"method"`
	RegisterOptions any    `json:"registerOptions,omitempty"`
}

// DidChangeWatchedFilesRegistrationOptions list the files to watch.
type DidChangeWatchedFilesRegistrationOptions struct {
	Watchers []FileSystemWatcher `json:"watchers"`
}

// A FileSystemWatcher watches the files matching a glob pattern.
type FileSystemWatcher struct {
	GlobPattern string `json:"globPattern"`
}

// MessageType values, for window/logMessage and window/showMessage.
const (
	MessageError   = 1
	MessageWarning = 2
	MessageInfo    = 3
	MessageLog     = 4
)

// LogMessageParams are the parameters of window/logMessage.
type LogMessageParams struct {
	Type    int    `json:"type"`
	Message string `json:"message"`
}

// ShowMessageParams has the same shape as LogMessageParams.
type ShowMessageParams = LogMessageParams

// Error codes the protocol defines beyond JSON-RPC's own.
const (
	CodeServerNotInitialized = -32002
	CodeRequestFailed        = -32803
)
