"""Helpers for tests: run the CLI in a subprocess, constants shared by test modules."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

DEMO_TODAY = date(2026, 11, 28)  # demo data is built relative to this day in tests
DATA = Path(__file__).parent / "data"


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: int = 300):
    """Run `python -m liaison_desk ARGS` in a subprocess; returns CompletedProcess (text)."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "liaison_desk", *args], capture_output=True, text=True,
                          env=e, timeout=timeout)


def type_text(widget, text: str) -> None:
    """Type `text` into a focused widget as a clerk would: ASCII as key presses, Chinese as an input
    method commits it (QTest.keyClicks cannot send non-ASCII characters)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest

    widget.setFocus()
    run = ""
    for ch in text + "\0":
        if ch.isascii() and ch != "\0":
            if run:
                ev = QInputMethodEvent()
                ev.setCommitString(run)
                QCoreApplication.sendEvent(widget, ev)
                run = ""
            QTest.keyClicks(widget, ch)
        elif ch != "\0":
            run += ch
        elif run:
            ev = QInputMethodEvent()
            ev.setCommitString(run)
            QCoreApplication.sendEvent(widget, ev)
