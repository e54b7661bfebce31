"""What the two letters of the handling chain hold: the 转办函 to an assigning body and an agency's 交办函."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from liaison_desk.errors import NotFound
from liaison_desk.models.enums import Step
from liaison_desk.services.base import Service
from liaison_desk.services.station import AgencyRow, StationService
from liaison_desk.services.suggestions.bodies import BodiesService
from liaison_desk.services.suggestions.detail import SuggestionDetail, SuggestionDetailService


@dataclass(frozen=True, slots=True)
class StationInfo:
    name: str
    contact: str  # 联络员
    phone: str


@dataclass(frozen=True, slots=True)
class AssignmentLetter:
    """An agency's 交办函, issued by `body`."""

    agency: AgencyRow
    items: tuple[tuple[SuggestionDetail, str], ...]  # (record, AgencyRole code)
    body: str
    station: StationInfo


@dataclass(frozen=True, slots=True)
class TransferLetter:
    """The station's 转办函 to `body`: records sorted out and not yet assigned."""

    items: tuple[SuggestionDetail, ...]
    body: str
    station: StationInfo


class LetterService(Service):
    """Gathers the records, the bodies and the station details each letter prints."""

    def _station(self) -> StationInfo:
        svc = StationService(self.db)
        st = svc.station()
        return StationInfo(svc.station_name(), st.liaison_officer if st else "", st.phone if st else "")

    def find_agency(self, key: str) -> AgencyRow:
        agency = next((a for a in StationService(self.db).agencies() if key.strip() in (a.id, a.name)), None)
        if agency is None:
            raise NotFound(f"找不到名为「{key}」的承办单位")
        return agency

    def assignment(self, agency_id: str) -> AssignmentLetter:
        """The open records of an agency and the body that assigns to it."""
        agency = StationService(self.db).agency(agency_id)
        ds = SuggestionDetailService(self.db)
        items = tuple((ds.detail(sid), role) for sid, role in ds.for_agency(agency_id))
        return AssignmentLetter(agency, items, BodiesService(self.db).bodies().for_kind(agency.kind),
                                self._station())

    def pending_ids(self) -> list[str]:
        """Records in 梳理 (not merged away), oldest number first: what the station still has to pass on."""
        with self.db.engine.connect() as c:
            return [r[0] for r in c.execute(text(
                "SELECT id FROM suggestion WHERE step = :s AND merged_into_id IS NULL ORDER BY year, seq"),
                {"s": Step.SORT.value})]

    def transfer(self, county: bool = False, ids: list[str] | None = None) -> TransferLetter:
        """The 转办函 to the township presidium (or, `county`, to the county office)."""
        bodies = BodiesService(self.db).bodies()
        ds = SuggestionDetailService(self.db)
        chosen = self.pending_ids() if ids is None else ids
        return TransferLetter(tuple(ds.detail(i) for i in chosen), bodies.county if county else bodies.township,
                              self._station())

    def number(self, on: date) -> str:
        """Take the station's next 文号 of the year."""
        return BodiesService(self.db).next_number(on.year)
