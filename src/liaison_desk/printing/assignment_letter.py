"""The 交办函: the letter to a handling agency listing the matters it must answer and by when (GB/T 9704 layout)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import AgencyRole, SuggestionKind
from liaison_desk.printing.base import MM, PAGE_DASH, RIGHT, Text, build_pdf, paper, ruled_table, styles
from liaison_desk.privacy import mask_record, mask_text
from liaison_desk.services.station import AgencyRow
from liaison_desk.services.suggestions.detail import SuggestionDetail
from liaison_desk.text import fmt_date

TITLE = "人大代表建议和选民意见交办函"
MARGINS = (37 * MM, 26 * MM, 35 * MM, 28 * MM)  # GB/T 9704: 156 × 225 mm text block


def letter_story(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], station: str,
                 on: date, station_phone: str = "", station_contact: str = "", number: str = "") -> list[Any]:
    """The flowables of one letter; `items` are (record, role code) pairs; `number` its 发文字号."""
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Spacer

    st = styles(16, title_size=22)  # 3号 仿宋 body, 2号 title
    right = st.body.but(align=RIGHT, right_indent=16)
    indented = st.body.but(first_indent=32)
    n_dep = sum(1 for d, _ in items if d.kind == SuggestionKind.DEPUTY.value)
    n_cit = len(items) - n_dep
    counts = "、".join(x for x in (f"人大代表建议{n_dep}件" if n_dep else "",
                                   f"选民意见{n_cit}件" if n_cit else "") if x)
    story: list[Any] = [
        Text(TITLE, st.title),
        Text(number, st.subtitle.but(size=16, leading=28)) if number else Spacer(1, 8),
        Spacer(1, 8),
        Text(f"{agency.name}：", st.body),
        Text(f"现将群众通过人大代表联络站反映的{counts}交由你单位办理（详见下表）。请认真研究，"
                       "主办单位负责答复，协办单位应于办理期限前将协办意见送主办单位。请在办理期限内书面答复本联络站，"
                       "并与提出建议的代表或反映意见的选民联系沟通。如认为不属于你单位职责范围，"
                       "请于收到本函之日起五个工作日内说明理由并退回本联络站。", indented),
        Spacer(1, 10),
    ]
    cell, center = st.cell.but(size=12, leading=16), st.cell_center.but(size=12, leading=16)
    head = st.cell_head.but(size=12, leading=16)
    rows: list[list[Any]] = [[Text(h, head) for h in
                              ("序号", "编号", "类别", "标题", "承办方式", "交办日期", "办理期限")]]
    for i, (d, role) in enumerate(items, 1):
        rows.append([Text(str(i), center), Text(d.number, cell),
                     Text(SuggestionKind(d.kind).short if d.kind in SuggestionKind._value2member_map_
                          else d.kind, center),
                     Text(d.title, cell), Text(AgencyRole.label_of(role), center),
                     Text(_day(d.assigned_on), center), Text(_day(d.deadline), center)])
    widths = [w * MM for w in (12, 32, 14, 42, 16, 20, 20)]  # 156 mm
    story += [ruled_table(rows, widths, [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE")], repeat_rows=1),
              Spacer(1, 14)]
    contact = "　".join(x for x in (f"本联络站联系人：{station_contact}" if station_contact else "",
                                   f"联系电话：{station_phone}" if station_phone else "") if x)
    story += [Text(contact, st.body), KeepTogether([Spacer(1, 30), Text(station, right), Text(fmt_date(on), right)])]
    return story


def _day(d: date | None) -> str:
    """2026年 over 11月26日: a date in a narrow cell, broken where a reader expects it."""
    return f"{d.year}年\n{d.month}月{d.day}日" if d else ""


def print_letter(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], station: str,
                 on: date, path: Path | str, station_phone: str = "", station_contact: str = "",
                 number: str = "", mask: bool = False) -> Path:
    """Write one letter to `path`; refused when the agency has nothing open. `mask` masks phone and ID
    numbers everywhere in it (privacy.mask_text)."""
    if not items:
        raise KnownError(f"「{agency.name}」目前没有正在办理的意见建议，无需打印交办函")
    if mask:
        items, station_phone = mask_record(list(items)), mask_text(station_phone)
    story = letter_story(agency, items, station, on, station_phone, station_contact, number)
    return build_pdf(path, story, paper("A4"), f"交办函—{agency.name}", margins=MARGINS, page_numbers=PAGE_DASH)
