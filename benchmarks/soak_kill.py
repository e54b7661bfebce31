"""Soak run of the kill tests: 100 `kill -9`s per operation (import, export, backup, edits).

Usage: .venv/bin/python benchmarks/soak_kill.py [--kills 100] [--seed 1]
Prints where the kills landed and how long each operation took; asserts the same invariants as
tests/e2e/test_kill.py (integrity ok, data exactly before or after, no partial file, and no `.part`
temporary file left after the next start and the next write to the same folder), never wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="liaison-soak-"))
    for name in ("config", "data", "state", "cache"):  # keep the soak out of the real user folders
        os.environ[f"XDG_{name.upper()}_HOME"] = str(home / name)
    sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests")]
    import test_kill as k

    templates = k.make_templates(home / "templates")
    server = k.Server()
    server.warm(templates, home)
    total = 0
    try:
        for i, op in enumerate(k.OPS):
            t0 = time.perf_counter()
            landed = k.run_kills(op, args.kills, home, templates, server, seed=args.seed + i)
            took = time.perf_counter() - t0
            total += sum(landed.values())
            where = ", ".join(f"{n} {w}" for w, n in sorted(landed.items()))
            print(f"{op:7s} {sum(landed.values())} kills in {took:5.1f} s — landed: {where}; "
                  f".part files left after the next start: {k.PARTS_LEFT[op]}", flush=True)
    finally:
        server.close()
    print(f"all {total} kills: integrity ok, data before or after, no partial file, "
          f".part files left after the next start: {sum(k.PARTS_LEFT.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
