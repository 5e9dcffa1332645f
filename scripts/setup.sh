#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine needs and builds the library
# (Release) into build/. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config libsimdjson-dev libtbb-dev catch2
          libbenchmark-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ! command -v go >/dev/null 2>&1; then missing+=(golang-go); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${go_minor:-0}" -lt 25 ]; then
  echo "setup: Go >= 1.25 is required (found $(go env GOVERSION))" >&2
  exit 1
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${AEGIS_CMAKE_ARGS:-} >/dev/null
ninja -C build

# The web view's graph library (npm ci from the pinned lock file, vendored
# into go/server/web/assets/vendor). A failure here leaves the library and
# the server built: the page then draws no graph and says why.
scripts/setup-web.sh || echo "setup: could not vendor the web view's graph library (see above); the page will list paths as text" >&2
