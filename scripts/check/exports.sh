#!/usr/bin/env bash
# The shared library exports the drop-in symbols and nothing outside aegis_*.
set -euo pipefail
exported=$(nm -D --defined-only build/libaegispath.so | awk '{print $3}' | grep -v '^_' | sort)
for sym in aegis_compute_attack_paths aegis_load_and_serialize_findings aegis_free; do
  grep -qx "$sym" <<<"$exported" || { echo "missing export: $sym" >&2; exit 1; }
done
if grep -v '^aegis_' <<<"$exported"; then echo "unexpected exports above" >&2; exit 1; fi
echo "$(wc -l <<<"$exported") symbols, all aegis_*"
