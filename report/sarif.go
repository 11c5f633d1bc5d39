package report

import (
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// SARIFOptions control WriteSARIF.
type SARIFOptions struct {
	// Root is the repository root: locations are relative to it, under
	// the base id %SRCROOT%, as code scanning expects. Files outside it
	// are named by absolute file URIs.
	Root string
	// ToolVersion is routevet's version, "" if unknown.
	ToolVersion string
	// ReadFile reads source files, for columns in UTF-16 code units (what
	// SARIF counts by default; Go counts bytes) and for fingerprints; nil
	// means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// AutomationID is the run's automationDetails.id, whose part up to
	// the last "/" is GitHub code scanning's category; "" means
	// "routevet/". upload-sarif's category input replaces it.
	AutomationID string
	// Warn, if not nil, is told what the log leaves out to stay within
	// GitHub code scanning's limits (see sarifLimits); the log's
	// invocation says it too, as warning notifications.
	Warn func(msg string)
}

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRoot      = "%SRCROOT%"
	toolURI      = "https://pkg.go.dev/github.com/routevet/routevet"
	fingerprintV = "routevet/v2"
)

// WriteSARIF writes r as a SARIF 2.1.0 log with one run, as GitHub code
// scanning and other SARIF viewers read it:
//
//   - one run, with automationDetails.id (SARIFOptions.AutomationID), as
//     code scanning wants one run per category;
//   - one rule per analyzer category ("mutablewriter/header-after-commit"),
//     each id once, with a short description, the analyzer's
//     documentation as help (text and Markdown), its URL as helpUri,
//     tags and a default level;
//   - one result per finding (once, however many packages share the
//     file), located relative to the repository root through
//     originalUriBaseIds, with its related positions as related
//     locations, a code flow for the findings that are paths (see
//     IsPath), fixes as artifact changes, and a partial fingerprint that
//     does not depend on line numbers (see fingerprint), so that results
//     keep their identity when code above them moves;
//   - failed analyses as tool execution notifications;
//   - the summary, if any, in the run's properties, as "migrationSummary".
//
// The log stays within code scanning's limits (sarifLimits): what it
// cuts is said by warning notifications and to SARIFOptions.Warn.
func WriteSARIF(w io.Writer, r *Result, opts SARIFOptions) error {
	sw := &sarifWriter{opts: opts, files: make(map[string]*sourceFile)}
	if sw.opts.ReadFile == nil {
		sw.opts.ReadFile = os.ReadFile
	}
	data, err := json.MarshalIndent(sw.log(r), "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// GitHub code scanning's limits on a SARIF upload ("SARIF support for
// code scanning", and "SARIF results exceed limit" in its
// troubleshooting): above them it rejects the upload, or (results per
// run) keeps only some. routevet writes one run (at most 20), a handful
// of rules (25,000) with at most 4 tags each (20) and no tool extensions
// (100); the counts it could exceed are cut to the limits, with a
// warning. The file may be 10 MB gzip-compressed at most: routevet
// warns when it is larger, as cutting it is the user's call.
var sarifLimits = struct {
	results, locations, threadFlowLocations, gzipBytes int
}{
	results:             25_000, // per run
	locations:           1_000,  // per result: relatedLocations too
	threadFlowLocations: 10_000, // per result
	gzipBytes:           10 << 20,
}

type sarifWriter struct {
	opts     SARIFOptions
	files    map[string]*sourceFile // name -> its lines and functions
	warnings []string
}

func (sw *sarifWriter) warn(msg string) {
	sw.warnings = append(sw.warnings, msg)
	if sw.opts.Warn != nil {
		sw.opts.Warn(msg)
	}
}

func (sw *sarifWriter) log(r *Result) *sarifLog {
	rules, index := sarifRules(r)
	id := sw.opts.AutomationID
	if id == "" {
		id = "routevet/"
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "routevet",
			Version:        sw.opts.ToolVersion,
			InformationURI: toolURI,
			Rules:          rules,
		}},
		AutomationDetails: &sarifAutomationDetails{ID: id},
		ColumnKind:        "utf16CodeUnits",
		Results:           []sarifResult{},
	}
	if sw.opts.Root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
			srcRoot: {URI: fileURI(sw.opts.Root, true)},
		}
	}
	findings := distinctFindings(r.Findings)
	if n := len(findings); n > sarifLimits.results {
		sw.warn(fmt.Sprintf("SARIF: %d findings, more than the %d results GitHub code scanning accepts in a run: the last %d (in file order) are left out",
			n, sarifLimits.results, n-sarifLimits.results))
		findings = findings[:sarifLimits.results]
	}
	occurrences := make(map[string]int)
	for _, f := range findings {
		run.Results = append(run.Results, sw.result(f, rules[index[ruleID(f.Analyzer, f.Category)]], index, occurrences))
	}
	if r.Summary != nil {
		run.Properties = &sarifRunProperties{MigrationSummary: r.Summary}
	}
	sw.checkSize(&run)
	run.Invocations = []sarifInvocation{sw.invocation(r.Errors)}
	return &sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
}

// checkSize warns when the log, gzip-compressed as code scanning counts
// it, is larger than the upload limit.
func (sw *sarifWriter) checkSize(run *sarifRun) {
	if len(run.Results) < 1000 {
		return // far below 10 MB
	}
	data, err := json.Marshal(run)
	if err != nil {
		return
	}
	var n countWriter
	zw := gzip.NewWriter(&n)
	zw.Write(data)
	zw.Close()
	if int(n) > sarifLimits.gzipBytes {
		sw.warn(fmt.Sprintf("SARIF: the log is %d bytes gzip-compressed, more than the %d GitHub code scanning accepts; run routevet on fewer packages, or turn off categories",
			n, sarifLimits.gzipBytes))
	}
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// result converts a finding.
func (sw *sarifWriter) result(f Finding, rule sarifRule, index map[string]int, occurrences map[string]int) sarifResult {
	res := sarifResult{
		RuleID:    rule.ID,
		RuleIndex: index[rule.ID],
		Level:     rule.DefaultConfiguration.Level,
		Message:   sarifMessage{Text: f.Message},
		Locations: []sarifLocation{{PhysicalLocation: sw.physical(f.Pos, f.End)}},
	}
	related := f.Related
	if room := sarifLimits.locations - len(res.Locations); len(related) > room {
		sw.warn(fmt.Sprintf("SARIF: %s: %s has %d related positions, more than the %d locations GitHub code scanning accepts in a result: the last %d are left out",
			f.Pos, rule.ID, len(related), sarifLimits.locations, len(related)-room))
		related = related[:room]
	}
	for i, rel := range related {
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID:               i + 1,
			PhysicalLocation: sw.physical(rel.Pos, rel.End),
			Message:          &sarifMessage{Text: rel.Message},
		})
	}
	if IsPath(f.Analyzer, f.Category) {
		res.CodeFlows = []sarifCodeFlow{sw.codeFlow(f, rule.ID)}
	}
	res.PartialFingerprints = map[string]string{fingerprintV: sw.fingerprint(rule.ID, f, occurrences)}
	for _, fix := range f.Fixes {
		if len(fix.Edits) > 0 { // SARIF has no fix without a change
			res.Fixes = append(res.Fixes, sw.fix(fix))
		}
	}
	return res
}

// codeFlow returns a finding's path, by the convention IsPath
// documents: its related positions in their order, with the finding in
// its place among them (StepsBefore).
func (sw *sarifWriter) codeFlow(f Finding, rule string) sarifCodeFlow {
	steps := f.Related
	if room := sarifLimits.threadFlowLocations - 1; len(steps) > room {
		sw.warn(fmt.Sprintf("SARIF: %s: %s has a path of %d steps, more than the %d thread flow locations GitHub code scanning accepts in a result: the code flow keeps the first %d and the finding",
			f.Pos, rule, len(steps)+1, sarifLimits.threadFlowLocations, room))
		steps = steps[:room]
	}
	step := func(pos, end Position, msg string) sarifThreadFlowLocation {
		return sarifThreadFlowLocation{Location: sarifLocation{
			PhysicalLocation: sw.physical(pos, end),
			Message:          &sarifMessage{Text: msg},
		}}
	}
	before := StepsBefore(f.Analyzer, f.Category, len(steps))
	var locs []sarifThreadFlowLocation
	for _, rel := range steps[:before] {
		locs = append(locs, step(rel.Pos, rel.End, rel.Message))
	}
	locs = append(locs, step(f.Pos, f.End, f.Message))
	for _, rel := range steps[before:] {
		locs = append(locs, step(rel.Pos, rel.End, rel.Message))
	}
	for i := range locs {
		locs[i].ExecutionOrder = i + 1
	}
	return sarifCodeFlow{ThreadFlows: []sarifThreadFlow{{Locations: locs}}}
}

// sarifRules returns the rules, sorted by id, and each one's index: a
// rule for every category of every analyzer that ran, so that rule
// indexes do not depend on what was found, and one for each kind of
// finding no analyzer declares.
func sarifRules(r *Result) ([]sarifRule, map[string]int) {
	byName := make(map[string]Analyzer)
	var rules []sarifRule
	seen := make(map[string]bool)
	add := func(a Analyzer, category string) {
		id := ruleID(a.Name, category)
		if seen[id] {
			return
		}
		seen[id] = true
		rules = append(rules, newSARIFRule(a, category))
	}
	for _, a := range r.Analyzers {
		byName[a.Name] = a
		for _, c := range a.Categories {
			add(a, c)
		}
		if len(a.Categories) == 0 {
			add(a, "")
		}
	}
	for _, f := range r.Findings {
		a, ok := byName[f.Analyzer]
		if !ok {
			a = Analyzer{Name: f.Analyzer, URL: f.URL}
		}
		add(a, f.Category)
	}
	slices.SortFunc(rules, func(x, y sarifRule) int { return cmp.Compare(x.ID, y.ID) })
	index := make(map[string]int)
	for i, rule := range rules {
		index[rule.ID] = i
	}
	return rules, index
}

func newSARIFRule(a Analyzer, category string) sarifRule {
	summary, _ := strings.CutPrefix(firstLine(a.Doc), a.Name+": ")
	if summary == "" {
		summary = a.Name
	}
	id := ruleID(a.Name, category)
	rule := sarifRule{
		ID:                   id,
		Name:                 ruleName(id),
		ShortDescription:     &sarifMessage{Text: summary},
		HelpURI:              a.URL,
		DefaultConfiguration: &sarifConfiguration{Level: ruleLevel(a.Name)},
		Properties:           &sarifRuleProperties{Tags: []string{"routevet", a.Name, ruleKind(a.Name)}},
	}
	if category != "" {
		rule.Properties.Tags = append(rule.Properties.Tags, category)
	}
	if category != "" {
		// The category's name tells rules of one analyzer apart in code
		// scanning's lists: "header after commit: report headers ...".
		rule.ShortDescription.Text = strings.ReplaceAll(category, "-", " ") + ": " + summary
	}
	if text := categoryDoc(a.Doc, category); text != "" {
		rule.FullDescription = &sarifMessage{Text: text}
	}
	if a.Doc != "" {
		rule.Help = &sarifMessage{Text: a.Doc, Markdown: helpMarkdown(a, category, rule.FullDescription)}
	}
	return rule
}

// ruleName is a rule's name in the PascalCase SARIF suggests:
// "mutablewriter/header-after-commit" is MutablewriterHeaderAfterCommit.
func ruleName(id string) string {
	var b strings.Builder
	for word := range strings.FieldsFuncSeq(id, func(r rune) bool { return r == '/' || r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(word[:1]) + word[1:])
	}
	return b.String()
}

// ruleLevel is the level of an analyzer's findings: purehandler's are
// migration advice, notes; the others are bugs, warnings.
func ruleLevel(analyzer string) string {
	if analyzer == "purehandler" {
		return "note"
	}
	return "warning"
}

// ruleKind is the tag saying what kind of finding a rule makes.
func ruleKind(analyzer string) string {
	if analyzer == "purehandler" {
		return "maintainability"
	}
	return "correctness"
}

// helpMarkdown renders an analyzer's documentation, a Go doc comment, as
// Markdown for code scanning's rule help, after the category's own
// paragraph and before a link to the documentation.
func helpMarkdown(a Analyzer, category string, full *sarifMessage) string {
	var b strings.Builder
	if full != nil {
		fmt.Fprintf(&b, "**%s**\n\n", full.Text)
	}
	var p comment.Parser
	var pr comment.Printer
	pr.HeadingLevel = 2
	pr.HeadingID = func(*comment.Heading) string { return "" } // GitHub shows {#id} as text
	b.Write(pr.Markdown(p.Parse(a.Doc)))
	if a.URL != "" {
		fmt.Fprintf(&b, "\n[Documentation of %s](%s)\n", a.Name, a.URL)
	}
	return b.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

// categoryDoc returns the paragraph of an analyzer's documentation that
// describes a category, by the convention of routevet's doc.go files: it
// starts with "category: ". It returns "" when there is none.
func categoryDoc(doc, category string) string {
	if category == "" {
		return ""
	}
	for para := range strings.SplitSeq(doc, "\n\n") {
		if text := strings.TrimSpace(para); strings.HasPrefix(text, category+": ") {
			return strings.Join(strings.Fields(text), " ")
		}
	}
	return ""
}

func (sw *sarifWriter) invocation(errs []Error) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, e := range distinctErrors(errs) {
		inv.ExecutionSuccessful = false
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "error",
			Message: sarifMessage{Text: e.Analyzer + ": " + e.Message},
		})
	}
	for _, w := range sw.warnings {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "warning",
			Message: sarifMessage{Text: w},
		})
	}
	return inv
}

// artifact names a file for SARIF: relative to the root under %SRCROOT%
// when it is inside the root, an absolute file URI otherwise.
func (sw *sarifWriter) artifact(name string) sarifArtifactLocation {
	if sw.opts.Root != "" {
		if rel, err := filepath.Rel(sw.opts.Root, name); err == nil && filepath.IsLocal(rel) {
			u := url.URL{Path: filepath.ToSlash(rel)}
			return sarifArtifactLocation{URI: u.String(), URIBaseID: srcRoot}
		}
	}
	return sarifArtifactLocation{URI: fileURI(name, false)}
}

// fileURI returns the file URI of an absolute path; dir adds the trailing
// slash a base URI needs.
func fileURI(name string, dir bool) string {
	p := filepath.ToSlash(name)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func (sw *sarifWriter) physical(pos, end Position) sarifPhysicalLocation {
	loc := sarifPhysicalLocation{ArtifactLocation: sw.artifact(pos.File)}
	if !pos.IsValid() {
		return loc
	}
	if !end.IsValid() || end.File != pos.File || end.Offset < pos.Offset {
		end = pos
	}
	loc.Region = &sarifRegion{
		StartLine:   pos.Line,
		StartColumn: sw.column(pos),
		EndLine:     end.Line,
		EndColumn:   sw.column(end),
	}
	return loc
}

// column converts a position's byte column to UTF-16 code units, SARIF's
// default; when the file cannot be read, it keeps the byte column.
func (sw *sarifWriter) column(p Position) int {
	line, ok := sw.line(p.File, p.Line)
	if !ok || p.Column < 1 || p.Column-1 > len(line) {
		return max(p.Column, 1)
	}
	prefix := line[:p.Column-1]
	if !utf8.ValidString(prefix) {
		return p.Column
	}
	return len(utf16.Encode([]rune(prefix))) + 1
}

// A sourceFile is what the writer reads of a source file: its lines,
// and its top-level declarations' extents, parsed when first needed.
type sourceFile struct {
	data   []byte
	lines  []string // nil if unreadable
	parsed bool
	decls  []declExtent
}

// A declExtent is a top-level declaration's name and byte extent.
type declExtent struct {
	name       string
	start, end int
}

func (sw *sarifWriter) source(name string) *sourceFile {
	sf, ok := sw.files[name]
	if !ok {
		sf = new(sourceFile)
		if data, err := sw.opts.ReadFile(name); err == nil {
			sf.data = data
			sf.lines = strings.Split(string(data), "\n")
		}
		sw.files[name] = sf
	}
	return sf
}

// line returns the text of a file's 1-based line.
func (sw *sarifWriter) line(file string, n int) (string, bool) {
	lines := sw.source(file).lines
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimSuffix(lines[n-1], "\r"), true
}

// enclosing returns the name of the top-level declaration holding a
// position: "F" for a function, "T.M" for a method of T or *T, the
// names of a var, const or type declaration; "" when there is none or
// the file does not parse.
func (sw *sarifWriter) enclosing(p Position) string {
	sf := sw.source(p.File)
	if !sf.parsed {
		sf.parsed = true
		if sf.data != nil {
			sf.decls = topLevelDecls(sf.data)
		}
	}
	for _, d := range sf.decls {
		if d.start <= p.Offset && p.Offset < d.end {
			return d.name
		}
	}
	return ""
}

func topLevelDecls(src []byte) []declExtent {
	fset := token.NewFileSet()
	// A file with syntax errors still yields most declarations.
	f, _ := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	var out []declExtent
	for _, d := range f.Decls {
		ext := declExtent{start: fset.Position(d.Pos()).Offset, end: fset.Position(d.End()).Offset}
		switch d := d.(type) {
		case *ast.FuncDecl:
			ext.name = d.Name.Name
			if d.Recv != nil && len(d.Recv.List) > 0 {
				ext.name = receiverType(d.Recv.List[0].Type) + "." + ext.name
			}
		case *ast.GenDecl:
			var names []string
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range spec.Names {
						names = append(names, n.Name)
					}
				case *ast.TypeSpec:
					names = append(names, spec.Name.Name)
				}
			}
			ext.name = strings.Join(names, ",")
		}
		out = append(out, ext)
	}
	return out
}

// receiverType names a method's receiver type, without pointer or type
// parameters.
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// flagged returns the code a finding flags, its extent's text with
// spaces collapsed (at most 200 bytes of it), or the text of its line
// when it has no extent or the file cannot be read.
func (sw *sarifWriter) flagged(f Finding) string {
	data := sw.source(f.Pos.File).data
	if f.End.File == f.Pos.File && f.Pos.Offset < f.End.Offset && f.End.Offset <= len(data) {
		text := strings.Join(strings.Fields(string(data[f.Pos.Offset:f.End.Offset])), " ")
		if len(text) > 200 {
			text = text[:200]
		}
		return text
	}
	text, _ := sw.line(f.Pos.File, f.Pos.Line)
	return strings.TrimSpace(text)
}

// lineRefs matches what messages say of other positions: "line 12",
// "lines 3 and 4", "m.go:12:3". Fingerprints leave out the numbers,
// which change when code moves.
var lineRefs = regexp.MustCompile(`(?i)\b(lines?)\s+\d+((\s*(,|-|–|and|to)\s*)\d+)*\b|(\.go):\d+(:\d+)?\b`)

// normalizeMessage returns a message without the line and column
// numbers it mentions.
func normalizeMessage(msg string) string {
	return lineRefs.ReplaceAllString(msg, "$1$5 #")
}

// fingerprint identifies a finding across runs without its line number.
// It hashes the finding's rule (analyzer and category), its file, the
// top-level declaration that holds it (the enclosing function), its
// message with the line numbers it mentions taken out, and the code it
// flags (spaces collapsed, so that re-indenting keeps it), with the
// finding's index among those with all of these the same. Code added,
// removed or changed elsewhere in the file, even in the same function,
// leaves it unchanged; changing the flagged code or the message, or
// moving the finding to another function or file, changes it.
func (sw *sarifWriter) fingerprint(rule string, f Finding, occurrences map[string]int) string {
	loc := sw.artifact(f.Pos.File)
	key := strings.Join([]string{rule, loc.URIBaseID, loc.URI, sw.enclosing(f.Pos), normalizeMessage(f.Message), sw.flagged(f)}, "\x00")
	n := occurrences[key]
	occurrences[key] = n + 1
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
	return hex.EncodeToString(sum[:16])
}

// fix converts a suggested fix: its edits grouped by file, in the order
// of the files' names, each edit a replacement of a byte range.
func (sw *sarifWriter) fix(fix Fix) sarifFix {
	edits := slices.Clone(fix.Edits)
	slices.SortStableFunc(edits, func(x, y Edit) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Start, y.Start))
	})
	sf := sarifFix{Description: sarifMessage{Text: fix.Message}, ArtifactChanges: []sarifArtifactChange{}}
	for _, e := range edits {
		if n := len(sf.ArtifactChanges); n == 0 || sf.ArtifactChanges[n-1].file != e.File {
			sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{file: e.File, ArtifactLocation: sw.artifact(e.File)})
		}
		rep := sarifReplacement{DeletedRegion: sarifByteRegion{ByteOffset: e.Start, ByteLength: e.End - e.Start}}
		if e.New != "" {
			rep.InsertedContent = &sarifContent{Text: e.New}
		}
		change := &sf.ArtifactChanges[len(sf.ArtifactChanges)-1]
		change.Replacements = append(change.Replacements, rep)
	}
	return sf
}

// The SARIF 2.1.0 objects routevet writes, with the properties it uses.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	AutomationDetails  *sarifAutomationDetails          `json:"automationDetails,omitempty"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
	Properties         *sarifRunProperties              `json:"properties,omitempty"`
}

type sarifAutomationDetails struct {
	ID string `json:"id"`
}

type sarifRunProperties struct {
	MigrationSummary *Summary `json:"migrationSummary"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string               `json:"id"`
	Name                 string               `json:"name,omitempty"`
	ShortDescription     *sarifMessage        `json:"shortDescription,omitempty"`
	FullDescription      *sarifMessage        `json:"fullDescription,omitempty"`
	Help                 *sarifMessage        `json:"help,omitempty"`
	HelpURI              string               `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifConfiguration  `json:"defaultConfiguration,omitempty"`
	Properties           *sarifRuleProperties `json:"properties,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	Tags []string `json:"tags"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	CodeFlows           []sarifCodeFlow   `json:"codeFlows,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               int                   `json:"id,omitempty"` // 1-based, in relatedLocations
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
}

type sarifCodeFlow struct {
	ThreadFlows []sarifThreadFlow `json:"threadFlows"`
}

type sarifThreadFlow struct {
	Locations []sarifThreadFlowLocation `json:"locations"`
}

type sarifThreadFlowLocation struct {
	Location       sarifLocation `json:"location"`
	ExecutionOrder int           `json:"executionOrder"` // 1-based
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	file             string
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifByteRegion `json:"deletedRegion"`
	InsertedContent *sarifContent   `json:"insertedContent,omitempty"`
}

type sarifByteRegion struct {
	ByteOffset int `json:"byteOffset"`
	ByteLength int `json:"byteLength"`
}

type sarifContent struct {
	Text string `json:"text"`
}
