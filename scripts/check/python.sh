#!/usr/bin/env bash
# The Python package (python/) and its Spark job: a venv under build/,
# `pip install ./python` (which builds the library with CMake and bundles it),
# pytest. With --quick the Spark tests are skipped and PySpark is not needed,
# and the wheel bundles build/libaegispath.so (scripts/setup.sh's) instead of
# building the library again.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYSPARK_VERSION=4.0.1 # PySpark 4 needs Java 17 or newer
PYTEST_VERSION=8.4.2
quick=0
[ "${1:-}" = "--quick" ] && quick=1
venv=build/py-venv

apt_install() {
  echo "python.sh: installing $*"
  local sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >/dev/null
}

java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  java -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.([0-9]+))?.*/\1 \3/p' |
    awk '{ print ($1 == 1) ? $2 : $1 }'
}

python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
  { echo "python.sh: Python >= 3.10 is required (found $(python3 --version))" >&2; exit 1; }
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
fi
packages=(./python "pytest==$PYTEST_VERSION")
if [ "$quick" -eq 0 ]; then
  [ "$(java_major)" -ge 17 ] || apt_install openjdk-17-jre-headless
  [ "$(java_major)" -ge 17 ] || { echo "python.sh: PySpark $PYSPARK_VERSION needs Java >= 17" >&2; exit 1; }
  packages+=("pyspark==$PYSPARK_VERSION")
fi
build_options=()
if [ "$quick" -eq 1 ] && [ -f build/build.ninja ]; then
  # Quick: bundle the library of build/ (brought up to date first) rather than
  # building it a second time; its own build directory, so the full run's
  # stays as it was.
  ninja -C build -j2 aegispath >/dev/null
  build_options=(-C "cmake.define.AEGISPATH_PREBUILT_LIBRARY=$PWD/build/libaegispath.so"
                 -C "build-dir=$PWD/build/python-wheel-prebuilt/{wheel_tag}")
fi
# the wheel's CMake build: two jobs (the machines this runs on have 2 cores)
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} \
  "$venv/bin/pip" install -q "${build_options[@]}" "${packages[@]}"

cd python
AEGIS_SKIP_SPARK=$quick PYSPARK_PYTHON="$PWD/../$venv/bin/python" \
  "../$venv/bin/python" -m pytest -q -p no:cacheprovider tests
