"""The plan of ARCHITECTURE.md: the import contracts can fail (test_import_contracts.py checks they hold), and
SQL stays in store/ and services/."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import liaison_desk

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(liaison_desk.__file__).parent
SQL_HOMES = ("store", "services")  # the only packages that may speak SQL
SQL_NAMES = {"select", "text", "insert", "update", "delete", "func", "Session", "col"}
SQL_CALLS = {"execute", "executemany", "exec_driver_sql"}
SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s", re.IGNORECASE)
# Modules outside store/ and services/ allowed to speak SQL, each with its reason.
ALLOWED_SQL = {
    # PRAGMA quick_check through plain sqlite3 on a thread before SQLAlchemy is even imported, so the
    # check overlaps start-up; importing store/ here would cost the third of a second it saves.
    "startup_check",
}


def _lint_imports(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.run([str(exe), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_a_store_import_in_ledger_breaks_the_contracts(tmp_path):
    """A deliberate `from liaison_desk.store import …` inside a ledger function makes lint-imports fail."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "liaison_desk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    cells = src / "liaison_desk" / "ledger" / "cells.py"
    cells.write_text(cells.read_text(encoding="utf-8") + "\n\ndef _sneak() -> object:\n"
                     "    from liaison_desk.store import db\n\n    return db\n", encoding="utf-8")
    out = _lint_imports(tmp_path, src)
    assert out.returncode != 0
    assert "liaison_desk.ledger.cells -> liaison_desk.store" in out.stdout


def _sql_in(path: Path) -> list[str]:
    """Where a module outside store/ and services/ builds or runs SQL."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("sqlalchemy", "sqlmodel"):
            found += [f"l.{node.lineno} imports {a.name}" for a in node.names if a.name in SQL_NAMES]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            found.append(f"l.{node.lineno} calls .{node.func.attr}()")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.match(node.value):
            found.append(f"l.{node.lineno} SQL text")
    return found


def test_sql_appears_only_in_store_and_services():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in SQL_HOMES or str(rel.with_suffix("")).replace(os.sep, ".") in ALLOWED_SQL:
            continue
        if found := _sql_in(path):
            offenders[str(rel)] = found
    assert offenders == {}


def test_the_sql_check_sees_sql():
    """The oracle above would catch a query written in ledger/ (checked on a sample, not on itself)."""
    sample = PACKAGE / "services" / "reports" / "stats.py"
    assert _sql_in(sample), "the statistics service runs SQL: the detector must see it"
