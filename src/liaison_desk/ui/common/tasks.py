"""Work off the main thread: a QThreadPool worker with progress, cancel and a progress dialog.

The job is plain Python: `job(progress)` where `progress(done, total, text="")` reports and raises
`Cancelled` once the clerk pressed 取消. It never touches widgets and opens its own sessions.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)
Progress = Callable[..., None]


class Cancelled(Exception):
    """Raised inside a job when the clerk cancelled it."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)


class Task(QRunnable):
    """Runs `job(progress)` on a pool thread; results come back on the main thread as signals."""

    def __init__(self, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = _Signals()
        self.cancel_event = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.cancel_event.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total, text)

    def run(self) -> None:
        try:
            result = self.job(self.report)
        except Cancelled:
            self.signals.failed.emit(Cancelled(), "")
        except KnownError as e:
            self.signals.failed.emit(e, "")
        except Exception as e:  # a bug: keep the traceback for the crash dialog
            log.exception("task failed")
            self.signals.failed.emit(e, traceback.format_exc())
        else:
            self.signals.done.emit(result)


# Tasks in flight: the Python wrappers (and their signal objects) must outlive the pool thread, even when
# the caller keeps no reference to the Task it was given.
_running: set[Task] = set()


# One writer: every job that writes to the database goes through this single-thread pool.
_writer_pool: QThreadPool | None = None


def writer_pool() -> QThreadPool:
    global _writer_pool
    if _writer_pool is None:
        _writer_pool = QThreadPool()
        _writer_pool.setMaxThreadCount(1)
    return _writer_pool


def run_with_progress(parent: QWidget | None, title: str, job: Callable[[Progress], Any],
                      on_done: Callable[[Any], None], on_error: Callable[[Exception, str], None] | None = None,
                      writes: bool = False) -> Task:
    """Run `job` in a worker with a modal progress dialog that has a 取消 button."""
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = Task(job)
    dialog.canceled.connect(task.cancel_event.set)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        _running.discard(task)
        dialog.close()
        on_done(result)

    def failed(error: Exception, tb: str) -> None:
        _running.discard(task)
        dialog.close()
        if isinstance(error, Cancelled):
            return
        if on_error is not None:
            on_error(error, tb)
        else:
            from liaison_desk.ui.common.crash import report_error

            report_error(parent, error, tb)

    task.signals.progress.connect(progress)
    task.signals.done.connect(finished)
    task.signals.failed.connect(failed)
    task.setAutoDelete(False)
    _running.add(task)
    (writer_pool() if writes else QThreadPool.globalInstance()).start(task)
    return task


def run_in_background(job: Callable[[Progress], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception, str], None]) -> Task:
    """Run `job` on a pool thread with no dialog (quiet housekeeping such as the daily backup)."""
    task = Task(job)
    task.setAutoDelete(False)
    _running.add(task)

    def finished(result: Any) -> None:
        _running.discard(task)
        on_done(result)

    def failed(error: Exception, tb: str) -> None:
        _running.discard(task)
        on_error(error, tb)

    task.signals.done.connect(finished)
    task.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(task)
    return task
