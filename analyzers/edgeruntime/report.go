package edgeruntime

// This file reports, per edge handler, the host-only APIs its profile
// denies, with the shortest path to each.

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"github.com/routevet/routevet/internal/config"
	"golang.org/x/tools/go/analysis"
)

// report reports, for each call of the root that reaches APIs its profile
// denies, one diagnostic per category, naming the shortest path.
func (b *builder) report(r *root) {
	if r.node == nil {
		b.reportFindings(r, r.at, b.factWitnesses(r.fn), true, nil)
		return
	}
	// Calls chained on one another (db.Collection("x").FindOne(...))
	// start at one position: the first, called first, is reported. A
	// call of an API in a function the root reaches from several of its
	// calls is reported at the first: one change fixes them all.
	reported := map[any]bool{}
	for _, s := range r.node.sites {
		var ws []*witness
		switch {
		case s.leaf != nil:
			ws = []*witness{{api: s.leaf, in: b.pass.Pkg.Path(), from: r.node.qualifiedName()}}
		case s.local != nil:
			h := localHop(s.local.fn)
			for _, key := range s.local.order {
				w := s.local.reach[key]
				ws = append(ws, &witness{api: w.api, hops: prepend(h, w.hops), chain: w.chainFrom(), in: w.in, from: w.from})
			}
		case s.callee.Pkg() != b.pass.Pkg:
			ws = b.factWitnesses(s.callee)
		}
		b.reportFindings(r, s.call, ws, false, reported)
	}
}

type posCategory struct {
	pos      token.Pos
	category string
}

// A leaf is an API call in a function other than the root.
type leaf struct{ api, from string }

// reportFindings reports at node at the witnesses the root's profile
// denies, the best of each category. For a root declared in another
// package, the witnesses start with the root itself, which is dropped.
func (b *builder) reportFindings(r *root, at ast.Node, ws []*witness, dropFirst bool, reported map[any]bool) {
	type finding struct {
		w    *witness
		rule *rule
	}
	best := map[string]finding{}
	for _, w := range ws {
		rule := r.prof.denied(w.api.key, w.api.pkg)
		switch {
		case rule == nil:
			continue
		case w.api.key != apiOwnTransport && w.api.pkg == "net/http" && rule.category == CategoryHTTPClient && b.transportIsInstalled():
			continue // http.DefaultTransport is the platform's
		case rule.category == CategoryEnvironment && !b.sameProject(w.in):
			// Libraries read the environment for optional settings
			// (proxies, debugging), for which nothing is the right answer.
			continue
		case len(w.hops) > 0 && reported[leaf{w.api.key, w.from}]:
			continue
		}
		if old, ok := best[rule.category]; !ok || better(w, old.w) {
			best[rule.category] = finding{w, rule}
		}
	}
	for _, category := range Categories {
		f, ok := best[category]
		if !ok || reported[posCategory{at.Pos(), category}] {
			continue
		}
		if reported != nil {
			reported[posCategory{at.Pos(), category}] = true
			if len(f.w.hops) > 0 {
				reported[leaf{f.w.api.key, f.w.from}] = true
			}
		}
		hops := f.w.hops
		if dropFirst && len(hops) > 0 {
			hops = hops[1:]
		}
		what := "calls " + f.w.api.name
		if len(hops) > 0 {
			names := make([]string, len(hops))
			for i, h := range hops {
				names[i] = h.String()
			}
			what = fmt.Sprintf("reaches %s via %s", f.w.api.name, strings.Join(names, " → "))
		}
		msg := fmt.Sprintf("edge handler %s (%s) %s: %s", r.name, r.prof.name, what, f.rule.explain(r.prof))
		b.model.Report(b.pass, analysis.Diagnostic{Pos: at.Pos(), End: at.End(), Category: category, Message: msg, Related: pathSteps(r, f.w, hops)})
	}
}

// pathSteps returns a finding's path as report.IsPath's convention has
// it for edgeruntime (report.StepsBefore): the edge handler, then (after
// the finding, the handler's call) the calls of the chain in this
// package, each in the function that makes it. Functions of other
// packages have no positions here: the path ends at the call leaving
// the package, and the message names the rest.
func pathSteps(r *root, w *witness, hops []hop) []analysis.RelatedInformation {
	var steps []analysis.RelatedInformation
	if at := r.handlerPos(); at.IsValid() {
		steps = append(steps, analysis.RelatedInformation{Pos: at, Message: fmt.Sprintf("edge handler %s runs on %s", r.name, r.prof.name)})
	}
	for i, pos := range w.chain {
		if i >= len(hops) || !pos.IsValid() || hops[i].local == "" {
			break
		}
		callee := w.api.name
		if i+1 < len(hops) {
			if hops[i+1] == truncated {
				break // the message names no more
			}
			callee = hops[i+1].String()
		}
		steps = append(steps, analysis.RelatedInformation{Pos: pos, Message: fmt.Sprintf("%s calls %s", hops[i], callee)})
	}
	return steps
}

// handlerPos returns where the root becomes an edge handler: the
// registration that serves it, or its declaration.
func (r *root) handlerPos() token.Pos {
	if r.at != nil {
		return r.at.Pos()
	}
	return r.pos()
}

// better prefers the shorter path; between equals, the one found first
// (called first) stays.
func better(w, than *witness) bool { return len(w.hops) < len(than.hops) }

// explain returns the rule's reason and replacement.
func (r *rule) explain(p *profile) string {
	reason := r.reason
	if reason == "" {
		reason = fmt.Sprintf("the %s profile in %s denies it", p.name, config.FileName)
	}
	if r.instead == "" {
		return reason
	}
	return reason + "; " + r.instead
}

// sameProject reports whether the package at path belongs to the module of
// the package being analyzed (without modules: shares its first path
// element, or its first three for a path starting with a domain).
func (b *builder) sameProject(path string) bool {
	if m := b.pass.Module; m != nil && m.Path != "" {
		return inTree(path, m.Path)
	}
	return projectOf(path) == projectOf(b.pass.Pkg.Path())
}

func projectOf(path string) string {
	parts := strings.SplitN(path, "/", 4)
	if strings.Contains(parts[0], ".") && len(parts) >= 3 {
		return strings.Join(parts[:3], "/")
	}
	return parts[0]
}

// transportIsInstalled reports whether this package or a dependency
// replaces net/http's default transport or client, which makes http.Get
// and clients with no Transport use the platform's.
func (b *builder) transportIsInstalled() bool {
	if b.transportInstalled == nil {
		installed := b.installsTransport || len(b.pass.AllPackageFacts()) > 0
		b.transportInstalled = &installed
	}
	return *b.transportInstalled
}
