"""The two letters of the handling chain: the station's 转办函 (报送函) passing matters to the assigning body,
and the 交办函 printed in the assigning body's name for the township's use, each with 文号, date and seal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import AgencyRole, SuggestionKind
from liaison_desk.printing.base import build_pdf, paper, styles
from liaison_desk.services.station import AgencyRow
from liaison_desk.services.suggestions.detail import SuggestionDetail
from liaison_desk.text import fmt_date

TITLE = "人大代表建议和选民意见交办函"
TRANSFER_TITLE = "关于转送人大代表建议和选民意见的函"
SEAL = "（盖章）"


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blank_number(year: int) -> str:
    """A 文号 left for the assigning body's clerk to fill in by hand: 〔2026〕　　号."""
    return f"〔{year}〕　　号"


def _counts(items: Sequence[SuggestionDetail]) -> str:
    n_dep = sum(1 for d in items if d.kind == SuggestionKind.DEPUTY.value)
    n_cit = len(items) - n_dep
    return "、".join(x for x in (f"人大代表建议{n_dep}件" if n_dep else "", f"选民意见{n_cit}件" if n_cit else "") if x)


def _kind(d: SuggestionDetail) -> str:
    return SuggestionKind(d.kind).short if d.kind in SuggestionKind._value2member_map_ else d.kind


def _head(st: Any, title: str, number: str) -> list[Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    centre = ParagraphStyle("number", parent=st.body, alignment=TA_CENTER)
    return [Paragraph(_esc(title), st.title), Paragraph(_esc(number), centre), Spacer(1, 10)]


def _table(header: Sequence[str], rows: list[list[str]], widths: Sequence[float], st: Any,
           centred: set[int]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data: list[list[Any]] = [[Paragraph(h, st.cell_center) for h in header]]
    for r in rows:
        data.append([Paragraph(_esc(v), st.cell_center if i in centred else st.cell) for i, v in enumerate(r)])
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _signature(st: Any, signer: str, on: date, contact: str = "") -> list[Any]:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    right = ParagraphStyle("right", parent=st.body, alignment=TA_RIGHT)
    out: list[Any] = [Spacer(1, 30), Paragraph(_esc(signer), right),
                      Paragraph(_esc(f"{fmt_date(on)}　{SEAL}"), right)]
    if contact:
        out += [Spacer(1, 16), Paragraph(_esc(contact), st.small)]
    return out


def letter_story(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], body: str, on: date,
                 number: str = "", station: str = "", station_contact: str = "",
                 station_phone: str = "") -> list[Any]:
    """The 交办函 of one agency, in the name of the assigning `body`; `items` are (record, role) pairs."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    st = styles(11.5)
    indented = ParagraphStyle("indented", parent=st.body, firstLineIndent=23)
    source = f"{station}转来的" if station else "人大代表联络站转来的"
    story: list[Any] = _head(st, TITLE, number or blank_number(on.year))
    story += [
        Paragraph(_esc(f"{agency.name}："), st.body),
        Paragraph(_esc(f"现将{source}{_counts([d for d, _ in items])}交由你单位办理（详见下表）。请认真研究，"
                       "主办单位负责答复，协办单位应于办理期限前将协办意见送主办单位。请在办理期限内将办理结果书面答复"
                       f"{body}，同时抄送{station or '人大代表联络站'}，并与提出建议的代表或反映意见的选民联系沟通。"
                       f"如认为不属于你单位职责范围，请于收到本函之日起五个工作日内说明理由并退回{body}。"), indented),
        Spacer(1, 10),
    ]
    rows = [[str(i), d.number, _kind(d), d.title, AgencyRole.label_of(role), fmt_date(d.assigned_on),
             fmt_date(d.deadline)] for i, (d, role) in enumerate(items, 1)]
    story.append(_table(("序号", "编号", "类别", "标题", "承办方式", "交办日期", "办理期限"), rows,
                        (30, 82, 52, 119, 52, 88, 88), st, {0, 2, 4, 5, 6}))
    contact = "　".join(x for x in (f"联络站联系人：{station_contact}" if station_contact else "",
                                   f"联系电话：{station_phone}" if station_phone else "") if x)
    return story + _signature(st, body, on, contact)


def print_letter(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], body: str, on: date,
                 path: Path | str, number: str = "", station: str = "", station_contact: str = "",
                 station_phone: str = "") -> Path:
    """The 交办函 as a PDF (written atomically)."""
    if not items:
        raise KnownError(f"「{agency.name}」目前没有正在办理的意见建议，无需打印交办函")
    story = letter_story(agency, items, body, on, number, station, station_contact, station_phone)
    return build_pdf(path, story, paper("A4"), f"交办函—{agency.name}", margins=42)


def transfer_story(items: Sequence[SuggestionDetail], body: str, station: str, on: date, number: str,
                   contact: str = "", phone: str = "") -> list[Any]:
    """The station's 转办函 (报送函) to the assigning `body`: matters it passes on for decision and assignment."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    st = styles(11.5)
    indented = ParagraphStyle("indented", parent=st.body, firstLineIndent=23)
    story: list[Any] = _head(st, TRANSFER_TITLE, number)
    story += [
        Paragraph(_esc(f"{body}："), st.body),
        Paragraph(_esc(f"现将本联络站收集、梳理的{_counts(items)}报送你们（详见下表）。请研究决定后交有关单位办理，"
                       "并将交办情况和办理结果及时反馈本联络站，以便向提出建议的代表和反映意见的选民答复。"), indented),
        Spacer(1, 10),
    ]
    rows = [[str(i), d.number, _kind(d), d.title,
             "、".join(d.deputies[:2]) if d.kind == SuggestionKind.DEPUTY.value else d.citizen_name,
             fmt_date(d.registered_on)] for i, d in enumerate(items, 1)]
    story.append(_table(("序号", "编号", "类别", "标题", "提出代表/反映人", "登记日期"), rows,
                        (30, 82, 52, 183, 88, 76), st, {0, 2, 5}))
    contact_line = "　".join(x for x in (f"联系人：{contact}" if contact else "",
                                        f"联系电话：{phone}" if phone else "") if x)
    return story + _signature(st, station, on, contact_line)


def print_transfer(items: Sequence[SuggestionDetail], body: str, station: str, on: date, number: str,
                   path: Path | str, contact: str = "", phone: str = "") -> Path:
    """The 转办函 as a PDF (written atomically)."""
    if not items:
        raise KnownError("没有待报送的意见建议：转办函列出处于“梳理”环节、尚未交办的事项")
    story = transfer_story(items, body, station, on, number, contact, phone)
    return build_pdf(path, story, paper("A4"), f"转办函—{body}", margins=42)
