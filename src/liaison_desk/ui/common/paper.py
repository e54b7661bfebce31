"""Writing a paper from a dialog: ask where to save it, draw it off the GUI thread, then open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog

from liaison_desk.ui.common import ops

PDF_FILTER = "PDF 文件 (*.pdf)"
EXCEL_FILTER = "Excel 表格 (*.xlsx)"
MASK_LABEL = "脱敏（姓名、电话、身份证号隐去，文字中写的也隐去）"


def mask_box() -> QCheckBox:
    """The 脱敏 choice of a paper dialog (the --mask of the command line)."""
    return QCheckBox(MASK_LABEL)


def save_paper(dialog: QDialog, title: str, name: str, draw: Callable[[Path], Path], excel: bool = False) -> None:
    """Ask for the file (`name`.pdf, or .xlsx when `excel` and the clerk picks it), run `draw(path)` off the
    GUI thread with a progress dialog titled `title`, open the file and close `dialog` once written."""
    filters = PDF_FILTER + (f";;{EXCEL_FILTER}" if excel else "")
    path, chosen = QFileDialog.getSaveFileName(dialog, "保存为", f"{name}.pdf", filters)
    if not path:
        return
    ext = ".xlsx" if "xlsx" in chosen else ".pdf"
    out = Path(path if path.lower().endswith(ext) else path + ext)
    ops.run(dialog, lambda _progress: draw(out), lambda written: _opened(dialog, written), progress=title)


def _opened(dialog: QDialog, path: Path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    dialog.accept()
