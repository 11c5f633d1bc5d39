// Package source gives analyzers the text of the files they analyze as
// the driver parsed it. The checker drivers give Pass.ReadFile the text
// on disk; a language server parses the editor's unsaved buffers
// instead (go/packages overlays), and an analyzer that slices the disk's
// text at the positions of the buffer's syntax would build wrong edits.
// So the language server registers its overlays for the FileSet of a
// check, and analyzers read source through ReadFile.
package source

import (
	"go/token"
	"os"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// overlays maps a *token.FileSet to the overlay (file name → content) its
// files were parsed with. A FileSet belongs to one load, so concurrent
// checks do not see each other's buffers.
var overlays sync.Map

// Overlay makes ReadFile and ReadAny answer with files' contents for the
// files of fset, until the returned function is called.
func Overlay(fset *token.FileSet, files map[string][]byte) (remove func()) {
	overlays.Store(fset, files)
	return func() { overlays.Delete(fset) }
}

func overlaid(fset *token.FileSet, name string) ([]byte, bool) {
	v, ok := overlays.Load(fset)
	if !ok {
		return nil, false
	}
	content, ok := v.(map[string][]byte)[name]
	return content, ok
}

// ReadFile returns the content of a file of pass (one the driver lets it
// read) as the driver parsed it.
func ReadFile(pass *analysis.Pass, name string) ([]byte, error) {
	if content, ok := overlaid(pass.Fset, name); ok {
		return content, nil
	}
	if pass.ReadFile != nil {
		return pass.ReadFile(name)
	}
	return os.ReadFile(name)
}

// ReadAny returns the content of any file, as the driver of a load whose
// FileSet is fset sees it: an editor's unsaved buffer, or what is on
// disk. It is for files a pass may not read, such as the test files of
// the package a pass analyzes without them.
func ReadAny(fset *token.FileSet, name string) ([]byte, error) {
	if content, ok := overlaid(fset, name); ok {
		return content, nil
	}
	return os.ReadFile(name)
}
