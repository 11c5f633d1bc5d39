#!/usr/bin/env bash
# Applies every purehandler fix to real web modules and checks that
# nothing anyone sees changes. See "Migrating real modules" in README.md.
#
#   testdata/realworld/migrate.sh [-k] [MODULE@VERSION...]
#
# For each module (by default the pinned set below), as the Go module
# proxy serves it: runs the tests of the packages the fix changes,
# applies routevet -purehandler -fix ./..., then checks that every package
# that built before still builds, that go vet passes on the changed
# packages where it passed before,
# that every test that passed before passes after, and that a second run
# changes nothing. Prints per module and in total the share of mutable
# handlers migrated, and every broken package; exits 1 if any. -k keeps
# the temporary directory. Not run by CI: it downloads modules and runs
# their tests, which takes a while.
set -u

# The newest versions the proxy listed on 2026-12-06 (sftpgo lists none;
# v2.6.4 is served).
# crewjam/saml's tests serve its handlers with a writer whose Write fails
# and expect the 500 their http.Error then records: they caught the
# migration dropping that branch (see write-error in the purehandler doc).
modules=(
	miniflux.app/v2@v2.3.5
	github.com/axllent/mailpit@v1.33.1
	github.com/drakkan/sftpgo/v2@v2.6.4
	github.com/smallstep/certificates@v0.30.2
	github.com/caddyserver/caddy/v2@v2.11.9
	github.com/crewjam/saml@v0.6.3
	github.com/cortexproject/cortex@v1.21.1
)
# cortex's handlers reply through the helpers of its pkg/util
# (util.WriteJSONResponse, util.WriteTextResponse), another package of
# the module: their fixes edit pkg/util too (see foreign-helper in the
# purehandler doc).
# Not github.com/syncthing/syncthing@v1.30.0: its GUI assets
# (lib/api/auto) are generated, so the proxy's copy does not build.

keep=0
picked=()
for a in "$@"; do
	case $a in
	-k) keep=1 ;;
	-h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "migrate.sh: unknown flag $a" >&2; exit 2 ;;
	*) picked+=("$a") ;;
	esac
done
[ ${#picked[@]} -gt 0 ] && modules=("${picked[@]}")

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/routevet-migrate.XXXXXX") || exit 2
if [ $keep = 1 ]; then
	echo "keeping $tmp"
else
	trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fi
(cd "$repo" && go build -o "$tmp/routevet" ./cmd/routevet) || { echo "migrate.sh: cannot build routevet" >&2; exit 2; }
rv=$tmp/routevet

# Each module with its own go.mod (missing go.sum lines are filled in),
# none of this repository's settings; the fix imports the route module,
# which is replaced by this checkout's.
export GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
routemod=github.com/routevet/routevet/route

# passed LOG: the tests a go test -json log shows passing, "pkg test" a line.
passed() {
	sed -n 's/.*"Action":"pass","Package":"\([^"]*\)","Test":"\([^"]*\)".*/\1 \2/p' "$1" | sort -u
}

# panicked LOG: the packages whose test binary panicked in a go test
# -json log (the package failed, and a panic was printed: a test that
# recovers from a panic may print one too), one a line.
panicked() {
	comm -12 <(sed -n 's/.*"Action":"output","Package":"\([^"]*\)".*"Output":"panic: .*/\1/p' "$1" | sort -u) \
		<(sed -n 's/.*"Action":"fail","Package":"\([^"]*\)","Elapsed".*/\1/p' "$1" | sort -u)
}

# failing LOG: the packages a go build log shows failing, one a line.
failing() {
	sed -n 's/^# \([^ ]*\)$/\1/p' "$1" | sort -u
}

# summary FILE: writes the migration summary (text, on stderr with the
# findings) to FILE.
summary() {
	"$rv" -purehandler -summary ./... >"$1" 2>&1
}

# total_counts FILE: mutable and migratable handlers of the summary's total row.
total_counts() {
	awk '$1 == "total" && $2 ~ /^[0-9]+$/ { print $4, $5; exit }' "$1"
}

# blocked_reasons FILE: the summary's blocked handlers by reason, in total.
blocked_reasons() {
	awk '/^Blocked by reason:/ { on = 1; next } on && $1 == "total" { $1 = ""; sub(/^ +/, ""); print; exit }' "$1"
}

all_mutable=0 all_migrated=0 broken_all=0
for mv in "${modules[@]}"; do
	name=${mv%@*}
	dir=$tmp/src/$(echo "$mv" | tr '/@' '__')
	log=$tmp/log/$(basename "$dir")
	mkdir -p "$log"
	info=$(cd "$tmp" && go mod download -json "$mv" 2>&1)
	src=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	if [ -z "$src" ] || [ ! -d "$src" ]; then
		echo "$mv: cannot download: $(printf '%s' "$info" | tail -n 1)"
		continue
	fi
	mkdir -p "$dir" && cp -R "$src/." "$dir/" && chmod -R u+w "$dir"
	cd "$dir" || exit 2
	go mod edit -require=$routemod@v0.0.0 -replace=$routemod="$repo/route"
	# Packages that do not build before the fix (a cgo package whose C
	# library is not installed) are left out of the build check.
	go build ./... >"$log/build-before" 2>&1
	failing "$log/build-before" >"$log/failing-before"

	# The packages the fix changes, by the files its diff names.
	"$rv" -purehandler -fix -diff ./... >"$log/diff" 2>"$log/diff.err"
	pkgs=$(sed -n 's/^--- \(.*\) (old)$/\1/p' "$log/diff" | xargs -r -n1 dirname | sort -u | sed "s|^$dir|.|")
	summary "$log/summary-before"
	counts=$(total_counts "$log/summary-before")
	mutable=${counts% *} migratable=${counts#* }
	[ -n "$counts" ] || { mutable=0; migratable=0; }

	broken=()
	crashed=""
	if [ -n "$pkgs" ]; then
		# shellcheck disable=SC2086
		go test -count=1 -timeout 10m -json $pkgs >"$log/test-before" 2>&1
		passed "$log/test-before" >"$log/passed-before"
		# A package whose test binary panics before the fix (one of
		# cortex's, in a test's failing assertion) stops at a
		# different test on every run: its parallel tests pass or not
		# by timing. Its tests are left out of the comparison, saying
		# so; it must still build and vet.
		crashed=$(panicked "$log/test-before")
		if [ -n "$crashed" ]; then
			awk 'NR == FNR { c[$1] = 1; next } !($1 in c)' <(printf '%s\n' "$crashed") "$log/passed-before" >"$log/passed-before.kept"
			mv "$log/passed-before.kept" "$log/passed-before"
		fi
		vet_before=()
		for p in $pkgs; do go vet "$p" >/dev/null 2>&1 && vet_before+=("$p"); done

		"$rv" -purehandler -fix ./... >"$log/fix" 2>&1
		go build ./... >"$log/build-after" 2>&1
		failing "$log/build-after" >"$log/failing-after"
		while read -r p; do
			broken+=("$p: does not build after the fix (see $log/build-after)")
		done < <(comm -13 "$log/failing-before" "$log/failing-after")
		for p in "${vet_before[@]}"; do
			go vet "$p" >"$log/vet-after" 2>&1 || broken+=("$p: go vet: $(head -n 2 "$log/vet-after" | tr '\n' ' ')")
		done
		# shellcheck disable=SC2086
		go test -count=1 -timeout 10m -json $pkgs >"$log/test-after" 2>&1
		passed "$log/test-after" >"$log/passed-after"
		# A package whose tests are flaky runs twice more: a test
		# counts as broken only when it passes in none of the runs
		# after.
		for retry in 1 2; do
			again=$(comm -23 "$log/passed-before" "$log/passed-after" | cut -d' ' -f1 | sort -u)
			[ -n "$again" ] || break
			# shellcheck disable=SC2086
			go test -count=1 -timeout 10m -json $again >"$log/test-after-$retry" 2>&1
			passed "$log/test-after-$retry" | sort -u - "$log/passed-after" >"$log/passed-after.new"
			mv "$log/passed-after.new" "$log/passed-after"
		done
		while read -r p t; do
			broken+=("$p: $t passed before the fix and not after")
		done < <(comm -23 "$log/passed-before" "$log/passed-after")
		"$rv" -purehandler -fix -diff ./... >"$log/diff-again" 2>"$log/diff-again.err"
		[ -s "$log/diff-again" ] && broken+=("a second run changes more (see $log/diff-again)")
		summary "$log/summary-after"
		after=$(total_counts "$log/summary-after")
		[ "${after% *}" = $((mutable - migratable)) ] ||
			broken+=("after the fix $after mutable/migratable handlers, want $((mutable - migratable)) mutable")
	fi

	share="-"
	[ "$mutable" -gt 0 ] && share="$((100 * migratable / mutable))%"
	npkgs=$(printf '%s\n' $pkgs | grep -c .)
	ntests=0
	[ -f "$log/passed-before" ] && ntests=$(wc -l <"$log/passed-before")
	echo "$mv: $migratable of $mutable mutable handlers migrated ($share), $npkgs packages changed, $ntests tests passing before; ${#broken[@]} broken"
	echo "  blocked: $(blocked_reasons "$log/summary-before")"
	for p in $crashed; do echo "  NOTE $p: its tests panic before the fix; not compared"; done
	for b in "${broken[@]}"; do echo "  BROKEN $b"; done
	all_mutable=$((all_mutable + mutable))
	all_migrated=$((all_migrated + migratable))
	broken_all=$((broken_all + ${#broken[@]}))
	cd "$tmp" || exit 2
done

share="-"
[ $all_mutable -gt 0 ] && share="$((100 * all_migrated / all_mutable))%"
echo "total: $all_migrated of $all_mutable mutable handlers migrated ($share); $broken_all broken"
[ $broken_all = 0 ]
