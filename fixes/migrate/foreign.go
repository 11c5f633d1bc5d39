package migrate

// Helpers of other packages of the module. Real code keeps its response
// helpers in a package of their own (internal/httputil, render,
// response), called by handlers of other packages:
//
//	render.JSON(w, http.StatusOK, v)
//
// The helper's package P is analyzed before the handler's package Q. While
// analyzing P, ExportFacts migrates each helper another package could call
// (exported, with a writer parameter, not a handler) exactly as a helper
// of P's own handlers (helpers.go), and exports what its callers need as
// a HelperFact on the helper's *types.Func: its counterpart's name, what
// its responses may be (the summary checkHelperCall and the results
// checks read), or why it cannot be made pure, and the edits that add
// the counterpart and turn the helper into an adapter, as file offsets.
// The edits are made once for the package, for all of its helpers that
// can be made pure together (one text per package: the edits of each
// helper are those P's own handler fixes make, and the imports are added
// and removed for them all), and exported as P's ModuleFact: every
// handler fix calling a helper of P carries the same edits, so drivers
// that merge fixes (fixes.Apply, analysistest) apply them once, and a
// fix calling two helpers of P needs no combination of their edits that
// P's analysis did not check (an import both used, now unused).
//
// In Q, a call of render.JSON with such a fact is translated as a call of
// a helper of Q, naming the counterpart through Q's own name for P
// (render.JSONPure(http.StatusOK, v)), and Q's fix carries P's edits: the
// fix applied alone compiles, every other caller of the helper (in P, Q,
// or a third package) keeps compiling through the adapter.
//
// Edits of P's files are only possible where they are in the pass's
// FileSet with the positions P's analysis gave them: in the standalone
// driver and the editor server, which load dependencies from source into
// one FileSet. go vet -vettool reads dependencies from export data; the
// helper's file is then not the one P's analysis saw (checked by name,
// base, size and line table), and the handler is blocked, saying so.
// Helpers of another module (a dependency in the module cache, another
// module of a workspace) or of the standard library are never edited:
// P's ModuleFact says where it is, and those are not analyzed for facts
// at all.

import (
	"encoding/binary"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/routevet/routevet/internal/code"
	"github.com/routevet/routevet/internal/source"
)

// ReasonForeignHelper: the writer is passed to a helper of another
// package that the fix cannot edit (another module, the standard
// library, a package loaded without its source, or one where purehandler
// is off).
const ReasonForeignHelper = "foreign-helper"

// A HelperFact is what the handlers of other packages need of a helper:
// how to call its pure counterpart, what its responses may be, and the
// edits that make the counterpart; or why it cannot be made pure.
type HelperFact struct {
	Writer int    // the writer parameter's index
	Pure   string // the counterpart's name, when not blocked
	// Blocked says why the helper has no counterpart; Via names the
	// chain of helpers to the one that blocks (see helper.via).
	Blocked *FactReason
	Via     string
	// The summary of the counterpart's responses (see helper).
	Keys                                                      []string
	WritesNothing, AliasesArgs, Opaque, WithResults, OKResult bool
	Streams, MayFail                                          bool
	NilErrWrite                                               *FactReason
	// Home is the file declaring the helper as P's analysis saw it, and
	// Decl the helper's position in that analysis: a handler's pass
	// whose FileSet has them too sees P's files as P's analysis did.
	Home FactFile
	Decl int
}

func (*HelperFact) AFact() {}

func (f *HelperFact) String() string {
	if f.Blocked != nil {
		return "helper blocked: " + f.Blocked.Reason
	}
	return "helper with counterpart " + f.Pure
}

// A FactReason is a Blocked, its position that of P's analysis.
type FactReason struct {
	Reason, Detail string
	Pos            int
}

// A FactFile identifies a file as P's analysis saw it (name, FileSet
// base, size and a hash of its line table), with edits of it.
type FactFile struct {
	Name       string
	Base, Size int
	Lines      uint64
	Edits      []FactEdit
}

// A FactEdit replaces the bytes [Start, End) of its file with New.
type FactEdit struct {
	Start, End int
	New        string
}

// A ModuleFact says where a package is, for the handlers of the packages
// importing it: the path of its module ("" outside modules), whether it
// is source the fix may edit (a main module, or a GOPATH package outside
// the standard library), and whether its helpers were analyzed for facts
// (purehandler is on there).
//
// Files holds the edits, by file, that add the counterparts of the
// package's helpers that can be made pure and turn them (and the helpers
// their counterparts call) into adapters; Adapted names those helpers.
// None when every helper already is an adapter.
type ModuleFact struct {
	Path     string
	Editable bool
	Analyzed bool
	Files    []FactFile
	Adapted  []string
}

func (*ModuleFact) AFact() {}

func (f *ModuleFact) String() string { return "module " + f.Path }

// FactTypes lists the facts the helper analysis exports.
var FactTypes = []analysis.Fact{new(HelperFact), new(ModuleFact)}

// PackageFacts exports the package's ModuleFact and, when the package is
// editable and enabled reports true, a HelperFact for each helper another
// package could call; it then reads the facts of the helpers of other
// packages the package calls, for its handlers' migration. It must be
// called during the run of the analyzer whose pass hs has, with
// FactTypes among that analyzer's.
func (hs *Helpers) PackageFacts(enabled func() bool) {
	pass := hs.pass
	mod := &ModuleFact{}
	if pass.Module != nil {
		mod.Path = pass.Module.Path
		mod.Editable = pass.Module.Path != "" && pass.Module.Version == "" && pass.Module.Replace == nil
	}
	if mod.Path == "" {
		mod.Editable = !source.IsStandardLibrary(pass)
	}
	mod.Analyzed = mod.Editable && enabled()
	if mod.Analyzed {
		hs.exportHelpers(mod)
	}
	pass.ExportPackageFact(mod)
	hs.importHelpers()
}

// exportHelpers exports a HelperFact for each function or method of the
// package another package could call as a helper: exported, declared in
// a non-test file, with a writer parameter, and not a handler (a call
// passing the writer to a handler delegates, see PassesToHandler).
func (hs *Helpers) exportHelpers(mod *ModuleFact) {
	pass := hs.pass
	var pure []*helper
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go") {
			continue
		}
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil || !decl.Name.IsExported() {
				continue
			}
			fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if fn == nil || isHandlerSignature(fn.Signature()) {
				continue
			}
			arg := writerParam(fn.Signature())
			if arg < 0 {
				continue
			}
			hp := hs.lookup(fn, arg)
			if hp == nil {
				continue
			}
			if hp.blocked == nil {
				pure = append(pure, hp)
			}
			pass.ExportObjectFact(fn, hs.fact(hp))
		}
	}
	hs.packageEdits(mod, pure)
}

// packageEdits sets mod's edits: those making the counterparts of the
// helpers pure, with the imports they need, as one handler's fix calling
// them all would have them. When they cannot be made (a file the fix
// would edit is not available), no helper of the package is usable by
// other packages: their facts are replaced by blocked ones.
func (hs *Helpers) packageEdits(mod *ModuleFact, pure []*helper) {
	m := &migrator{
		h:     &Handler{Pass: hs.pass, Taken: hs.taken, Helpers: hs},
		pass:  hs.pass,
		info:  hs.pass.TypesInfo,
		fset:  hs.pass.Fset,
		files: map[*token.File]*editedFile{},
		used:  map[string]bool{},
	}
	m.helpers = pure
	if m.mergeHelpers(); m.blocked != nil {
		for _, hp := range pure {
			f := hs.fact(hp)
			f.Blocked = factReason(m.blocked)
			hs.pass.ExportObjectFact(hp.fn, f)
		}
		return
	}
	mod.Adapted = m.migratedHelpers()
	byFile := map[*token.File]*FactFile{}
	for _, e := range m.textEdits() {
		tf := hs.pass.Fset.File(e.Pos)
		ff := byFile[tf]
		if ff == nil {
			id := fileIdentity(tf)
			ff = &id
			byFile[tf] = ff
		}
		ff.Edits = append(ff.Edits, FactEdit{tf.Offset(e.Pos), tf.Offset(e.End), string(e.NewText)})
	}
	for _, ff := range byFile {
		mod.Files = append(mod.Files, *ff)
	}
	sort.Slice(mod.Files, func(i, j int) bool { return mod.Files[i].Base < mod.Files[j].Base })
}

// writerParam returns the index of sig's first http.ResponseWriter
// parameter, or -1.
func writerParam(sig *types.Signature) int {
	for i := range sig.Params().Len() {
		if code.IsNamed(sig.Params().At(i).Type(), "net/http", "ResponseWriter") {
			return i
		}
	}
	return -1
}

// isHandlerSignature reports whether sig is func(http.ResponseWriter,
// *http.Request), whose calls PassesToHandler treats as delegation.
func isHandlerSignature(sig *types.Signature) bool {
	return sig.Params().Len() == 2 && sig.Results().Len() == 0 &&
		code.IsNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") &&
		code.IsPointerTo(sig.Params().At(1).Type(), "net/http", "Request")
}

// fact returns hp's HelperFact.
func (hs *Helpers) fact(hp *helper) *HelperFact {
	tf := hs.pass.Fset.File(hp.fn.Pos())
	f := &HelperFact{Writer: hp.writer, Home: fileIdentity(tf), Decl: int(hp.fn.Pos())}
	if hp.blocked != nil {
		f.Blocked, f.Via = factReason(hp.blocked), hp.via
		return f
	}
	f.Pure = hp.pure
	for k := range hp.keys {
		f.Keys = append(f.Keys, k)
	}
	slices.Sort(f.Keys)
	f.WritesNothing, f.AliasesArgs, f.Opaque, f.WithResults, f.OKResult = hp.writesNothing, hp.aliasesArgs, hp.opaque, hp.withResults, hp.okResult
	f.Streams, f.MayFail = hp.streams, hp.mayFail
	if hp.nilErrWrite != nil {
		f.NilErrWrite = factReason(hp.nilErrWrite)
	}
	return f
}

func factReason(b *Blocked) *FactReason {
	return &FactReason{Reason: b.Reason, Detail: b.Detail, Pos: int(b.Pos)}
}

// fileIdentity returns what identifies tf in a FileSet, without edits.
func fileIdentity(tf *token.File) FactFile {
	h := fnv.New64a()
	var buf [8]byte
	for _, off := range tf.Lines() {
		binary.LittleEndian.PutUint64(buf[:], uint64(off))
		h.Write(buf[:])
	}
	return FactFile{Name: tf.Name(), Base: tf.Base(), Size: tf.Size(), Lines: h.Sum64()}
}

// fileOfFact returns the file of fset that ff identifies, or nil when
// fset has no such file (the package was loaded from export data, whose
// positions are of made-up files of the same names).
func fileOfFact(fset *token.FileSet, ff FactFile) *token.File {
	tf := fset.File(token.Pos(ff.Base))
	if tf == nil || tf.Base() != ff.Base {
		return nil
	}
	id := fileIdentity(tf)
	if id.Name != ff.Name || id.Size != ff.Size || id.Lines != ff.Lines {
		return nil
	}
	return tf
}

// importHelpers reads the facts of the functions of other packages the
// package uses that take a writer, and the ModuleFacts of their packages.
func (hs *Helpers) importHelpers() {
	pass := hs.pass
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			continue
		}
		fn = fn.Origin()
		if _, seen := hs.foreign[fn]; seen || writerParam(fn.Signature()) < 0 {
			continue
		}
		var f HelperFact
		if pass.ImportObjectFact(fn, &f) {
			hs.foreign[fn] = &f
		} else {
			hs.foreign[fn] = nil
		}
		if _, seen := hs.modules[fn.Pkg()]; !seen {
			var mf ModuleFact
			if pass.ImportPackageFact(fn.Pkg(), &mf) {
				hs.modules[fn.Pkg()] = &mf
			} else {
				hs.modules[fn.Pkg()] = nil
			}
		}
	}
}

// foreignHelper returns the helper of another package fn is, with a
// writer parameter at index arg, from its fact: with its counterpart and
// edits, or blocked with why it cannot be used; nil when nothing is
// known of it (its writes the rewrite then cannot see).
func (hs *Helpers) foreignHelper(fn *types.Func, arg int) *helper {
	if hp, ok := hs.done[fn]; ok {
		if hp.writer != arg {
			return nil
		}
		return hp
	}
	mod := hs.modules[fn.Pkg()]
	if mod == nil {
		return nil
	}
	params := fn.Signature().Params()
	if arg >= params.Len() || !code.IsNamed(params.At(arg).Type(), "net/http", "ResponseWriter") {
		return nil
	}
	hp := &helper{fn: fn, writer: arg}
	block := func(format string, args ...any) *helper {
		hp.blocked = &Blocked{ReasonForeignHelper, fn.Pos(), fmt.Sprintf(format, args...)}
		hp.foreignBlock = true
		hs.done[fn] = hp
		return hp
	}
	here := ""
	if hs.pass.Module != nil {
		here = hs.pass.Module.Path
	}
	pkgPath := fn.Pkg().Path()
	switch {
	case !mod.Editable && mod.Path == "":
		return block("a function of the standard library (%s), which the fix does not edit", pkgPath)
	case !mod.Editable:
		return block("a function of the module %s, a dependency, which the fix does not edit (it edits only the module it runs on)", mod.Path)
	case mod.Path != here:
		return block("a function of the module %s, which the fix does not edit (it edits only the module of the handler, %s)", mod.Path, here)
	case !mod.Analyzed:
		return block("a function of %s, where purehandler is off, so the fix does not make its pure counterpart; enable purehandler there too", pkgPath)
	}
	f := hs.foreign[fn]
	if f == nil || f.Writer != arg {
		return nil
	}
	hs.done[fn] = hp
	home := fileOfFact(hs.pass.Fset, f.Home)
	shared := home != nil && int(fn.Pos()) == f.Decl
	pos := func(r *FactReason) token.Pos {
		if shared && hs.pass.Fset.File(token.Pos(r.Pos)) != nil {
			return token.Pos(r.Pos)
		}
		return fn.Pos()
	}
	if f.Blocked != nil {
		hp.blocked, hp.via = &Blocked{f.Blocked.Reason, pos(f.Blocked), f.Blocked.Detail}, f.Via
		return hp
	}
	if !shared {
		return block("a helper of %s, whose source this driver did not load (go vet reads dependencies from export data), so the fix cannot add its pure counterpart there; run routevet -purehandler -fix instead", pkgPath)
	}
	for _, ff := range mod.Files {
		tf := fileOfFact(hs.pass.Fset, ff)
		if tf == nil {
			return block("a helper of %s, whose file %s this driver did not load as the helper's analysis saw it, so the fix cannot edit it", pkgPath, ff.Name)
		}
		for _, e := range ff.Edits {
			if e.Start < 0 || e.End < e.Start || e.End > tf.Size() {
				return block("a helper of %s, whose file %s changed since the helper's analysis", pkgPath, ff.Name)
			}
			hp.foreignEdits = append(hp.foreignEdits, analysis.TextEdit{Pos: tf.Pos(e.Start), End: tf.Pos(e.End), NewText: []byte(e.New)})
		}
	}
	hp.foreign, hp.adapted = true, mod.Adapted
	hp.pure = f.Pure
	hp.keys = map[string]bool{}
	for _, k := range f.Keys {
		hp.keys[k] = true
	}
	hp.writesNothing, hp.aliasesArgs, hp.opaque, hp.withResults, hp.okResult = f.WritesNothing, f.AliasesArgs, f.Opaque, f.WithResults, f.OKResult
	hp.streams, hp.mayFail = f.Streams, f.MayFail
	if f.NilErrWrite != nil {
		hp.nilErrWrite = &Blocked{f.NilErrWrite.Reason, pos(f.NilErrWrite), f.NilErrWrite.Detail}
	}
	return hp
}
