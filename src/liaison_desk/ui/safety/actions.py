"""Menu actions of the safety capability: 备份到U盘…, 从备份恢复…, 操作日志…, 切换操作员…, 检查数据库.

Installed into the main window as `window.safety`; backup, restore and the check run in workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from liaison_desk.text import fmt_datetime
from liaison_desk.ui.common.ops import run_with_progress


class SafetyActions:
    """The actions and the operator label in the status bar."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.ctx = window.ctx
        self.safety = self.ctx.safety
        self.audit = self.ctx.audit
        self.backup_action = QAction("备份到U盘…", window, triggered=self.start_backup)
        self.backup_action.setObjectName("actionBackupToFolder")
        self.backup_action.setToolTip("把全部数据备份到U盘或任意文件夹")
        self.restore_action = QAction("从备份恢复…", window, triggered=self.start_restore)
        self.restore_action.setObjectName("actionRestore")
        self.log_action = QAction("操作日志…", window, triggered=self.show_log)
        self.log_action.setObjectName("actionAuditLog")
        self.operator_action = QAction("切换操作员…", window, triggered=self.choose_operator)
        self.operator_action.setObjectName("actionOperator")
        self.check_action = QAction("检查数据库", window, triggered=self.start_check)
        self.check_action.setObjectName("actionCheckDatabase")
        self.operator_label = QLabel()
        self.operator_label.setObjectName("operatorLabel")
        self.last_path: Path | None = None
        self.last_message = ""
        self._task: Any = None  # the running worker (kept so its signals live until they arrive)
        self.update_operator()

    # operator ------------------------------------------------------------------------------------
    def update_operator(self) -> None:
        self.operator_label.setText(f"操作员：{self.ctx.operator or '（未设置）'}")

    def choose_operator(self) -> bool:
        """Ask who is working; returns True when an operator was set."""
        from liaison_desk.ui.safety.operator_dialog import OperatorDialog

        dialog = OperatorDialog(self.audit.known_operators(), self.ctx.operator, self.window)
        if dialog.exec() != OperatorDialog.DialogCode.Accepted:
            return False
        self.audit.set_operator(dialog.name())
        self.update_operator()
        return True

    # backup --------------------------------------------------------------------------------------
    def start_backup(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "选择备份位置（U盘或文件夹）", str(Path.home()))
        if folder:
            self.backup_to(Path(folder))

    def backup_to(self, folder: Path) -> None:
        service = self.safety
        self._task = run_with_progress(self.window, "正在备份…",
                          lambda progress: service.backup(folder, progress=lambda d, t: progress(d, t)),
                          self._backed_up)

    def _backed_up(self, path: Path) -> None:
        self.last_path = path
        self._tell("备份完成", f"全部数据已备份到：\n{path}\n\n请妥善保管U盘。需要时可用「文件 → 从备份恢复」选择这个文件。")

    # restore -------------------------------------------------------------------------------------
    def start_restore(self) -> None:
        from liaison_desk.ui.safety.backup_dialogs import RestoreDialog

        dialog = RestoreDialog(self.safety.backups(), lambda p: self.safety.inspect(p, full=False), self.window)
        if dialog.exec() == RestoreDialog.DialogCode.Accepted and dialog.info is not None:
            self.restore(dialog.info.path)

    def restore(self, path: Path) -> None:
        """Restore on the main thread: while the file is swapped no screen may open the database."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from liaison_desk.errors import KnownError
        from liaison_desk.ui.common.widgets import show_error

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.safety.restore(path)
        except KnownError as e:
            QApplication.restoreOverrideCursor()
            self.last_message = str(e)
            show_error(self.window, e, "没有恢复")
            return
        QApplication.restoreOverrideCursor()
        self._restored(result)

    def _restored(self, result: Any) -> None:
        for tab in getattr(self.window, "built_tabs", lambda: [])():  # every view shows the restored data
            tab.refresh()
        if getattr(self, "damaged_label", None) is not None and not self.ctx.workspace.writes_stopped:
            self.damaged_label.hide()
        saved = result.saved_current
        self._tell("恢复完成", f"已恢复到 {fmt_datetime(result.restored.taken_at)} 的数据。"
                   + (f"\n恢复前的数据保存在：\n{saved}" if saved else ""))

    # damage found while the program runs --------------------------------------------------------
    def damaged_while_open(self, error: Any) -> Any:
        """The background check found the database damaged (`error`, a DatabaseDamaged; writes are already
        stopped): a lasting red note in the status bar, and the start-up's question, not blocking —
        restore the newest good backup, choose another, or keep looking without saving."""
        from PySide6.QtWidgets import QFileDialog

        from liaison_desk.ui.safety.backup_dialogs import BACKUP_FILTER, damaged_box

        self.last_message = str(error)
        if getattr(self, "damaged_label", None) is None:
            self.damaged_label = QLabel("⚠ 数据库已损坏：只能查看，修改不会保存；请从备份恢复")
            self.damaged_label.setObjectName("damagedLabel")
            self.damaged_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
            self.window.statusBar().addPermanentWidget(self.damaged_label)
        self.damaged_label.show()
        newest = error.newest_backup
        box, use, other = damaged_box(newest, self.window, while_open=True)

        def answered(clicked: Any) -> None:
            if use is not None and clicked is use and newest is not None:
                self.restore(newest.path)
            elif clicked is other:
                name, _ = QFileDialog.getOpenFileName(self.window, "选择备份文件", str(Path.home()), BACKUP_FILTER)
                if name:
                    self.restore(Path(name))

        box.buttonClicked.connect(answered)
        box.open()
        self.damaged_box = box
        return box

    # log and check -------------------------------------------------------------------------------
    def show_log(self) -> None:
        from liaison_desk.ui.safety.audit_dialog import AuditDialog

        AuditDialog(self.audit, self.window).exec()

    def start_check(self) -> None:
        service = self.safety
        self._task = run_with_progress(self.window, "正在检查数据库…", lambda _p: service.check(), self._checked)

    def _checked(self, report: Any) -> None:
        if report.ok:
            self._tell("检查数据库", "数据库完好，结构版本正确，搜索索引与数据一致。")
        else:
            self._tell("检查数据库", "发现问题：\n" + "\n".join(report.problems)
                       + "\n\n请用「文件 → 从备份恢复」恢复最近的完好备份。", warn=True)

    def _tell(self, title: str, text: str, warn: bool = False) -> None:
        self.last_message = text
        box = QMessageBox(QMessageBox.Icon.Warning if warn else QMessageBox.Icon.Information, title, text,
                          parent=self.window)
        box.setObjectName("SafetyMessage")
        box.open()  # not modal-blocking: the window stays usable and tests are not held up


def install(window: Any) -> None:
    """Add this capability's actions to `window` (a MainWindow): menus and the operator label."""
    actions = SafetyActions(window)
    window.safety = actions
    window.add_file_actions([actions.backup_action, actions.restore_action], above_quit=True)
    window.tools_menu.addAction(actions.log_action)
    window.tools_menu.addAction(actions.operator_action)
    window.tools_menu.addAction(actions.check_action)
    window.statusBar().addPermanentWidget(actions.operator_label)
