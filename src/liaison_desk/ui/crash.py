"""Unexpected errors: a dialog in Chinese that offers to save an error report (no personal data)."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from liaison_desk import __version__
from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)


def error_report(tb: str) -> str:
    """The text of an error report: version, platform and traceback only (no records)."""
    return (f"联络站工作台 {__version__}\nPython {sys.version}\n{platform.platform()}\n"
            f"时间 {datetime.now():%Y-%m-%d %H:%M:%S}\n\n{tb}")


def report_error(parent: QWidget | None, error: BaseException, tb: str = "") -> None:
    if isinstance(error, KnownError):
        QMessageBox.warning(parent, "操作未完成", str(error))
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("程序出错")
    box.setText("程序遇到了意外错误，刚才的操作没有完成，已保存的数据不受影响。")
    box.setInformativeText("可以把错误报告保存下来，交给技术人员处理。报告里不含代表和来访人的信息。")
    save = box.addButton("保存错误报告…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is save:
        name, _ = QFileDialog.getSaveFileName(parent, "保存错误报告",
                                              str(Path.home() / f"联络站工作台错误报告-{datetime.now():%Y%m%d-%H%M%S}.txt"),
                                              "文本文件 (*.txt)")
        if name:
            Path(name).write_text(error_report(tb), encoding="utf-8")


def install_excepthook() -> None:
    """Route uncaught exceptions on the main thread to the log and the crash dialog."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("uncaught exception:\n%s", text)
        if QApplication.instance() is not None:
            report_error(QApplication.activeWindow(), value, text)

    sys.excepthook = hook
