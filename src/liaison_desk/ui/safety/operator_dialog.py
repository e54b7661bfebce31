"""切换操作员: who is working at this shared PC; every change is recorded under this name."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class OperatorDialog(QDialog):
    """Pick a remembered operator or type a new name."""

    def __init__(self, known: list[str], current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OperatorDialog")
        self.setWindowTitle("切换操作员")
        layout = QVBoxLayout(self)
        intro = QLabel("这台电脑由几位同志共用。请选择或填写现在使用程序的人，\n"
                       "之后的新增、修改、删除、导入、导出和备份都会记在这个名字下（见「工具 → 操作日志」）。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.combo = QComboBox()
        self.combo.setObjectName("operatorCombo")
        self.combo.setEditable(True)
        self.combo.addItems(known)
        self.combo.setCurrentText(current or (known[0] if known else ""))
        self.combo.lineEdit().setPlaceholderText("操作员姓名")
        self.combo.lineEdit().setMaxLength(50)
        layout.addWidget(self.combo)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c00;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def name(self) -> str:
        return " ".join(self.combo.currentText().split())

    def _accept(self) -> None:
        if not self.name():
            self.error.setText("请填写操作员姓名")
            return
        self.accept()
