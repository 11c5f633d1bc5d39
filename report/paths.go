package report

import "slices"

// Findings that are paths.
//
// Some findings are the end of a path through the code: a header set
// after the response was committed (the commit, then the header), a body
// read twice (the first read, then the second), a call an edge runtime
// cannot serve (the edge handler, each call of the chain, the host-only
// call), a CORS route a preflight cannot reach (the registration, then
// what the preflight reaches). SARIF shows such a path as a code flow,
// which GitHub code scanning draws step by step.
//
// The convention, which analyzers follow for the categories IsPath
// lists, is:
//
//   - the finding's Related positions are the steps of the path, in path
//     order (first step first), each with a message saying what happens
//     there ("the response is committed here", "handler banner runs on
//     Cloudflare Workers", "loadConfig calls os.ReadFile here");
//   - the finding's own position is the last step, where the bug is,
//     unless the analyzer reports a path at a step before its end, where
//     one change (or one suppression) settles it (stepsBefore): an edge
//     handler's finding is at the handler's own call, after the step
//     naming the handler and before the steps of the chain it starts; a
//     reply with no return after it is the first step, before the use
//     of the writer that follows it;
//   - a Related position that is not a step of the path (a declaration
//     the message refers to, say) does not belong in such a finding.
//
// A finding of these categories without Related positions is a path of
// one step, its own position. Writers do not sort the steps: a path
// crosses functions and files in the order the analyzer gives.
//
// WriteSARIF writes the path as the result's codeFlows: one code flow
// with one thread flow whose locations are the Related positions in
// order, with the finding in its place (last, or after stepsBefore
// steps), with executionOrder 1, 2, ...; the Related
// positions are also the result's relatedLocations, as for any finding.
// A category that becomes a path is added to pathCategories.

// pathCategories lists, by analyzer, the categories whose findings are
// paths.
var pathCategories = map[string][]string{
	"mutablewriter": {
		"header-after-commit",     // the commit, then the header it drops
		"superfluous-writeheader", // the first WriteHeader, then the second
		"write-after-error-reply", // the error reply, where the return is missing
		"served-twice",            // the writer handed on, where the return is missing
		// The status sent on some paths, then the header it drops.
		"header-after-conditional-commit",
	},
	"unreadbody": {
		"body-read-twice", // the first read, then the second
	},
	"edgeruntime": {
		// The edge handler, each call of the chain, the host-only call.
		"filesystem", "network", "process", "http-client", "tcp-database", "environment", "custom",
	},
	"preflight": {
		// The route's registration, then what the preflight reaches.
		"missing-options-route", "options-rejected",
	},
}

// stepsBefore gives, for the findings that are not at the end of their
// paths, how many Related steps come before the finding, by analyzer or
// by rule ("analyzer/category"); the others come after it.
var stepsBefore = map[string]int{
	"edgeruntime":                           1, // the edge handler; then the call in it (the finding); then the chain
	"mutablewriter/write-after-error-reply": 0, // the reply (the finding); then the use after it
	"mutablewriter/served-twice":            0, // the hand-on (the finding); then the use after it
}

// StepsBefore returns how many of the n Related positions of a path
// finding of analyzer's category are steps before the finding; the rest
// are steps after it.
func StepsBefore(analyzer, category string, n int) int {
	if before, ok := stepsBefore[ruleID(analyzer, category)]; ok {
		return min(before, n)
	}
	if before, ok := stepsBefore[analyzer]; ok {
		return min(before, n)
	}
	return n
}

// IsPath reports whether findings of an analyzer's category are paths,
// whose Related positions are the steps before the finding, in order
// (see the convention above).
func IsPath(analyzer, category string) bool {
	return slices.Contains(pathCategories[analyzer], category)
}

// PathRules returns the rule ids ("analyzer/category") of the findings
// that are paths.
func PathRules() []string {
	var ids []string
	for a, cats := range pathCategories {
		for _, c := range cats {
			ids = append(ids, ruleID(a, c))
		}
	}
	slices.Sort(ids)
	return ids
}
