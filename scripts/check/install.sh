#!/usr/bin/env bash
# Installs into a temporary prefix and builds C consumers through pkg-config
# and CMake's find_package.
set -euo pipefail
version=$(sed -nE 's/^#define AEGIS_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+).*/\2/p' include/aegispath.h | paste -sd.)
prefix="$PWD/build/install-check"
rm -rf "$prefix" build/consumer
cmake --install build --prefix "$prefix" >/dev/null
pc_dir=$(dirname "$(find "$prefix" -name aegispath.pc)")
lib_dir=$(dirname "$(find "$prefix" -name 'libaegispath.so' | head -1)")
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror examples/aegispath_cli.c -o build/consumer-pkgconfig \
  $(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs aegispath) -Wl,-rpath,"$lib_dir"
build/consumer-pkgconfig version | grep -q "^libaegispath $version"
cmake -S tests/install_consumer -B build/consumer -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build/consumer >/dev/null
LD_LIBRARY_PATH="$lib_dir" build/consumer/consumer version | grep -q "^libaegispath $version"
echo "installed $version; pkg-config and find_package consumers run"
