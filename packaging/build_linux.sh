#!/usr/bin/env bash
# Build the frozen one-folder program on Linux and prove it works: --version, `check` on a fresh database
# (so the Alembic migrations are bundled), `demo` + `--screenshot` offscreen; then print its size.
#
# Usage: packaging/build_linux.sh            (uses .venv/bin/python, or $PYTHON, or makes .venv-build)
#        SKIP_BUILD=1 packaging/build_linux.sh   (re-run the proof on an existing build)
# Output: build/frozen/dist/LiaisonDesk/  and build/frozen/proof/ (screenshots, logs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${1:-}" == "--fresh-clone" ]]; then  # build what is committed, not the working tree
    CLONE="$(mktemp -d /tmp/liaison-desk-clone.XXXXXX)"
    git clone --quiet "$ROOT" "$CLONE/liaison-desk"
    echo "fresh clone of $(git -C "$ROOT" rev-parse --short HEAD) in $CLONE/liaison-desk"
    if [[ -z "${PYTHON:-}" && -x "$ROOT/.venv/bin/python" ]]; then
        export PYTHON="$ROOT/.venv/bin/python"  # its packages; the program's code comes from the clone
    fi
    exec "$CLONE/liaison-desk/packaging/build_linux.sh"
fi
OUT="$ROOT/build/frozen"
DIST="$OUT/dist/LiaisonDesk"
PROOF="$OUT/proof"
GOAL_UNPACKED_MB=150
GOAL_COMPRESSED_MB=80

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# --- the Python that builds -------------------------------------------------------------------------------
if [[ -n "${PYTHON:-}" ]]; then
    PY="$PYTHON"
elif [[ -x "$ROOT/.venv/bin/python" ]]; then
    PY="$ROOT/.venv/bin/python"
else
    step "making a build environment in .venv-build (fresh clone)"
    python3 -m venv "$ROOT/.venv-build"
    PY="$ROOT/.venv-build/bin/python"
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet "$ROOT[package]"
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    step "installing PyInstaller"
    "$PY" -m pip install --quiet "pyinstaller>=6.0"
fi
VERSION="$("$PY" -c 'import sys; sys.path.insert(0, "packaging"); import spec_helpers as h; print(h.package_version())')"
HEAD="$(cd /tmp && PYTHONPATH="$ROOT/src" "$PY" -c 'from liaison_desk.store.migrate import head_revision; print(head_revision())')"
N_MIGRATIONS="$(find src/liaison_desk/store/migrations/versions -maxdepth 1 -name '*.py' | wc -l)"
echo "liaison-desk $VERSION, schema head $HEAD, $N_MIGRATIONS migration files; $("$PY" -m PyInstaller --version | sed 's/^/PyInstaller /')"

# --- build ------------------------------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    step "PyInstaller one-folder build (takes a few minutes)"
    t0=$(date +%s)
    "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath "$OUT/dist" --workpath "$OUT/work" packaging/liaison-desk.spec
    echo "build time: $(( $(date +%s) - t0 )) s"
fi
[[ -x "$DIST/liaison-desk" ]] || fail "no program in $DIST"  # (the windowed LiaisonDesk is made on Windows only)

# --- proof: run the frozen program in a clean environment, outside the source tree -------------------------
rm -rf "$PROOF"
mkdir -p "$PROOF/home"
run() {  # the frozen program with nothing of the build environment: no PYTHONPATH, empty HOME, offscreen Qt
    # (timeout: a modal error dialog offscreen would otherwise wait for a click forever)
    (cd "$PROOF" && env -i PATH=/usr/bin:/bin HOME="$PROOF/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        XDG_RUNTIME_DIR="$PROOF/home" timeout 300 "$@")
}

step "1. --version"
out="$(run "$DIST/liaison-desk" --version)"
echo "$out"
[[ "$out" == "liaison-desk $VERSION" ]] || fail "--version said '$out', expected 'liaison-desk $VERSION'"

step "2. migrations are bundled as source files"
n=$(find "$DIST/_internal/liaison_desk/store/migrations/versions" -maxdepth 1 -name '*.py' | wc -l)
echo "$n of $N_MIGRATIONS migration files in the bundle"
[[ "$n" == "$N_MIGRATIONS" ]] || fail "bundle has $n migration files, source has $N_MIGRATIONS"
[[ -f "$DIST/_internal/liaison_desk/store/migrations/env.py" ]] || fail "env.py missing"

step "3. check on a fresh database (runs every migration)"
run "$DIST/liaison-desk" check --db "$PROOF/fresh.db" | tee "$PROOF/check.txt"
grep -q "结构版本：$HEAD" "$PROOF/check.txt" || fail "fresh database is not at schema head $HEAD"
grep -q "检查结果：正常" "$PROOF/check.txt" || fail "check did not pass"

step "4. demo data + --screenshot offscreen"
run "$DIST/liaison-desk" demo --db "$PROOF/demo.db"
STRACE=()
if command -v strace >/dev/null; then  # also proves Qt's Chinese translation is found inside the bundle
    STRACE=(strace -f -qq -e trace=openat -o "$PROOF/strace.txt")
fi
run "${STRACE[@]}" "$DIST/liaison-desk" --db "$PROOF/demo.db" --screenshot "$PROOF/shots" | tee "$PROOF/shots.txt"
shots=$(find "$PROOF/shots" -name '*.png' -size +10k | wc -l)
tabs=$(wc -l < "$PROOF/shots.txt")
echo "$shots screenshots of $tabs tabs in $PROOF/shots"
[[ "$shots" -ge 1 && "$shots" == "$tabs" ]] || fail "screenshots missing"
if [[ -f "$PROOF/strace.txt" ]]; then
    if grep -E 'qtbase_zh_CN\.qm' "$PROOF/strace.txt" | grep -v ENOENT | grep -q "$DIST"; then
        echo "Qt Chinese translation loaded from the bundle"
    else
        fail "qtbase_zh_CN.qm was not loaded from the bundle"
    fi
    if grep -E 'resources/icon\.png' "$PROOF/strace.txt" | grep -v ENOENT | grep -q "$DIST"; then
        echo "program icon loaded from the bundle"
    else
        fail "resources/icon.png was not loaded from the bundle"
    fi
    if grep -E '"/(work|home|root)/[^"]*site-packages' "$PROOF/strace.txt" | grep -v ENOENT | grep -q .; then
        fail "the frozen program opened files from a Python installation outside the bundle"
    fi
fi

# --- size -------------------------------------------------------------------------------------------------
step "5. size"
unpacked=$(du -sb "$DIST" | cut -f1)
files=$(find "$DIST" -type f | wc -l)
xz_bytes=$(tar -C "$OUT/dist" -cf - LiaisonDesk | xz -6 -T2 | wc -c)  # LZMA2 like the installer (which uses a larger dictionary)
rm -f "$OUT/LiaisonDesk.zip"
(cd "$OUT/dist" && zip -qr9 "$OUT/LiaisonDesk.zip" LiaisonDesk)
zip_bytes=$(stat -c %s "$OUT/LiaisonDesk.zip")
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "unpacked:   $(mb "$unpacked") MB in $files files (goal < $GOAL_UNPACKED_MB MB)"
echo "tar.xz -6:  $(mb "$xz_bytes") MB (≈ the installer, LZMA2; goal < $GOAL_COMPRESSED_MB MB)"
echo "zip -9:     $(mb "$zip_bytes") MB"
echo "largest files:"
find "$DIST" -type f -printf '%s %P\n' | sort -rn | head -12 | awk '{ printf "  %6.1f MB  %s\n", $1 / 1048576, $2 }'
over=0
(( unpacked < GOAL_UNPACKED_MB * 1048576 )) || { echo "unpacked size is over the goal"; over=1; }
(( xz_bytes < GOAL_COMPRESSED_MB * 1048576 )) || { echo "compressed size is over the goal"; over=1; }
step "PROOF PASSED: frozen liaison-desk $VERSION runs --version, check (schema $HEAD), demo and --screenshot"
exit $over
