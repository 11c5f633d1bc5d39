#!/usr/bin/env bash
# Compares what routevet costs with what go vet costs, in one run on one
# machine, so that machine speed and load cancel out of the ratios:
#
#   go vet                      the standard vet analyzers, as CI runs them
#   go vet -vettool=routevet    routevet through the vet protocol
#   routevet                    the standalone driver (one process, every
#                               dependency loaded from source)
#
# Each is run N times on the same packages. Compilation is cached first,
# and every vet run starts from a copy of that warm cache, so no run finds
# the vet results of an earlier one. The table shows, for each, the
# fastest run's wall time, CPU time (user + system), peak memory (the
# largest resident set of the whole process tree at one time, and of any
# one process; see peakrss), and the ratio of the CPU time to go vet's.
#
# Usage: testdata/bench/compare.sh [-n N] [-v] [-C DIR] [PACKAGES...]
#   -n N      runs of each (default 3; the fastest counts)
#   -v        also print every run's figures (peak memory varies from run
#             to run with when the garbage collector runs), and the load
#             average after each
#   -C DIR    run in DIR (a module) instead of this checkout
#   PACKAGES  what to analyze (default: net/http/... of the Go in PATH)
#
# It runs on Linux (peakrss reads /proc). Nothing is written to the
# repository; temporary caches are removed at the end.
set -euo pipefail

runs=3
dir=
verbose=
while getopts "n:vC:" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	v) verbose=1 ;;
	C) dir=$OPTARG ;;
	*) sed -n '2,26p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(net/http/...)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
tool=$work/routevet
(cd "$root" && go build -o "$tool" ./cmd/routevet && go build -o "$work/peakrss" ./testdata/bench/peakrss)
[ -z "$dir" ] || cd "$dir"

# A warm build cache: what both vet runs start from.
warm=$work/cache-warm
GOCACHE=$warm go build "${pkgs[@]}" >/dev/null 2>&1 || GOCACHE=$warm go list -export "${pkgs[@]}" >/dev/null

# measure NAME CMD... runs CMD $runs times, each with a fresh copy of the
# warm cache, and records the fastest run's "wall cpu tree single".
declare -A result
measure() {
	local name=$1
	shift
	local best=
	for ((i = 0; i < runs; i++)); do
		local cache=$work/cache-run
		rm -rf "$cache"
		cp -a "$warm" "$cache"
		GOCACHE=$cache "$work/peakrss" -o "$work/time" "$@" >/dev/null 2>&1 || true
		read -r wall user sys single tree <"$work/time"
		local cpu
		cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
		if [ -n "$verbose" ]; then
			awk -v n="$name" -v i="$i" -v w="$wall" -v c="$cpu" -v t="$tree" -v s="$single" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
				'BEGIN { printf "%-26s run %d: wall %.2f s, cpu %.2f s, peak %.0f MiB (1 proc %.0f MiB), load %s\n", n, i + 1, w, c, t / 1024, s / 1024, l }'
		fi
		if [ -z "$best" ] || awk -v a="$cpu" -v b="${best#* }" 'BEGIN { exit !(a < b) }'; then
			best="$wall $cpu $tree $single"
		fi
	done
	result[$name]=$best
}

measure "go vet" go vet "${pkgs[@]}"
measure "go vet -vettool=routevet" go vet -vettool="$tool" "${pkgs[@]}"
measure "routevet" "$tool" "${pkgs[@]}"

read -r _ base _ <<<"${result["go vet"]}"
printf '%s on %s (%s, %d run(s) each, fastest shown)\n' "${pkgs[*]}" "$(hostname)" "$(go version | cut -d' ' -f3)" "$runs"
printf '%-26s %8s %8s %10s %10s %10s\n' "" "wall s" "cpu s" "peak MiB" "1 proc MiB" "cpu/go vet"
for name in "go vet" "go vet -vettool=routevet" "routevet"; do
	read -r wall cpu tree single <<<"${result[$name]}"
	awk -v n="$name" -v w="$wall" -v c="$cpu" -v t="$tree" -v s="$single" -v b="$base" \
		'BEGIN { printf "%-26s %8.2f %8.2f %10.0f %10.0f %9.2fx\n", n, w, c, t / 1024, s / 1024, (b > 0 ? c / b : 0) }'
done
