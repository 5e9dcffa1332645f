#!/usr/bin/env bash
# The deployment files. The systemd unit (examples/systemd) passes
# `systemd-analyze verify`, pointed at this build's server. The server image
# (Dockerfile) builds, runs as a non-root user and reports healthy with the
# native engine — only where a Docker engine runs (`docker info` succeeds);
# otherwise the script says so and passes.
set -euo pipefail
if command -v systemd-analyze >/dev/null 2>&1; then
  go build -o build/aegis-server ./go/cmd/aegis-server
  unit=build/deploy-check/aegis-server.service
  mkdir -p "$(dirname "$unit")"
  sed -e "s|^ExecStart=/usr/local/bin/aegis-server|ExecStart=$PWD/build/aegis-server|" \
      -e "s|^EnvironmentFile=/etc/aegis-server/|EnvironmentFile=$PWD/examples/systemd/|" \
      examples/systemd/aegis-server.service >"$unit"
  systemd-analyze verify "$unit"
  echo "systemd unit verifies"
else
  echo "SKIPPED: systemd-analyze not found; the systemd unit was not verified"
fi
if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  echo "SKIPPED: no Docker engine here (docker info fails); the image was not built"
  exit 0
fi
image=aegis-server:test-$$
name=aegis-server-test-$$
cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker image rm "$image" >/dev/null 2>&1 || true
}
trap cleanup EXIT
docker build -q -t "$image" . >/dev/null
[ "$(docker run --rm --entrypoint id "$image" -u)" != 0 ] || { echo "the image runs as root" >&2; exit 1; }
docker run -d --name "$name" -p 127.0.0.1::8080 --health-interval 2s "$image" -corpus-findings 200 >/dev/null
port=$(docker port "$name" 8080/tcp | head -1 | sed 's/.*://')
for _ in $(seq 60); do
  health=$(docker exec "$name" aegis-healthcheck 2>/dev/null) && break
  sleep 1
done
echo "health: ${health:-none}"
grep -q '"engine":"native"' <<<"${health:-}" || { docker logs "$name" >&2; exit 1; }
go run ./go/cmd/aegis-healthcheck "http://127.0.0.1:$port/health" >/dev/null
for _ in $(seq 60); do
  state=$(docker inspect -f '{{.State.Health.Status}}' "$name")
  [ "$state" = starting ] || break
  sleep 2
done
[ "$state" = healthy ] || { echo "HEALTHCHECK status: $state" >&2; exit 1; }
echo "image builds, runs as non-root, healthy, serves with the native engine"
