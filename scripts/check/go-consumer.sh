#!/usr/bin/env bash
# The bridge both ways: the default build links the clone's build/ (every
# other Go phase uses it); here tests/go_consumer, a module of its own that
# requires libaegispath through a replace directive, is built with the tag
# aegispath_system against a scratch install found only through pkg-config,
# and run. It must load the installed library, not the clone's.
set -euo pipefail
prefix="$PWD/build/go-consumer-prefix"
rm -rf "$prefix"
cmake --install build --prefix "$prefix" >/dev/null
pc_file=$(find "$prefix" -name aegispath.pc)
lib_dir=$(dirname "$(find "$prefix" -name 'libaegispath.so' | head -1)")
bin="$PWD/build/go-consumer"
(
  cd tests/go_consumer
  # Only pkg-config says where the library is; the rpath is the install's,
  # as a user of a non-system prefix adds it.
  export PKG_CONFIG_PATH
  PKG_CONFIG_PATH=$(dirname "$pc_file")
  go vet -tags aegispath_system .
  CGO_LDFLAGS="-Wl,-rpath,$lib_dir" go build -tags aegispath_system -o "$bin" .
)
if readelf -d "$bin" | grep -E 'R(UN)?PATH' | grep -q "$PWD/build\]\|$PWD/bridge"; then
  echo "go-consumer: the binary's rpath points into the clone:" >&2
  readelf -d "$bin" | grep -E 'R(UN)?PATH' >&2
  exit 1
fi
loaded=$(ldd "$bin" | awk '/libaegispath/ {print $3}')
case "$loaded" in
  "$lib_dir"/*) ;;
  *) echo "go-consumer: loads libaegispath from '$loaded', not the install in $lib_dir" >&2; exit 1 ;;
esac
"$bin"
