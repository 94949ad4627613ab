#!/usr/bin/env bash
# The E2E tests and the renderer benchmark drive Debian's Chromium (Playwright's own browser download
# is not reachable on every machine). Install it from apt when it is missing and we are allowed to.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium package (once)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is needed for the browser tests: install it (Debian/Ubuntu: sudo apt-get install -y chromium) and run again." >&2
exit 1
