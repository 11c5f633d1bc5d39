#!/usr/bin/env bash
# Issue 26: go vet's action cache, shared between machines through
# GOCACHEPROG, carries routevet's results from one CI machine to the next.
#
#	testdata/scale/run.sh [MODULE_DIR]
#
# builds go-cacher-server and go-cacher (github.com/bradfitz/go-tool-cache,
# from the module proxy) and routevet, starts the server on 127.0.0.1, and
# runs go vet -json -vettool=routevet on a copy of the module (default
# testdata/sample) as two machines would: each with an empty GOCACHE and
# an empty go-cacher directory, sharing only the server. It checks that the
# second machine runs routevet on no package (every vet action is a cache
# hit) and prints the same findings; and that after changing a
# .routevet.yaml, an analyzer flag or the routevet executable, the next
# run analyzes again and prints what a run without any cache prints. It
# prints the figures (times, tool runs, go-cacher's hits and misses) the
# README quotes. Exit status 0 when every check passes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
src=$(cd "${1:-$repo/testdata/sample}" && pwd)
# The go-tool-cache version is pinned: the script measures the cache, not
# the cacher's latest changes.
cacher=github.com/bradfitz/go-tool-cache
cacher_version=v0.0.0-20260722201841-0bb331e19f64

work=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod

echo "building go-cacher, go-cacher-server ($cacher@$cacher_version) and routevet"
GOBIN=$work/bin go install "$cacher/cmd/go-cacher@$cacher_version" "$cacher/cmd/go-cacher-server@$cacher_version"
(cd "$repo" && go build -o "$work/bin/routevet" ./cmd/routevet)
cp -R "$src" "$work/mod"
chmod -R u+w "$work/mod"

# The server, on a free loopback port.
for attempt in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 40000))
	"$work/bin/go-cacher-server" -listen "127.0.0.1:$port" -cache-dir "$work/server" 2>"$work/server.log" &
	server_pid=$!
	for _ in $(seq 50); do
		if curl -s -o /dev/null "http://127.0.0.1:$port/"; then break 2; fi
		if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
		sleep 0.1
	done
	kill "$server_pid" 2>/dev/null || true
	server_pid=
done
[ -n "$server_pid" ] || { echo "go-cacher-server did not start:"; cat "$work/server.log"; exit 1; }

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# vet MACHINE [FLAGS...] runs go vet -json on the module as machine
# MACHINE (its own GOCACHE and go-cacher directory, created on first use)
# through the shared server; "nocache" runs with a cache of compiled
# packages only (no vet results) and no
# GOCACHEPROG, for the truth. It leaves the sorted findings in
# $work/MACHINE.json and sets seconds, runs (how many packages routevet
# analyzed) and hits/gets (go-cacher's count).
vet() {
	local machine=$1
	shift
	local env=(GOCACHE="$work/$machine/gocache")
	if [ "$machine" = nocache ]; then
		# A copy of a cache holding compiled packages and no vet results:
		# routevet runs on every package, the compiler on none.
		rm -rf "$work/nocache"
		mkdir -p "$work/nocache"
		cp -R "$work/compiled" "$work/nocache/gocache"
	else
		env+=(GOCACHEPROG="$work/bin/go-cacher -verbose -cache-dir=$work/$machine/cacher -cache-server=http://127.0.0.1:$port")
	fi
	mkdir -p "$work/$machine"
	local start=$SECONDS
	# -json: findings on stdout, apart from -x's commands on stderr.
	(cd "$work/mod" && env "${env[@]}" go vet -x -json -vettool="$work/bin/routevet" "$@" ./...) \
		>"$work/$machine.out" 2>"$work/$machine.err" || {
		echo "go vet failed:"
		tail -20 "$work/$machine.err"
		exit 1
	}
	seconds=$((SECONDS - start))
	# go vet -json prints each package's JSON as its action completes, in
	# no fixed order: compare the lines sorted.
	sort "$work/$machine.out" >"$work/$machine.json"
	# -x prints each run of the tool, whose last argument is the
	# package's vet.cfg.
	runs=$(grep -c 'vet\.cfg$' "$work/$machine.err" || true)
	read -r gets hits < <(sed -n 's/.*closing; \([0-9]*\) gets (\([0-9]*\) hits.*/\1 \2/p' "$work/$machine.err" | awk '{g+=$1; h+=$2} END {print g+0, h+0}')
	printf '%-34s %4ds  routevet ran on %4d packages  cacher hits %5d of %5d gets\n' "$machine $*" "$seconds" "$runs" "$hits" "$gets"
}

findings() { grep -c '"posn"' "$1" || true; }

vet machine-a
[ "$runs" -gt 0 ] || fail "machine-a (cold) ran routevet on no package"
vet machine-b
[ "$runs" -eq 0 ] || fail "machine-b (empty GOCACHE, shared server) ran routevet on $runs packages, want 0"
cmp -s "$work/machine-a.json" "$work/machine-b.json" || fail "machine-b's findings differ from machine-a's"
echo "findings: $(findings "$work/machine-a.json")"

# check WHAT: the run just made on machine-b analyzed again and printed
# what an uncached run prints.
check() {
	local what=$1
	shift
	[ "$runs" -gt 0 ] || fail "$what: routevet ran on no package: stale findings replayed"
	cp "$work/machine-b.json" "$work/changed.json"
	vet nocache "$@"
	cmp -s "$work/changed.json" "$work/nocache.json" || fail "$what: findings differ from an uncached run's"
}

# The truth runs start from a cache of compiled packages only.
(cd "$work/mod" && GOCACHE="$work/compiled" go build ./... && GOCACHE="$work/compiled" go test -vet=off -count=1 -run='^$' ./... >/dev/null)

# A .routevet.yaml that changes the findings.
printf 'disable: [mutablewriter]\nenable: [purehandler]\n' >"$work/mod/.routevet.yaml"
vet machine-b
check ".routevet.yaml changed"
rm "$work/mod/.routevet.yaml"

# An analyzer flag.
vet machine-b -purehandler
check "analyzer flag -purehandler" -purehandler

# Another routevet executable (the same program with a byte more).
cp "$work/bin/routevet" "$work/bin/routevet.old"
printf '\0' >>"$work/bin/routevet"
vet machine-b
check "routevet executable changed"

if [ "$failures" -gt 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "ok: the second machine replayed every vet action; changes re-analyzed"
