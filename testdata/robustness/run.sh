#!/usr/bin/env bash
# Robustness run (issue 21): every analyzer, purehandler included, over the
# Go distribution's own test programs ($GOROOT/test: thousands of small
# programs written to stress the compiler) and over all of std with its
# tests. It fails on any panic, on any analyzer error other than "does not
# type-check", and on any suggested fix that does not apply cleanly or
# leaves a program that no longer type-checks.
#
#   testdata/robustness/run.sh            # both parts
#   testdata/robustness/run.sh gotest     # $GOROOT/test only
#   testdata/robustness/run.sh std        # std only
#
# It prints the figures: programs, packages, findings, fixes applied.
# CI does not run it (about 15 minutes of CPU on 2 cores).
set -uo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/routevet" ./cmd/routevet || exit 1
rv="$tmp/routevet"
goroot=$(go env GOROOT)
status=0

# fail prints a reason and marks the run failed.
fail() { echo "FAIL: $*"; status=1; }

# errors lists the analysis errors of a -json run that are not type
# errors of the package analyzed.
errors() {
	grep -v 'does not type-check\|analysis skipped due to errors in package\|could not import\|no Go files\|build constraints exclude\|^-: \|^#\|^\s' "$1" | grep -i 'error\|panic' || true
}

if [ "$what" = all ] || [ "$what" = gotest ]; then
	mod="$tmp/gotest"
	mkdir -p "$mod"
	printf 'module gotest\n\ngo 1.26\n' > "$mod/go.mod"
	n=0
	# Single-file programs the compiler must accept: "// run", "// compile",
	# "// build" and their variants. errorcheck files are meant not to.
	for f in "$goroot"/test/*.go "$goroot"/test/*/*.go; do
		case "$(head -n 1 "$f")" in
		"// run"* | "// compile"* | "// build"*) ;;
		*) continue ;;
		esac
		grep -q '"\.\{1,2\}/' "$f" && continue # relative imports need their directory
		gofmt -l "$f" > /dev/null 2>&1 || continue  # stubs of directory tests do not parse
		n=$((n + 1))
		mkdir -p "$mod/p$n"
		cp "$f" "$mod/p$n/"
	done
	echo "gotest: $n programs from $goroot/test"
	# broken lists the packages that do not compile (type errors
	# included), each on its own: go list -export compiles every package
	# and records its error instead of stopping.
	broken() { (cd "$mod" && go list -e -export -f '{{if or .Error .DepsErrors}}{{.ImportPath}}{{end}}' ./... 2>/dev/null | grep . | sort -u); }
	broken > "$tmp/broken-before"
	(cd "$mod" && find . -name '*.go' -exec md5sum {} + | sort) > "$tmp/sums-before"
	pkgs=$(cd "$mod" && go list -e ./... 2>/dev/null | wc -l)
	[ "$pkgs" -gt 0 ] || fail "gotest: go list found no packages"
	echo "gotest: $pkgs packages, $(wc -l < "$tmp/broken-before") of which do not compile"
	(cd "$mod" && "$rv" -purehandler -json ./... > "$tmp/gotest.json" 2> "$tmp/gotest.err")
	rc=$?
	grep -q 'panic' "$tmp/gotest.err" && fail "gotest: a panic: $(grep -m1 -A5 panic "$tmp/gotest.err")"
	[ $rc -gt 3 ] && fail "gotest: routevet exited $rc"
	grep -q '"posn"\|^{' "$tmp/gotest.json" || fail "gotest: routevet printed no results: $(head -3 "$tmp/gotest.err")"
	e=$(errors "$tmp/gotest.err"); [ -n "$e" ] && fail "gotest: analyzer errors: $(echo "$e" | head -5)"
	echo "gotest: $(grep -c '"posn"' "$tmp/gotest.json") findings"
	(cd "$mod" && "$rv" -purehandler -fix ./... > "$tmp/fix.out" 2>&1)
	grep -q 'panic' "$tmp/fix.out" && fail "gotest -fix: a panic"
	grep 'skipped fix' "$tmp/fix.out" && fail "gotest -fix: fixes did not apply cleanly"
	(cd "$mod" && find . -name '*.go' -exec md5sum {} + | sort) > "$tmp/sums-after"
	echo "gotest: $(comm -13 "$tmp/sums-before" "$tmp/sums-after" | wc -l) files changed by fixes"
	broken > "$tmp/broken-after"
	newly=$(comm -13 "$tmp/broken-before" "$tmp/broken-after")
	[ -n "$newly" ] && fail "gotest: fixes broke the build of: $newly"
	(cd "$mod" && "$rv" -purehandler -fix -diff ./... > "$tmp/second.diff" 2>/dev/null)
	[ -s "$tmp/second.diff" ] && fail "gotest: a second -fix would change: $(grep '^+++' "$tmp/second.diff" | head -5)"
fi

if [ "$what" = all ] || [ "$what" = std ]; then
	"$rv" -purehandler -json std > "$tmp/std.json" 2> "$tmp/std.err"
	rc=$?
	grep -q 'panic' "$tmp/std.err" && fail "std: a panic: $(grep -m1 -A5 panic "$tmp/std.err")"
	[ $rc -gt 3 ] && fail "std: routevet exited $rc"
	e=$(errors "$tmp/std.err"); [ -n "$e" ] && fail "std: analyzer errors: $(echo "$e" | head -5)"
	echo "std: $(go list std | wc -l) packages (with tests), $(grep -c '"posn"' "$tmp/std.json") findings"
	"$rv" -purehandler -fix -diff std > "$tmp/std.diff" 2> "$tmp/stdfix.err"
	grep 'skipped fix' "$tmp/stdfix.err" && fail "std: fixes did not apply cleanly"
	echo "std: $(grep -c '^+++ ' "$tmp/std.diff") files a fix would change"
fi
[ $status = 0 ] && echo "robustness: PASS" || echo "robustness: FAIL"
exit $status
