#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine needs and builds the library
# (Release) into build/. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each package and what it is for (the README's "Dependencies" says why each).
packages=(
  build-essential  # C and C++ compilers
  cmake ninja-build pkg-config
  libsimdjson-dev  # JSON parsing
  libtbb-dev       # oneTBB: parallel stages
  libssl-dev       # libcrypto: SHA-256 of the integrity hashes
  catch2           # C++ tests
  libbenchmark-dev # C++ micro-benchmarks (scripts/bench.sh)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ! command -v go >/dev/null 2>&1; then missing+=(golang-go); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "setup: installed ${missing[*]}"
else
  echo "setup: packages all present (${packages[*]}, go $(go env GOVERSION))"
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
