"""乡镇汇总 → 加入台账: the stations' workbooks (files or a USB stick's folder) added in a worker, with progress
and cancel; one opening password asked once for the files that have one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from liaison_desk.errors import KnownError
from liaison_desk.ledger.township_add import (
    add_files,
    any_encrypted,
    no_workbooks,
    refusal_line,
    workbook_files,
)
from liaison_desk.services.township.service import FileResult, TownshipService
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.widgets import show_error


def summary(results: Sequence[FileResult]) -> str:
    """What the office reads after adding: files in, already in, refused (one line each)."""
    added = [r for r in results if not r.errors and not r.already]
    already = sum(1 for r in results if r.already)
    refused = [r for r in results if r.errors]
    lines = [f"加入 {len(added)} 个文件：新增 {sum(r.new for r in added)} 行，修改 {sum(r.changed for r in added)} 行，"
             f"冲突 {sum(r.conflicts for r in added)} 行。"]
    reviews = sum(len(r.matching.reviews) for r in added)
    if reviews:
        lines.append(f"{reviews} 对同名代表待确认（见「待确认的同名代表」）。")
    if already:
        lines.append(f"{already} 个文件已经加入过，未作改动。")
    if refused:
        lines.append(f"{len(refused)} 个文件没有加入：")
        lines += [refusal_line(r) for r in refused[:20]] + (["……"] if len(refused) > 20 else [])
    return "\n".join(lines)


def add_paths(parent: QWidget, township: TownshipService, paths: Sequence[str | Path],
              done: Callable[[list[FileResult]], None], password: str | None = None) -> Any:
    """Add the workbooks in `paths`; asks for the opening password when a file has one (unless given)."""
    try:
        files = workbook_files(paths)
    except KnownError as e:
        show_error(parent, e, "没有加入")
        return None
    if not files:
        show_error(parent, no_workbooks(paths), "没有加入")
        return None
    passwords: list[str] = []
    if password is not None:
        passwords.append(password)
    elif any_encrypted(files):
        text, ok = QInputDialog.getText(parent, "台账设置了打开密码",
                                        "有的台账设置了打开密码，请输入（与各联络站约定的密码）：",
                                        QLineEdit.EchoMode.Password)
        if ok and text:
            passwords.append(text)
    task = ops.run_with_progress(parent, "正在加入各联络站的台账…",
                                 lambda progress: add_files(township, files, passwords, progress=progress),
                                 done, writes=True)
    return task


def show_summary(parent: QWidget, results: Sequence[FileResult]) -> None:
    box = QMessageBox(QMessageBox.Icon.Information if not any(r.errors for r in results) else
                      QMessageBox.Icon.Warning, "加入台账", summary(results), parent=parent)
    box.open()
