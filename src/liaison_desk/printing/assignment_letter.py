"""The 交办函: the letter to a handling agency listing the matters it must answer and by when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import AgencyRole, SuggestionKind
from liaison_desk.printing.base import build_pdf, paper, styles
from liaison_desk.privacy import mask_record, mask_text
from liaison_desk.services.station import AgencyRow
from liaison_desk.services.suggestions.detail import SuggestionDetail
from liaison_desk.text import fmt_date

TITLE = "人大代表建议和选民意见交办函"


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def letter_story(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], station: str,
                 on: date, station_phone: str = "", station_contact: str = "") -> list[Any]:
    """The flowables of one letter; `items` are (record, role code) pairs."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = styles(11.5)
    right = ParagraphStyle("right", parent=st.body, alignment=TA_RIGHT)
    indented = ParagraphStyle("indented", parent=st.body, firstLineIndent=23)
    n_dep = sum(1 for d, _ in items if d.kind == SuggestionKind.DEPUTY.value)
    n_cit = len(items) - n_dep
    counts = "、".join(x for x in (f"人大代表建议{n_dep}件" if n_dep else "",
                                   f"选民意见{n_cit}件" if n_cit else "") if x)
    story: list[Any] = [
        Paragraph(TITLE, st.title),
        Paragraph(_esc(f"{station}　{on.year}年"), st.subtitle),
        Spacer(1, 8),
        Paragraph(_esc(f"{agency.name}："), st.body),
        Paragraph(_esc(f"现将群众通过人大代表联络站反映的{counts}交由你单位办理（详见下表）。请认真研究，"
                       "主办单位负责答复，协办单位应于办理期限前将协办意见送主办单位。请在办理期限内书面答复本联络站，"
                       "并与提出建议的代表或反映意见的选民联系沟通。如认为不属于你单位职责范围，"
                       "请于收到本函之日起五个工作日内说明理由并退回本联络站。"), indented),
        Spacer(1, 10),
    ]
    cell, center = st.cell, st.cell_center
    rows: list[list[Any]] = [[Paragraph(h, center) for h in
                              ("序号", "编号", "类别", "标题", "承办方式", "交办日期", "办理期限")]]
    for i, (d, role) in enumerate(items, 1):
        rows.append([Paragraph(str(i), center), Paragraph(_esc(d.number), cell),
                     Paragraph(SuggestionKind(d.kind).short if d.kind in SuggestionKind._value2member_map_
                               else d.kind, center),
                     Paragraph(_esc(d.title), cell), Paragraph(AgencyRole.label_of(role), center),
                     Paragraph(fmt_date(d.assigned_on), center), Paragraph(fmt_date(d.deadline), center)])
    table = Table(rows, colWidths=[30, 82, 52, 119, 52, 88, 88], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    story += [table, Spacer(1, 14)]
    contact = "　".join(x for x in (f"本联络站联系人：{station_contact}" if station_contact else "",
                                   f"联系电话：{station_phone}" if station_phone else "") if x)
    story += [Paragraph(_esc(contact), st.small),
              Spacer(1, 30), Paragraph(_esc(station), right), Paragraph(fmt_date(on), right)]
    return story


def print_letter(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], station: str,
                 on: date, path: Path | str, station_phone: str = "", station_contact: str = "",
                 mask: bool = False) -> Path:
    """Write the letter to `path`; `mask` masks phone and ID numbers everywhere in it (privacy.mask_text)."""
    if not items:
        raise KnownError(f"「{agency.name}」目前没有正在办理的意见建议，无需打印交办函")
    if mask:
        items, station_phone = mask_record(list(items)), mask_text(station_phone)
    story = letter_story(agency, items, station, on, station_phone, station_contact)
    return build_pdf(path, story, paper("A4"), f"交办函—{agency.name}", margins=42)
