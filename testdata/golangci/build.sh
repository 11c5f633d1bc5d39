#!/usr/bin/env bash
# Builds golangci-lint with routevet's module plugin, the way
# "golangci-lint custom" does, but from the Go module proxy instead of a git
# clone of github.com/golangci/golangci-lint:
#
#   1. download github.com/golangci/golangci-lint/v2 at $GOLANGCI_VERSION and
#      copy its source to a writable directory;
#   2. write cmd/golangci-lint/plugins.go importing routevet's plugin;
#   3. go mod edit -replace routevet with this checkout, go mod tidy;
#   4. go build ./cmd/golangci-lint, with the version "custom" sets.
#
# It prints the binary's path on stdout (progress goes to stderr). The
# binary is cached, keyed by the golangci-lint version, the Go version, this
# script and the sources of the routevet packages the plugin is built from,
# go.mod and go.sum: a second run with nothing changed returns at once, a
# change to one of those packages rebuilds.
#
# Environment:
#   GOLANGCI_VERSION         golangci-lint version (default v2.15.0, the
#                            newest release; it needs Go 1.26)
#   ROUTEVET_GOLANGCI_CACHE  cache directory (default: routevet-golangci
#                            next to $(go env GOCACHE)); never in the repo
set -euo pipefail

version=${GOLANGCI_VERSION:-v2.15.0}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${ROUTEVET_GOLANGCI_CACHE:-$(dirname "$(go env GOCACHE)")/routevet-golangci}
export GOWORK=off GOTOOLCHAIN=local

# sources lists what the plugin's binary is built from: go.mod, go.sum and
# the Go (and embedded) files of the routevet packages the plugin imports,
# directly or not. Other packages (cmd, tests) do not cause a rebuild.
sources() {
	echo go.mod
	echo go.sum
	go list -deps -f '{{with .Module}}{{if eq .Path "github.com/routevet/routevet"}}{{range $.GoFiles}}{{$.Dir}}/{{.}}
{{end}}{{range $.CgoFiles}}{{$.Dir}}/{{.}}
{{end}}{{range $.EmbedFiles}}{{$.Dir}}/{{.}}
{{end}}{{end}}{{end}}' ./plugin | sed "s|^$root/||"
}
key=$( {
	echo "$version"
	go version
	cat "${BASH_SOURCE[0]}"
	cd "$root"
	sources | LC_ALL=C sort -u | while read -r f; do
		printf '%s ' "$f"
		sha256sum <"$f"
	done
} | sha256sum | cut -c1-16)
bin=$cache/golangci-lint-$version-routevet-$key

log() { echo "build.sh: [${SECONDS}s] $*" >&2; }

if [[ -x $bin ]]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$cache"
# Work directories of builds that were killed (a test timing out) are
# removed once no build could still be using them.
find "$cache" -maxdepth 1 -name 'build.*' -mmin +120 -exec chmod -R u+w {} + -exec rm -rf {} +
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

log "downloading github.com/golangci/golangci-lint/v2@$version"
dir=$(go mod download -json "github.com/golangci/golangci-lint/v2@$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [[ -z $dir || ! -d $dir ]]; then
	log "go mod download gave no source directory"
	exit 1
fi
cp -R "$dir" golangci-lint
chmod -R u+w golangci-lint
cd golangci-lint

# The same file "golangci-lint custom" generates (pkg/commands/internal/imports.go).
cat >cmd/golangci-lint/plugins.go <<'EOF'
package main

import (
	_ "github.com/routevet/routevet/plugin"
)
EOF

log "replacing github.com/routevet/routevet with $root"
go mod edit \
	-replace "github.com/routevet/routevet=$root" \
	-require "github.com/routevet/routevet@v0.0.0-00010101000000-000000000000"
log "go mod tidy"
go mod tidy
log "go build ./cmd/golangci-lint (minutes the first time)"
go build \
	-ldflags "-s -w -X 'main.version=$version-custom-gcl-routevet-$key' -X 'main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)'" \
	-o "$work/golangci-lint-routevet" ./cmd/golangci-lint
mv -f "$work/golangci-lint-routevet" "$bin"
log "built $bin"

# Binaries built from older routevet sources (a day old: another checkout
# may share the cache) are of no further use.
find "$cache" -maxdepth 1 -name 'golangci-lint-*-routevet-*' ! -path "$bin" -mtime +0 -delete
echo "$bin"
