package migrate

// Names and imports of the purehandler migration.
//
// New names are made with github.com/ettle/strcase from the handler's
// name, keeping its case (exported stays exported):
//
//   - the pure function of a handler that keeps an adapter:
//     createNote → createNotePure, ServeHTTP → ServeHTTPPure;
//   - one function per method of a split handler:
//     notes → notesGet, notesPost; "case PUT, PATCH" → notesPutPatch;
//   - a header value or status computed before code that could change it is
//     kept in a local named after the header: Location → location,
//     Cache-Control → cacheControl; a status in status.
//
// A name already declared or used (in the package scope, the receiver's
// method set and fields, any file's imports, the function's own
// identifiers, or files the analysis does not see, such as tests) gets
// the first free numeric suffix: createNotePure2.
//
// The route package is imported as "route" unless that name is declared
// anywhere in the file or package, or imported for another package; then
// as "pureroute" (then "pureroute2", ...).

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/ettle/strcase"
)

// importName returns the name under which file imports path, or "".
func importName(info *types.Info, file *ast.File, path string) string {
	for _, spec := range file.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err != nil || p != path {
			continue
		}
		if spec.Name != nil {
			return spec.Name.Name
		}
		if pn, ok := info.Implicits[spec].(*types.PkgName); ok {
			return pn.Name()
		}
		return path[strings.LastIndex(path, "/")+1:]
	}
	return ""
}

// importNameFor returns the name new code in f uses for path, arranging
// for the import to be added when f does not import it yet.
func (m *migrator) importNameFor(f *editedFile, path, preferred string) string {
	if name, ok := f.needs[path]; ok {
		return name
	}
	name := importName(m.info, f.file, path)
	if name == "" || name == "_" || name == "." {
		name = m.freeImportName(f, preferred)
	}
	f.needs[path] = name
	return name
}

// freeImportName returns preferred, or "pure"+preferred with a numeric
// suffix, whichever is first declared nowhere in f or the package scope.
func (m *migrator) freeImportName(f *editedFile, preferred string) string {
	declared := map[string]bool{}
	ast.Inspect(f.file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := m.info.Defs[id]; obj != nil {
				declared[id.Name] = true
			} else if obj := m.info.Uses[id]; obj != nil && obj.Parent() == types.Universe {
				declared[id.Name] = true
			}
		}
		return true
	})
	for _, spec := range f.file.Imports {
		declared[specName(m.info, spec)] = true
	}
	taken := func(name string) bool {
		return declared[name] || m.pass.Pkg.Scope().Lookup(name) != nil || (m.h.Taken != nil && m.h.Taken(name))
	}
	if !taken(preferred) {
		return preferred
	}
	base := "pure" + preferred
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name += strconv.Itoa(i)
		}
		if !taken(name) {
			return name
		}
	}
}

func specName(info *types.Info, spec *ast.ImportSpec) string {
	if spec.Name != nil {
		return spec.Name.Name
	}
	if pn, ok := info.Implicits[spec].(*types.PkgName); ok {
		return pn.Name()
	}
	return ""
}

// newFuncName returns a name for a new function or method next to the
// handler, made of the handler's name and words, in the handler's case.
func (m *migrator) newFuncName(base string, words ...string) string {
	s := base + " " + strings.Join(words, " ")
	var name string
	if ast.IsExported(base) {
		name = strcase.ToGoPascal(s)
	} else {
		name = strcase.ToGoCamel(s)
	}
	for i := 1; ; i++ {
		cand := name
		if i > 1 {
			cand += strconv.Itoa(i)
		}
		if !m.funcNameTaken(cand) {
			m.used[cand] = true
			return cand
		}
	}
}

// funcNameTaken reports whether a new function or method called name
// would clash with, or be confused with, an existing name.
func (m *migrator) funcNameTaken(name string) bool {
	if m.used[name] || (m.h.Taken != nil && m.h.Taken(name)) {
		return true
	}
	for _, f := range m.pass.Files {
		for _, spec := range f.Imports {
			if specName(m.info, spec) == name {
				return true
			}
		}
	}
	fn, _ := m.info.Defs[m.h.Decl.Name].(*types.Func)
	if fn == nil {
		return true
	}
	if recv := fn.Signature().Recv(); recv != nil {
		obj, _, _ := types.LookupFieldOrMethod(recv.Type(), true, m.pass.Pkg, name)
		return obj != nil
	}
	return m.pass.Pkg.Scope().Lookup(name) != nil || types.Universe.Lookup(name) != nil
}

// newLocalName returns a local variable name made from words that no
// identifier of the function uses and that names nothing in scope.
func (m *migrator) newLocalName(words string) string {
	name := strcase.ToGoCamel(words)
	if name == "" || token.IsKeyword(name) || !token.IsIdentifier(name) {
		name = "v"
	}
	scope := m.info.Scopes[m.ftype]
	for i := 1; ; i++ {
		cand := name
		if i > 1 {
			cand += strconv.Itoa(i)
		}
		if m.used[cand] || token.IsKeyword(cand) {
			continue
		}
		if scope != nil {
			if _, obj := scope.LookupParent(cand, m.body.Pos()); obj != nil {
				continue
			}
		}
		m.used[cand] = true
		return cand
	}
}

// importEdits returns the edits that add the imports f's new text needs and
// remove the imports the fix leaves unused.
func (m *migrator) importEdits(f *editedFile) []fileEdit {
	var edits []fileEdit
	// In a fixed order, standard library first, so that fixes adding the
	// same imports make the same edits.
	paths := make([]string, 0, len(f.needs))
	for path := range f.needs {
		paths = append(paths, path)
	}
	slices.SortFunc(paths, func(a, b string) int {
		if sa, sb := isStdPath(a), isStdPath(b); sa != sb {
			if sa {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, path := range paths {
		name := f.needs[path]
		if importName(m.info, f.file, path) == name {
			continue
		}
		edits = append(edits, m.addImport(f, path, name))
	}
	return append(edits, m.unusedImports(f)...)
}

// addImport returns the edit adding an import of path as name to f.
func (m *migrator) addImport(f *editedFile, path, name string) fileEdit {
	spec := strconv.Quote(path)
	if name != path[strings.LastIndex(path, "/")+1:] {
		spec = name + " " + spec
	}
	var last *ast.GenDecl
	for _, d := range f.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			last = gd
		}
	}
	if isStdPath(path) && last != nil && last.Rparen.IsValid() {
		// Into the first run of standard library imports, in order, so
		// that the file stays as gofmt sorts it.
		var prev *ast.ImportSpec
		for _, s := range last.Specs {
			is := s.(*ast.ImportSpec)
			if !isStdImport(is) || (prev != nil && f.tf.Line(is.Pos()) != f.tf.Line(prev.End())+1) {
				if prev != nil {
					break
				}
				continue
			}
			if p, _ := strconv.Unquote(is.Path.Value); p > path {
				return fileEdit{start: is.Pos(), end: is.Pos(), text: spec + "\n\t"}
			}
			prev = is
		}
		if prev != nil {
			end := prev.End()
			if prev.Comment != nil {
				end = prev.Comment.End()
			}
			return fileEdit{start: end, end: end, text: "\n\t" + spec}
		}
	}
	switch {
	case last != nil && last.Rparen.IsValid():
		text := "\t" + spec + "\n"
		if n := len(last.Specs); n > 0 && isStdImport(last.Specs[n-1].(*ast.ImportSpec)) && !isStdPath(path) {
			text = "\n" + text // a group of its own, as goimports makes
		}
		return fileEdit{start: last.Rparen, end: last.Rparen, text: text}
	case last != nil:
		return fileEdit{start: last.End(), end: last.End(), text: "\n\nimport " + spec}
	default:
		return fileEdit{start: f.file.Name.End(), end: f.file.Name.End(), text: "\n\nimport " + spec}
	}
}

func isStdImport(spec *ast.ImportSpec) bool {
	p, _ := strconv.Unquote(spec.Path.Value)
	return isStdPath(p)
}

func isStdPath(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

// unusedImports returns the edits deleting the imports of f that were used
// before the fix and are used neither by the source the fix keeps nor by
// its new text.
func (m *migrator) unusedImports(f *editedFile) []fileEdit {
	inEdit := func(pos token.Pos) bool {
		for _, e := range f.edits {
			if e.start <= pos && pos < e.end {
				for _, c := range e.copies {
					if c[0] <= pos && pos < c[1] {
						return false
					}
				}
				return true
			}
		}
		return false
	}
	// Copies may also be of source in no edit of f (a case body moved
	// into a new function is deleted by one edit and copied by another).
	copied := func(pos token.Pos) bool {
		for _, e := range f.edits {
			for _, c := range e.copies {
				if c[0] <= pos && pos < c[1] {
					return true
				}
			}
		}
		return false
	}
	before := map[*types.PkgName]bool{}
	after := map[*types.PkgName]bool{}
	ast.Inspect(f.file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		pn, ok := m.info.Uses[id].(*types.PkgName)
		if !ok {
			return true
		}
		before[pn] = true
		if !inEdit(id.Pos()) || copied(id.Pos()) {
			after[pn] = true
		}
		return true
	})
	var edits []fileEdit
	for _, d := range f.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		var dead []*ast.ImportSpec
		for _, s := range gd.Specs {
			spec := s.(*ast.ImportSpec)
			pn := m.specPkgName(spec)
			if pn == nil || !before[pn] || after[pn] {
				continue
			}
			if path, _ := strconv.Unquote(spec.Path.Value); f.needs[path] != "" {
				continue
			}
			dead = append(dead, spec)
		}
		switch {
		case len(dead) == 0:
		case len(dead) == len(gd.Specs):
			edits = append(edits, m.deleteLines(f, gd.Pos(), gd.End()))
		default:
			for _, spec := range dead {
				end := spec.End()
				if spec.Comment != nil {
					end = spec.Comment.End()
				}
				edits = append(edits, m.deleteLines(f, spec.Pos(), end))
			}
		}
	}
	return edits
}

func (m *migrator) specPkgName(spec *ast.ImportSpec) *types.PkgName {
	if spec.Name != nil {
		pn, _ := m.info.Defs[spec.Name].(*types.PkgName)
		return pn
	}
	pn, _ := m.info.Implicits[spec].(*types.PkgName)
	return pn
}

// deleteLines returns an edit deleting [from, to) of f, widened to whole
// lines when nothing else is on them.
func (m *migrator) deleteLines(f *editedFile, from, to token.Pos) fileEdit {
	start, end := f.tf.Offset(from), f.tf.Offset(to)
	s := start
	for s > 0 && (f.src[s-1] == ' ' || f.src[s-1] == '\t') {
		s--
	}
	e := end
	for e < len(f.src) && (f.src[e] == ' ' || f.src[e] == '\t' || f.src[e] == '\r') {
		e++
	}
	if (s == 0 || f.src[s-1] == '\n') && (e == len(f.src) || f.src[e] == '\n') {
		start = s
		end = min(e+1, len(f.src))
	}
	return fileEdit{start: f.tf.Pos(start), end: f.tf.Pos(end)}
}
