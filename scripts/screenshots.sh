#!/usr/bin/env bash
# Regenerates the README's picture of the web view, docs/img/web-view.png:
# runs the browser test (scripts/check/browser.sh, which installs Chromium
# when missing), which screenshots every view into build/screenshots/ at
# 1280x800, and copies the drawn attack path from there.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/check/browser.sh -run '^TestBrowser$'
shot=build/screenshots/path.png
if [ ! -s "$shot" ]; then
  echo "screenshots: $shot was not written (was the browser test skipped?)" >&2
  exit 1
fi
mkdir -p docs/img
cp "$shot" docs/img/web-view.png
bytes=$(wc -c < docs/img/web-view.png)
if [ "$bytes" -gt 300000 ]; then
  echo "screenshots: docs/img/web-view.png is $bytes bytes, over the 300 KB budget" >&2
  exit 1
fi
echo "screenshots: docs/img/web-view.png ($bytes bytes); every view is in build/screenshots/"
