#!/usr/bin/env bash
# Installs into temporary prefixes and uses the library as its users would:
# the installed CLI (relative rpath, no LD_LIBRARY_PATH), C consumers through
# pkg-config and CMake's find_package, and the same for the static library
# (-DAEGIS_BUILD_STATIC=ON, with its dependencies through pkg-config --static
# and find_dependency). Also the soname policy.
set -euo pipefail
version=$(sed -nE 's/^#define AEGIS_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+).*/\2/p' include/aegispath.h | paste -sd.)
IFS=. read -r major minor _ <<<"$version"
fail() { echo "install check: $*" >&2; exit 1; }
unset LD_LIBRARY_PATH
small='[{"id":"n1","account_id":"a","region":"r","resource_id":"x","resource_type":"compute","category":"NETWORK","severity":"HIGH"},
 {"id":"d1","account_id":"a","region":"r","resource_id":"y","resource_type":"database","category":"DATA_EXPOSURE","severity":"LOW"}]'

# --- shared library ---
prefix="$PWD/build/install-check"
rm -rf "$prefix" build/consumer build/consumer-static build/install-check-static
cmake --install build --prefix "$prefix" >/dev/null
pc_dir=$(dirname "$(find "$prefix" -name aegispath.pc)")
lib_dir=$(dirname "$(find "$prefix" -name 'libaegispath.so' | head -1)")

# Soname: libaegispath.so.0.MINOR while 0.x, libaegispath.so.MAJOR from 1.0.
want_soname="libaegispath.so.$major"
[ "$major" -eq 0 ] && want_soname="libaegispath.so.0.$minor"
soname=$(readelf -d "$lib_dir/libaegispath.so" | sed -nE 's/.*SONAME.*\[(.*)\]/\1/p')
[ "$soname" = "$want_soname" ] || fail "soname $soname, want $want_soname"

# The installed CLI runs from its prefix ($ORIGIN/../lib), nothing else set.
"$prefix/bin/aegispath-cli" --version | grep -qx "libaegispath $version (header $version)" ||
  fail "installed CLI --version"
loaded=$(ldd "$prefix/bin/aegispath-cli" | awk '/libaegispath/ {print $3}')
[ "$(realpath "$loaded")" = "$(realpath "$lib_dir/$soname")" ] ||
  fail "installed CLI does not load the installed library: $(ldd "$prefix/bin/aegispath-cli" | grep aegis)"
paths=$(echo "$small" | "$prefix/bin/aegispath-cli" paths -)
grep -q '"total_paths":1,' <<<"$paths" || fail "installed CLI paths: $paths"

# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror examples/aegispath_cli.c -o build/consumer-pkgconfig \
  $(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs aegispath) -Wl,-rpath,"$lib_dir"
build/consumer-pkgconfig version | grep -q "^libaegispath $version"
cmake -S tests/install_consumer -B build/consumer -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build/consumer >/dev/null
LD_LIBRARY_PATH="$lib_dir" build/consumer/consumer version | grep -q "^libaegispath $version"

# --- static library ---
cmake -S . -B build-static -G Ninja -DCMAKE_BUILD_TYPE=Release -DAEGIS_BUILD_STATIC=ON \
  -DAEGIS_BUILD_TESTS=OFF -DAEGIS_WERROR=ON >/dev/null
ninja -C build-static >/dev/null
sprefix="$PWD/build/install-check-static"
cmake --install build-static --prefix "$sprefix" >/dev/null
[ -z "$(find "$sprefix" -name 'libaegispath.so*')" ] || fail "static install has a shared library"
spc_dir=$(dirname "$(find "$sprefix" -name aegispath.pc)")
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror examples/aegispath_cli.c -o build/consumer-pkgconfig-static \
  $(PKG_CONFIG_PATH="$spc_dir" pkg-config --static --cflags --libs aegispath)
cmake -S tests/install_consumer -B build/consumer-static -DCMAKE_PREFIX_PATH="$sprefix" >/dev/null
cmake --build build/consumer-static >/dev/null
for exe in build/consumer-pkgconfig-static build/consumer-static/consumer "$sprefix/bin/aegispath-cli"; do
  ! ldd "$exe" | grep -q libaegispath || fail "$exe links a shared libaegispath"
  out=$(echo "$small" | "$exe" paths -)
  grep -q '"total_paths":1,' <<<"$out" || fail "$exe paths: $out"
done
echo "installed $version (soname $soname): installed CLI runs from its prefix; pkg-config and find_package consumers, shared and static, run"
