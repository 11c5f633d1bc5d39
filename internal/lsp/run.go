package lsp

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/routevet/routevet/internal/config"
	"github.com/routevet/routevet/internal/lsp/protocol"
)

// affectedLocked returns the open packages an edit of a file in dir
// changes: its own and those that import it, directly or not.
func (s *server) affectedLocked(dir string) []string {
	dirs := []string{dir}
	for d, pkg := range s.packages {
		if d != dir && pkg.deps[dir] {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// scheduleLocked queues packages for a check and cancels the check in
// progress: its results would be stale, and its packages are queued again
// when it stops.
func (s *server) scheduleLocked(dirs ...string) {
	if len(dirs) == 0 {
		return
	}
	for _, d := range dirs {
		s.pending[d] = true
	}
	if s.cancelRun != nil {
		s.cancelRun()
	}
	select {
	case s.kick <- struct{}{}:
	default: // the worker has been woken already
	}
}

func (s *server) scheduleAllLocked() {
	s.scheduleLocked(slices.Collect(maps.Keys(s.packages))...)
}

// worker runs checks one at a time, each once the user has paused typing
// for the debounce interval.
func (s *server) worker(ctx context.Context) {
	defer s.workerDone.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		}
		if !s.waitQuiet(ctx) {
			return
		}
		s.runOnce(ctx)
	}
}

// waitQuiet waits until no edit has come for the debounce interval.
func (s *server) waitQuiet(ctx context.Context) bool {
	timer := time.NewTimer(s.debounce)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-s.kick:
			timer.Reset(s.debounce)
		case <-timer.C:
			return true
		}
	}
}

// runOnce checks the queued packages against a snapshot of the open
// documents and publishes the results, unless an edit cancelled the check,
// in which case its packages wait for the next one.
func (s *server) runOnce(ctx context.Context) {
	s.mu.Lock()
	var dirs []string
	for d := range s.pending {
		if s.packages[d] != nil { // still open
			dirs = append(dirs, d)
		}
	}
	clear(s.pending)
	if len(dirs) == 0 || s.shutdown {
		s.mu.Unlock()
		return
	}
	slices.Sort(dirs)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.cancelRun = cancel
	snap := s.snapshotLocked()
	forget := s.forgetCache
	s.forgetCache = false
	s.mu.Unlock()
	if forget {
		s.cache.forget()
	}

	start := time.Now()
	slow := time.AfterFunc(s.slowCheck, func() {
		s.logf(protocol.MessageInfo, "routevet: still checking %s (packages and their dependencies load from source)", strings.Join(dirs, ", "))
	})
	if s.runHook != nil {
		s.runHook(runCtx, dirs)
	}
	var res *checkResult
	if runCtx.Err() == nil {
		// Read .routevet.yaml files afresh: a client that neither
		// watches them nor sends their saves still gets their changes
		// at the next check.
		config.Reload()
		res = s.cache.check(runCtx, dirs, snap)
	}
	slow.Stop()

	s.mu.Lock()
	defer s.mu.Unlock()
	s.cancelRun = nil
	if runCtx.Err() != nil || res == nil {
		for _, d := range dirs {
			s.pending[d] = true // the edit that cancelled the check kicked the worker
		}
		s.logf(protocol.MessageLog, "routevet: check of %s cancelled by an edit", strings.Join(dirs, ", "))
		return
	}
	for _, l := range res.logs {
		s.logf(l.typ, "%s", l.msg)
	}
	for _, msg := range res.errors {
		s.showErrorLocked(msg)
	}
	s.storeLocked(res)
	s.logf(protocol.MessageLog, "routevet: checked %s in %v", strings.Join(dirs, ", "), time.Since(start).Round(time.Millisecond))
}

func (s *server) snapshotLocked() *snapshot {
	snap := &snapshot{overlay: map[string][]byte{}, versions: map[string]int32{}, uris: map[string]string{}}
	for path, doc := range s.docs {
		snap.versions[path] = doc.version
		snap.uris[path] = doc.uri
		if isGoFile(path) {
			// Documents are replaced, never modified, on edit: no copy
			// is needed.
			snap.overlay[path] = doc.text
		}
	}
	return snap
}

// storeLocked keeps the results of the packages that are still open and
// publishes them, clearing the diagnostics of files the packages no
// longer have.
func (s *server) storeLocked(res *checkResult) {
	for dir, fresh := range res.packages {
		pkg := s.packages[dir]
		if pkg == nil {
			continue // closed during the check
		}
		for file, old := range pkg.results {
			if fresh.results[file] == nil {
				s.publishLocked(protocol.PublishDiagnosticsParams{URI: old.uri, Diagnostics: []protocol.Diagnostic{}})
			}
		}
		pkg.deps, pkg.results = fresh.deps, fresh.results
		for _, file := range slices.Sorted(maps.Keys(pkg.results)) {
			fr := pkg.results[file]
			s.publishLocked(protocol.PublishDiagnosticsParams{URI: fr.uri, Version: fr.version, Diagnostics: fr.diagnostics()})
		}
	}
}

// clearLocked withdraws every diagnostic of a package.
func (s *server) clearLocked(pkg *pkgState) {
	for _, file := range slices.Sorted(maps.Keys(pkg.results)) {
		s.publishLocked(protocol.PublishDiagnosticsParams{URI: pkg.results[file].uri, Diagnostics: []protocol.Diagnostic{}})
	}
	pkg.results = map[string]*fileResult{}
}

// resultLocked returns the findings in a file, or nil.
func (s *server) resultLocked(file string) *fileResult {
	if pkg := s.packages[filepath.Dir(file)]; pkg != nil {
		return pkg.results[file]
	}
	return nil
}
