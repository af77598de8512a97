#!/usr/bin/env bash
# Run a command with the throwaway PostgreSQL server of tools/start-postgres.sh, and stop that server afterwards
# if this script started it — whether the command passed, failed or was interrupted:
#
#   bash tools/with-postgres.sh .venv/bin/pytest -q        # what `make test` runs
#
# A server that was already running before is left running (someone else started it). Where PostgreSQL cannot be
# had, the command runs anyway and the PostgreSQL tests skip with their reason. Exit status: the command's.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
if lines="$(bash "$HERE/start-postgres.sh")"; then
  eval "$lines"
else
  echo "with-postgres: no PostgreSQL server; the PostgreSQL tests will skip" >&2
fi
if [[ "${MARSAD_PG_STARTED:-0}" == 1 ]]; then
  trap 'bash "$HERE/start-postgres.sh" stop' EXIT
  trap 'exit 130' INT TERM
fi
"$@"
rc=$?
exit "$rc"
