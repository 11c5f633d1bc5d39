package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
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
}

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRoot      = "%SRCROOT%"
	toolURI      = "https://pkg.go.dev/github.com/routevet/routevet"
	fingerprintV = "routevet/v1"
)

// WriteSARIF writes r as a SARIF 2.1.0 log with one run, as GitHub code
// scanning and other SARIF viewers read it:
//
//   - one rule per analyzer category ("mutablewriter/header-after-commit"),
//     with the analyzer's documentation as help and its URL as helpUri;
//   - one result per finding (once, however many packages share the
//     file), located relative to the repository root through
//     originalUriBaseIds, with related locations, fixes as artifact
//     changes, and a partial fingerprint that does not depend on line
//     numbers, so results keep their identity when code above them moves;
//   - failed analyses as tool execution notifications;
//   - the summary, if any, in the run's properties, as "migrationSummary".
func WriteSARIF(w io.Writer, r *Result, opts SARIFOptions) error {
	sw := &sarifWriter{opts: opts, files: make(map[string][]string)}
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

type sarifWriter struct {
	opts  SARIFOptions
	files map[string][]string // name -> lines, nil if unreadable
}

func (sw *sarifWriter) log(r *Result) *sarifLog {
	rules, index := sarifRules(r)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "routevet",
			Version:        sw.opts.ToolVersion,
			InformationURI: toolURI,
			Rules:          rules,
		}},
		Invocations: []sarifInvocation{sw.invocation(r.Errors)},
		ColumnKind:  "utf16CodeUnits",
		Results:     []sarifResult{},
	}
	if sw.opts.Root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
			srcRoot: {URI: fileURI(sw.opts.Root, true)},
		}
	}
	occurrences := make(map[string]int)
	for _, f := range distinctFindings(r.Findings) {
		id := ruleID(f.Analyzer, f.Category)
		res := sarifResult{
			RuleID:    id,
			RuleIndex: index[id],
			Level:     "warning",
			Message:   sarifMessage{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sw.physical(f.Pos, f.End)}},
		}
		for _, rel := range f.Related {
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				PhysicalLocation: sw.physical(rel.Pos, rel.End),
				Message:          &sarifMessage{Text: rel.Message},
			})
		}
		res.PartialFingerprints = map[string]string{fingerprintV: sw.fingerprint(id, f, occurrences)}
		for _, fix := range f.Fixes {
			if len(fix.Edits) > 0 { // SARIF has no fix without a change
				res.Fixes = append(res.Fixes, sw.fix(fix))
			}
		}
		run.Results = append(run.Results, res)
	}
	if r.Summary != nil {
		run.Properties = &sarifRunProperties{MigrationSummary: r.Summary}
	}
	return &sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
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
	rule := sarifRule{
		ID:                   ruleID(a.Name, category),
		ShortDescription:     &sarifMessage{Text: summary},
		HelpURI:              a.URL,
		DefaultConfiguration: &sarifConfiguration{Level: "warning"},
		Properties:           &sarifRuleProperties{Tags: []string{"routevet", a.Name}},
	}
	if text := categoryDoc(a.Doc, category); text != "" {
		rule.FullDescription = &sarifMessage{Text: text}
	}
	if a.Doc != "" {
		rule.Help = &sarifMessage{Text: a.Doc}
	}
	return rule
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

// line returns the text of a file's 1-based line.
func (sw *sarifWriter) line(file string, n int) (string, bool) {
	lines, ok := sw.files[file]
	if !ok {
		if data, err := sw.opts.ReadFile(file); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		sw.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimSuffix(lines[n-1], "\r"), true
}

// fingerprint identifies a finding across runs without its line number:
// a hash of its rule, file and the text of its line (trimmed, so that
// re-indenting keeps it), and its index among the findings with all of
// those the same. Code added or removed elsewhere in the file leaves it
// unchanged. When the line cannot be read, the message stands in for it.
func (sw *sarifWriter) fingerprint(rule string, f Finding, occurrences map[string]int) string {
	text, ok := sw.line(f.Pos.File, f.Pos.Line)
	if !ok {
		text = f.Message
	}
	loc := sw.artifact(f.Pos.File)
	key := strings.Join([]string{rule, loc.URIBaseID, loc.URI, strings.TrimSpace(text)}, "\x00")
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
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
	Properties         *sarifRunProperties              `json:"properties,omitempty"`
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
	Text string `json:"text"`
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
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
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
