"""The handling agencies (承办单位) list: the six kinds of rule 八, with contacts; add, edit, stop using."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import AgencyKind
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.common.widgets import CodeCombo
from liaison_desk.ui.context import AppContext


class AgencyDialog(FormDialog):
    def __init__(self, ctx: AppContext, agency_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改承办单位" if agency_id else "新增承办单位", parent)
        self.ctx, self.agency_id = ctx, agency_id
        a = ctx.station.agency(agency_id) if agency_id else None
        self.name = self.add_row("承办单位", QLineEdit(a.name if a else ""))
        word = ctx.station.county_word()  # 县 or 区, the station's region word
        self.kind = self.add_row("单位类别", CodeCombo(((m.value, AgencyKind.label_for(m.value, word))
                                                       for m in AgencyKind), "（请选择）"))
        self.kind.set_code(a.kind if a else None)
        self.contact = self.add_row("联系人", QLineEdit(a.contact_person if a else ""))
        self.phone = self.add_row("联系电话", QLineEdit(a.phone if a else ""))
        self.address = self.add_row("地址", QLineEdit(a.address if a else ""))
        self.active = self.add_row("状态", QCheckBox("在用（停用后不能再交办给该单位）"))
        self.active.setChecked(a.active if a else True)

    def save(self) -> Callable[[], str]:
        station, agency_id = self.ctx.station, self.agency_id
        name, kind, contact = self.name.text(), self.kind.code() or "", self.contact.text().strip()
        phone, active, address = self.phone.text().strip(), self.active.isChecked(), self.address.text().strip()
        return lambda: station.save_agency(name, kind, contact, phone, agency_id, active, address=address)


class AgencyListDialog(QDialog):
    """承办单位管理: a table of every agency with 新增 and 修改."""

    HEADERS = ("承办单位", "单位类别", "联系人", "联系电话", "状态")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("承办单位管理")
        self.resize(760, 460)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        add, edit = QPushButton("新增"), QPushButton("修改")
        add.clicked.connect(self.add)
        edit.clicked.connect(self.edit)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(edit)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.ids: list[str] = []
        self.fill()

    def fill(self) -> None:
        rows = self.ctx.station.agencies()
        word = self.ctx.station.county_word()
        self.ids = [a.id for a in rows]
        self.table.setRowCount(len(rows))
        for r, a in enumerate(rows):
            for c, v in enumerate((a.name, AgencyKind.label_for(a.kind, word), a.contact_person, a.phone,
                                   "在用" if a.active else "停用")):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def add(self) -> None:
        if AgencyDialog(self.ctx, None, self).exec():
            self.fill()

    def edit(self) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.ids) and AgencyDialog(self.ctx, self.ids[r], self).exec():
            self.fill()
