"""The two letters of the handling chain (GB/T 9704 layout): the station's 转办函 passing matters to the
assigning body, and the 交办函 printed in that body's name for the township's use; each with 文号, date, 盖章."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import AgencyRole, SuggestionKind
from liaison_desk.printing.base import (
    MM,
    PAGE_DASH,
    RIGHT,
    Styles,
    Text,
    build_pdf,
    fits_one_page,
    paper,
    ruled_table,
    styles,
)
from liaison_desk.printing.lines import measure
from liaison_desk.privacy import mask_record, mask_text
from liaison_desk.services.station import AgencyRow
from liaison_desk.services.suggestions.detail import SuggestionDetail
from liaison_desk.text import fmt_date

TITLE = "人大代表建议和选民意见交办函"
TRANSFER_TITLE = "关于转送人大代表建议和选民意见的函"
SEAL = "（盖章）"
MARGINS = (37 * MM, 26 * MM, 35 * MM, 28 * MM)  # GB/T 9704: 156 × 225 mm text block
BODY_SIZES = (16, 15, 14)  # 三号, 小三, 四号: the first that keeps a short letter to one sheet


def blank_number(year: int) -> str:
    """A 文号 left for the assigning body's clerk to fill in by hand: 〔2026〕　　号."""
    return f"〔{year}〕　　号"


def _counts(items: Sequence[SuggestionDetail]) -> str:
    n_dep = sum(1 for d in items if d.kind == SuggestionKind.DEPUTY.value)
    n_cit = len(items) - n_dep
    return "、".join(x for x in (f"人大代表建议{n_dep}件" if n_dep else "", f"选民意见{n_cit}件" if n_cit else "") if x)


def _kind(d: SuggestionDetail) -> str:
    return SuggestionKind(d.kind).short if d.kind in SuggestionKind._value2member_map_ else d.kind


def _day(d: date | None) -> str:
    """2026年 over 11月26日: a date in a narrow cell, broken where a reader expects it."""
    return f"{d.year}年\n{d.month}月{d.day}日" if d else ""


def _head(st: Styles, title: str, number: str, to: str) -> list[Any]:
    from reportlab.platypus import Spacer

    return [Text(title, st.title), Text(number, st.subtitle.but(size=16, leading=28)), Spacer(1, 8),
            Text(f"{to}：", st.body)]


CELL_PAD = 6  # reportlab's default cell padding each side


def fit_widths(rows: Sequence[Sequence[str]], widths: Sequence[float], w: Any, wide: int,
               whole: Sequence[int] = ()) -> list[float]:
    """Column widths (pt) in which no unbreakable token of a cell (〔2026〕第67号, 11月26日, a number) has to
    be cut, nor any line of the columns `whole` (a station's name): a column too narrow for them is widened,
    the room taken from column `wide` (the title, which wraps anyway); the total stays the same."""
    from liaison_desk.printing.lines import units

    out = list(widths)
    for j in range(len(out)):
        if j == wide:
            continue
        pieces = (lambda line: [line]) if j in whole else units  # noqa: E731
        need = max((w(u.strip()) for r in rows for line in r[j].split("\n") for u in pieces(line)), default=0.0)
        extra = need + 2 * CELL_PAD + 0.5 - out[j]
        if extra > 0:
            out[j] += extra
            out[wide] -= extra
    return out


def _table(st: Styles, header: Sequence[str], rows: list[list[str]], widths_mm: Sequence[float],
           centred: set[int], wide: int = 3, whole: Sequence[int] = ()) -> Any:
    from reportlab.lib import colors

    cell, center = st.cell.but(size=12, leading=16), st.cell_center.but(size=12, leading=16)
    head = st.cell_head.but(size=12, leading=16)
    data: list[list[Any]] = [[Text(h, head) for h in header]]
    data += [[Text(v, center if i in centred else cell) for i, v in enumerate(r)] for r in rows]
    widths = fit_widths(rows, [w * MM for w in widths_mm], measure(cell.font, cell.size), wide, whole)
    return ruled_table(data, widths, [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                      ("VALIGN", (0, 0), (-1, -1), "MIDDLE")], repeat_rows=1)


def _signature(st: Styles, contact: str, signer: str, on: date) -> list[Any]:
    """The contact line, then the signer and the date with the seal over it, kept on one page."""
    from reportlab.platypus import KeepTogether, Spacer

    right = st.body.but(align=RIGHT, right_indent=16)
    kept: list[Any] = [Text(contact, st.body), Spacer(1, 30)] if contact else [Spacer(1, 30)]
    # the contact line travels with the signature: no page holds the seal alone (GB/T 9704)
    return [Spacer(1, 14), KeepTogether([*kept, Text(signer, right), Text(f"{fmt_date(on)}　{SEAL}", right)])]


def _sources(items: Sequence[tuple[SuggestionDetail, str]]) -> str:
    """The stations the matters came from, as the letter's text names them (a township's letter)."""
    names = list(dict.fromkeys(d.station for d, _ in items if d.station))
    return "、".join(names) if 0 < len(names) <= 3 else "各人大代表联络站"


def letter_story(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], body: str, on: date,
                 number: str = "", station: str = "", station_contact: str = "",
                 station_phone: str = "", body_size: float = 16, several: bool = False) -> list[Any]:
    """The 交办函 of one agency in the name of the assigning `body`; `items` are (record, role code) pairs;
    `number` the body's 发文字号 (left blank for its clerk when empty). `several` (a township database): the
    matters come from several stations, each row names its station under its number."""
    from reportlab.platypus import Spacer

    st = styles(body_size, title_size=22)  # 3号 仿宋 body (smaller only to keep to one sheet), 2号 title
    indented = st.body.but(first_indent=body_size * 2)
    source = _sources(items) if several else (station or "人大代表联络站")
    story = _head(st, TITLE, number or blank_number(on.year), agency.name)
    story += [
        Text(f"现将{source}转来的{_counts([d for d, _ in items])}交由你单位办理（详见下表）。请认真研究，"
             "主办单位负责答复，协办单位应于办理期限前将协办意见送主办单位。请在办理期限内将办理结果书面答复"
             f"{body}，同时抄送{source}，并与提出建议的代表或反映意见的选民联系沟通。"
             f"如认为不属于你单位职责范围，请于收到本函之日起五个工作日内说明理由并退回{body}。", indented),
        Spacer(1, 10),
    ]
    rows = [[str(i), d.number + (f"\n{d.station}" if several else ""), _kind(d), d.title, AgencyRole.label_of(role),
             _day(d.assigned_on), _day(d.deadline)] for i, (d, role) in enumerate(items, 1)]
    story.append(_table(st, ("序号", "编号及联络站" if several else "编号", "类别", "标题", "承办方式", "交办日期",
                             "办理期限"), rows,
                        (10, 38, 14, 36, 14, 22, 22), {0, 2, 4, 5, 6}, whole=(1,) if several else ()))  # 156 mm: 〔2026〕第88888号 and dates whole
    contact = "　".join(x for x in (f"联络站联系人：{station_contact}" if station_contact else "",
                                   f"联系电话：{station_phone}" if station_phone else "") if x)
    return story + _signature(st, contact, body, on)


def print_letter(agency: AgencyRow, items: Sequence[tuple[SuggestionDetail, str]], body: str, on: date,
                 path: Path | str, number: str = "", station: str = "", station_contact: str = "",
                 station_phone: str = "", mask: bool = False, several: bool = False) -> Path:
    """Write one agency's 交办函 to `path`; refused when the agency has nothing open. `mask` masks phone and
    ID numbers everywhere in it (privacy.mask_text)."""
    if not items:
        raise KnownError(f"「{agency.name}」目前没有正在办理的意见建议，无需打印交办函")
    if mask:
        items, station_phone = mask_record(list(items)), mask_text(station_phone)
    story = _one_sheet(lambda size: letter_story(agency, items, body, on, number, station, station_contact,
                                                 station_phone, size, several))
    return build_pdf(path, story, paper("A4"), f"交办函—{agency.name}", margins=MARGINS, page_numbers=PAGE_DASH)


def _one_sheet(make: Callable[[float], list[Any]]) -> list[Any]:
    """The story at the first body size that fits one sheet; a long letter keeps 三号 and runs on."""
    for size in BODY_SIZES:
        story = make(size)
        if fits_one_page(story, paper("A4"), MARGINS):
            return story
    return make(BODY_SIZES[0])


def _raised_by(d: SuggestionDetail) -> str:
    return "、".join(d.deputies[:2]) if d.kind == SuggestionKind.DEPUTY.value else d.citizen_name


def transfer_story(items: Sequence[SuggestionDetail], body: str, station: str, on: date, number: str,
                   contact: str = "", phone: str = "", body_size: float = 16) -> list[Any]:
    """The station's 转办函 (报送函) to the assigning `body`: matters it passes on for decision and assignment."""
    from reportlab.platypus import Spacer

    st = styles(body_size, title_size=22)
    indented = st.body.but(first_indent=body_size * 2)
    story = _head(st, TRANSFER_TITLE, number, body)
    story += [
        Text(f"现将本联络站收集、梳理的{_counts(items)}报送你们（详见下表）。请研究决定后交有关单位办理，"
             "并将交办情况和办理结果及时反馈本联络站，以便向提出建议的代表和反映意见的选民答复。", indented),
        Spacer(1, 10),
    ]
    rows = [[str(i), d.number, _kind(d), d.title, _raised_by(d), _day(d.registered_on)]
            for i, d in enumerate(items, 1)]
    story.append(_table(st, ("序号", "编号", "类别", "标题", "提出代表/反映人", "登记日期"), rows,
                        (10, 38, 14, 50, 22, 22), {0, 2, 4, 5}))  # 156 mm
    contact_line = "　".join(x for x in (f"联系人：{contact}" if contact else "",
                                        f"联系电话：{phone}" if phone else "") if x)
    return story + _signature(st, contact_line, station, on)


def print_transfer(items: Sequence[SuggestionDetail], body: str, station: str, on: date, number: str,
                   path: Path | str, contact: str = "", phone: str = "", mask: bool = False) -> Path:
    """Write the station's 转办函 to `path`; refused when nothing waits to be passed on."""
    if not items:
        raise KnownError("没有待报送的意见建议：转办函列出处于“梳理”环节、尚未交办的事项")
    if mask:
        items, phone = mask_record(list(items)), mask_text(phone)
    story = _one_sheet(lambda size: transfer_story(items, body, station, on, number, contact, phone, size))
    return build_pdf(path, story, paper("A4"), f"转办函—{body}", margins=MARGINS, page_numbers=PAGE_DASH)
