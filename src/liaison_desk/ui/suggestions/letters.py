"""The suggestion tab's letters (转办函 to the assigning body, 交办函 in its name) and the bodies setting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget

from liaison_desk.errors import KnownError
from liaison_desk.services.suggestions.bodies import default_bodies
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.context import AppContext


def assignment_letter_to(ctx: AppContext, path: Path, agency_id: str, on: date, number: str = "") -> Path:
    """The 交办函 of one agency, in the name of the body that assigns to it."""
    from liaison_desk.printing.assignment_letter import print_letter

    lt = ctx.letters.assignment(agency_id)
    return print_letter(lt.agency, lt.items, lt.body, on, path, number, lt.station.name, lt.station.contact,
                        lt.station.phone)


def transfer_letter_to(ctx: AppContext, path: Path, on: date, county: bool = False) -> Path:
    """The station's 转办函 of every record still in 梳理, with the station's next 文号."""
    from liaison_desk.printing.assignment_letter import print_transfer

    letters = ctx.letters
    lt = letters.transfer(county=county)
    if not lt.items:
        raise KnownError("没有待报送的意见建议：转办函列出处于“梳理”环节、尚未交办的事项")
    return print_transfer(lt.items, lt.body, lt.station.name, on, letters.number(on), path, lt.station.contact,
                          lt.station.phone)


def show_note(parent: QWidget, text: str) -> None:
    window = parent.window()
    if hasattr(window, "show_note"):
        window.show_note(text, 8000)


def ask_transfer(parent: QWidget, ctx: AppContext, on: date) -> None:
    bodies = ctx.bodies.bodies()
    box = QMessageBox(QMessageBox.Icon.Question, "打印转办函", "转办函报送哪个交办机关？", parent=parent)
    town = box.addButton(bodies.township, QMessageBox.ButtonRole.AcceptRole)
    county = box.addButton(bodies.county, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() not in (town, county):
        return
    name, _ = QFileDialog.getSaveFileName(parent, "保存转办函", "转办函.pdf", "PDF 文件 (*.pdf)")
    if name:  # the PDF is drawn off the GUI thread; a known error comes back as a message box
        to_county = box.clickedButton() is county
        ops.run(parent, lambda _p: transfer_letter_to(ctx, Path(name), on, county=to_county),
                lambda p: show_note(parent, f"已生成转办函：{p}"), error_title="打印失败")


class BodiesDialog(FormDialog):
    """Tools → 交办机关: who assigns matters to township and to county bodies."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("交办机关", parent)
        self.svc = ctx.bodies
        st = ctx.station.station()
        base = default_bodies(st.township if st else "", st.county if st else "")
        now = self.svc.bodies()
        self.township = self.add_row("乡镇事项交办机关", QLineEdit(now.township))
        self.township.setPlaceholderText(base.township)
        self.county = self.add_row("县级事项交办机关", QLineEdit(now.county))
        self.county.setPlaceholderText(base.county)
        self.setMinimumWidth(460)

    def save(self) -> str:
        self.svc.set_bodies(self.township.text(), self.county.text())
        return ""
