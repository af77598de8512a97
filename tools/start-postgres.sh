#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for Marsad's store tests, and print the URL to use.
#
#   eval "$(tools/start-postgres.sh)"     # exports MARSAD_TEST_PG_URL in the calling shell
#   tools/start-postgres.sh stop          # stops it and removes its data folder
#   tools/with-postgres.sh CMD...         # both around CMD: what `make test` uses, so the server never outlives it
#
# MARSAD_PG_STARTED=1 is exported too when this call started the server (it was not running before), so the
# caller knows whether stopping it is its job.#
# Why a cluster of our own under /tmp: the tests must not depend on (or damage) a system database, and CI
# starts from a machine where nothing runs. The Debian package `postgresql` is installed if missing. The
# server listens on 127.0.0.1 only, trusts local connections, and uses the C locale so that text sorts the
# same as in SQLite. Progress goes to stderr; stdout carries only the `export` line.
set -euo pipefail

PORT="${MARSAD_PG_PORT:-55432}"
DIR="${MARSAD_PG_DIR:-/tmp/marsad-pg}"
DB="${MARSAD_PG_DB:-marsad_test}"
USER_NAME="marsad"
URL="postgresql://${USER_NAME}@127.0.0.1:${PORT}/${DB}"

log() { echo "start-postgres: $*" >&2; }

find_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return 0; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

if ! BIN="$(find_bin)"; then
  if [[ "$(id -u)" != 0 ]]; then
    log "PostgreSQL is not installed and this is not root: install the Debian package 'postgresql'"; exit 1
  fi
  bash "$(dirname "$0")/apt-quiet.sh" postgresql || exit 1
  BIN="$(find_bin)"
fi

# initdb and postgres refuse to run as root: run them as the 'postgres' system user the package creates.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ "${1:-}" == "stop" ]]; then
  if [[ -d "$DIR" ]]; then as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; fi
  log "stopped"; exit 0
fi

if [[ ! -f "$DIR/data/PG_VERSION" ]]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [[ "$(id -u)" == 0 ]] && chown postgres "$DIR"
  log "creating a cluster in $DIR/data"
  as_owner "$BIN/initdb" -D "$DIR/data" -U "$USER_NAME" -A trust -E UTF8 --locale=C >/dev/null
fi

STARTED=0
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  STARTED=1
  # Started here and then failing (no database made): stop it again, the caller will not know to.
  trap 'as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true' ERR
  log "starting on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR" start >/dev/null
fi

if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -tAc \
     "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" "$DB"
fi
trap - ERR
log "ready: $URL"
echo "export MARSAD_TEST_PG_URL=$URL"
[[ "$STARTED" == 1 ]] && echo "export MARSAD_PG_STARTED=1"
exit 0
