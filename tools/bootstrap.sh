#!/usr/bin/env bash
# Set up Liaison Desk on a fresh Debian/Ubuntu machine: system libraries Qt and the PDFs need
# (when run as root or with sudo), a virtual environment in .venv, and the program in it.
#   tools/bootstrap.sh        → the program
#   tools/bootstrap.sh test   → the program and the test tools
set -euo pipefail
cd "$(dirname "$0")/.."

# Fonts: 文泉驿 (黑体-like, the last fallback), AR PL UMing (a 宋/明 face for bodies and tables), AR PL UKai (楷体)
# and 文泉驿正黑 (titles) — the nearest free faces to the GB/T 9704 ones (printing/fonts.py).
DEBS=(fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai
      libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
      libxcb-xkb1 libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libglib2.0-0)
[ "${1:-}" = "test" ] && DEBS+=(xvfb poppler-utils libreoffice-calc-nogui libreoffice-writer-nogui)  # soffice: workbooks and Word drafts to PDF

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "Installing system packages: ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages first: ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
