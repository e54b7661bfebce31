"""The 统计 sheet of the handoff workbook: the period's counts of receptions, visits, suggestions, activities."""

from __future__ import annotations

from datetime import date
from typing import Any

from liaison_desk.models.enums import ActivityKind, Channel, Handling, Step


def compute(conn: Any, start: date | None, end: date | None) -> list[tuple[str, str, int]]:
    """(分类, 项目, 数量) rows for [start, end]; None bounds mean open-ended."""
    p = {"s": (start or date.min).isoformat(), "e": (end or date.max).isoformat()}

    def one(sql: str) -> int:
        return int(conn.exec_driver_sql(sql, p).scalar() or 0)

    def grouped(sql: str) -> list[tuple[str, int]]:
        return [(k or "", int(n)) for k, n in conn.exec_driver_sql(sql, p)]

    in_period = "BETWEEN :s AND :e"
    rows: list[tuple[str, str, int]] = [
        ("接待选民", "接待次数（已完成）", one(f"SELECT COUNT(*) FROM receptionsession WHERE status = 'done' "
                                           f"AND day {in_period}")),
        ("接待选民", "接待安排（全部）", one(f"SELECT COUNT(*) FROM receptionsession WHERE day {in_period}")),
        ("来访登记", "来访件数", one(f"SELECT COUNT(*) FROM visit WHERE visited_on {in_period}")),
        ("来访登记", "来访人次", one(f"SELECT SUM(headcount) FROM visit WHERE visited_on {in_period}")),
    ]
    for code, n in grouped(f"SELECT channel, COUNT(*) FROM visit WHERE visited_on {in_period} GROUP BY channel"):
        rows.append(("来访方式", Channel.label_of(code), n))
    for code, n in grouped(f"SELECT category, COUNT(*) FROM visit WHERE visited_on {in_period} "
                           "GROUP BY category ORDER BY COUNT(*) DESC"):
        rows.append(("来访类别", code or "未分类", n))
    for code, n in grouped(f"SELECT handling, COUNT(*) FROM visit WHERE visited_on {in_period} GROUP BY handling"):
        rows.append(("处理方式", Handling.label_of(code) or "未填写", n))
    rows.append(("意见建议", "本期登记", one(f"SELECT COUNT(*) FROM suggestion WHERE registered_on {in_period}")))
    rows.append(("意见建议", "本期回复", one(f"SELECT COUNT(*) FROM suggestion WHERE reply_on {in_period}")))
    rows.append(("意见建议", "本期归档", one(f"SELECT COUNT(*) FROM suggestion WHERE archived_on {in_period}")))
    for code, n in grouped("SELECT step, COUNT(*) FROM suggestion WHERE registered_on <= :e GROUP BY step"):
        rows.append(("意见建议（截至期末）", Step.label_of(code), n))
    for code, n in grouped(f"SELECT kind, COUNT(*) FROM activity WHERE day {in_period} GROUP BY kind"):
        rows.append(("代表活动", ActivityKind.label_of(code), n))
    rows.append(("代表活动", "群众参与人次", one(f"SELECT SUM(citizen_count) FROM activity WHERE day {in_period}")))
    return rows
