package report

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// A Summary is the migration summary of a run: how far each package is
// from pure handlers, and what stands in the way. It is what a team reads
// before deciding to migrate, so every count comes from the analyzers'
// results (see the driver), never from a second look at the code.
type Summary struct {
	// Packages holds each package with anything to count, by import
	// path (a package and its test variant are one), sorted.
	Packages []PackageSummary `json:"packages" yaml:"packages"`
	// Total adds up every package.
	Total Counts `json:"total" yaml:"total"`
}

// A PackageSummary is one package's counts.
type PackageSummary struct {
	Package string `json:"package" yaml:"package"`
	Counts  `yaml:",inline"`
}

// Counts are the numbers of a summary. Code in _test.go files and in
// files the configuration ignores is not counted.
type Counts struct {
	// Handlers is every handler found: the route model's handlers (the
	// shape func(http.ResponseWriter, *http.Request)) and the pure ones.
	Handlers int `json:"handlers" yaml:"handlers"`
	// Pure counts functions of the shape of route.Func,
	// func(*http.Request) (*http.Response, error): already migrated.
	Pure int `json:"pure" yaml:"pure"`
	// Mutable counts the handlers that write their response through
	// http.ResponseWriter themselves: purehandler's findings.
	Mutable int `json:"mutable" yaml:"mutable"`
	// Migratable counts the mutable handlers purehandler can migrate
	// with its fix; Blocked, by reason keyword, those it cannot.
	Migratable int            `json:"migratable" yaml:"migratable"`
	Blocked    map[string]int `json:"blocked,omitempty" yaml:"blocked,omitempty"`
	// Other counts the handlers neither pure nor mutable: middleware and
	// other wrappers that only pass the writer on, adapters over a
	// route.Func, handlers in generated files (which purehandler leaves
	// alone), and handlers whose purehandler finding is silenced.
	Other int `json:"other" yaml:"other"`

	// CORSRoutes counts the routes the preflight analyzer found to be
	// CORS-enabled, whether or not their preflight is answered (OPTIONS
	// routes themselves are not counted); nil when the analyzer did not
	// look (see the driver).
	CORSRoutes *int `json:"cors_routes,omitempty" yaml:"cors_routes,omitempty"`
	// MissingOptionsRoute counts CORS routes whose router answers the
	// preflight itself, with no OPTIONS route (one finding each);
	// OptionsRejected counts CORS handlers whose method check rejects the
	// preflight (one finding each, for one or more routes).
	MissingOptionsRoute int `json:"missing_options_route" yaml:"missing_options_route"`
	OptionsRejected     int `json:"options_rejected" yaml:"options_rejected"`

	// EdgeHandlers counts the handlers that run on an edge runtime, as
	// the edgeruntime analyzer found them: net/http handlers and also the
	// handlers of a platform's own SDK (Fastly's, say), which Handlers
	// does not count. Nil when the analyzer did not look (see the driver).
	EdgeHandlers *int `json:"edge_handlers,omitempty" yaml:"edge_handlers,omitempty"`
	// HostOnlyCalls counts the calls edge handlers make, directly or
	// through other functions, of APIs their platform lacks: edgeruntime's
	// findings.
	HostOnlyCalls int `json:"host_only_calls" yaml:"host_only_calls"`
}

// BlockedTotal returns the number of blocked handlers, whatever the reason.
func (c *Counts) BlockedTotal() int {
	n := 0
	for _, v := range c.Blocked {
		n += v
	}
	return n
}

// MigratableShare returns the share of mutable handlers that are
// auto-migratable, as a whole percentage rounded down (so "100%" means
// every one), or "-" when there are no mutable handlers.
func (c *Counts) MigratableShare() string {
	if c.Mutable == 0 {
		return "-"
	}
	return strconv.Itoa(100*c.Migratable/c.Mutable) + "%"
}

// Add adds o to c. A count that is unknown in either stays unknown.
func (c *Counts) Add(o Counts) {
	c.Handlers += o.Handlers
	c.Pure += o.Pure
	c.Mutable += o.Mutable
	c.Migratable += o.Migratable
	for reason, n := range o.Blocked {
		if c.Blocked == nil {
			c.Blocked = make(map[string]int)
		}
		c.Blocked[reason] += n
	}
	c.Other += o.Other
	c.CORSRoutes = addKnown(c.CORSRoutes, o.CORSRoutes)
	c.MissingOptionsRoute += o.MissingOptionsRoute
	c.OptionsRejected += o.OptionsRejected
	c.EdgeHandlers = addKnown(c.EdgeHandlers, o.EdgeHandlers)
	c.HostOnlyCalls += o.HostOnlyCalls
}

func addKnown(x, y *int) *int {
	if x == nil || y == nil {
		return nil
	}
	sum := *x + *y
	return &sum
}

// Finish sorts the packages and computes the total.
func (s *Summary) Finish() {
	slices.SortFunc(s.Packages, func(x, y PackageSummary) int { return cmp.Compare(x.Package, y.Package) })
	var total Counts
	if len(s.Packages) > 0 {
		total = s.Packages[0].Counts
		total.Blocked = maps.Clone(total.Blocked)
		for _, p := range s.Packages[1:] {
			total.Add(p.Counts)
		}
	}
	s.Total = total
}

// A summaryColumn is one column of the summary's tables.
type summaryColumn struct {
	head, markdownHead string
	value              func(*Counts) string
}

var summaryColumns = []summaryColumn{
	{"HANDLERS", "Handlers", func(c *Counts) string { return strconv.Itoa(c.Handlers) }},
	{"PURE", "Pure", func(c *Counts) string { return strconv.Itoa(c.Pure) }},
	{"MUTABLE", "Mutable", func(c *Counts) string { return strconv.Itoa(c.Mutable) }},
	{"MIGRATABLE", "Auto-migratable", func(c *Counts) string { return strconv.Itoa(c.Migratable) }},
	{"MIGRATABLE %", "Auto-migratable %", func(c *Counts) string { return c.MigratableShare() }},
	{"BLOCKED", "Blocked", func(c *Counts) string { return strconv.Itoa(c.BlockedTotal()) }},
	{"OTHER", "Other", func(c *Counts) string { return strconv.Itoa(c.Other) }},
	{"CORS ROUTES", "CORS routes", func(c *Counts) string { return knownCount(c.CORSRoutes) }},
	{"NO OPTIONS ROUTE", "No OPTIONS route", func(c *Counts) string { return strconv.Itoa(c.MissingOptionsRoute) }},
	{"OPTIONS REJECTED", "OPTIONS rejected", func(c *Counts) string { return strconv.Itoa(c.OptionsRejected) }},
	{"EDGE HANDLERS", "Edge handlers", func(c *Counts) string { return knownCount(c.EdgeHandlers) }},
	{"HOST-ONLY CALLS", "Host-only calls", func(c *Counts) string { return strconv.Itoa(c.HostOnlyCalls) }},
}

// knownCount shows a count that may be unknown as "?".
func knownCount(n *int) string {
	if n == nil {
		return "?"
	}
	return strconv.Itoa(*n)
}

// blockedReasons returns the blocked reasons of c with their counts,
// "dynamic-status 2, streaming 1", most frequent first.
func blockedReasons(c *Counts) string {
	reasons := slices.Sorted(maps.Keys(c.Blocked))
	slices.SortStableFunc(reasons, func(x, y string) int { return cmp.Compare(c.Blocked[y], c.Blocked[x]) })
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%s %d", r, c.Blocked[r])
	}
	return strings.Join(parts, ", ")
}

// writeSummaryText writes s as an aligned table, one row per package and
// one for the total, and the blocked handlers by reason.
func writeSummaryText(w io.Writer, s *Summary) {
	fmt.Fprintln(w, "Migration summary:")
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	row := func(first string, cell func(summaryColumn) string) {
		cells := []string{first}
		for _, col := range summaryColumns {
			cells = append(cells, cell(col))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	row("PACKAGE", func(col summaryColumn) string { return col.head })
	for i := range s.Packages {
		row(s.Packages[i].Package, func(col summaryColumn) string { return col.value(&s.Packages[i].Counts) })
	}
	row("total", func(col summaryColumn) string { return col.value(&s.Total) })
	tw.Flush()
	if blockedReasons(&s.Total) == "" {
		return
	}
	// Blocked handlers by reason, per package with any and in total: what
	// to refactor by hand, and where.
	fmt.Fprintln(w, "Blocked by reason:")
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for i := range s.Packages {
		if reasons := blockedReasons(&s.Packages[i].Counts); reasons != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", s.Packages[i].Package, reasons)
		}
	}
	fmt.Fprintf(tw, "  total\t%s\n", blockedReasons(&s.Total))
	tw.Flush()
}
