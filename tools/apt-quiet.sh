#!/usr/bin/env bash
# Install Debian packages with one line of output per package:
#
#   bash tools/apt-quiet.sh postgresql            # "apt: installed postgresql 15+248" on stderr
#
# apt-get's and dpkg's own output (hundreds of "Selecting previously unselected package…" lines) goes to a log,
# named on failure and otherwise left unread. A package already installed is not updated. Exit 1 if a package
# cannot be installed; the caller decides whether that is fatal (the store's and browser's tests then skip).
set -euo pipefail
LOG="${MARSAD_APT_LOG:-${TMPDIR:-/tmp}/marsad-apt.log}"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else echo "apt: not root and no sudo: cannot install $*" >&2; exit 1; fi
fi
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for pkg in "$@"; do
  if installed "$pkg"; then echo "apt: $pkg already installed" >&2; else missing+=("$pkg"); fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if ! $SUDO apt-get update -qq >>"$LOG" 2>&1; then echo "apt: apt-get update failed (log: $LOG)" >&2; exit 1; fi
for pkg in "${missing[@]}"; do
  if $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >>"$LOG" 2>&1; then
    echo "apt: installed $pkg $(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)" >&2
  else
    echo "apt: could not install $pkg (log: $LOG)" >&2; exit 1
  fi
done
