"""The wall schedule (接待安排表) for a month or quarter, and the year's 年度活动计划 (receptions and the
activities of the year, by date): a landscape ruled table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from liaison_desk.models.enums import ActivityKind, SessionKind, SessionStatus
from liaison_desk.printing.base import CENTER, paper
from liaison_desk.printing.grid import Column, GridDoc, Section, draw_grid
from liaison_desk.services.schedule.compliance import QUARTERS, month_end
from liaison_desk.services.schedule.printing import WallRow, WallSchedule
from liaison_desk.text import fmt_date, fmt_time_range, fmt_weekday

MM = 72 / 25.4
COLUMNS = tuple(Column(h, w * MM, a) for h, w, a in (
    ("序号", 11, CENTER), ("接待日期", 22, CENTER), ("星期", 14, CENTER), ("时间", 25, CENTER),
    ("接待形式", 20, CENTER), ("接待地点", 36, 0), ("接待主题", 34, 0), ("接待代表", 42, 0),
    ("应邀参加人员", 31, 0), ("公告日期", 22, CENTER), ("状态", 16, CENTER)))  # 273 mm: A4 landscape
HEADER = tuple(c.header for c in COLUMNS)
# The 年度活动计划: the same grid, headed for receptions and activities alike.
PLAN_COLUMNS = tuple(Column(h, c.width, c.align) for h, c in zip(
    ("序号", "日期", "星期", "时间", "形式/类型", "地点", "主题", "参加代表", "组织/应邀参加人员", "公告日期", "状态"),
    COLUMNS, strict=True))
EMPTY = "这段时间没有接待安排"
PLAN_EMPTY = "这一年没有接待安排和代表活动"


def title_for(start: date, end: date) -> str:
    """年度活动计划 for a whole year, 第N季度 / N月 接待安排表 for a quarter or month, else the range."""
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return f"{start.year}年度活动计划"
    if start.day == 1 and end == month_end(start.year, start.month + 2) and start.month % 3 == 1:
        return f"{start.year}年第{QUARTERS[start.month // 3]}季度接待安排表"
    if start.day == 1 and end == month_end(start.year, start.month):
        return f"{start.year}年{start.month}月接待安排表"
    return f"接待安排表（{fmt_date(start)}至{fmt_date(end)}）"


def schedule_doc(w: WallSchedule, today: date | None = None) -> GridDoc:
    st = w.station
    title = f"{st.name}{title_for(w.start, w.end)}"
    contact = "　".join(x for x in (f"联络员：{st.liaison_officer}" if st.liaison_officer else "",
                                    f"联系电话：{st.phone}" if st.phone else "",
                                    f"地址：{st.address}" if st.address else "") if x)
    after = [x for x in (contact, f"每次接待前 3 个工作日张贴公告。制表日期：{fmt_date(today or date.today())}") if x]
    return GridDoc(title=title, columns=PLAN_COLUMNS if w.plan else COLUMNS, pagesize=paper("A4", landscape=True),
                   margins=(30, 12 * MM, 34, 12 * MM), cell_size=10.5, title_size=20,
                   subtitle=[f"{fmt_date(w.start)}至{fmt_date(w.end)}"], notes=[f"注意：{x}" for x in w.warnings],
                   after=after, empty=PLAN_EMPTY if w.plan else EMPTY, meta_title=title)


def _day(d: date | None, w: WallSchedule) -> str:
    """11月26日 when the table covers one calendar year (its title says which), else 2026年11月26日."""
    if d is None:
        return ""
    return f"{d.month}月{d.day}日" if w.start.year == w.end.year == d.year else fmt_date(d)


def _status(r: WallRow, today: date) -> str:
    """A session's own status; an activity is 已完成 once its day has come, 计划 before."""
    if r.source == "activity":
        return (SessionStatus.DONE if r.day <= today else SessionStatus.PLANNED).label
    return SessionStatus.label_of(r.status)


def schedule_cells(w: WallSchedule, today: date | None = None) -> list[list[str]]:
    today = today or date.today()
    return [[str(i), _day(r.day, w), fmt_weekday(r.day), fmt_time_range(r.start_time, r.end_time),
             ActivityKind.label_of(r.kind) if r.source == "activity" else SessionKind.label_of(r.kind),
             r.venue, r.theme, r.deputies, r.officials, _day(r.notice_date, w), _status(r, today)]
            for i, r in enumerate(w.rows, 1)]


def _sectioned(w: WallSchedule, today: date | None) -> Iterator[list[str] | Section]:
    """The rows; a township's table puts each station's rows under a line naming it."""
    last: str | None = None
    for n, (r, cells) in enumerate(zip(w.rows, schedule_cells(w, today), strict=True)):
        if w.sections is not None and (n == 0 or r.station_id != last):
            last = r.station_id
            yield Section(f"联络站：{w.sections.get(r.station_id or '', '') or '（未注明）'}")
        yield cells


def print_schedule(w: WallSchedule, path: Path | str, today: date | None = None) -> Path:
    """Write the rows of `w` as a landscape A4 table to `path`; the footer never stands alone."""
    return draw_grid(path, schedule_doc(w, today), _sectioned(w, today), len(w.rows))[0]
