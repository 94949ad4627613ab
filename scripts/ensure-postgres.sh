#!/usr/bin/env bash
# The hub's PostgreSQL tests and benchmark start a throwaway server from Debian's server binaries
# (/usr/lib/postgresql/*/bin; test/helpers/postgres.ts). Install them from apt when they are missing and we may.
set -euo pipefail
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL server binaries not found: installing Debian's postgresql package (once)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  # The package's own cluster is not ours: the tests make throwaway ones. Leave nothing running.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    for c in /etc/postgresql/*/main; do [ -d "$c" ] && pg_ctlcluster "$(basename "$(dirname "$c")")" main stop 2>/dev/null || true; done
  fi
  exit 0
fi
echo "PostgreSQL's server binaries are needed for the hub's PostgreSQL tests: install them (Debian/Ubuntu: sudo apt-get install -y postgresql) and run again." >&2
exit 1
