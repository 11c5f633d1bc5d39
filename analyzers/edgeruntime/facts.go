package edgeruntime

// This file propagates host-only APIs through the call graph and keeps
// them in facts: what each function reaches, with one witness path per
// API, and whether a package installs an HTTP transport.

import (
	"go/token"
	"go/types"
	"strings"
)

// Reaches is the fact that a function reaches host-only APIs through
// static calls. It holds one witness per API, with the functions the path
// goes through (at most maxHops), so facts stay small and the analysis
// linear however deep the call graph.
type Reaches struct {
	APIs []Reach // in the order the function's calls reach them
}

// A Reach is one host-only API a function reaches.
type Reach struct {
	API  string   // the API's name in rules: "os.ReadFile", "net/http.DefaultClient"
	Pkg  string   // its package: "os"
	Name string   // its name in messages: "os.ReadFile", "http.DefaultClient.Do"
	Via  []string // functions between the function and the API: "config.readFile"
	In   string   // the package whose code calls the API,
	From string   // and the function: "config.readFile"
}

func (*Reaches) AFact() {}

func (f *Reaches) String() string {
	parts := make([]string, len(f.APIs))
	for i, r := range f.APIs {
		parts[i] = r.Name
		if len(r.Via) > 0 {
			parts[i] += " via " + strings.Join(r.Via, " → ")
		}
	}
	return "reaches " + strings.Join(parts, "; ")
}

// InstallsTransport is the package fact that a package replaces
// http.DefaultTransport or http.DefaultClient (with the platform's
// transport, typically), so http.Get and clients with no Transport work.
type InstallsTransport struct{}

func (*InstallsTransport) AFact() {}

func (*InstallsTransport) String() string { return "installs an HTTP transport" }

// maxHops bounds the functions a witness names.
const maxHops = 5

// A witness is how a node reaches an API: the call in the node that starts
// the path, and the functions after it.
type witness struct {
	api  *api
	pos  token.Pos
	hops []hop
	// chain holds, for the hops declared in this package, the call in
	// each that leads on (the last: the call of the API, or of a
	// function in another package): the steps of the path after pos.
	chain []token.Pos
	in    string // the package whose code calls the API,
	from  string // and the function, qualified
}

// A hop is a function on a path; local is set for functions of the
// package being analyzed, whose names messages give unqualified.
type hop struct{ local, qualified string }

func (h hop) String() string {
	if h.local != "" {
		return h.local
	}
	return h.qualified
}

// truncated ends a path longer than maxHops.
var truncated = hop{qualified: "…"}

// prepend returns h followed by rest, at most maxHops long: a longer path
// keeps its first functions and ends in "…".
func prepend(h hop, rest []hop) []hop {
	hops := make([]hop, 0, min(len(rest)+1, maxHops))
	hops = append(hops, h)
	for _, r := range rest {
		if len(hops) == maxHops-1 && len(rest) > maxHops-1 {
			return append(hops, truncated)
		}
		hops = append(hops, r)
	}
	return hops
}

// chainFrom returns the steps after a call of the function that holds w:
// w's own call, then its chain, at most maxHops long like the hops.
func (w *witness) chainFrom() []token.Pos {
	chain := make([]token.Pos, 0, min(len(w.chain)+1, maxHops))
	chain = append(chain, w.pos)
	for _, p := range w.chain {
		if len(chain) == maxHops {
			break
		}
		chain = append(chain, p)
	}
	return chain
}

// propagate computes, for every node, the APIs it reaches: its host-only
// calls, its calls' facts, and what its callees in this package reach.
// Each node learns each API once, so the work is bounded by the call
// edges times the APIs.
func (b *builder) propagate() {
	type edge struct{ from, to *node }
	linked := map[edge]bool{}
	var queue []*node
	for _, n := range b.nodes {
		for _, s := range n.sites {
			switch {
			case s.leaf != nil:
				n.add(&witness{api: s.leaf, pos: s.call.Pos(), in: b.pass.Pkg.Path(), from: n.qualifiedName()})
			case s.callee.Pkg() == b.pass.Pkg:
				s.local = b.byFunc[s.callee]
				if s.local != nil && !linked[edge{n, s.local}] {
					linked[edge{n, s.local}] = true
					s.local.callers = append(s.local.callers, caller{n, s.call.Pos()})
				}
			default:
				for _, w := range b.factWitnesses(s.callee) {
					w.pos = s.call.Pos()
					n.add(w)
				}
			}
		}
		if len(n.order) > 0 {
			n.queue = true
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		n.queue = false
		fresh := n.order[n.sent:]
		n.sent = len(n.order)
		if len(n.callers) == 0 {
			continue // a literal, or a function nothing here calls
		}
		h := localHop(n.fn)
		for _, c := range n.callers {
			added := false
			for _, key := range fresh {
				w := n.reach[key]
				added = c.node.add(&witness{api: w.api, pos: c.pos, hops: prepend(h, w.hops), chain: w.chainFrom(), in: w.in, from: w.from}) || added
			}
			if added && !c.node.queue {
				c.node.queue = true
				queue = append(queue, c.node)
			}
		}
	}
}

// add records w unless the node already reaches its API.
func (n *node) add(w *witness) bool {
	if _, ok := n.reach[w.api.key]; ok {
		return false
	}
	if n.reach == nil {
		n.reach = map[string]*witness{}
	}
	n.reach[w.api.key] = w
	n.order = append(n.order, w.api.key)
	return true
}

// factWitnesses returns what a function of another package reaches, with
// the function as first hop.
func (b *builder) factWitnesses(fn *types.Func) []*witness {
	f := b.fact(fn)
	if f == nil {
		return nil
	}
	first := hop{qualified: funcName(fn, true)}
	ws := make([]*witness, len(f.APIs))
	for i, r := range f.APIs {
		rest := make([]hop, len(r.Via))
		for j, v := range r.Via {
			rest[j] = hop{qualified: v}
		}
		ws[i] = &witness{api: &api{key: r.API, pkg: r.Pkg, name: r.Name}, hops: prepend(first, rest), in: r.In, from: r.From}
	}
	return ws
}

func (b *builder) fact(fn *types.Func) *Reaches {
	if f, ok := b.facts[fn]; ok {
		return f
	}
	f := new(Reaches)
	if !b.pass.ImportObjectFact(fn, f) {
		f = nil
	}
	b.facts[fn] = f
	return f
}

// exportFacts exports the APIs of every function another package can call:
// exported functions, and methods (a value of an unexported type can be
// had through an exported function).
func (b *builder) exportFacts() {
	if b.pass.Pkg.Name() == "main" {
		return // no package can import it
	}
	for _, n := range b.nodes {
		if n.fn == nil || len(n.order) == 0 || !n.fn.Exported() && n.fn.Signature().Recv() == nil {
			continue
		}
		// In the order found, which is deterministic: the calls in
		// evaluation order, then what callees reach.
		f := &Reaches{APIs: make([]Reach, len(n.order))}
		for i, key := range n.order {
			w := n.reach[key]
			via := make([]string, len(w.hops))
			for j, h := range w.hops {
				via[j] = h.qualified
			}
			f.APIs[i] = Reach{API: w.api.key, Pkg: w.api.pkg, Name: w.api.name, Via: via, In: w.in, From: w.from}
		}
		b.pass.ExportObjectFact(n.fn, f)
	}
	if b.installsTransport {
		b.pass.ExportPackageFact(new(InstallsTransport))
	}
}

// localHop names a function of this package on a path.
func localHop(fn *types.Func) hop {
	return hop{local: funcName(fn, false), qualified: funcName(fn, true)}
}

// funcName returns "F", "(*T).M", or qualified "pkg.F", "(*pkg.T).M".
func funcName(fn *types.Func, qualify bool) string {
	if recv := fn.Signature().Recv(); recv != nil {
		t, ptr := recv.Type(), ""
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		if named, ok := types.Unalias(t).(*types.Named); ok {
			name := named.Obj().Name()
			if qualify && named.Obj().Pkg() != nil {
				name = named.Obj().Pkg().Name() + "." + name
			}
			return "(" + ptr + name + ")." + fn.Name()
		}
		return fn.Name()
	}
	if qualify && fn.Pkg() != nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return fn.Name()
}
