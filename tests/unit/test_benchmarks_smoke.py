"""The benchmark command still works: one run at the small scale prints every measure (no timing asserted)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_benchmark_runs_once_at_small_scale(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scale", "small", "--runs", "1",
                           "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("| P")]
    assert [ln.split("|")[1].strip() for ln in lines] == ["P1", "P1f", "P2a", "P2b", "P3", "P3s", "P4", "P5", "P6", "P7a", "P7b", "P7c"]
    assert "median of 1 runs" in proc.stdout and "cores" in proc.stdout
    results = {r["key"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    for key, r in results.items():
        assert len(r["values"]) == 1, key  # the program was measured …
        if key not in ("P3s", "P7c"):  # P7c (a year's register) has an absolute goal
            assert len(r["baselines"]) == 1 and r["baselines"][0] > 0, key  # … and so was its baseline
    assert results["P4"]["values"][0] > results["P4"]["baselines"][0] > 10  # MB: both really ran Qt


@pytest.mark.slow
def test_server_benchmark_runs_once_on_the_demo_station(pg_templates):
    """benchmarks/server.py on the test PostgreSQL server (the demo station: a smoke, not the county)."""
    url = pg_templates.new_database(demo=True)
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "server.py"), "--db", url, "--runs", "1"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [ln.split("|") for ln in proc.stdout.splitlines() if ln.startswith("| S")]
    assert [cells[1].strip() for cells in lines] == ["S1f", "S1", "S2", "S3", "S4"]
    assert all(cells[3].strip() not in ("", "—") for cells in lines)  # every measure has its figure
    search = next(cells for cells in lines if cells[1].strip() == "S3")
    assert search[4].strip() != "—"  # … and the search its bare pg_trgm baseline
    assert re.search(r"station \([\d,]+ visits\) on PostgreSQL", proc.stdout)
