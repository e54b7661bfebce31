"""从备份恢复 (pick a backup, see its date and counts) and the damaged-database dialog at start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.text import fmt_datetime
from liaison_desk.ui.common import ops

if TYPE_CHECKING:  # the start-up question needs none of the safety service (the ORM) loaded
    from liaison_desk.services.safety.service import BackupFile, BackupInfo

BACKUP_FILTER = "联络站工作台备份 (*.db);;所有文件 (*)"
COUNT_LABELS = (("deputy", "代表", "名"), ("receptionsession", "接待安排", "次"), ("visit", "来访登记", "条"),
                ("suggestion", "意见建议", "条"), ("activity", "代表活动", "次"), ("auditentry", "操作日志", "条"))


def describe(info: BackupInfo) -> str:
    """Date, size and record counts of a backup, or why it cannot be used."""
    head = f"备份时间：{fmt_datetime(info.taken_at)}\n文件：{info.path.name}（{info.size / 1e6:.1f} MB）"
    if not info.ok:
        return head + "\n\n不能使用：" + "；".join(info.problems)
    counts = "\n".join(f"  {label}：{info.counts[t]} {unit}" for t, label, unit in COUNT_LABELS if t in info.counts)
    return f"{head}\n\n内容：\n{counts}\n\n检查结果：完好"


class RestoreDialog(QDialog):
    """Choose a backup from the backups folder (or any file, e.g. on a USB stick) to restore."""

    def __init__(self, backups: list[BackupFile], inspect: Callable[[Path], BackupInfo],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inspect = inspect  # SafetyService.inspect: runs through ui.common.ops, off the GUI thread
        self._showing: Path | None = None
        self.setObjectName("RestoreDialog")
        self.setWindowTitle("从备份恢复")
        self.resize(720, 440)
        self.info: BackupInfo | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择一份备份。恢复会用它替换现在的全部数据；恢复前，程序会先把现在的数据备份一份。"))
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        for b in backups:
            item = QListWidgetItem(f"{fmt_datetime(b.taken_at)}　{b.kind}　{b.size / 1e6:.1f} MB")
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        row.addWidget(self.list, 1)
        self.details = QLabel("还没有选择备份" if backups else "备份文件夹里还没有备份。\n可以点「选择其他备份文件…」选U盘里的备份。")
        self.details.setObjectName("backupDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumWidth(300)
        row.addWidget(self.details, 1)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox()
        self.other = QPushButton("选择其他备份文件…")
        self.other.clicked.connect(self.pick_file)
        buttons.addButton(self.other, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(self._selected)

    def _selected(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None = None) -> None:
        if item is not None:
            self.show_file(Path(item.data(Qt.ItemDataRole.UserRole)))

    def show_file(self, path: Path) -> None:
        """Check the backup at `path` in a worker, then show what it holds."""
        self._showing, self.info = path, None
        self.restore_button.setEnabled(False)
        self.details.setText(f"正在检查备份：{path.name}…")
        inspect = self._inspect
        ops.run(self, lambda _p: inspect(path), self._show_info, error_title="无法读取备份")

    def _show_info(self, info: BackupInfo) -> None:
        if info.path != self._showing:
            return  # the clerk picked another file meanwhile
        self.info = info
        self.details.setText(describe(info))
        self.restore_button.setEnabled(info.ok)

    def pick_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(Path.home()), BACKUP_FILTER)
        if name:
            self.list.clearSelection()
            self.show_file(Path(name))

    def _confirm(self) -> None:
        if self.info is None or not self.info.ok:
            return
        answer = QMessageBox.question(
            self, "确认恢复",
            f"用 {fmt_datetime(self.info.taken_at)} 的备份替换现在的全部数据？\n\n"
            "这份备份之后录入的内容会从程序里消失（恢复前的数据会另外保存在备份文件夹里）。")
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()


def damaged_choice(error: Any, parent: QWidget | None = None) -> Path | None:
    """Tell the clerk the database is damaged (`error` is the DatabaseDamaged of the start-up call);
    returns the backup to restore, or None to quit."""
    newest: BackupInfo | None = error.newest_backup
    box, use, other = damaged_box(newest, parent)
    box.exec()
    clicked = box.clickedButton()
    if use is not None and clicked is use:
        return newest.path if newest else None
    if clicked is other:
        name, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", str(Path.home()), BACKUP_FILTER)
        return Path(name) if name else None
    return None


def damaged_box(newest: BackupInfo | None, parent: QWidget | None = None,
                while_open: bool = False) -> tuple[QMessageBox, QAbstractButton | None, QAbstractButton]:
    """The message for a damaged database, with 恢复这份备份 (when there is a good backup) and 选择其他备份文件;
    `while_open`: the routine check found it while the program was running (writes are already stopped)."""
    box = QMessageBox(parent)
    box.setObjectName("DamagedDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("数据库已损坏")
    if while_open:
        box.setText("例行检查发现数据库文件已损坏（可能是使用中断电或U盘拔出造成的）。"
                    "为保护数据，程序已停止保存修改，现在只能查看。")
    else:
        box.setText("数据库文件已损坏（可能是使用中断电或U盘拔出造成的）。为保护数据，程序没有打开它。")
    use = None
    if newest is not None:
        box.setInformativeText(f"找到一份完好的备份：\n{describe(newest)}\n\n"
                               "恢复后，损坏的文件会保留在备份文件夹里，不会删除。")
        use = box.addButton("恢复这份备份", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText("备份文件夹里没有完好的备份。如果U盘里有备份，请选择它。")
    other = box.addButton("选择其他备份文件…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("暂不恢复，只查看" if while_open else "退出", QMessageBox.ButtonRole.RejectRole)
    return box, use, other
