"""Only ui/ (and app.py) may import PySide6: importing every other module must not load it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import liaison_desk


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(liaison_desk.__path__, "liaison_desk."):
        name = info.name
        if name.startswith("liaison_desk.ui") or name in ("liaison_desk.app", "liaison_desk.__main__") \
                or ".migrations" in name:
            continue
        names.append(name)
    return names


def test_non_ui_modules_do_not_import_qt():
    modules = _modules()
    assert "liaison_desk.services.roster.service" in modules and "liaison_desk.cli" in modules
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = sorted(m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken'))\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"PySide6 loaded by non-UI modules: {out.stdout}"
