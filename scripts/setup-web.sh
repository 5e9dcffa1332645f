#!/usr/bin/env bash
# Brings in the web view's front-end library (Cytoscape.js, pinned with its
# integrity hash in go/server/web/package-lock.json) from the npm registry
# with `npm ci`, and vendors its minified build and licence into
# go/server/web/assets/vendor/, where `go build` embeds them (git ignores
# them). Without it the server still builds and serves the page, which then
# lists a path's nodes and edges as text and says the graph library is
# missing. Safe to run again: it does nothing when the vendored copy is
# already the locked version.
set -euo pipefail
cd "$(dirname "$0")/.."

web=go/server/web
vendor=$web/assets/vendor
work=build/web-deps
want=$(sed -n 's/.*"cytoscape": "\([0-9.]*\)".*/\1/p' $web/package.json)
stamp=$vendor/cytoscape.version

if [ -f "$vendor/cytoscape.min.js" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup-web: npm not found; installing nodejs and npm"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nodejs npm >/dev/null
fi

rm -rf "$work"
mkdir -p "$work"
cp $web/package.json $web/package-lock.json "$work/"
# --ignore-scripts: nothing from the registry runs here; npm ci checks every
# file against the lock file's integrity hash.
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
pkg=$work/node_modules/cytoscape
got=$(node -p "require('./$pkg/package.json').version")
if [ "$got" != "$want" ]; then
  echo "setup-web: npm installed cytoscape $got, the lock file says $want" >&2
  exit 1
fi
cp "$pkg/dist/cytoscape.min.js" "$vendor/cytoscape.min.js"
cp "$pkg/LICENSE" "$vendor/cytoscape.LICENSE"
echo "$want" > "$stamp"
echo "setup-web: vendored cytoscape $want ($(wc -c < "$vendor/cytoscape.min.js") bytes) into $vendor"
