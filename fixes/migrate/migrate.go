// Package migrate is the purehandler migration engine: it rewrites a
// handler that writes its response through http.ResponseWriter into a
// route.Func, a function from *http.Request to (*http.Response, error),
// with the same status, headers and body on every path, or returns a
// *Blocked error saying why it cannot. See analyzers/purehandler/doc.go
// for the user's view. The translation of the body is in translate.go,
// the new declarations and registrations in declare.go, names and
// imports in names.go, the package's helpers that write a response (and
// their pure counterparts) in helpers.go, and the library helpers mapped
// to route helpers in library.go.
//
// What library calls do to the writer comes from the shared table of
// internal/effects, and the writer's copies from internal/alias, so the
// migration and the analyzers agree on them.
package migrate

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/source"
)

// RoutePath is the import path of the runtime migrated handlers use.
const RoutePath = "github.com/routevet/routevet/route"

// Reasons a handler cannot be migrated without changing what it sends.
// They are stable keywords: reports count blocked handlers by them.
const (
	ReasonWriterEscapes     = "writer-escapes"      // passed to a function, stored, or used as a value
	ReasonDelegates         = "delegates"           // passed on to another handler (middleware, dispatch)
	ReasonFlushHijack       = "flush-hijack"        // Flush, Hijack, Push or http.ResponseController
	ReasonDeferredWrite     = "deferred-write"      // a deferred function uses the writer
	ReasonGoroutineWrite    = "goroutine-write"     // a goroutine uses the writer
	ReasonClosureWrite      = "closure-write"       // a function literal uses the writer
	ReasonWriteInLoop       = "write-in-loop"       // a write in a loop that does not end the handler (streaming)
	ReasonMultipleWrites    = "multiple-writes"     // more than one body write on a path
	ReasonCodeAfterWrite    = "code-after-write"    // statements still run after the response is written
	ReasonHeaderAfterCommit = "header-after-commit" // a header or status change after the response was committed
	ReasonConditionalWrite  = "conditional-write"   // headers or status set in a branch that does not end the handler
	ReasonHeaderRead        = "header-read"         // the handler reads or keeps its response header map
	ReasonDynamicHeader     = "dynamic-header"      // a header key that is not a constant, or a framing header
	ReasonRecover           = "recover"             // recover() would make a panic lose the headers set before it
	ReasonControlFlow       = "control-flow"        // goto, or break/continue/fallthrough with a pending response
	ReasonJSONEncodeError   = "json-encode-error"   // an encoding failure of the value is handled with the writer
	ReasonRedirectHeader    = "redirect-header"     // Content-Type set before http.Redirect changes its body
	ReasonDeferBeforeSend   = "defer-before-send"   // a deferred call may reuse the bytes before they are sent
	ReasonGeneric           = "generic"             // a generic function (the adapter would need type arguments)
	ReasonNameConflict      = "name-conflict"       // a name the rewrite needs is shadowed
	ReasonTemplateError     = "template-error"      // a template's error is used after it may have sent part of the page
	ReasonWriteError        = "write-error"         // a failed write is handled (logged, or answered with http.Error)
	// A header or status set before the writer is passed to a helper of
	// the package that writes the rest of the response.
	ReasonHeaderBeforeHelper = "header-before-helper"
	// A helper that adds to or deletes a header its callers may have set.
	ReasonHelperMergesHeader = "helper-merges-header"
	// A helper with results that writes a response when it fails: it
	// may write on a path where its error result may be nil, or a caller
	// does not return at once when the error is not nil (results.go).
	ReasonHelperResult = "helper-result"
)

// Reasons lists every reason, in the order of the constants.
var Reasons = []string{
	ReasonWriterEscapes, ReasonDelegates, ReasonFlushHijack, ReasonDeferredWrite, ReasonGoroutineWrite,
	ReasonClosureWrite, ReasonWriteInLoop, ReasonMultipleWrites, ReasonCodeAfterWrite,
	ReasonHeaderAfterCommit, ReasonConditionalWrite, ReasonHeaderRead, ReasonDynamicHeader,
	ReasonRecover, ReasonControlFlow, ReasonJSONEncodeError, ReasonRedirectHeader,
	ReasonDeferBeforeSend, ReasonGeneric, ReasonNameConflict, ReasonTemplateError, ReasonWriteError,
	ReasonHeaderBeforeHelper, ReasonHelperMergesHeader, ReasonHelperResult, ReasonForeignHelper,
}

// A Handler is a handler to migrate to a route.Func.
type Handler struct {
	Pass *analysis.Pass
	// Decl or Lit is the handler, with the shape
	// func(http.ResponseWriter, *http.Request) and a body.
	Decl *ast.FuncDecl
	Lit  *ast.FuncLit
	// Writer and Request are its parameters.
	Writer, Request *types.Var
	// InPlace says that every use of a declared handler is one of
	// Registrations, so the function itself becomes the route.Func and the
	// registrations are rewritten; otherwise the function keeps its name and
	// signature as a one-line adapter over a new pure function. A literal
	// is always rewritten where it is; Registrations then holds its
	// registration, if it is the handler argument of one.
	InPlace       bool
	Registrations []Registration
	// SplitMethods allows a handler that dispatches on r.Method to be split
	// into one function per method wired through route.Methods, which
	// answers OPTIONS, HEAD and unknown methods itself.
	SplitMethods bool
	// Taken reports names that files the pass does not see (the package's
	// tests, files for other build tags) declare or use; new names avoid
	// them. It may be nil.
	Taken func(name string) bool
	// Helpers, when set, migrates the package's helpers the handler
	// passes its writer to (helpers.go).
	Helpers *Helpers
	// withResults: the function is a helper of the package whose last
	// result is an error, migrated to a counterpart that returns its
	// results with the response before the error (results.go).
	withResults bool
}

// A Registration is a route registration of a handler in the package.
type Registration struct {
	Call *ast.CallExpr
	// Ref is the handler's reference in the call: the identifier or
	// selector naming the function, or the literal.
	Ref ast.Expr
	// Handle, when Ref is the handler argument of a registration method
	// that has a twin taking an http.Handler, names the twin: "Handle" for
	// ServeMux, chi and gorilla/mux HandleFunc, "Handler" for gorilla's
	// Route.HandlerFunc, "Method" for chi's MethodFunc. The call then
	// becomes Handle(pattern, route.Func(h)).
	Handle string
}

// A Migration is the fix for a migratable handler.
type Migration struct {
	Fix analysis.SuggestedFix
	// Methods lists the methods of a handler split through route.Methods;
	// nil when the handler was not split.
	Methods []string
	// PureName is the name of the pure function (the handler's own name
	// when it was migrated in place; "" for a literal).
	PureName string
	// SniffedJSON is set when a JSON response had no Content-Type, so the
	// fix keeps the text/plain type net/http sniffed for it.
	SniffedJSON bool
	// Helpers names the helpers of the package the fix turns into
	// adapters over new pure counterparts, sorted.
	Helpers []string
}

// Blocked is the error Migrate returns for a handler it cannot migrate
// without changing what it sends: the reason keyword, where, and what
// the code there does.
type Blocked struct {
	Reason string    // one of the Reason constants
	Pos    token.Pos // the code that blocks
	Detail string    // what it is, for the message: "the writer is passed to render"
}

func (b *Blocked) Error() string { return b.Detail + " [blocked: " + b.Reason + "]" }

// Migrate returns the fix that migrates h to a route.Func. When h cannot
// be migrated without changing the response, the error is a *Blocked
// saying why.
func Migrate(h *Handler) (*Migration, error) {
	m, blocked := newMigrator(h)
	if blocked != nil {
		return nil, blocked
	}
	mig := m.migrate()
	if m.blocked != nil && streamFallback(h, m.blocked) {
		// The block is in a tail that streams the body (stream.go).
		if m, blocked = newStreamMigrator(h); blocked != nil {
			return nil, blocked
		}
		mig = m.migrate()
	}
	if m.blocked != nil {
		return nil, m.blocked
	}
	return mig, nil
}

// migrator holds one handler's migration.
type migrator struct {
	h     *Handler
	pass  *analysis.Pass
	info  *types.Info
	fset  *token.FileSet
	file  *ast.File
	tf    *token.File
	src   []byte
	body  *ast.BlockStmt
	ftype *ast.FuncType

	files map[*token.File]*editedFile // every file the fix edits

	httpName  string // net/http's name in the handler's file
	routeName string // route's name in the handler's file

	effects  map[ast.Stmt]*stmtEffect
	consumed map[*ast.Ident]bool // writer uses inside effects
	uses     []token.Pos         // positions of every writer use, sorted
	hasDefer bool
	used     map[string]bool // identifier names in the function

	targets []branchTarget        // enclosing break/continue targets
	loops   int                   // enclosing loops
	labels  map[string]*respState // entry states of labeled statements

	ops []*headerOp // every header and status operation, in source order
	// The response edits of the body, rendered once hoisting is decided.
	pending []*pendingReturn
	notes   migrationNotes
	// writers are the writer and its local copies (rw := w).
	writers *alias.Set
	// limits are the http.MaxBytesReader calls to rewrite (limit.go).
	limits []*limitCall
	// helpers are the package's helpers whose counterparts the
	// translation calls; blockedBy is the helper whose own reason
	// blocked the migration, if that is what did.
	helpers   []*helper
	blockedBy *helper
	// blocked is the first reason found that the handler cannot be
	// migrated; see block.
	blocked *Blocked
	// ret is, while a response of a helper with results is rendered, the
	// helper's return statement it becomes part of (results.go).
	ret *ast.ReturnStmt
	// nonNil proves error expressions not nil (nonnil.go), made once.
	nonNil *nonNilProver
	// retName is the local a helper with results keeps a response in
	// before it returns it; retBlocks the blocks declaring it.
	retName   string
	retBlocks map[ast.Node]bool
	// closureLits are the function literals translated into pure
	// counterparts, closureCalls the calls of them (closures.go).
	closureLits  map[*ast.FuncLit]*closure
	closureCalls map[*ast.Ident]*closure
	// foreignEdits are the edits of other packages' files the fix
	// carries: those making the counterparts of their helpers it calls.
	foreignEdits []analysis.TextEdit
	// unproven, in a helper with results, is the first place it may
	// write a response with a nil error (results.go).
	unproven *Blocked
	// stream, when set, is the tail of the body kept in a
	// route.WriteThrough (stream.go).
	stream *streamTail
}

type migrationNotes struct{ sniffedJSON bool }

// A editedFile is a file the fix edits, with its edits so far.
type editedFile struct {
	file  *ast.File
	tf    *token.File
	src   []byte
	edits []fileEdit
	// qualifiers the fix's new text uses, by import path
	needs map[string]string
}

// A fileEdit replaces [start, end) with text; copies lists the ranges of
// the original source that text repeats, so uses of imports inside them
// still count.
type fileEdit struct {
	start, end token.Pos
	text       string
	copies     [][2]token.Pos
}

func newMigrator(h *Handler) (*migrator, *Blocked) {
	pass := h.Pass
	m := &migrator{
		h:        h,
		pass:     pass,
		info:     pass.TypesInfo,
		fset:     pass.Fset,
		files:    map[*token.File]*editedFile{},
		effects:  map[ast.Stmt]*stmtEffect{},
		consumed: map[*ast.Ident]bool{},
		used:     map[string]bool{},
		labels:   map[string]*respState{},
	}
	var node ast.Node
	if h.Decl != nil {
		node, m.body, m.ftype = h.Decl, h.Decl.Body, h.Decl.Type
	} else {
		node, m.body, m.ftype = h.Lit, h.Lit.Body, h.Lit.Type
	}
	if m.body == nil {
		return nil, &Blocked{ReasonWriterEscapes, node.Pos(), "the handler has no body"}
	}
	if m.ftype.TypeParams != nil {
		// The adapter and the registrations would need type arguments.
		return nil, &Blocked{ReasonGeneric, node.Pos(), "the handler is a generic function"}
	}
	f := m.fileOf(node.Pos())
	if f == nil {
		return nil, &Blocked{ReasonWriterEscapes, node.Pos(), "the handler's source is not available"}
	}
	m.file, m.tf, m.src = f.file, f.tf, f.src
	if m.httpName = importName(m.info, m.file, "net/http"); m.httpName == "" || m.httpName == "." || m.httpName == "_" {
		return nil, &Blocked{ReasonNameConflict, node.Pos(), "the file does not import net/http by name"}
	}
	m.routeName = m.importNameFor(f, RoutePath, "route")
	m.writers = alias.Of(m.info, m.body, h.Writer)
	ast.Inspect(m.body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			m.used[id.Name] = true
		}
		return true
	})
	return m, nil
}

// fileOf returns the file holding pos, reading its source once.
func (m *migrator) fileOf(pos token.Pos) *editedFile {
	tf := m.fset.File(pos)
	if tf == nil {
		return nil
	}
	if f, ok := m.files[tf]; ok {
		return f
	}
	var file *ast.File
	for _, f := range m.pass.Files {
		if m.fset.File(f.FileStart) == tf {
			file = f
			break
		}
	}
	if file == nil {
		return nil
	}
	src, err := source.ReadFile(m.pass, tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil
	}
	f := &editedFile{file: file, tf: tf, src: src, needs: map[string]string{}}
	m.files[tf] = f
	return f
}

// text returns the source of [from, to) in the handler's file.
func (m *migrator) text(from, to token.Pos) string {
	return string(m.src[m.tf.Offset(from):m.tf.Offset(to)])
}

// node writes the source of n, recording it as a copy.
func (t *snippet) node(m *migrator, n ast.Node) {
	t.copy(m, n.Pos(), n.End())
}

// A snippet is new source text under construction.
type snippet struct {
	strings.Builder
	copies [][2]token.Pos
}

func (t *snippet) copy(m *migrator, from, to token.Pos) {
	t.WriteString(m.text(from, to))
	t.copies = append(t.copies, [2]token.Pos{from, to})
}

func (t *snippet) add(other snippet) {
	t.WriteString(other.String())
	t.copies = append(t.copies, other.copies...)
}

// edit records an edit of the file holding start.
func (m *migrator) edit(start, end token.Pos, t *snippet) {
	f := m.fileOf(start)
	if f == nil {
		m.block(ReasonNameConflict, start, "the source of a file the fix would edit is not available")
		return
	}
	var e fileEdit
	e.start, e.end = start, end
	if t != nil {
		e.text, e.copies = t.String(), t.copies
	}
	f.edits = append(f.edits, e)
}

func (m *migrator) editString(start, end token.Pos, s string) {
	m.edit(start, end, plainSnippet(s))
}

func plainSnippet(s string) *snippet {
	t := new(snippet)
	t.WriteString(s)
	return t
}

// block records why the handler cannot be migrated. The first reason
// found is the one reported; the caller returns at once, and each phase
// of the migration stops when a reason is recorded, so no later step
// works on a half-understood handler.
func (m *migrator) block(reason string, pos token.Pos, format string, args ...any) {
	if m.blocked == nil {
		m.blocked = &Blocked{Reason: reason, Pos: pos, Detail: fmt.Sprintf(format, args...)}
	}
}

// migrate builds the fix; it returns nil when a phase blocks.
func (m *migrator) migrate() *Migration {
	if m.classify(); m.blocked != nil {
		return nil
	}
	if m.checkLimits(); m.blocked != nil {
		return nil
	}
	mig := &Migration{}
	split := m.methodSplit()
	if split != nil {
		m.translateSplit(split)
		mig.Methods = split.methods()
	} else {
		m.translateBody()
	}
	if m.blocked != nil {
		return nil
	}
	if mig.PureName = m.declare(split); m.blocked != nil {
		return nil
	}
	if m.rewriteRegistrations(); m.blocked != nil {
		return nil
	}
	if m.mergeHelpers(); m.blocked != nil {
		return nil
	}
	mig.SniffedJSON = m.notes.sniffedJSON
	mig.Helpers = m.migratedHelpers()
	mig.Fix = analysis.SuggestedFix{Message: m.fixMessage(split), TextEdits: m.textEdits()}
	return mig
}

func (m *migrator) fixMessage(split *splitPlan) string {
	if split != nil {
		return "Split into one route.Func per method wired through route.Methods"
	}
	return "Migrate to a pure route.Func"
}

// textEdits returns every file's edits, with the import changes they need.
func (m *migrator) textEdits() []analysis.TextEdit {
	var tfs []*token.File
	for tf := range m.files {
		tfs = append(tfs, tf)
	}
	slices.SortFunc(tfs, func(a, b *token.File) int { return a.Base() - b.Base() })
	var out []analysis.TextEdit
	for _, tf := range tfs {
		f := m.files[tf]
		if len(f.edits) == 0 {
			continue
		}
		edits := append(f.edits, m.importEdits(f)...)
		slices.SortStableFunc(edits, func(a, b fileEdit) int {
			if a.start != b.start {
				return int(a.start - b.start)
			}
			return int(a.end - b.end)
		})
		for _, e := range edits {
			out = append(out, analysis.TextEdit{Pos: e.start, End: e.end, NewText: []byte(e.text)})
		}
	}
	return append(out, m.foreignEdits...)
}
