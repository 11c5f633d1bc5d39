#!/usr/bin/env bash
# Runs routevet on real bugs that maintainers fixed: for each row of
# regressions.tsv, the pre-fix and the fixed version of the module, as the
# Go module proxy serves them. See "Regression set of real bugs" in
# README.md.
#
#   testdata/realworld/regressions.sh [-k] [ID...]
#
# -k keeps the temporary directory (sources, reports, logs). IDs (or
# prefixes of them) pick rows. Prints one line per case and a total; exits
# 0 whatever routevet finds, non-zero only when the script itself breaks.
# Nothing is checked in from those modules: they are downloaded here, at
# run time, into the module cache, and copied to the temporary directory.
set -u

keep=0
filters=()
for a in "$@"; do
	case $a in
	-k) keep=1 ;;
	-h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "regressions.sh: unknown flag $a" >&2; exit 2 ;;
	*) filters+=("$a") ;;
	esac
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
table=$here/regressions.tsv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/routevet-realworld.XXXXXX") || exit 2
if [ $keep = 1 ]; then
	echo "keeping $tmp"
else
	trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fi

mkdir -p "$tmp/src" "$tmp/out"
(cd "$repo" && go build -o "$tmp/routevet" ./cmd/routevet) || { echo "regressions.sh: cannot build routevet" >&2; exit 2; }
(cd "$repo" && go build -o "$tmp/findings" ./testdata/realworld/findings) || { echo "regressions.sh: cannot build the findings helper" >&2; exit 2; }

# The modules are loaded as they are, each with its own go.mod (missing
# go.sum lines are filled in); none of this repository's settings apply.
export GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=local

# fetch MODULE VERSION DEST: copies that module version into DEST, with a
# go.mod (a module from before go.mod gets the one the proxy synthesizes).
fetch() {
	local info dir gomod
	info=$(cd "$tmp" && go mod download -json "$1@$2" 2>&1) || { printf '%s\n' "$info" >"$out.log"; return 1; }
	dir=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	gomod=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
	[ -n "$dir" ] && [ -d "$dir" ] || { printf '%s\n' "$info" >"$out.log"; return 1; }
	mkdir -p "$3" && cp -R "$dir/." "$3/" && chmod -R u+w "$3"
	[ -f "$3/go.mod" ] || cp "$gomod" "$3/go.mod"
	chmod u+w "$3/go.mod"
}

# scan MODULE VERSION PACKAGE: runs routevet on PACKAGE of that module
# version, once a run, and prints the name of the file holding its
# findings (see findings/main.go). Fails when the module or the package
# could not be had or did not load; the log says why.
scan() {
	local mod=$1 ver=$2 pkg=$3 key dest out
	key=$(printf '%s@%s' "$pkg" "$ver" | tr '/' '_')
	dest=$tmp/src/$key
	out=$tmp/out/$key
	if [ ! -e "$out.done" ]; then
		: >"$out.done"
		fetch "$mod" "$ver" "$dest" &&
			(
				cd "$dest" &&
					go mod download >"$out.log" 2>&1 &&
					"$tmp/routevet" -json "${pkg/#"$mod"/.}" >"$out.json" 2>>"$out.log"
			)
		[ -s "$out.json" ] && "$tmp/findings" "$dest" "$out.json" >"$out.txt" 2>>"$out.log" &&
			! grep -q '^error' "$out.txt" && : >"$out.ok"
	fi
	echo "$out.txt"
	[ -e "$out.ok" ]
}

# hits FILE ANALYZER/CATEGORY PATH:FUNC: the findings of that analyzer and
# category (* for any) in that function.
hits() {
	local analyzer=${2%%/*} category=${2#*/} path=${3%:*} fn=${3##*:}
	awk -F'\t' -v a="$analyzer" -v c="$category" -v p="$path" -v f="$fn" \
		'$1 == a && (c == "*" || $2 == c) && $3 == p && $4 == f' "$1"
}

wanted() {
	[ ${#filters[@]} = 0 ] && return 0
	local f
	for f in "${filters[@]}"; do
		case $1 in "$f"*) return 0 ;; esac
	done
	return 1
}

total=0 caught=0 dirty=0 broken=0
printf '%-13s %-5s %-34s %-8s %s\n' id shape module pre-fix fixed
while IFS=$'\t' read -r -u 3 id shape mod pkg pre fixed where want url notes; do
	case $id in '' | '#'* | id) continue ;; esac
	wanted "$id" || continue
	total=$((total + 1))
	if f=$(scan "$mod" "$pre" "$pkg"); then
		if [ -n "$(hits "$f" "$want" "$where")" ]; then
			r1=caught
			caught=$((caught + 1))
		else
			r1=missed
		fi
	else
		r1=error
		broken=$((broken + 1))
	fi
	if f=$(scan "$mod" "$fixed" "$pkg"); then
		if [ -n "$(hits "$f" "$want" "$where")" ]; then
			r2=not-clean
			dirty=$((dirty + 1))
		else
			r2=clean
		fi
	else
		r2=error
	fi
	printf '%-13s %-5s %-34s %-8s %s\n' "$id" "$shape" "$mod" "$r1" "$r2"
done 3<"$table"

if [ $total = 0 ]; then
	echo "no case matched"
	exit 0
fi
extra=
[ $broken = 0 ] || extra=" (pre-fix versions that did not load: $broken)"
echo "caught $caught of $total ($((100 * caught / total))%), fixed versions with findings $dirty$extra"
[ $keep = 1 ] && echo "sources, reports and logs in $tmp"
exit 0
