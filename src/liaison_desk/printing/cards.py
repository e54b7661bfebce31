"""《人大代表建议办理情况登记卡》 and 《选民意见转办情况登记卡》: A4 forms with ruled boxes, one card per page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from liaison_desk.models.enums import EventKind, ReplyResult, Satisfaction, Step, SuggestionKind
from liaison_desk.printing.base import RIGHT, Text, build_pdf, paper, ruled_table, styles
from liaison_desk.privacy import mask_record
from liaison_desk.services.suggestions.detail import SuggestionDetail
from liaison_desk.text import fmt_date

DEPUTY_CARD = "人大代表建议办理情况登记卡"
CITIZEN_CARD = "选民意见转办情况登记卡"
CHECKED, UNCHECKED = "■", "□"
MAX_TEXT = 900  # a box longer than this is cut (the full text stays in the program)
LABEL_W, VALUE_W = 78, 177.5  # four columns: label, value, label, value (= 511 pt, A4 less margins)


def card_title(kind: str) -> str:
    return DEPUTY_CARD if kind == SuggestionKind.DEPUTY.value else CITIZEN_CARD


def checkboxes(options: Sequence[tuple[str, str]], chosen: str) -> str:
    """'■满意　□基本满意　□不满意' for codes/labels `options`, the one equal to `chosen` ticked."""
    return "　".join(f"{CHECKED if code == chosen else UNCHECKED}{label}" for code, label in options)


def _cut(text: str) -> str:
    text = (text or "").strip()
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "……（全文见系统记录）"


def supervision_lines(d: SuggestionDetail) -> list[str]:
    """Urgings, extensions, returns, reassignments and reopenings, one line each, oldest first."""
    out = []
    for e in d.events_of(EventKind.URGED, EventKind.EXTENDED, EventKind.RETURNED, EventKind.REASSIGNED,
                         EventKind.REOPENED):
        extra = f"，新期限{fmt_date(e.new_deadline)}" if e.new_deadline else ""
        who = e.actor or (e.agency if e.kind != EventKind.URGED.value else "")
        target = f"，{e.agency}" if e.agency and e.agency != who and e.kind != EventKind.URGED.value else ""
        who = f"（{who}{target}）" if who else ""
        out.append(f"{fmt_date(e.happened_on)} {e.label}{who}：{e.note}{extra}".rstrip("："))
    return out


def history_lines(d: SuggestionDetail) -> list[str]:
    """Earlier rounds kept in the record (a reply and feedback before a 不满意 reopening), and merges."""
    out = []
    reopen_dates = [e.happened_on for e in d.events_of(EventKind.REOPENED)]
    if reopen_dates:
        last = reopen_dates[-1]
        for e in d.events_of(EventKind.REPLIED, EventKind.FEEDBACK):
            if e.happened_on <= last:
                out.append(f"{fmt_date(e.happened_on)} {e.label}（{e.result_label}）")
    if d.merged:
        out.append("已合并相关事项：" + "、".join(d.merged))
    if d.merged_into:
        out.append(f"已并入{d.merged_into}办理")
    for e in d.events_of(EventKind.UNARCHIVED):
        out.append(f"{fmt_date(e.happened_on)} 撤销归档：{e.note}")
    return out


def card_story(d: SuggestionDetail, base_size: float = 10.5) -> list[Any]:
    """The flowables of one card."""
    from reportlab.lib import colors
    from reportlab.platypus import Spacer

    st = styles(base_size)
    deputy = d.kind == SuggestionKind.DEPUTY.value
    rows: list[list[Any]] = []
    spans: list[tuple[int, int]] = []  # (row, min height) of full-width boxes

    def p(text: str, style: Any = None) -> Any:
        return Text(text, style or st.cell)

    def pair(l1: str, v1: str, l2: str, v2: str) -> None:
        rows.append([p(l1, st.cell_head), p(v1), p(l2, st.cell_head), p(v2)])

    def wide(label: str, value: str, min_h: float = 0) -> None:
        body = p(_cut(value))
        cell: Any = body
        if min_h:
            _w, h = body.wrap(LABEL_W + 2 * VALUE_W - 12, 10_000)
            cell = [body, Spacer(1, max(0.0, min_h - h - 8))]
        rows.append([p(label, st.cell_head), cell, "", ""])
        spans.append((len(rows) - 1, int(min_h)))

    lead = d.lead.name if d.lead else ""
    co = "、".join(a.name for a in d.co)
    replied = d.events_of(EventKind.REPLIED)
    reply_agency = (replied[-1].actor or replied[-1].agency) if replied and d.reply_on else ""
    operator = next((e.operator for e in reversed(d.events) if e.operator), "")
    if deputy:
        wide("建议标题", d.title)
        pair("提出代表", "、".join(d.deputies), "登记日期", fmt_date(d.registered_on))
        pair("问题类别", d.category, "办理环节", Step.label_of(d.step))
        wide("建议内容", d.content, 110)
    else:
        wide("意见标题", d.title)
        pair("反映人", d.citizen_name, "联系电话", d.citizen_phone)
        pair("住址", d.citizen_address, "登记日期", fmt_date(d.registered_on))
        pair("接待代表", "、".join(d.deputies), "问题类别", d.category)
        wide("意见内容", d.content, 100)
    pair("主办单位", lead, "协办单位", co)
    pair("交办日期" if deputy else "转办日期", fmt_date(d.first_assigned_on), "办理期限", fmt_date(d.deadline))
    assigned = d.events_of(EventKind.ASSIGNED, EventKind.REASSIGNED)
    wide("交办机关", "、".join(dict.fromkeys(e.actor for e in assigned if e.actor)))
    wide("督办情况", "\n".join(supervision_lines(d)), 60)
    pair("答复日期", fmt_date(d.reply_on), "答复单位", reply_agency)
    wide("办理结果", checkboxes([(r.value, r.label) for r in ReplyResult], d.reply_result))
    wide("答复内容", d.reply_text, 70)
    pair("反馈日期", fmt_date(d.feedback_on), "反馈方式", d.feedback_method)
    wide("代表满意度" if deputy else "选民满意度",
         checkboxes([(s.value, s.label) for s in Satisfaction], d.satisfaction))
    pair("归档日期", fmt_date(d.archived_on), "经办人", operator)
    wide("备注", "\n".join([*history_lines(d), d.notes.strip()]).strip(), 36)

    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.94, 0.94, 0.94)),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    for r, min_h in spans:
        style.append(("SPAN", (1, r), (3, r)))
        if min_h:
            style.append(("VALIGN", (1, r), (3, r), "TOP"))
    for r, row in enumerate(rows):
        if row[2] != "":
            style.append(("BACKGROUND", (2, r), (2, r), colors.Color(0.94, 0.94, 0.94)))
    table = ruled_table(rows, [LABEL_W, VALUE_W, LABEL_W, VALUE_W], style)
    right = st.cell.but(align=RIGHT)
    head = ruled_table([[p(f"联络站：{d.station}" if d.station else ""), p(f"编号：{d.number}", right)]],
                       [2 * LABEL_W + 2 * VALUE_W - 200, 200],
                       [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [Text(card_title(d.kind), st.title), head, Spacer(1, 4), table]


def print_cards(details: Sequence[SuggestionDetail], path: Path | str,
                progress: Callable[[int, int], None] | None = None, mask: bool = False) -> Path:
    """One card per page for each record (each in the form of its kind); written atomically.

    `mask` masks phone and ID numbers in every box (privacy.mask_text), free text included."""
    from reportlab.platypus import PageBreak

    if not details:
        from liaison_desk.errors import KnownError

        raise KnownError("没有可打印的登记卡：请先选择意见建议")
    if mask:
        details = [mask_record(d) for d in details]
    story: list[Any] = []
    for i, d in enumerate(details):
        if i:
            story.append(PageBreak())
        story.extend(card_story(d))
        if progress:
            progress(i + 1, len(details))
    kinds = {d.kind for d in details}
    title = card_title(details[0].kind) if len(kinds) == 1 else "意见建议办理情况登记卡"
    return build_pdf(path, story, paper("A4"), title, margins=42)
