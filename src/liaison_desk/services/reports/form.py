"""The monthly statistics form's rows (月度统计报表): the figures in the township's order, each with the same
period last year and the change — one list for the PDF, the Excel sheet, the handoff's 统计 sheet and the window."""

from __future__ import annotations

from dataclasses import dataclass

from liaison_desk.services.reports.stats import Report


@dataclass(frozen=True, slots=True)
class FormRow:
    section: str
    item: str
    value: int | float | None  # a count, or a rate 0–1 (is_rate), None when there is nothing to divide
    last: int | float | None
    is_rate: bool = False

    @property
    def change(self) -> int | float | None:
        if self.value is None or self.last is None:
            return None
        return round(self.value - self.last, 4)

    def shown(self, v: int | float | None) -> str:
        if v is None:
            return "—"
        return f"{v * 100:.1f}%" if self.is_rate else str(v)

    def shown_change(self) -> str:
        c = self.change
        if c is None:
            return "—"
        if self.is_rate:
            return f"{c * 100:+.1f} 个百分点" if c else "持平"
        return f"{c:+d}" if c else "持平"


def _pairs(section: str, now: dict[str, int], last: dict[str, int]) -> list[FormRow]:
    keys = list(now) + [k for k in last if k not in now]
    return [FormRow(section, k, now.get(k, 0), last.get(k, 0)) for k in keys]


def form_rows(report: Report) -> list[FormRow]:
    f, y = report.figures, report.last_year

    def row(section: str, item: str, attr: str, rate: bool = False) -> FormRow:
        return FormRow(section, item, getattr(f, attr), getattr(y, attr), rate)

    out = [
        row("接待选民", "接待次数", "receptions"),
        *_pairs("接待选民", f.receptions_by_kind, y.receptions_by_kind),
        row("接待选民", "参加代表人次（接待和活动）", "deputy_attendances"),
        row("接待选民", "群众人次（来访和活动）", "citizens"),
        row("来访登记", "来访件数", "visits"),
        *_pairs("来访方式", f.visits_by_channel, y.visits_by_channel),
        *_pairs("来访类别", f.visits_by_category, y.visits_by_category),
        *_pairs("告知依法途径（第九条）", f.redirected, y.redirected),
        FormRow("意见建议", "登记代表建议", f.suggestions_registered.get("deputy", 0),
                y.suggestions_registered.get("deputy", 0)),
        FormRow("意见建议", "登记选民意见", f.suggestions_registered.get("citizen", 0),
                y.suggestions_registered.get("citizen", 0)),
        row("意见建议", "交办", "assigned"), row("意见建议", "回复", "replied"),
        row("意见建议", "反馈", "fed_back"), row("意见建议", "归档", "archived"),
        row("意见建议", "已解决", "solved"),
        row("意见建议", "期末超期未回复", "overdue_at_end"),
        row("意见建议", "按期答复率", "on_time_rate", rate=True),
        row("意见建议", "满意率（满意和基本满意）", "satisfaction_rate", rate=True),
        *_pairs("期末在办（按环节）", f.open_by_step, y.open_by_step),
        row("代表活动", "活动次数", "activities"),
        *_pairs("代表活动", f.activities_by_kind, y.activities_by_kind),
        row("代表活动", "参加活动代表人次", "activity_deputies"),
        row("代表活动", "群众参与人次", "activity_citizens"),
        row("代表活动", "代表出席率（接待和活动）", "attendance_rate", rate=True),
    ]
    return out

