"""The detail pane of a suggestion as HTML: its fields, agencies, deadline state and the timeline."""

from __future__ import annotations

from datetime import date
from html import escape

from liaison_desk.models.enums import (
    AgencyRole,
    DeadlineState,
    ReplyResult,
    Satisfaction,
    Step,
    SuggestionKind,
)
from liaison_desk.services.suggestions.detail import SuggestionDetail
from liaison_desk.text import fmt_date


def detail_html(d: SuggestionDetail, state: str | None, today: date) -> str:
    """`state` is a DeadlineState or None (from DeadlineService.state)."""
    e = escape
    kind = SuggestionKind.label_of(d.kind)
    deadline = fmt_date(d.deadline)
    if state == DeadlineState.OVERDUE:
        deadline = f"<b style='color:#c0392b'>{deadline}（{DeadlineState.OVERDUE.label}）</b>"
    elif state == DeadlineState.DUE_SOON:
        deadline = f"<b style='color:#d35400'>{deadline}（{DeadlineState.DUE_SOON.label}）</b>"
    rows = [("编号", e(d.number)), ("类别", kind), ("办理环节", Step.label_of(d.step)),
            ("登记日期", fmt_date(d.registered_on))]
    if d.deputies:
        rows.append(("提出代表" if d.kind == SuggestionKind.DEPUTY.value else "接待代表", e("、".join(d.deputies))))
    if d.citizen_name:
        rows.append(("反映人", e(d.citizen_name)))
    if d.lead:
        contact = "，".join(x for x in (d.lead.contact_person, d.lead.phone) if x)
        rows.append(("主办单位", e(d.lead.name) + (f"（{e(contact)}）" if contact else "")))
    if d.co:
        rows.append(("协办单位", e("、".join(a.name for a in d.co))))
    for a in d.returned:
        if a.return_reason != "改为重新交办":
            rows.append(("已退回", f"{e(a.name)}（{AgencyRole.label_of(a.role)}，{fmt_date(a.returned_on)}："
                                  f"{e(a.return_reason)}）"))
    if d.assigned_on:
        rows.append(("交办日期", fmt_date(d.assigned_on)))
    if d.deadline:
        rows.append(("办理期限", deadline))
    if d.reply_on:
        rows.append(("答复", f"{fmt_date(d.reply_on)}，{ReplyResult.label_of(d.reply_result)}"))
    if d.feedback_on:
        rows.append(("反馈", f"{fmt_date(d.feedback_on)}，{e(d.feedback_method)}，"
                            f"{Satisfaction.label_of(d.satisfaction)}"))
    if d.archived_on:
        rows.append(("归档日期", fmt_date(d.archived_on)))
    if d.merged_into:
        rows.append(("合并", f"已并入{e(d.merged_into)}"))
    if d.merged:
        rows.append(("合并", "已合并" + e("、".join(d.merged))))
    fields = "".join(f"<tr><td style='color:#555;padding-right:8px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    timeline = []
    for ev in d.events:
        bits = [f"<b>{ev.label}</b>"]
        if ev.agency:
            bits.append(e(ev.agency))
        if ev.result:
            bits.append(ev.result_label)
        if ev.new_deadline:
            bits.append(f"期限 {fmt_date(ev.new_deadline)}")
        note = f"<br><span style='color:#333'>{e(ev.note)}</span>" if ev.note else ""
        who = f" <span style='color:#777'>（{e(ev.who)}）</span>" if ev.who else ""
        timeline.append(f"<li>{fmt_date(ev.happened_on)}　{'，'.join(bits)}{who}{note}</li>")
    return (f"<h3>{e(d.title)}</h3><table>{fields}</table>"
            f"<p>{e(d.content)}</p>"
            + (f"<p><b>答复内容：</b>{e(d.reply_text)}</p>" if d.reply_text else "")
            + f"<h4>办理经过</h4><ol>{''.join(timeline)}</ol>")
