// Package fixes applies analyzers' suggested fixes to files, or shows them
// as unified diffs, the way go fix does: the first fix of each diagnostic,
// merged file by file, each fix whole or not at all.
//
// It works on plain edits (a file name, byte offsets, new text) rather than
// on token positions, so a driver can apply fixes it has only as data, such
// as those of a report.
package fixes

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// An Edit replaces the bytes [Start, End) of File with New.
type Edit struct {
	File       string
	Start, End int
	New        string
}

// A Fix is one suggested fix: edits applied together or not at all.
type Fix struct {
	// Source says where the fix comes from, for messages about it,
	// such as "x.go:5:2 (badcall)".
	Source  string
	Message string
	Edits   []Edit
}

// Options tell Apply about the files it edits.
type Options struct {
	// ReadFile returns a file's content as the analyzers saw it;
	// nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// Sizes holds the size each file had when it was analyzed. A file
	// whose size is now different was changed underneath the analysis,
	// and Apply refuses to touch anything.
	Sizes map[string]int
	// Generated reports whether a file is generated code; fixes that
	// edit one are skipped. Nil means none is.
	Generated func(name string) bool
	// PackageNames returns, for a Go file, the package name of each
	// import path its package depends on, directly or not. Imports that
	// the fixes left unused are removed, as go fix does, when their name
	// is known. Nil means none is.
	PackageNames func(name string) map[string]string
}

// ErrConflict and ErrGenerated are the reasons a fix is skipped when its
// edits overlap, differently, those of a fix applied before it, or when it
// edits generated code.
var (
	ErrConflict  = errors.New("conflicts with another fix")
	ErrGenerated = errors.New("edits a generated file")
)

// A Skip is a fix that Apply did not apply, and why.
type Skip struct {
	Fix Fix
	Err error // ErrConflict, ErrGenerated, or why the fix is unusable
}

// A File is a file changed by fixes.
type File struct {
	Name     string
	Old, New []byte
}

// Diff returns the unified diff of the change, labelled as go fix -diff
// labels it: "NAME (old)" and "NAME (new)".
func (f File) Diff() string {
	return Unified(f.Name+" (old)", f.Name+" (new)", f.Old, f.New)
}

// A Result is what Apply made of the fixes.
type Result struct {
	Files   []File // changed files, sorted by name
	Applied int    // fixes applied
	Skipped []Skip // fixes not applied, in the order given
}

// Incomplete returns the number of fixes that were skipped for a reason
// other than editing generated code: running the analysis again may apply
// them.
func (r *Result) Incomplete() int {
	n := 0
	for _, s := range r.Skipped {
		if s.Err != ErrGenerated {
			n++
		}
	}
	return n
}

// Apply merges fixes, in order, into one new content per file, and returns
// the changed files without writing them.
//
// Fixes that are exact duplicates of an earlier one are dropped first (a
// file analyzed both in its package and in the package's test variant gets
// each fix twice). Each fix is then merged into the edits accepted so far
// as a three-way merge would merge it: edits elsewhere in the file are
// independent, an edit identical to an accepted one is applied once, and
// a different edit to the same place is a conflict, which skips the whole
// fix. Changed Go files are formatted like gofmt, with their imports
// sorted and the imports the fixes left unused removed; a file that does
// not parse is left as the edits made it.
//
// Apply fails only when a file changed since it was analyzed.
func Apply(fixes []Fix, opts Options) (*Result, error) {
	readFile := opts.ReadFile
	if readFile == nil {
		readFile = os.ReadFile
	}
	res := new(Result)
	original := make(map[string][]byte)       // file -> content as analyzed
	accepted := make(map[string][]offsetEdit) // file -> edits of applied fixes, in order
	for _, fix := range uniqueFixes(fixes) {
		if editsGenerated(fix, opts.Generated) {
			res.Skipped = append(res.Skipped, Skip{fix, ErrGenerated})
			continue
		}
		byFile, err := fileEdits(fix)
		if err == nil {
			err = readOriginals(byFile, original, readFile, opts.Sizes)
		}
		var changed *modifiedError
		if errors.As(err, &changed) {
			return nil, err
		}
		if err == nil {
			err = checkBounds(byFile, original)
		}
		if err != nil {
			res.Skipped = append(res.Skipped, Skip{fix, err})
			continue
		}
		merged, ok := mergeFix(accepted, byFile)
		if !ok {
			res.Skipped = append(res.Skipped, Skip{fix, ErrConflict})
			continue
		}
		for file, edits := range merged {
			accepted[file] = edits
		}
		res.Applied++
	}
	for _, name := range sortedFiles(accepted) {
		content := applyEdits(original[name], accepted[name])
		if strings.HasSuffix(name, ".go") {
			var names map[string]string
			if opts.PackageNames != nil {
				names = opts.PackageNames(name)
			}
			if formatted, err := formatFixed(content, names); err == nil {
				content = formatted
			}
		}
		if !bytes.Equal(content, original[name]) {
			res.Files = append(res.Files, File{Name: name, Old: original[name], New: content})
		}
	}
	return res, nil
}

// An offsetEdit is an Edit within a known file.
type offsetEdit struct {
	start, end int
	new        string
}

// uniqueFixes drops each fix whose edits are exactly those of an earlier
// fix: applying it again would change nothing.
func uniqueFixes(fixes []Fix) []Fix {
	seen := make(map[string]bool)
	var unique []Fix
	for _, fix := range fixes {
		var key strings.Builder
		for _, e := range fix.Edits {
			fmt.Fprintf(&key, "%q %d %d %q\n", e.File, e.Start, e.End, e.New)
		}
		if !seen[key.String()] {
			seen[key.String()] = true
			unique = append(unique, fix)
		}
	}
	return unique
}

func editsGenerated(fix Fix, generated func(string) bool) bool {
	if generated == nil {
		return false
	}
	return slices.ContainsFunc(fix.Edits, func(e Edit) bool { return generated(e.File) })
}

// fileEdits groups a fix's edits by file, each file's sorted by position
// (stably, so insertions at one point keep their order, and come before a
// deletion there), and checks that they do not overlap each other.
func fileEdits(fix Fix) (map[string][]offsetEdit, error) {
	byFile := make(map[string][]offsetEdit)
	for _, e := range fix.Edits {
		if e.Start < 0 || e.End < e.Start {
			return nil, fmt.Errorf("invalid edit of %s: [%d, %d)", e.File, e.Start, e.End)
		}
		byFile[e.File] = append(byFile[e.File], offsetEdit{e.Start, e.End, e.New})
	}
	for file, edits := range byFile {
		slices.SortStableFunc(edits, func(x, y offsetEdit) int {
			return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end))
		})
		for i := 1; i < len(edits); i++ {
			if edits[i].start < edits[i-1].end {
				return nil, fmt.Errorf("overlapping edits of %s", file)
			}
		}
	}
	return byFile, nil
}

// A modifiedError reports a file whose size is not the one analyzed.
type modifiedError struct {
	file             string
	analyzed, actual int
}

func (e *modifiedError) Error() string {
	return fmt.Sprintf("%s changed since it was analyzed (size %d, now %d bytes); no fixes applied", e.file, e.analyzed, e.actual)
}

// readOriginals reads, once, each file the fix edits.
func readOriginals(byFile map[string][]offsetEdit, original map[string][]byte, readFile func(string) ([]byte, error), sizes map[string]int) error {
	for file := range byFile {
		if _, ok := original[file]; ok {
			continue
		}
		content, err := readFile(file)
		if err != nil {
			return err
		}
		if size, ok := sizes[file]; ok && size != len(content) {
			return &modifiedError{file, size, len(content)}
		}
		original[file] = content
	}
	return nil
}

func checkBounds(byFile map[string][]offsetEdit, original map[string][]byte) error {
	for file, edits := range byFile {
		if last := edits[len(edits)-1]; last.end > len(original[file]) {
			return fmt.Errorf("edit beyond the end of %s (offset %d of %d)", file, last.end, len(original[file]))
		}
	}
	return nil
}

// mergeFix merges a fix's edits into the accepted ones, file by file, and
// returns the merged lists; ok is false if any file conflicts.
func mergeFix(accepted, byFile map[string][]offsetEdit) (merged map[string][]offsetEdit, ok bool) {
	merged = make(map[string][]offsetEdit)
	for file, edits := range byFile {
		m, ok := mergeEdits(accepted[file], edits)
		if !ok {
			return nil, false
		}
		merged[file] = m
	}
	return merged, true
}

// mergeEdits merges two sorted lists of non-overlapping edits of one file
// as a three-way merge of two changes to the same original would. Identical
// edits are kept once. Edits that do not overlap are both kept; of two
// insertions at one point, x's comes first. Where an edit starts before an
// overlapping one, the part before is split off as a deletion, so a
// deletion that covers an identical edit is compatible with it. Anything
// else that overlaps (two different edits of the same text) conflicts.
func mergeEdits(x, y []offsetEdit) ([]offsetEdit, bool) {
	x, y = slices.Clone(x), slices.Clone(y)
	out := make([]offsetEdit, 0, len(x)+len(y))
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		ex, ey := &x[i], &y[j]
		switch {
		case *ex == *ey:
			out = append(out, *ex)
			i++
			j++
		case ex.end <= ey.start: // x wholly before y, or inserted where y starts
			out = append(out, *ex)
			i++
		case ey.end <= ex.start:
			out = append(out, *ey)
			j++
		case ex.start < ey.start:
			out = append(out, offsetEdit{ex.start, ey.start, ""})
			ex.start = ey.start
		case ey.start < ex.start:
			out = append(out, offsetEdit{ey.start, ex.start, ""})
			ey.start = ex.start
		default: // different edits of the same text
			return nil, false
		}
	}
	out = append(out, x[i:]...)
	return append(out, y[j:]...), true
}

// applyEdits returns src with edits, sorted and non-overlapping, applied.
func applyEdits(src []byte, edits []offsetEdit) []byte {
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(src[last:e.start])
		out.WriteString(e.new)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes()
}

// formatFixed formats a fixed Go file as gofmt would, after removing the
// imports it no longer uses among those whose package name is known.
func formatFixed(src []byte, packageNames map[string]string) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	removeUnusedImports(fset, file, packageNames)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// removeUnusedImports deletes each import whose name qualifies no
// identifier in the file. The test is syntactic and errs on the side of
// keeping an import: a local variable named like the package, used as
// v.f, keeps it. Imports whose package name is unknown (added by a fix,
// say), blank and dot imports are kept.
func removeUnusedImports(fset *token.FileSet, file *ast.File, packageNames map[string]string) {
	used := importQualifiers(file)
	type spec struct{ name, path string }
	var unused []spec
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		explicit := ""
		if imp.Name != nil {
			explicit = imp.Name.Name
		}
		name := cmp.Or(explicit, packageNames[path])
		if name == "" || name == "_" || name == "." || used[name] {
			continue
		}
		unused = append(unused, spec{explicit, path})
	}
	for _, s := range unused {
		astutil.DeleteNamedImport(fset, file, s.name, s.path)
	}
}

// importQualifiers returns the names x of the selectors x.f in file: a package
// name can be used in no other way.
func importQualifiers(file *ast.File) map[string]bool {
	names := make(map[string]bool)
	ast.Inspect(file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				names[x.Name] = true
			}
		}
		return true
	})
	return names
}

func sortedFiles[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
