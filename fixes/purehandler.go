package fixes

// This file is the purehandler migration: it rewrites a handler that writes
// its response through http.ResponseWriter into a route.Func, a function
// from *http.Request to (*http.Response, error), with the same status,
// headers and body on every path. See analyzers/purehandler/doc.go for the
// user's view; the translation itself is in purehandler_translate.go.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

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
)

// Reasons lists every reason, in the order of the constants.
var Reasons = []string{
	ReasonWriterEscapes, ReasonDelegates, ReasonFlushHijack, ReasonDeferredWrite, ReasonGoroutineWrite,
	ReasonClosureWrite, ReasonWriteInLoop, ReasonMultipleWrites, ReasonCodeAfterWrite,
	ReasonHeaderAfterCommit, ReasonConditionalWrite, ReasonHeaderRead, ReasonDynamicHeader,
	ReasonRecover, ReasonControlFlow, ReasonJSONEncodeError, ReasonRedirectHeader,
	ReasonDeferBeforeSend, ReasonGeneric, ReasonNameConflict,
}

// A PureHandler is a handler to migrate to a route.Func.
type PureHandler struct {
	Pass *analysis.Pass
	// Decl or Lit is the handler, with the shape
	// func(http.ResponseWriter, *http.Request) and a body.
	Decl *ast.FuncDecl
	Lit  *ast.FuncLit
	// Writer and Request are its parameters; IsWriter reports whether an
	// object is the writer or a local alias of it (rw := w).
	Writer, Request *types.Var
	IsWriter        func(types.Object) bool
	// InPlace says that every use of a declared handler is one of
	// Registrations, so the function itself becomes the route.Func and the
	// registrations are rewritten; otherwise the function keeps its name and
	// signature as a one-line adapter over a new pure function. A literal
	// is always rewritten where it is; Registrations then holds its
	// registration, if it is the handler argument of one.
	InPlace       bool
	Registrations []PureRegistration
	// SplitMethods allows a handler that dispatches on r.Method to be split
	// into one function per method wired through route.Methods, which
	// answers OPTIONS, HEAD and unknown methods itself.
	SplitMethods bool
	// Taken reports names that files the pass does not see (the package's
	// tests, files for other build tags) declare or use; new names avoid
	// them. It may be nil.
	Taken func(name string) bool
}

// A PureRegistration is a route registration of a handler in the package.
type PureRegistration struct {
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

// A PureMigration is the fix for a migratable handler.
type PureMigration struct {
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
}

// A PureBlocker says why a handler cannot be migrated automatically.
type PureBlocker struct {
	Reason string    // one of the Reason constants
	Pos    token.Pos // the code that blocks
	Detail string    // what it is, for the message: "the writer is passed to render"
}

func (b *PureBlocker) Error() string { return b.Detail + " [blocked: " + b.Reason + "]" }

// MigrateHandler returns the fix that migrates h to a route.Func, or why
// it cannot be migrated without changing the response.
func MigrateHandler(h *PureHandler) (mig *PureMigration, blocked *PureBlocker) {
	m, err := newPHMigrator(h)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			b, ok := p.(*PureBlocker)
			if !ok {
				panic(p)
			}
			mig, blocked = nil, b
		}
	}()
	return m.migrate(), nil
}

// phMigrator holds one handler's migration.
type phMigrator struct {
	h     *PureHandler
	pass  *analysis.Pass
	info  *types.Info
	fset  *token.FileSet
	file  *ast.File
	tf    *token.File
	src   []byte
	body  *ast.BlockStmt
	ftype *ast.FuncType

	files map[*token.File]*phFile // every file the fix edits

	httpName  string // net/http's name in the handler's file
	routeName string // route's name in the handler's file

	effects  map[ast.Stmt]*phEffect
	consumed map[*ast.Ident]bool // writer uses inside effects
	uses     []token.Pos         // positions of every writer use, sorted
	hasDefer bool
	used     map[string]bool // identifier names in the function

	targets []phTarget          // enclosing break/continue targets
	loops   int                 // enclosing loops
	labels  map[string]*phState // entry states of labeled statements

	ops []*phOp // every header and status operation, in source order
	// The response edits of the body, rendered once hoisting is decided.
	pending []*phPending
	notes   phNotes
}

type phNotes struct{ sniffedJSON bool }

// A phFile is a file the fix edits, with its edits so far.
type phFile struct {
	file  *ast.File
	tf    *token.File
	src   []byte
	edits []phEdit
	// qualifiers the fix's new text uses, by import path
	needs map[string]string
}

// A phEdit replaces [start, end) with text; copies lists the ranges of
// the original source that text repeats, so uses of imports inside them
// still count.
type phEdit struct {
	start, end token.Pos
	text       string
	copies     [][2]token.Pos
}

func newPHMigrator(h *PureHandler) (*phMigrator, *PureBlocker) {
	pass := h.Pass
	m := &phMigrator{
		h:        h,
		pass:     pass,
		info:     pass.TypesInfo,
		fset:     pass.Fset,
		files:    map[*token.File]*phFile{},
		effects:  map[ast.Stmt]*phEffect{},
		consumed: map[*ast.Ident]bool{},
		used:     map[string]bool{},
		labels:   map[string]*phState{},
	}
	var node ast.Node
	if h.Decl != nil {
		node, m.body, m.ftype = h.Decl, h.Decl.Body, h.Decl.Type
	} else {
		node, m.body, m.ftype = h.Lit, h.Lit.Body, h.Lit.Type
	}
	if m.body == nil {
		return nil, &PureBlocker{ReasonWriterEscapes, node.Pos(), "the handler has no body"}
	}
	if m.ftype.TypeParams != nil {
		// The adapter and the registrations would need type arguments.
		return nil, &PureBlocker{ReasonGeneric, node.Pos(), "the handler is a generic function"}
	}
	f := m.fileOf(node.Pos())
	if f == nil {
		return nil, &PureBlocker{ReasonWriterEscapes, node.Pos(), "the handler's source is not available"}
	}
	m.file, m.tf, m.src = f.file, f.tf, f.src
	if m.httpName = phImportName(m.info, m.file, "net/http"); m.httpName == "" || m.httpName == "." || m.httpName == "_" {
		return nil, &PureBlocker{ReasonNameConflict, node.Pos(), "the file does not import net/http by name"}
	}
	m.routeName = m.importNameFor(f, RoutePath, "route")
	ast.Inspect(m.body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			m.used[id.Name] = true
		}
		return true
	})
	return m, nil
}

// fileOf returns the file holding pos, reading its source once.
func (m *phMigrator) fileOf(pos token.Pos) *phFile {
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
	f := &phFile{file: file, tf: tf, src: src, needs: map[string]string{}}
	m.files[tf] = f
	return f
}

// text returns the source of [from, to) in the handler's file.
func (m *phMigrator) text(from, to token.Pos) string {
	return string(m.src[m.tf.Offset(from):m.tf.Offset(to)])
}

// node writes the source of n, recording it as a copy.
func (t *phText) node(m *phMigrator, n ast.Node) {
	t.copy(m, n.Pos(), n.End())
}

// A phText is new source text under construction.
type phText struct {
	strings.Builder
	copies [][2]token.Pos
}

func (t *phText) copy(m *phMigrator, from, to token.Pos) {
	t.WriteString(m.text(from, to))
	t.copies = append(t.copies, [2]token.Pos{from, to})
}

func (t *phText) add(other phText) {
	t.WriteString(other.String())
	t.copies = append(t.copies, other.copies...)
}

// edit records an edit of the file holding start.
func (m *phMigrator) edit(start, end token.Pos, t *phText) {
	f := m.fileOf(start)
	if f == nil {
		m.block(ReasonNameConflict, start, "the source of a file the fix would edit is not available")
	}
	var e phEdit
	e.start, e.end = start, end
	if t != nil {
		e.text, e.copies = t.String(), t.copies
	}
	f.edits = append(f.edits, e)
}

func (m *phMigrator) editString(start, end token.Pos, s string) {
	m.edit(start, end, phString(s))
}

func phString(s string) *phText {
	t := new(phText)
	t.WriteString(s)
	return t
}

// block reports a reason the handler cannot be migrated; MigrateHandler
// recovers it.
func (m *phMigrator) block(reason string, pos token.Pos, format string, args ...any) {
	panic(&PureBlocker{Reason: reason, Pos: pos, Detail: fmt.Sprintf(format, args...)})
}

// migrate builds the fix.
func (m *phMigrator) migrate() *PureMigration {
	m.classify()
	mig := &PureMigration{}
	split := m.methodSplit()
	if split != nil {
		m.translateSplit(split)
		mig.Methods = split.methods()
	} else {
		m.translateBody()
	}
	mig.PureName = m.declare(split)
	m.rewriteRegistrations()
	mig.SniffedJSON = m.notes.sniffedJSON
	mig.Fix = analysis.SuggestedFix{Message: m.fixMessage(split), TextEdits: m.textEdits()}
	return mig
}

func (m *phMigrator) fixMessage(split *phSplit) string {
	if split != nil {
		return "Split into one route.Func per method wired through route.Methods"
	}
	return "Migrate to a pure route.Func"
}

// textEdits returns every file's edits, with the import changes they need.
func (m *phMigrator) textEdits() []analysis.TextEdit {
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
		slices.SortStableFunc(edits, func(a, b phEdit) int {
			if a.start != b.start {
				return int(a.start - b.start)
			}
			return int(a.end - b.end)
		})
		for _, e := range edits {
			out = append(out, analysis.TextEdit{Pos: e.start, End: e.end, NewText: []byte(e.text)})
		}
	}
	return out
}
