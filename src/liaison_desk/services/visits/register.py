"""The rows of the printed visitor register (《人大代表接待选民来访登记簿》), streamed; and its print record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, time

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import AuditAction, Handling
from liaison_desk.privacy import mask_name_middle, mask_record
from liaison_desk.services.base import Service
from liaison_desk.services.station import StationService
from liaison_desk.text import fmt_date

BATCH = 2000


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One line of the register book, as the book shows it."""

    visited_on: date
    visited_time: time | None
    channel: str
    visitor: str
    headcount: int
    is_group: bool
    address: str
    phone: str
    content: str
    request: str
    deputies: str
    handling: str
    exclusion: str
    handling_note: str
    suggestion_number: str
    recorded_by: str  # 登记人
    repeat: bool  # a repeat of an earlier visit (备注)
    assisting: str  # the deputy asked to help (rule 十, 备注)
    station: str = ""  # the station that recorded it (the section of a township database's book)


@dataclass(frozen=True, slots=True)
class RegisterHead:
    """What the book says above its rows."""

    station: str
    start: date
    end: date
    count: int
    people: int  # 人次
    masked: bool  # phone and ID numbers masked in every cell (privacy.mask_text)
    hide_names: bool = False  # visitors shown as 张*华
    station_id: str | None = None  # one station of a township database
    sections: bool = False  # a township database's whole book: one section per station


_WHERE = "visit.visited_on >= :a AND visit.visited_on <= :b AND (:sid IS NULL OR visit.station_id = :sid)"
_SQL = f"""
    SELECT visit.visited_on, visit.visited_time, visit.channel, visit.visitor_name, visit.headcount,
           visit.is_group, coalesce(nullif(visit.visitor_address, ''), visit.village), visit.visitor_phone,
           visit.content, visit.request,
           (SELECT group_concat(d.name, '、') FROM visitdeputy vd JOIN deputy d ON d.id = vd.deputy_id
             WHERE vd.visit_id = visit.id),
           visit.handling, visit.exclusion, visit.handling_note, s.number, visit.recorded_by,
           visit.repeat_of_id IS NOT NULL, a.name, visit.followup_to, visit.followup_on, visit.followup_result, st.name
    FROM visit LEFT JOIN suggestion s ON s.id = visit.suggestion_id
               LEFT JOIN deputy a ON a.id = visit.assisting_deputy_id
               LEFT JOIN station st ON st.id = visit.station_id
    WHERE {_WHERE}
    ORDER BY {{by_station}}visit.visited_on, visit.visited_time, visit.created_at, visit.id"""


class RegisterService(Service):
    """Reads the register book for a period, in the book's order, without holding it all in memory."""

    def head(self, start: date, end: date, mask: bool = False, hide_names: bool = False,
             station_id: str | None = None) -> RegisterHead:
        """The book's heading; in a township database one station's book, or every station's in sections."""
        if end < start:
            raise ValidationError("结束日期不能早于开始日期", column="结束日期")
        with self.db.reading() as c:
            n, people = c.execute(f"SELECT COUNT(*), coalesce(SUM(headcount), 0) FROM visit WHERE {_WHERE}",
                                  {"a": start.isoformat(), "b": end.isoformat(), "sid": station_id}).one()
        name, sections = StationService(self.db).heading(station_id)
        return RegisterHead(name, start, end, n, people, mask, hide_names, station_id, sections)

    def rows(self, head: RegisterHead) -> Iterator[RegisterRow]:
        """The visits of the period oldest first, fetched in batches on one connection."""
        from liaison_desk.store.orm import (
            text,  # streamed on the engine: a year of a county is too many rows to hold
        )

        with self.db.engine.connect() as c:
            sql = _SQL.format(by_station="st.name, visit.station_id, " if head.sections else "")
            result = c.execute(text(sql), {"a": head.start.isoformat(), "b": head.end.isoformat(),
                                           "sid": head.station_id})
            while batch := result.fetchmany(BATCH):
                for r in batch:
                    row = RegisterRow(
                        date.fromisoformat(r[0]), time.fromisoformat(r[1]) if r[1] else None, r[2] or "",
                        r[3] or "", r[4] or 1, bool(r[5]), r[6] or "", r[7] or "",
                        r[8] or "", r[9] or "", r[10] or "", r[11] or "", r[12] or "",
                        with_followup(r[13] or "", r[11] or "", r[18] or "", r[19], r[20] or ""), r[14] or "",
                        r[15] or "", bool(r[16]), r[17] or "", r[21] or "")
                    if head.masked:  # the phone column and every free text alike
                        row = mask_record(row)
                    if head.hide_names and row.visitor:
                        row = replace(row, visitor=mask_name_middle(row.visitor))
                    yield row

    def record_print(self, head: RegisterHead) -> None:
        """An 操作日志 entry: the register holds personal data, so printing it is recorded."""
        with self.db.session() as s:
            self.audit(s, AuditAction.PRINT, "visit", "-", "打印来访登记簿",
                       {"from": [None, head.start], "to": [None, head.end], "rows": [None, head.count],
                        "masked": [None, head.masked], "hide_names": [None, head.hide_names]})


def with_followup(note: str, handling: str, to: str, on: object, result: str) -> str:
    """处理情况 as the book prints it: with the follow-up of a matter passed on (其他), open or reported back."""
    if handling != Handling.OTHER.value or not to:
        return note
    if on:
        tail = f"{to}于{fmt_date(date.fromisoformat(str(on)[:10]))}反馈：{result}"
    else:
        tail = f"已转{to}，待反馈"
    return f"{note}；{tail}" if note and tail not in note else (note or tail)
