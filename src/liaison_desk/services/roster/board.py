"""What the deputy board (代表信息公示栏) shows, as plain rows, and the record that it was printed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from liaison_desk.models.enums import AuditAction, DeputyStatus, GroupRole, Level
from liaison_desk.privacy import mask_record
from liaison_desk.services.base import Service
from liaison_desk.services.roster.photos import photo_path
from liaison_desk.services.roster.service import DeputyRecord, RosterService
from liaison_desk.services.station import StationService


@dataclass(frozen=True, slots=True)
class BoardDeputy:
    name: str
    levels: str  # 县、镇人大代表
    group: str  # 第一代表小组组长, only for a group's leader or deputy leader
    work_unit: str
    post: str
    phone: str  # empty when the board hides phones
    photo: Path | None


@dataclass(frozen=True, slots=True)
class BoardData:
    station: str
    deputies: tuple[BoardDeputy, ...]


def level_text(rec: DeputyRecord) -> str:
    """"县、镇人大代表"."""
    short = "、".join(Level(e.level).short for e in rec.levels)
    return f"{short}人大代表" if short else ""


class BoardService(Service):
    """The serving deputies of the board, in roster order."""

    def boards(self, hide_phone: bool = False, mask: bool = False,
               station_id: str | None = None) -> list[BoardData]:
        """The boards to print: this station's; in a township database each station's own board (it hangs at
        that station), in the stations' name order, or the one `station_id` asks for."""
        names = StationService(self.db).several()
        if names is None:
            return [self.board(hide_phone, mask)]
        chosen = [station_id] if station_id else sorted(names, key=lambda k: (names[k], k))
        return [self.board(hide_phone, mask, sid) for sid in chosen]

    def board(self, hide_phone: bool = False, mask: bool = False, station_id: str | None = None) -> BoardData:
        """The board's deputies; `mask` masks phone numbers (and any number in the unit and post);
        `station_id`: one station's deputies of a township database, under its name."""
        deputies = []
        for r in RosterService(self.db).all_records():
            if r.status != DeputyStatus.ACTIVE.value or (station_id and r.station_id != station_id):
                continue
            lead = r.group_name and r.group_role in (GroupRole.LEADER.value, GroupRole.DEPUTY_LEADER.value)
            deputies.append(BoardDeputy(r.name, level_text(r), r.group_name + GroupRole.label_of(r.group_role)
                                        if lead else "", r.work_unit, r.post, "" if hide_phone else r.phone,
                                        photo_path(self.db, r.photo)))
        if mask:
            deputies = [mask_record(d) for d in deputies]
        name = StationService(self.db).info_of(station_id).name if station_id else StationService(self.db).station_name()
        return BoardData(name, tuple(deputies))

    def record_print(self, paper: str, hide_phone: bool) -> None:
        with self.db.session() as s:
            self.audit(s, AuditAction.PRINT, "deputy", "",
                       f"打印代表信息公示栏（{paper.upper()}，{'隐藏' if hide_phone else '显示'}电话）")
