"""The suggestion tab's letters (转办函 to the assigning body, 交办函 in its name) and the bodies setting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget

from liaison_desk.services.suggestions.bodies import default_bodies
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.context import AppContext


def assignment_letter_to(ctx: AppContext, path: Path, agency_id: str, on: date, number: str = "",
                         mask: bool = False) -> Path:
    """The 交办函 of one agency, in the name of the body that assigns to it (its 文号 left to that body)."""
    from liaison_desk.printing.assignment_letter import print_letter

    lt = ctx.letters.assignment(agency_id)
    out = print_letter(lt.agency, lt.items, lt.body, on, path, number, lt.station.name, lt.station.liaison_officer,
                       lt.station.phone, mask=mask, several=lt.several)
    ctx.letters.record_assignment_print(lt.body, lt.agency.name, len(lt.items), number)
    return out


def transfer_letter_to(ctx: AppContext, path: Path, on: date, county: bool = False, mask: bool = False) -> Path:
    """The station's 转办函 of every record still in 梳理, with the station's next 文号 (reserved once printed)."""
    from liaison_desk.printing.assignment_letter import print_transfer

    letters = ctx.letters
    lt = letters.transfer(county=county)
    number = letters.next_number(on, lt.station.name)
    out = print_transfer(lt.items, lt.body, lt.station.name, on, number, path, lt.station.liaison_officer,
                         lt.station.phone, mask=mask)
    letters.record_print(number, lt.body, len(lt.items))
    return out


def show_note(parent: QWidget, text: str) -> None:
    window = parent.window()
    if hasattr(window, "show_note"):
        window.show_note(text, 8000)


def ask_transfer(parent: QWidget, ctx: AppContext, on: date, mask: bool = False) -> None:
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
        ops.run(parent, lambda _p: transfer_letter_to(ctx, Path(name), on, county=to_county, mask=mask),
                lambda p: show_note(parent, f"已生成转办函：{p}"), error_title="打印失败")


class BodiesDialog(FormDialog):
    """Tools → 交办机关: who assigns matters to township and to county bodies."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("交办机关", parent)
        self.svc = ctx.bodies
        info = ctx.station.info()
        base = default_bodies(info.township, info.county)
        now = self.svc.bodies()
        self.township = self.add_row("乡镇事项交办机关", QLineEdit(now.township))
        self.township.setPlaceholderText(base.township)
        self.county = self.add_row("县级事项交办机关", QLineEdit(now.county))
        self.county.setPlaceholderText(base.county)
        self.setMinimumWidth(460)

    def save(self) -> str:
        self.svc.set_bodies(self.township.text(), self.county.text())
        return ""
