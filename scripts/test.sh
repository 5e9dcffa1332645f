#!/usr/bin/env bash
# The whole test suite: C++ (Catch2, warnings as errors, then again under
# AddressSanitizer + UBSan), Go vet, Go tests with the native library (cgo,
# race detector) and the pure-Go build. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

AEGIS_CMAKE_ARGS="-DAEGIS_WERROR=ON" scripts/setup.sh

echo "== C++ tests (Release, -Werror)"
ctest --test-dir build --output-on-failure -j2

echo "== C++ tests (ASan + UBSan)"
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAEGIS_WERROR=ON \
  -DAEGIS_SANITIZE=ON >/dev/null
ninja -C build-sanitize aegispath_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  build-sanitize/tests/aegispath_tests

echo "== nm: the drop-in symbols are exported, nothing else leaks"
exported=$(nm -D --defined-only build/libaegispath.so | awk '{print $3}' | grep -v '^_' | sort)
for sym in aegis_compute_attack_paths aegis_load_and_serialize_findings aegis_free; do
  grep -qx "$sym" <<<"$exported" || { echo "missing export: $sym" >&2; exit 1; }
done
if grep -v '^aegis_' <<<"$exported"; then echo "unexpected exports above" >&2; exit 1; fi

echo "== install: pkg-config and find_package consumers"
prefix="$PWD/build/install-check"
rm -rf "$prefix" build/consumer
cmake --install build --prefix "$prefix" >/dev/null
pc_dir=$(dirname "$(find "$prefix" -name aegispath.pc)")
lib_dir=$(dirname "$(find "$prefix" -name 'libaegispath.so' | head -1)")
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror examples/aegispath_cli.c -o build/consumer-pkgconfig \
  $(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs aegispath) -Wl,-rpath,"$lib_dir"
build/consumer-pkgconfig version | grep -q '^libaegispath 0.2.0'
cmake -S tests/install_consumer -B build/consumer -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build/consumer >/dev/null
LD_LIBRARY_PATH="$lib_dir" build/consumer/consumer version | grep -q '^libaegispath 0.2.0'
echo "ok"

echo "== go vet"
go vet ./...
CGO_ENABLED=0 go vet ./...

echo "== Go tests (cgo + native library, race detector)"
go test -race -count=1 ./...

echo "== Go tests (pure Go, no cgo)"
CGO_ENABLED=0 go test -count=1 ./...
