package effects

// The Streams fact, which writerwrap's advice reads: it is computed here,
// by an analyzer that runs on every package anyway, so that writerwrap
// has no fact of its own and runs on the analyzed packages only (every
// analyzer with facts costs an action on each dependency).

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/httpmodel"
)

// Streams returns the package's Streams fact (its own, or that of an
// import of its module), nil when nothing streams.
func (r *Result) Streams() *Streams { return r.streams }

// Streams is a package fact: code of the package, or of a package of the
// same module that it imports, flushes a response, hijacks its connection
// or sets its deadlines. Facts flow from a package to its importers only,
// so the package that wires middleware to handlers (a main package, a
// server package) learns what the handlers below it do; a middleware
// package that imports no handler does not, which is why exported
// wrappers are reported without it.
type Streams struct {
	Module string // the module whose code streams
	Where  string // the first function that does, "pkg.Func"
}

func (*Streams) AFact() {}

func (s *Streams) String() string { return "streams in " + s.Where }

// exportStreams decides the package's Streams fact, exports it and
// returns it (nil when nothing streams).
func (r *Result) exportStreams() *Streams {
	pass := r.pass
	mod := moduleOf(pass)
	var s *Streams
	if r.importsHTTP() {
		s = ownStreaming(pass, pass.ResultOf[httpmodel.Analyzer].(*httpmodel.Model), mod)
	}
	if s == nil {
		// The fact of the first import by path that has one of this
		// module: found without sorting a copy of the imports (the
		// slice belongs to the package's types, which other analyzers
		// of the package read at the same time).
		var first *types.Package
		for _, imp := range pass.Pkg.Imports() {
			var dep Streams
			if (first == nil || imp.Path() < first.Path()) && pass.ImportPackageFact(imp, &dep) && dep.Module == mod {
				first, s = imp, &dep
			}
		}
	}
	if s != nil {
		pass.ExportPackageFact(s)
	}
	return s
}

// moduleOf names the package's module. Drivers that know no module (test
// fixtures in a GOPATH tree, the standard library, some plugins) get a
// guess from the path: its first element when that has no dot (fixtures,
// std), else host/owner/repo.
func moduleOf(pass *analysis.Pass) string {
	if pass.Module != nil && pass.Module.Path != "" {
		return pass.Module.Path
	}
	parts := strings.Split(pass.Pkg.Path(), "/")
	if !strings.Contains(parts[0], ".") || len(parts) < 3 {
		return parts[0]
	}
	return strings.Join(parts[:3], "/")
}

// ownStreaming returns the first function of the package's non-test files
// that calls http.NewResponseController or a method of
// *http.ResponseController, or asserts a value to http.Flusher or
// http.Hijacker. Methods of response writers are left out: they are
// wrappers forwarding the call, not handlers that make it.
func ownStreaming(pass *analysis.Pass, m *httpmodel.Model, mod string) *Streams {
	// Each way to stream names net/http (NewResponseController, a
	// *http.ResponseController, http.Flusher or http.Hijacker): a package
	// that does not import it has nothing to look at (the caller checks).
	if !mayStream(pass.TypesInfo, m) {
		return nil
	}
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go") {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			// The cheap test first: few functions stream, and asking
			// whether a method's type is a writer builds method sets.
			if streamsIn(pass.TypesInfo, fd.Body) && !IsWrapperMethod(pass.TypesInfo, fd) {
				return &Streams{Module: mod, Where: fmt.Sprintf("%s.%s", pass.Pkg.Name(), fd.Name.Name)}
			}
		}
	}
	return nil
}

// mayStream reports whether any code of the package streams, from the
// calls and type assertions the model recorded: most packages that import
// net/http do not, and then no function body needs walking.
func mayStream(info *types.Info, m *httpmodel.Model) bool {
	for _, fn := range m.Calls() {
		if isStreamingCall(fn) {
			return true
		}
	}
	for _, ta := range m.TypeAssertions() {
		if IsStreamingInterface(info.TypeOf(ta.Type)) {
			return true
		}
	}
	return false
}

// streamsIn reports whether body flushes, hijacks or sets deadlines.
func streamsIn(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			if n.Type != nil && IsStreamingInterface(info.TypeOf(n.Type)) {
				found = true
			}
		case *ast.CallExpr:
			if fn, _ := typeutil.Callee(info, n).(*types.Func); fn != nil && isStreamingCall(fn) {
				found = true
			}
		}
		return !found
	})
	return found
}

// isStreamingCall reports whether fn is http.NewResponseController or a
// method of *http.ResponseController.
func isStreamingCall(fn *types.Func) bool {
	if code.IsFunc(fn, "net/http", "NewResponseController") {
		return true
	}
	recv := fn.Signature().Recv()
	return recv != nil && code.IsPointerTo(recv.Type(), "net/http", "ResponseController")
}

// IsStreamingInterface reports whether t is http.Flusher or http.Hijacker.
func IsStreamingInterface(t types.Type) bool {
	return code.IsNamed(t, "net/http", "Flusher") || code.IsNamed(t, "net/http", "Hijacker")
}

// IsWrapperMethod reports whether fd is a method of a type whose pointer
// has the methods of http.ResponseWriter (a writer wrapper).
func IsWrapperMethod(info *types.Info, fd *ast.FuncDecl) bool {
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	for _, m := range []string{"Header", "Write", "WriteHeader"} {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, fn.Pkg(), m); obj == nil {
			return false
		}
	}
	return true
}
