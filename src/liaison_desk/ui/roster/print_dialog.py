"""Options of the printed deputy board (代表信息公示栏): paper size and whether phones are shown."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from liaison_desk.printing.board import BoardOptions


class BoardOptionsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印代表信息公示栏")
        self.paper = QComboBox()
        self.paper.addItem("A4（每行 4 人）", "A4")
        self.paper.addItem("A3（每行 5 人）", "A3")
        self.hide_phone = QCheckBox("不显示电话号码")
        self.mask = QCheckBox("电话脱敏（138****5678）")
        self.hide_phone.toggled.connect(lambda on: self.mask.setEnabled(not on))
        form = QFormLayout(self)
        form.addRow(QLabel("公示栏列出所有在任代表：照片、姓名、代表层级、工作单位及职务、电话。"))
        form.addRow("纸张", self.paper)
        form.addRow("电话", self.hide_phone)
        form.addRow("", self.mask)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成 PDF…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> BoardOptions:
        return BoardOptions(paper=self.paper.currentData(), hide_phone=self.hide_phone.isChecked(),
                            mask=self.mask.isChecked())
