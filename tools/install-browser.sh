#!/usr/bin/env bash
# Install the headless browser the web end-to-end test drives (tests/test_web_browser.py): the Debian packages
# chromium and chromium-driver. Playwright's Python package drives /usr/bin/chromium; we never run
# `playwright install` (no browser downloads). Idempotent; without root or apt-get it says so and exits 0, and
# the browser test then skips with the reason.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install chromium yourself (the browser test will skip)" >&2
  exit 0
fi
# One line per package (tools/apt-quiet.sh keeps apt's and dpkg's own output in a log).
if ! bash "$(dirname "$0")/apt-quiet.sh" chromium chromium-driver fonts-dejavu-core; then
  echo "install-browser: the browser test will skip" >&2
  exit 0
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)" >&2
