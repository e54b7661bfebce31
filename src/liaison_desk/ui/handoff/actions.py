"""Menu actions and dialogs of the handoff capability, installed into the main window.

文件 → 导出月度台账… / 导入乡镇返回的台账…; export, reading and applying run in workers with progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from liaison_desk.ui.common.ops import run_with_progress

if TYPE_CHECKING:  # the workbook reader and writer load when the clerk uses the menu, not with the window
    from liaison_desk.ledger.handoff_export import ExportResult
    from liaison_desk.ledger.handoff_import import ImportPlan
    from liaison_desk.ui.handoff.import_dialog import HandoffPreviewDialog

IMPORT_FILTER = "表格文件 (*.xlsx *.xls *.ods);;所有文件 (*)"


class HandoffActions:
    """The two File-menu actions; kept on the window as `window.handoff`."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.ctx = window.ctx
        self.export_action = QAction("导出月度台账…", window, triggered=self.start_export)
        self.export_action.setObjectName("actionHandoffExport")
        self.import_action = QAction("导入乡镇返回的台账…", window, triggered=self.start_import)
        self.import_action.setObjectName("actionHandoffImport")
        self.last_export: ExportResult | None = None
        self.last_plan: ImportPlan | None = None
        self.preview: HandoffPreviewDialog | None = None
        self.last_result: Any = None
        self.task: Any = None  # the running worker, kept alive until it reports back
        self.message: QMessageBox | None = None

    # export --------------------------------------------------------------------------------------
    def start_export(self) -> None:
        from liaison_desk.ui.handoff.export_dialog import HandoffExportDialog

        dialog = HandoffExportDialog(self.ctx.station.station_name(), parent=self.window)
        if dialog.exec() != HandoffExportDialog.DialogCode.Accepted:
            return
        self.export(*dialog.choice(), password=dialog.chosen_password())

    def export(self, start: Any, end: Any, mask: bool, path: Path, password: str | None = None) -> None:
        from liaison_desk.ledger.handoff_export import export_handoff

        service = self.ctx.handoff
        self.task = run_with_progress(self.window, "正在导出月度台账…",
                          lambda progress: export_handoff(service, path, start, end, mask, progress, password),
                          self._exported, writes=True)

    def _exported(self, result: ExportResult) -> None:
        self.last_export = result
        lines = "\n".join(f"  {sheet}：{n} 行" for sheet, n in result.counts.items() if n)
        self._tell("导出完成", f"月度台账已保存到：\n{result.path}\n\n{lines}\n\n"
                   "黄色表头的列请乡镇填写，填好后交回联络站，用「文件 → 导入乡镇返回的台账」导入。")

    # import --------------------------------------------------------------------------------------
    def start_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "选择乡镇交回的台账", str(Path.home()), IMPORT_FILTER)
        if name:
            self.read(Path(name))

    def read(self, path: Path, password: str | None = None) -> None:
        """Check the workbook in a worker; one with an opening password first asks for it."""
        from liaison_desk.ledger.crypto import is_encrypted
        from liaison_desk.ledger.handoff_import import read_handoff

        if password is None and is_encrypted(path):
            password, ok = QInputDialog.getText(self.window, "台账设置了打开密码",
                                                f"「{path.name}」设置了打开密码，请输入：", QLineEdit.EchoMode.Password)
            if not ok:
                return
        service = self.ctx.handoff
        self.task = run_with_progress(self.window, "正在检查台账…",
                                      lambda progress: read_handoff(service, path, progress, password),
                                      self.show_preview)

    def show_preview(self, plan: ImportPlan) -> None:
        from liaison_desk.ui.handoff.import_dialog import HandoffPreviewDialog

        self.last_plan = plan
        self.preview = HandoffPreviewDialog(plan, self.window)
        self.preview.accepted.connect(lambda: self.apply(plan, self.preview.decisions() if self.preview else {}))
        self.preview.open()

    def apply(self, plan: ImportPlan, decisions: dict[str, str]) -> None:
        from liaison_desk.ledger.handoff_import import apply_handoff

        service = self.ctx.handoff
        self.task = run_with_progress(self.window, "正在导入台账…", lambda progress: apply_handoff(service, plan, decisions, progress),
                          self._imported, writes=True)

    def _imported(self, result: Any) -> None:
        from liaison_desk.ui.handoff.import_dialog import result_text

        self.last_result = result
        self._tell("导入完成", result_text(result))

    def _tell(self, title: str, text: str) -> None:
        """A non-blocking information box (kept as `self.message`)."""
        self.message = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                                   self.window)
        self.message.setObjectName("handoffMessage")
        self.message.open()


def install(window: Any) -> None:
    """Add 导出月度台账… and 导入乡镇返回的台账… to the File menu, above 退出."""
    actions = HandoffActions(window)
    window.handoff = actions
    window.add_file_actions([actions.export_action, actions.import_action])

