"""The printed visitor register (《人大代表接待选民来访登记簿》): landscape pages in the paper book's columns."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from liaison_desk.models.enums import Channel, Exclusion, Handling
from liaison_desk.printing.base import CENTER, paper
from liaison_desk.printing.grid import Column, GridDoc, Section, draw_grid
from liaison_desk.services.visits.register import RegisterHead, RegisterRow
from liaison_desk.text import fmt_date, fmt_time

log = logging.getLogger(__name__)

TITLE = "人大代表接待选民来访登记簿"
# A4 landscape less 28 pt margins: 786 pt of table.
COLUMNS = (Column("序号", 30, CENTER), Column("日期", 50, CENTER), Column("来访人", 58), Column("人数", 26, CENTER),
           Column("住址/单位", 78), Column("联系电话", 66), Column("反映问题", 196), Column("接待代表", 64),
           Column("处理情况", 124), Column("登记人", 46, CENTER), Column("备注", 48))
HEADERS = tuple(c.header for c in COLUMNS)
CELL_SIZE = 9  # 小五: a book of many lines a page
EMPTY = "（此期间没有来访登记）"
Progress = Callable[[int, int], None]


def handling_text(line: RegisterRow) -> str:
    """处理情况 as written in the book: the handling, the rule 九 type or the suggestion number, the note."""
    parts = [Handling.label_of(line.handling)]
    if line.exclusion:
        parts[0] += f"（{Exclusion.label_of(line.exclusion)}）"
    if line.suggestion_number:
        parts[0] += f" {line.suggestion_number}"
    if line.handling_note:
        parts.append(line.handling_note)
    return "：".join(p for p in parts if p)


def remark_text(line: RegisterRow) -> str:
    """备注: a repeat visit and the deputy asked to help (rule 十); the rest stays blank for the pen."""
    return "\n".join(x for x in ("重复来访" if line.repeat else "",
                                 f"协助代表：{line.assisting}" if line.assisting else "") if x)


def cells(n: int, line: RegisterRow) -> list[str]:
    """The eleven cells of one line of the book."""
    d = line.visited_on
    day = f"{d.year}年\n{d.month}月{d.day}日" + (f"\n{fmt_time(line.visited_time)}" if line.visited_time else "")
    who = line.visitor
    if line.is_group:
        who += "\n（集体访）"
    if line.channel and line.channel != Channel.RECEPTION_DAY.value:
        who += f"\n（{Channel.label_of(line.channel)}）"
    raised = line.content + (f"\n诉求：{line.request}" if line.request else "")
    return [str(n), day, who, str(line.headcount), line.address, line.phone, raised, line.deputies,
            handling_text(line), line.recorded_by, remark_text(line)]


def register_doc(head: RegisterHead) -> GridDoc:
    notes = (["电话、身份证号已脱敏"] if head.masked else []) + (["来访人姓名已隐去中间的字"] if head.hide_names else [])
    masked = f"（{'，'.join(notes)}）" if notes else ""
    return GridDoc(
        title=TITLE, columns=COLUMNS, pagesize=paper("A4", landscape=True), margins=(30, 28, 34, 28),
        cell_size=CELL_SIZE, title_size=18,
        subtitle=[f"{head.station}　　{fmt_date(head.start)}至{fmt_date(head.end)}　　共{head.count}条，"
                  f"来访{head.people}人次"],
        empty=EMPTY, page_footer=head.station + masked, meta_title=f"{TITLE}（{head.station}）")


def print_register(head: RegisterHead, rows: Iterable[RegisterRow], path: Path | str,
                   progress: Progress | None = None) -> Path:
    """Draw the register book of `head` with `rows` (in the book's order) to `path`; returns the path."""

    def numbered() -> Iterator[list[str] | Section]:
        station = None
        for n, line in enumerate(rows, 1):
            if head.sections and line.station != station:  # a township's book: each station's visits together
                station = line.station
                yield Section(f"联络站：{station or '（未注明）'}")
            yield cells(n, line)

    out, pages = draw_grid(path, register_doc(head), numbered(), head.count, progress)
    log.info("register printed: %d lines on %d pages", head.count, pages)
    return out
