#!/usr/bin/env bash
# Builds gopls from the Go module proxy for the editor tests of
# "routevet lsp -gopls" (internal/lsp), the way testdata/golangci/build.sh
# builds golangci-lint: the binary is cached next to GOCACHE, keyed by the
# gopls version and the Go version, so a second run returns at once.
#
# It prints the binary's path on stdout (progress goes to stderr).
#
# Environment:
#   GOPLS_VERSION         gopls version (default v0.23.0, the newest release
#                         that builds with Go 1.26: v0.24.0 needs Go 1.27)
#   ROUTEVET_GOPLS_CACHE  cache directory (default: routevet-gopls next to
#                         $(go env GOCACHE)); never in the repo
set -euo pipefail

version=${GOPLS_VERSION:-v0.23.0}
cache=${ROUTEVET_GOPLS_CACHE:-$(dirname "$(go env GOCACHE)")/routevet-gopls}
export GOWORK=off GOTOOLCHAIN=local
key=$( {
	echo "$version"
	go version
	cat "${BASH_SOURCE[0]}"
} | sha256sum | cut -c1-16)
bin=$cache/gopls-$version-$key

log() { echo "build-gopls.sh: [${SECONDS}s] $*" >&2; }

if [[ -x $bin ]]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$cache"
find "$cache" -maxdepth 1 -name 'build.*' -mmin +120 -exec chmod -R u+w {} + -exec rm -rf {} +
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

log "go install golang.org/x/tools/gopls@$version (minutes the first time)"
GOBIN=$work go install -ldflags "-s -w" "golang.org/x/tools/gopls@$version"
mv -f "$work/gopls" "$bin"
log "built $bin"
echo "$bin"
