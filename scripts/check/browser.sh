#!/usr/bin/env bash
# The web view in a real browser: installs Debian's chromium when it is
# missing (Debian/Ubuntu), vendors the graph library, then runs the chromedp
# tests of go/server/webtest under the race detector. Screenshots of every
# view land in build/screenshots/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${AEGIS_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "browser: installing chromium"
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
  else
    echo "browser: no chromium and no apt-get; the browser tests will be skipped" >&2
  fi
fi
scripts/setup-web.sh
AEGIS_BROWSER_TEST=1 go test -race -count=1 -v "$@" ./go/server/webtest/
