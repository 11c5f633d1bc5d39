package purehandler

import (
	_ "embed"
	"errors"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/fixes/migrate"
	"github.com/routevet/routevet/internal/alias"
	"github.com/routevet/routevet/internal/analyzerdoc"
	"github.com/routevet/routevet/internal/httpmodel"
	"github.com/routevet/routevet/internal/source"
)

//go:embed doc.go
var doc string

// Name is the analyzer's name.
const Name = "purehandler"

// Categories of the analyzer's diagnostics.
const (
	// CategoryMigratable: the handler can be migrated, with a fix that
	// keeps its status, headers and body on every path.
	CategoryMigratable = "migratable"
	// CategoryMethods: the handler dispatches on r.Method and can be split
	// into one route.Func per method wired through route.Methods, which
	// then answers OPTIONS, HEAD and other methods itself.
	CategoryMethods = "migratable-methods"
	// CategoryBlocked: the handler cannot be migrated automatically; the
	// message ends with "[blocked: REASON]", REASON one of Reasons.
	CategoryBlocked = "blocked"
)

// Categories lists the categories, for the analyzer suite.
var Categories = []string{CategoryMigratable, CategoryMethods, CategoryBlocked}

// Reasons lists the stable keywords of blocked migrations.
var Reasons = migrate.Reasons

var reasonRE = regexp.MustCompile(`\[blocked: ([a-z0-9-]+)\]$`)

// BlockedReason returns the reason keyword of a blocked diagnostic's
// message, for reports that count blocked handlers by reason.
func BlockedReason(message string) (string, bool) {
	if m := reasonRE.FindStringSubmatch(message); m != nil {
		return m[1], true
	}
	return "", false
}

// Analyzer reports handlers that write through http.ResponseWriter, with a
// fix that migrates each to a pure route.Func.
var Analyzer = &analysis.Analyzer{
	Name:     Name,
	Doc:      analyzerdoc.MustExtract(doc, Name),
	URL:      "https://pkg.go.dev/github.com/routevet/routevet/analyzers/purehandler",
	Requires: []*analysis.Analyzer{httpmodel.Analyzer, helpersAnalyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model)
	if m.HTTP == nil || m.HTTP == pass.Pkg || !m.Enabled(Name, Categories...) {
		// net/http's own handlers cannot import the route module.
		return nil, nil
	}
	c := &checker{pass: pass, model: m, uses: handlerUses(pass, m)}
	c.helpers = pass.ResultOf[helpersAnalyzer].(*migrate.Helpers)
	for _, h := range m.Handlers {
		if c.candidate(h) {
			c.check(h)
		}
	}
	return nil, nil
}

type checker struct {
	pass  *analysis.Pass
	model *httpmodel.Model
	// uses lists each declared handler's references.
	uses map[*types.Func][]*ast.Ident
	// hidden holds the identifiers of the package's files the pass does
	// not see: its tests (in the non-test variant) and files for other
	// build tags. hiddenKnown is false if they could not be read.
	hidden      map[string]bool
	hiddenRead  bool
	hiddenKnown bool
	ifaceNames  map[string]bool
	// hasRoute says whether the package depends on the route module,
	// once routeHint has looked.
	hasRoute *bool
	// helpers migrates, once, the package's helpers that handlers pass
	// their writer to.
	helpers *migrate.Helpers
}

// candidate reports whether h writes through its writer, in a file worth
// migrating, and is not already an adapter over a route.Func.
func (c *checker) candidate(h *httpmodel.Handler) bool {
	if h.Body == nil || h.Writer == nil || h.Writer.Name() == "_" || h.Writer.Name() == "" {
		return false
	}
	file := c.fileOf(h.Pos())
	if file == nil || ast.IsGenerated(file) || strings.HasSuffix(c.pass.Fset.File(h.Pos()).Name(), "_test.go") {
		return false
	}
	if isAdapter(c.pass.TypesInfo, h) {
		return false
	}
	return writesItself(c.pass.TypesInfo, h)
}

// writesItself reports whether h uses its writer other than by passing
// it on to another handler: a pure wrapper (middleware, a dispatcher)
// writes nothing itself and is no migration candidate.
func writesItself(info *types.Info, h *httpmodel.Handler) bool {
	writers := alias.Of(info, h.Body, h.Writer)
	found := false
	var stack []ast.Node
	ast.Inspect(h.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if id, ok := n.(*ast.Ident); ok && writers.Contains(info.Uses[id]) {
			call, _ := stack[len(stack)-1].(*ast.CallExpr)
			if _, isAlias := stack[len(stack)-1].(*ast.AssignStmt); !isAlias && (call == nil || !migrate.PassesToHandler(info, call)) {
				found = true
			}
		}
		stack = append(stack, n)
		return true
	})
	return found
}

func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// isAdapter reports whether h's body is the one-line adapter the fix
// leaves: route.Func(f).ServeHTTP(w, r) or route.Methods{...}.ServeHTTP(w, r).
func isAdapter(info *types.Info, h *httpmodel.Handler) bool {
	if len(h.Body.List) != 1 {
		return false
	}
	es, ok := h.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "ServeHTTP" {
		return false
	}
	n, ok := types.Unalias(info.TypeOf(sel.X)).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == migrate.RoutePath
}

// check reports h as migratable, with its fix, or as blocked.
func (c *checker) check(h *httpmodel.Handler) {
	handler := &migrate.Handler{
		Pass:         c.pass,
		Decl:         h.Decl,
		Lit:          h.Lit,
		Writer:       h.Writer,
		Request:      h.Request,
		SplitMethods: c.model.Config.Enabled(Name, CategoryMethods),
		Taken:        c.taken,
		Helpers:      c.helpers,
	}
	handler.Registrations, handler.InPlace = c.registrations(h)
	mig, err := migrate.Migrate(handler)
	name := h.Name()
	if h.Lit != nil {
		name = "literal"
	}
	pos := h.Pos()
	if h.Decl != nil {
		pos = h.Decl.Name.Pos()
	}
	var blocked *migrate.Blocked
	if err != nil && !errors.As(err, &blocked) {
		return // Migrate reports no other error; were it to, say nothing
	}
	if blocked != nil {
		c.model.Report(c.pass, analysis.Diagnostic{
			Pos:      pos,
			Category: CategoryBlocked,
			Message: "handler " + name + " writes its response through http.ResponseWriter but cannot be migrated to a pure route.Func automatically: " +
				blocked.Detail + "; refactor that part by hand [blocked: " + blocked.Reason + "]",
			Related: []analysis.RelatedInformation{{Pos: blocked.Pos, Message: "this blocks the migration: " + blocked.Detail}},
		})
		return
	}
	if mig.Methods != nil {
		c.model.Report(c.pass, analysis.Diagnostic{
			Pos:      pos,
			Category: CategoryMethods,
			Message: "handler " + name + " dispatches on r.Method and writes through http.ResponseWriter; split it into one pure route.Func per method (" +
				strings.Join(mig.Methods, ", ") + ") wired through route.Methods, which then answers OPTIONS (204 with Allow), HEAD (through GET) and other methods (405 with Allow) itself instead of this handler's 405 branch" +
				c.routeHint(),
			SuggestedFixes: []analysis.SuggestedFix{mig.Fix},
		})
		return
	}
	msg := "handler " + name + " writes its response through http.ResponseWriter, so the response exists only as side effects; migrate it to a pure route.Func that returns the same status, headers and body"
	if mig.SniffedJSON {
		msg += " (its JSON is sent as text/plain, sniffed by net/http since no Content-Type is set; the fix keeps that, so set application/json deliberately)"
	}
	if len(mig.Helpers) > 0 {
		msg += " (the fix also keeps " + strings.Join(mig.Helpers, ", ") + " as adapters over pure counterparts it adds)"
	}
	msg += c.routeHint()
	c.model.Report(c.pass, analysis.Diagnostic{
		Pos:            pos,
		Category:       CategoryMigratable,
		Message:        msg,
		SuggestedFixes: []analysis.SuggestedFix{mig.Fix},
	})
}

// routeHint tells, in the diagnostic of a handler with a fix, how to add
// the route module the fix imports, unless the package already depends
// on it (then go.mod has it).
func (c *checker) routeHint() string {
	if c.hasRoute == nil {
		found := false
		seen := map[*types.Package]bool{}
		var visit func(*types.Package)
		visit = func(p *types.Package) {
			if found || seen[p] {
				return
			}
			seen[p] = true
			if p.Path() == migrate.RoutePath {
				found = true
				return
			}
			for _, imp := range p.Imports() {
				visit(imp)
			}
		}
		visit(c.pass.Pkg)
		c.hasRoute = &found
	}
	if *c.hasRoute {
		return ""
	}
	return "; the fix imports " + migrate.RoutePath + ", which go get " + migrate.RoutePath + "@latest adds to go.mod"
}

// registrations returns h's registrations for the fix, and whether every
// use of a declared handler is one of them, so the handler can change in
// place: unexported, not a method an interface may require, referenced
// by no file the pass does not see.
func (c *checker) registrations(h *httpmodel.Handler) ([]migrate.Registration, bool) {
	var regs []migrate.Registration
	refs := 0
	for _, rt := range h.Routes {
		ast.Inspect(rt.HandlerExpr, func(n ast.Node) bool {
			var ref ast.Expr
			switch n := n.(type) {
			case *ast.FuncLit:
				if n == h.Lit {
					ref = n
				}
			case *ast.SelectorExpr:
				if h.Func != nil && c.pass.TypesInfo.Uses[n.Sel] == h.Func {
					ref = n
				}
			case *ast.Ident:
				if h.Func != nil && c.pass.TypesInfo.Uses[n] == h.Func {
					ref = n
				}
			}
			if ref == nil {
				return true
			}
			refs++
			regs = append(regs, migrate.Registration{Call: rt.Call, Ref: ref, Handle: c.handleTwin(rt.Call, ref)})
			return false
		})
	}
	if h.Lit != nil {
		return regs, true
	}
	name := h.Decl.Name.Name
	inPlace := len(h.Routes) > 0 && !h.Referenced && !h.Exported && !ast.IsExported(name) && !h.ServeHTTP &&
		refs == len(c.uses[h.Func]) && c.hiddenFree(name) && !c.interfaceMethod(h)
	if !inPlace {
		return nil, false
	}
	return regs, true
}

// handleTwin returns the method that takes an http.Handler in place of
// the handler function call takes as ref, or "".
func (c *checker) handleTwin(call *ast.CallExpr, ref ast.Expr) string {
	direct := false
	for _, a := range call.Args {
		if ast.Unparen(a) == ref {
			direct = true
		}
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !direct || fn == nil || fn.Pkg() == nil {
		return ""
	}
	switch path := fn.Pkg().Path(); {
	case path == "net/http" && fn.Name() == "HandleFunc":
		return "Handle"
	case (path == "github.com/go-chi/chi/v5" || path == "github.com/go-chi/chi") && fn.Name() == "HandleFunc":
		return "Handle"
	case (path == "github.com/go-chi/chi/v5" || path == "github.com/go-chi/chi") && fn.Name() == "MethodFunc":
		return "Method"
	case path == "github.com/gorilla/mux" && fn.Name() == "HandleFunc":
		return "Handle"
	case path == "github.com/gorilla/mux" && fn.Name() == "HandlerFunc":
		return "Handler"
	}
	return ""
}

// interfaceMethod reports whether h is a method whose name an interface
// of the package declares, so it may be required through that interface.
func (c *checker) interfaceMethod(h *httpmodel.Handler) bool {
	if h.Decl.Recv == nil {
		return false
	}
	if c.ifaceNames == nil {
		c.ifaceNames = map[string]bool{}
		for _, obj := range c.pass.TypesInfo.Defs {
			fn, ok := obj.(*types.Func)
			if !ok {
				continue
			}
			if recv := fn.Signature().Recv(); recv != nil {
				if _, ok := recv.Type().Underlying().(*types.Interface); ok {
					c.ifaceNames[fn.Name()] = true
				}
			}
		}
	}
	return c.ifaceNames[h.Decl.Name.Name]
}

// handlerUses indexes the references of the package's declared handlers.
func handlerUses(pass *analysis.Pass, m *httpmodel.Model) map[*types.Func][]*ast.Ident {
	uses := map[*types.Func][]*ast.Ident{}
	for id, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && m.HandlerOfFunc(fn.Origin()) != nil {
			uses[fn.Origin()] = append(uses[fn.Origin()], id)
		}
	}
	return uses
}

// taken reports whether a file the pass does not see uses name.
func (c *checker) taken(name string) bool {
	c.readHidden()
	return c.hidden[name]
}

// hiddenFree reports whether no file the pass does not see mentions name
// (and those files could be read).
func (c *checker) hiddenFree(name string) bool {
	c.readHidden()
	return c.hiddenKnown && !c.hidden[name]
}

// readHidden collects the identifiers of the package directory's test
// files and of the files excluded by build constraints.
func (c *checker) readHidden() {
	if c.hiddenRead {
		return
	}
	c.hiddenRead = true
	c.hidden, c.hiddenKnown = source.HiddenIdents(c.pass)
}
