"""Unexpected errors: a dialog in Chinese that offers to save an error report (no personal data).

The report holds the program version, platform and the traceback with record values removed: SQL
parameters are dropped and Chinese text, long digit runs (phones, ID numbers) and e-mail addresses in
error messages are masked. A copy is kept in the log folder for the technician.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from liaison_desk import __version__
from liaison_desk.errors import KnownError
from liaison_desk.privacy import scrub_log
from liaison_desk.text import fmt_datetime

log = logging.getLogger(__name__)
_showing = False


def scrub(text: str) -> str:
    """The traceback without personal data (privacy.scrub_log: the one scrubber of logs and reports)."""
    return scrub_log(text)


def error_report(tb: str) -> str:
    """The text of an error report: version, platform and the scrubbed traceback only (no records)."""
    return (f"联络站工作台 {__version__}\nPython {sys.version}\n{platform.platform()}\n"
            f"时间 {fmt_datetime(datetime.now(), seconds=True)}\n\n{scrub(tb)}")


def save_report(path: Path, tb: str) -> Path:
    """Write an error report atomically to `path`."""
    from liaison_desk.files import atomic_write

    with atomic_write(path) as tmp:
        tmp.write_text(error_report(tb), encoding="utf-8")
    return path


def keep_report(tb: str) -> Path | None:
    """A copy of the report in the log folder (never fails the caller)."""
    try:
        from liaison_desk.config import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return save_report(folder / f"错误报告-{datetime.now():%Y%m%d-%H%M%S}.txt", tb)
    except Exception:  # the crash handler must not crash
        log.exception("could not keep the error report")
        return None


def crash_box(parent: QWidget | None) -> tuple[QMessageBox, object]:
    """The dialog for an unexpected error and its 保存错误报告 button."""
    box = QMessageBox(parent)
    box.setObjectName("CrashDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("程序出错")
    box.setText("程序遇到了意外错误，刚才的操作没有完成，已保存的数据不受影响。")
    box.setInformativeText("可以把错误报告保存下来，交给技术人员处理。报告里不含代表和来访人的信息。\n"
                           "如果问题反复出现，请先用「文件 → 备份到U盘」备份数据。")
    save = box.addButton("保存错误报告…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    return box, save


def report_error(parent: QWidget | None, error: BaseException, tb: str = "") -> None:
    global _showing
    if isinstance(error, KnownError):
        QMessageBox.warning(parent, "操作未完成", str(error))
        return
    from liaison_desk.files import storage_error

    full = storage_error(error)
    if full:  # a full disk is not a bug: say so, no crash report
        log.warning("operation failed: disk full")
        QMessageBox.warning(parent, "磁盘已满", full)
        return
    tb = tb or "".join(traceback.format_exception(type(error), error, error.__traceback__))
    keep_report(tb)
    if _showing:  # an error while the dialog is up: logged and kept, not stacked
        return
    _showing = True
    try:
        box, save = crash_box(parent)
        box.exec()
        if box.clickedButton() is save:
            name, _ = QFileDialog.getSaveFileName(parent, "保存错误报告",
                                                  str(Path.home() / f"联络站工作台错误报告-{datetime.now():%Y%m%d-%H%M%S}.txt"),
                                                  "文本文件 (*.txt)")
            if name:
                try:
                    save_report(Path(name), tb)
                except KnownError as e:
                    QMessageBox.warning(parent, "保存失败", str(e))
    finally:
        _showing = False


def install_excepthook() -> None:
    """Route uncaught exceptions on the main thread to the log and the crash dialog; other threads to the log."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("uncaught exception:\n%s", scrub(text))
        if QApplication.instance() is not None:
            report_error(QApplication.activeWindow(), value, text)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        log.error("uncaught exception in a thread:\n%s", scrub(text))
        keep_report(text)

    sys.excepthook = hook
    threading.excepthook = thread_hook
