package lsp

import (
	"cmp"
	"slices"

	"github.com/routevet/routevet/internal/lsp/protocol"
)

// codeActions answers textDocument/codeAction: a quick fix for each
// suggested fix of each finding the range touches, and a source action
// applying every fix in the file. It answers from the last check, and
// nothing while the document has edits the check has not seen: the fixes'
// positions would be wrong.
func (s *server) codeActions(params protocol.CodeActionParams) []protocol.CodeAction {
	actions := []protocol.CodeAction{}
	path, err := protocol.URIToPath(params.TextDocument.URI)
	if err != nil {
		return actions
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fr := s.resultLocked(path)
	if fr == nil || !s.currentLocked(fr.version, path) {
		return actions
	}
	only := params.Context.Only
	if wants(only, protocol.KindQuickFix) {
		for _, f := range fr.findings {
			if !overlaps(f.diag.Range, params.Range) {
				continue
			}
			for _, fx := range f.fixes {
				if !s.fixCurrentLocked(fx) {
					continue
				}
				actions = append(actions, protocol.CodeAction{
					Title:       fx.title,
					Kind:        protocol.KindQuickFix,
					Diagnostics: []protocol.Diagnostic{f.diag},
					IsPreferred: len(f.fixes) == 1,
					Edit:        s.workspaceEditLocked(fx.edits),
				})
			}
		}
	}
	// The fix-all action is offered when asked for by kind (as editors do
	// to fix on save), or alongside quick fixes, where a user sees it.
	if wants(only, protocol.KindFixAll) && (len(only) > 0 || len(actions) > 0) {
		if edits := s.fixAllLocked(fr); len(edits) > 0 {
			actions = append(actions, protocol.CodeAction{
				Title: "Fix all routevet issues in this file",
				Kind:  protocol.KindFixAll,
				Edit:  s.workspaceEditLocked(edits),
			})
		}
	}
	return actions
}

// wants reports whether a request limited to the kinds in only (none
// means any) wants actions of kind: a kind covers the kinds below it, so
// "source" and "source.fixAll" want "source.fixAll.routevet".
func wants(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == kind || len(kind) > len(k) && kind[:len(k)] == k && kind[len(k)] == '.' {
			return true
		}
	}
	return false
}

// overlaps reports whether two ranges share a position; a range touching
// another's end counts, so a cursor just after a finding's last character
// finds it.
func overlaps(a, b protocol.Range) bool {
	return !less(a.End, b.Start) && !less(b.End, a.Start)
}

func less(p, q protocol.Position) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Character < q.Character
}

// currentLocked reports whether the document at path is still the version
// analyzed (nil: not open then, and still not open).
func (s *server) currentLocked(version *int32, path string) bool {
	doc := s.docs[path]
	if version == nil {
		return doc == nil
	}
	return doc != nil && doc.version == *version
}

// fixCurrentLocked reports whether every file the fix edits is as it was
// analyzed.
func (s *server) fixCurrentLocked(fx fix) bool {
	for _, e := range fx.edits {
		if !s.currentLocked(e.version, e.file) {
			return false
		}
	}
	return true
}

// fixAllLocked merges the first fix of every finding in a file, as go fix
// would apply them: in order, each fix whole or not at all, dropping an
// edit identical to one already taken and skipping a fix that would edit
// text another fix edited. A skipped fix is offered again once the others
// are applied and the file is checked again.
func (s *server) fixAllLocked(fr *fileResult) []edit {
	var taken []edit
	for _, f := range fr.findings {
		if len(f.fixes) == 0 || !s.fixCurrentLocked(f.fixes[0]) {
			continue
		}
		var add []edit
		conflict := false
		for _, e := range f.fixes[0].edits {
			switch {
			case slices.ContainsFunc(taken, func(t edit) bool { return sameEdit(t, e) }):
				// applied by an earlier fix already
			case slices.ContainsFunc(taken, func(t edit) bool { return clash(t, e) }):
				conflict = true
			default:
				add = append(add, e)
			}
		}
		if !conflict {
			taken = append(taken, add...)
		}
	}
	return taken
}

func sameEdit(x, y edit) bool {
	return x.file == y.file && x.start == y.start && x.end == y.end && x.newText == y.newText
}

// clash reports whether two edits of a file touch the same text, or insert
// at the same place (where their order would be a guess).
func clash(x, y edit) bool {
	return x.file == y.file && (x.start < y.end && y.start < x.end || x.start == y.start)
}

// workspaceEditLocked builds the edit a client applies: versioned document
// changes when it supports them, so that it refuses an edit of a document
// that changed since, and plain changes otherwise.
func (s *server) workspaceEditLocked(edits []edit) *protocol.WorkspaceEdit {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(x, y edit) int {
		return cmp.Or(cmp.Compare(x.file, y.file), cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end))
	})
	we := &protocol.WorkspaceEdit{}
	if s.clientCaps.Workspace.WorkspaceEdit.DocumentChanges {
		for _, e := range edits {
			n := len(we.DocumentChanges)
			if n == 0 || we.DocumentChanges[n-1].TextDocument.URI != e.uri {
				we.DocumentChanges = append(we.DocumentChanges, protocol.TextDocumentEdit{
					TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{URI: e.uri, Version: e.version},
				})
				n++
			}
			dc := &we.DocumentChanges[n-1]
			dc.Edits = append(dc.Edits, protocol.TextEdit{Range: e.rng, NewText: e.newText})
		}
		return we
	}
	we.Changes = map[string][]protocol.TextEdit{}
	for _, e := range edits {
		we.Changes[e.uri] = append(we.Changes[e.uri], protocol.TextEdit{Range: e.rng, NewText: e.newText})
	}
	return we
}
