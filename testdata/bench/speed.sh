#!/usr/bin/env bash
# Measures, in one run on one machine, the figures of the README's
# performance section:
#
#   editor    routevet lsp driven over stdio by lspbench: time to the first
#             diagnostics after opening a file of a package that imports
#             net/http, and the median time from an edit (one that moves
#             every finding) to its diagnostics, checked against the
#             standalone driver's findings on the same text
#   analysis  routevet's suite against go vet's analyzers in one process,
#             on one load of the same packages (ratio of median CPU times),
#             on each module given and, with -std, on the standard library
#   memory    the standalone driver's peak memory against go vet's on each
#             module (testdata/bench/compare.sh: largest resident set of
#             the whole process tree at one time, for both)
#
# Usage: testdata/bench/speed.sh [-n RUNS] [-std] [-no-memory] [MODULE_DIR...]
#   MODULE_DIR  modules to analyze (./... of each); none: only the editor
set -euo pipefail

runs=5
std=
memory=1
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-std) std=1; shift ;;
	-no-memory) memory=; shift ;;
	-*) sed -n '2,18p' "$0" >&2; exit 2 ;;
	*) break ;;
	esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/routevet" ./cmd/routevet && go build -o "$work/lspbench" ./testdata/bench/lspbench && go build -o "$work/ratio" ./testdata/bench/ratio)

echo "# $(nproc) CPUs, $(go version | cut -d' ' -f3), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/lspbench" -routevet "$work/routevet"

if [ -n "$std" ]; then
	"$work/ratio" -n "$runs" std
fi
for dir in "$@"; do
	"$work/ratio" -n "$runs" -C "$dir" ./...
done
if [ -n "$memory" ]; then
	for dir in "$@"; do
		"$root/testdata/bench/compare.sh" -n 1 -C "$dir" ./... |
			awk -v d="$dir" '/^go vet / && !/vettool/ { vet = $(NF-2) } /^routevet / { rv = $(NF-2) }
				END { printf "%s: peak memory of the process tree, standalone routevet %d MiB, go vet %d MiB: ratio %.2f\n", d, rv, vet, (vet > 0 ? rv / vet : 0) }'
	done
fi
