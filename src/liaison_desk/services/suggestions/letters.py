"""The two letters of the handling chain: what the station's 转办函 to an assigning body and an agency's 交办函
hold, the station's 发文字号 (〔2026〕12号, one sequence a year) and the print record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from liaison_desk.errors import KnownError, NotFound
from liaison_desk.models.enums import AuditAction, Step
from liaison_desk.services.base import Service
from liaison_desk.services.station import AgencyRow, StationInfo, StationService
from liaison_desk.services.suggestions.bodies import BodiesService
from liaison_desk.services.suggestions.detail import SuggestionDetail, SuggestionDetailService

LETTER_TABLE = "letter"  # audit rows of the station's numbered letters (转办函) carry the number in record_id
ASSIGNMENT_TABLE = "assignment_letter"  # 交办函 printed for the assigning body: numbered by that body, not here


def station_abbrev(station: str) -> str:
    """The issuer's short code (机关代字): 青石镇人大代表联络站 → 青石人大联."""
    core = re.sub(r"(人大代表)?(联络站|工作站|代表之家|联络点)$", "", station.strip())
    core = re.sub(r"(镇|乡|街道|社区|村)$", "", core) or core
    return f"{core}人大联" if core else "人大联"


def doc_number(abbrev: str, year: int, seq: int) -> str:
    """发文字号 in the form of GB/T 9704: 青石人大联〔2026〕12号 (hexagonal brackets, no leading zeros)."""
    return f"{abbrev}〔{year}〕{seq}号"


@dataclass(frozen=True, slots=True)
class AssignmentLetter:
    """An agency's 交办函, issued by the assigning `body`."""

    agency: AgencyRow
    items: tuple[tuple[SuggestionDetail, str], ...]  # (record, AgencyRole code)
    body: str
    station: StationInfo
    several: bool = False  # a township database's letter: the matters come from several stations


@dataclass(frozen=True, slots=True)
class TransferLetter:
    """The station's 转办函 to `body`: records sorted out and not yet assigned."""

    items: tuple[SuggestionDetail, ...]
    body: str
    station: StationInfo


class LetterService(Service):
    """Gathers what each letter prints and numbers the station's own letters in the order they are printed."""

    def find_agency(self, key: str) -> AgencyRow:
        agency = next((a for a in StationService(self.db).agencies() if key.strip() in (a.id, a.name)), None)
        if agency is None:
            raise NotFound(f"找不到名为「{key}」的承办单位")
        return agency

    def assignment(self, agency_id: str) -> AssignmentLetter:
        """The open records of an agency and the body that assigns to it. In a township database the records
        of every station (each row names its station: `several`), no one station's contacts."""
        station = StationService(self.db)
        agency = station.agency(agency_id)
        ds = SuggestionDetailService(self.db)
        items = tuple((ds.detail(sid), role) for sid, role in ds.for_agency(agency_id))
        office = station.township_name()
        info = station.info() if office is None else StationInfo(name=office, saved=True)
        return AssignmentLetter(agency, items, BodiesService(self.db).bodies().for_kind(agency.kind), info,
                                several=office is not None)

    def pending_ids(self, station_id: str | None = None) -> list[str]:
        """Records in 梳理 (not merged away), oldest number first: what the station still has to pass on
        (`station_id`: one station's of a township database)."""
        one = " AND station_id = :st" if station_id else ""
        with self.db.reading() as c:
            return [r[0] for r in c.execute(
                f"SELECT id FROM suggestion WHERE step = :s AND merged_into_id IS NULL{one} ORDER BY year, seq",
                {"s": Step.SORT.value, "st": station_id})]

    def transfer(self, county: bool = False, ids: list[str] | None = None,
                 station_id: str | None = None) -> TransferLetter:
        """The 转办函 to the township presidium (or, `county`, to the county office). It is one station's
        letter: in a township database `station_id` names the station (its matters, its name and contacts)."""
        station = StationService(self.db)
        if station_id is None and station.township_name() is not None:
            raise KnownError("转办函是一个联络站报送的函：乡镇汇总库中要指明是哪个联络站的（命令行用 --station）")
        bodies = BodiesService(self.db).bodies()
        ds = SuggestionDetailService(self.db)
        chosen = self.pending_ids(station_id) if ids is None else ids
        return TransferLetter(tuple(ds.detail(i) for i in chosen), bodies.county if county else bodies.township,
                              station.info_of(station_id))

    def next_number(self, on: date, station: str) -> str:
        """The station's next 发文字号 of `on`'s year (taken when the letter is recorded as printed)."""
        with self.db.reading() as c:
            used = c.execute("SELECT COUNT(*) FROM auditentry WHERE action = :a AND table_name = :t "
                             "AND record_id LIKE :y",
                             {"a": AuditAction.PRINT.value, "t": LETTER_TABLE, "y": f"%〔{on.year}〕%"}).scalar_one()
        return doc_number(station_abbrev(station), on.year, used + 1)

    def record_print(self, number: str, addressee: str, items: int) -> None:
        """The 操作日志 entry of a printed 转办函; it also reserves its number."""
        with self.db.session() as s:
            self.audit(s, AuditAction.PRINT, LETTER_TABLE, number, f"打印转办函 {number}（{addressee}，{items} 件）")

    def record_assignment_print(self, body: str, agency: str, items: int, number: str = "") -> None:
        """The 操作日志 entry of a 交办函 printed in `body`'s name (its number, if any, is the body's own)."""
        with self.db.session() as s:
            self.audit(s, AuditAction.PRINT, ASSIGNMENT_TABLE, number or agency,
                       f"打印交办函{(' ' + number) if number else ''}（{body}→{agency}，{items} 件）")
