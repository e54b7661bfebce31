"""The one gateway from the screen to the services: every read and write runs here, off the GUI thread.

After Anki's QueryOp/CollectionOp. `run(parent, job, on_done)` runs `job(progress)` on a QThreadPool
thread — reads on the global pool, writes (`writes=True`) on a single-thread pool so SQLite has one
writer — and calls `on_done(result)` back on the main thread. A `KnownError` is shown as a message box
(titled `error_title`), anything else goes through the crash dialog (ui.common.crash); `on_error`
replaces both. With a `progress` title a modal progress dialog with 取消 appears after 300 ms; the job
reports with `progress(done, total, text="")`, which raises `Cancelled` once the clerk pressed 取消.
Jobs are plain Python: they never touch widgets and open their own sessions (one per service call).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)
Progress = Callable[..., None]
Job = Callable[[Progress], Any]
OnError = Callable[[Exception, str], None]


class Cancelled(Exception):
    """Raised inside a job when the clerk cancelled it."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)


class Task(QRunnable):
    """Runs `job(progress)` on a pool thread; results come back on the main thread as signals."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.signals = _Signals()
        self.cancel_event = threading.Event()
        self.thread_name = ""  # the thread the job ran on (tests check it was not the GUI thread)

    def cancel(self) -> None:
        self.cancel_event.set()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.cancel_event.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total, text)

    def run(self) -> None:
        self.thread_name = threading.current_thread().name
        try:
            result = self.job(self.report)
        except Cancelled:
            self.signals.failed.emit(Cancelled(), "")
        except KnownError as e:
            self.signals.failed.emit(e, "")
        except Exception as e:  # a bug: keep the traceback for the crash dialog
            log.exception("operation failed")
            self.signals.failed.emit(e, traceback.format_exc())
        else:
            self.signals.done.emit(result)


# Tasks in flight: the Python wrappers (and their signal objects) must outlive the pool thread, even when
# the caller keeps no reference to the Task it was given.
_running: set[Task] = set()
_writer_pool: QThreadPool | None = None


def writer_pool() -> QThreadPool:
    """The one writer: every job that writes to the database runs on this single-thread pool."""
    global _writer_pool
    if _writer_pool is None:
        _writer_pool = QThreadPool()
        _writer_pool.setMaxThreadCount(1)
    return _writer_pool


def _alive(widget: QWidget | None) -> bool:
    return widget is None or shiboken6.isValid(widget)


def show_failure(parent: QWidget | None, error: Exception, tb: str = "", title: str = "操作未完成") -> None:
    """How a failed operation is shown: nothing when cancelled, a message box for a KnownError, the crash
    dialog (with its report) for anything else."""
    if isinstance(error, Cancelled):
        return
    if not _alive(parent):
        parent = None
    if isinstance(error, KnownError):
        QMessageBox.warning(parent, title, str(error))
        return
    from liaison_desk.ui.common.crash import report_error

    report_error(parent, error, tb)


def run(parent: QWidget | None, job: Job, on_done: Callable[[Any], None] | None = None, *,
        writes: bool = False, progress: str | None = None, on_error: OnError | None = None,
        error_title: str = "操作未完成", aside: bool = False) -> Task:
    """Run `job(progress)` off the GUI thread; `on_done(result)` on the main thread (see module doc).

    Callbacks are dropped when `parent` was deleted meanwhile (a closed dialog never hears back)."""
    task = Task(job)
    dialog: QProgressDialog | None = None
    if progress is not None:
        dialog = QProgressDialog(progress, "取消", 0, 0, parent)
        dialog.setWindowTitle(progress)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)

        def moved(done: int, total: int, text: str) -> None:
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.setMaximum(max(total, 0))
                dialog.setValue(done)
                if text:
                    dialog.setLabelText(text)

        task.signals.progress.connect(moved)

    def close_dialog() -> None:
        _running.discard(task)
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.close()
            dialog.deleteLater()

    def finished(result: Any) -> None:
        close_dialog()
        if on_done is not None and _alive(parent):
            on_done(result)

    def failed(error: Exception, tb: str) -> None:
        close_dialog()
        if isinstance(error, Cancelled) or not _alive(parent):
            return
        if on_error is not None:
            on_error(error, tb)
        else:
            show_failure(parent, error, tb, error_title)

    task.signals.done.connect(finished)
    task.signals.failed.connect(failed)
    task.setAutoDelete(False)
    _running.add(task)
    (writer_pool() if writes else aside_pool() if aside else QThreadPool.globalInstance()).start(task)
    return task


_aside_pool: QThreadPool | None = None


def aside_pool() -> QThreadPool:
    """One thread for long preparations (loading modules at start, `run(aside=True)`), so the readers' pool
    stays free for the lists and searches the clerk is waiting on."""
    global _aside_pool
    if _aside_pool is None:
        _aside_pool = QThreadPool()
        _aside_pool.setMaxThreadCount(1)
    return _aside_pool


def run_with_progress(parent: QWidget | None, title: str, job: Job, on_done: Callable[[Any], None],
                      on_error: OnError | None = None, writes: bool = False) -> Task:
    """`run` with a progress dialog titled `title` (import, export, PDF, backup)."""
    return run(parent, job, on_done, writes=writes, progress=title, on_error=on_error)


def run_in_background(job: Job, on_done: Callable[[Any], None], on_error: OnError) -> Task:
    """`run` with no dialog and no parent (quiet housekeeping such as the daily backup)."""
    return run(None, job, on_done, on_error=on_error)


def busy() -> bool:
    """True while any operation is on its way (tests and shutdown wait on it)."""
    return bool(_running)


def wait_all(msecs: int = 30000) -> None:
    """Let the operations on their way finish (before the database is closed at exit)."""
    QThreadPool.globalInstance().waitForDone(msecs)
    writer_pool().waitForDone(msecs)
    if _aside_pool is not None:
        _aside_pool.waitForDone(msecs)
