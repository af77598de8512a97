#!/usr/bin/env bash
# Prove the product a user installs: build the wheel, install it WITHOUT extras into a fresh virtual environment
# with the pip that ships with Python (no upgrade: pip 23 on Python 3.11 resolves extras differently from the
# newest pip), and run the installed `marsad` as a user would.
#
#   bash tools/smoke_wheel.sh           # run by `make test` (and so by .ci/run)
#
# Why: the test suite runs in .venv with the dev extras, which can pull in a package the product needs but does
# not declare; a wheel installed alone then fails where the tests passed. Nothing here names the dependencies:
# the wheel's own metadata says what pip installs.
#
# Environment: PYTHON (the interpreter whose bundled pip is tried; default python3), BUILD_PYTHON (builds the
# wheel; default .venv/bin/python, else PYTHON). Messages go to stderr, one line per check; pip's output goes to
# a log that is shown only when it fails. Every process started here is stopped on exit (trap).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
BUILD_PYTHON="${BUILD_PYTHON:-.venv/bin/python}"
[[ -x "$BUILD_PYTHON" ]] || BUILD_PYTHON="$PYTHON"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/marsad-smoke.XXXXXX")"
SERVER_PID=""
CHECKS=0

log() { echo "smoke: $*" >&2; }
die() { log "FAILED: $*"; exit 1; }
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ok() { CHECKS=$((CHECKS + 1)); log "ok: $*"; }

# 1. The wheel, built from what git would commit (tracked files and new ones not ignored), as a fresh clone has.
mkdir -p "$WORK/tree" "$WORK/dist"
git ls-files -z --cached --others --exclude-standard \
  | "$BUILD_PYTHON" -c '
import shutil, sys
from pathlib import Path
dest = Path(sys.argv[1])
for name in sys.stdin.buffer.read().decode().split("\0"):
    if name and Path(name).is_file():  # a file deleted but not yet committed is not copied
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(name, dest / name)
' "$WORK/tree"
"$BUILD_PYTHON" -m pip wheel --no-deps --quiet -w "$WORK/dist" "$WORK/tree" >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log" >&2; die "the wheel did not build"; }
WHEEL="$(ls "$WORK"/dist/marsad-*.whl)"
ok "built $(basename "$WHEEL")"

# 2. A fresh venv with the bundled pip, no upgrade, no extras.
"$PYTHON" -m venv "$WORK/venv"
V="$WORK/venv/bin"
log "installing with $("$V/python" -m pip --version | cut -d' ' -f1-2) (log: pip output kept only on failure)"
"$V/python" -m pip install --quiet --disable-pip-version-check "$WHEEL" >"$WORK/pip.log" 2>&1 \
  || { tail -n 30 "$WORK/pip.log" >&2; die "pip could not install the wheel"; }
ok "installed into a fresh venv"

# 3. The installed command, run from an empty folder (never the source tree: its src/ must not be imported).
RUN="$WORK/run"
mkdir -p "$RUN"
cd "$RUN"
M="$V/marsad"

"$M" --help >help.txt 2>&1 || { cat help.txt >&2; die "marsad --help"; }
grep -q "ingest" help.txt || die "marsad --help does not list ingest"
ok "marsad --help"

"$V/python" -m marsad --help >help2.txt 2>&1 || { cat help2.txt >&2; die "python -m marsad --help"; }
ok "python -m marsad --help"

DEMO="$("$V/python" -c "from importlib import resources
print(resources.files('marsad') / 'data' / 'demo' / 'mali-russia-weapons.ar.txt')")"
"$M" code "$DEMO" --published 2025-07-01 >demo.jsonl 2>code.err || { cat code.err >&2; die "marsad code"; }
n="$("$V/python" -c "import json, sys; print(len(json.loads(open(sys.argv[1]).readline())['events']))" demo.jsonl)"
[[ "$n" -gt 0 ]] || die "marsad code found no event in the demo article"
ok "marsad code on the demo article: $n events"

# Two short articles of our own, one with a date and one without (given by --published).
cat >corpus.jsonl <<'EOF'
{"title": "Talks", "text": "The foreign minister of Mali met the Russian foreign minister in Moscow on Monday to discuss military cooperation.", "url": "https://example.org/a", "published": "2025-03-04", "source": "example.org"}
{"title": "Aid", "text": "قال الرئيس الجزائري إن بلاده ستقدم مساعدات إنسانية إلى مالي.", "url": "https://example.org/b", "source": "example.org"}
EOF
"$M" ingest corpus.jsonl --db smoke.db --published 2025-03-05 --quiet 2>ingest.err \
  || { cat ingest.err >&2; die "marsad ingest"; }
ok "marsad ingest: $(tail -n 1 ingest.err)"

"$M" events --db smoke.db --format json >events.jsonl 2>events.err || { cat events.err >&2; die "marsad events"; }
[[ -s events.jsonl ]] || die "marsad events printed no event"
ok "marsad events: $(wc -l <events.jsonl) event(s)"

"$M" batch corpus.jsonl --out parts --workers 1 --quiet 2>batch.err || { cat batch.err >&2; die "marsad batch"; }
[[ -f parts/manifest.json ]] || die "marsad batch wrote no manifest"
ok "marsad batch on two documents (Dask, one worker)"

PORT="$("$V/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
"$M" serve --db smoke.db --port "$PORT" >serve.log 2>&1 </dev/null &
SERVER_PID=$!
if ! "$V/python" - "$PORT" <<'EOF'
import json, sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/openapi.json"
for _ in range(120):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            spec = json.load(r)
        sys.exit(0 if "paths" in spec and spec["paths"] else 1)
    except OSError:
        time.sleep(0.5)
sys.exit(1)
EOF
then
  tail -n 20 serve.log >&2
  die "marsad serve did not answer /openapi.json"
fi
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
ok "marsad serve answered /openapi.json (and stopped)"

log "the installed wheel passed all $CHECKS checks"
