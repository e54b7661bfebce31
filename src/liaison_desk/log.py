"""Logging to a rotating file in the platformdirs log folder; no personal data is ever logged."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path
from typing import Any

from liaison_desk import config
from liaison_desk.privacy import scrub_log

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ScrubbingFormatter(logging.Formatter):
    """Every line and traceback passes privacy.scrub_log: SQL parameters, numbers, names never reach the file."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The message scrubbed; the time, level and logger name stay readable."""
        saved = record.message
        record.message = scrub_log(saved, names=record.levelno >= logging.WARNING or bool(record.exc_info))
        try:
            return super().formatMessage(record)
        finally:
            record.message = saved

    def formatException(self, ei: Any) -> str:
        return scrub_log(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return scrub_log(super().formatStack(stack_info))


def setup(level: int = logging.INFO, directory: Path | None = None, console: bool = False) -> Path:
    """Send every logger to liaison-desk.log (1 MB × 5 files); returns the log file's path."""
    directory = directory or config.log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "liaison-desk.log"
    root = logging.getLogger()
    if any(getattr(h, "_liaison", False) for h in root.handlers):
        return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter(_FORMAT))
    handler._liaison = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(ScrubbingFormatter(_FORMAT))
        stream._liaison = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    return path
