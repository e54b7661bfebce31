"""Background jobs of the roster screens: ui.tasks' Task kept alive by Python until it has finished.

ui.tasks.run_with_progress lets Qt delete the runnable (autoDelete) while PySide6 6.12 may still hold
it; with a separate QThreadPool (writer_pool) that hangs or aborts the interpreter ("none_dealloc").
Here the runnable is not auto-deleted and a reference is held until its done/failed signal arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QProgressDialog, QWidget

from liaison_desk.ui.tasks import Cancelled, Progress, Task, writer_pool

_running: set[Task] = set()


def run_job(parent: QWidget | None, title: str, job: Callable[[Progress], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception, str], None], writes: bool = False) -> Task:
    """Run `job(progress)` on a worker with a 取消-able progress dialog; results come back on the main thread."""
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = Task(job)
    task.setAutoDelete(False)
    _running.add(task)
    dialog.canceled.connect(task.cancel_event.set)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        dialog.close()
        _running.discard(task)
        on_done(result)

    def failed(error: Exception, tb: str) -> None:
        dialog.close()
        _running.discard(task)
        if not isinstance(error, Cancelled):
            on_error(error, tb)

    task.signals.progress.connect(progress)
    task.signals.done.connect(finished)
    task.signals.failed.connect(failed)
    (writer_pool() if writes else QThreadPool.globalInstance()).start(task)
    return task
