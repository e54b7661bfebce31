"""Everything known about one suggestion, as plain data: agencies, proposers, timeline (for screens and cards)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liaison_desk.errors import NotFound
from liaison_desk.models.enums import AgencyRole, EventKind, ReplyResult, Satisfaction
from liaison_desk.services.base import Service, rowid
from liaison_desk.services.suggestions.deadlines import DEADLINE_STEPS_SQL


@dataclass(frozen=True, slots=True)
class AgencyLink:
    agency_id: str
    name: str
    role: str  # AgencyRole
    contact_person: str
    phone: str
    assigned_on: date | None
    returned_on: date | None
    return_reason: str


@dataclass(frozen=True, slots=True)
class EventRow:
    """One timeline entry; `label` is the Chinese name of what happened."""

    kind: str
    step: str
    happened_on: date
    operator: str
    note: str
    agency: str
    new_deadline: date | None
    result: str
    actor: str = ""  # who did it (body or person); `operator` is the clerk who entered it

    @property
    def label(self) -> str:
        return EventKind.label_of(self.kind)

    @property
    def who(self) -> str:
        """'青石镇人大主席团，录入：王丽娟' — who did the step and who entered it."""
        if self.actor and self.operator:
            return f"{self.actor}，录入：{self.operator}"
        return self.actor or (f"录入：{self.operator}" if self.operator else "")

    @property
    def result_label(self) -> str:
        if self.kind == EventKind.FEEDBACK.value:
            return Satisfaction.label_of(self.result)
        return ReplyResult.label_of(self.result)


@dataclass(frozen=True, slots=True)
class SuggestionDetail:
    id: str
    number: str
    kind: str
    title: str
    content: str
    category: str
    citizen_name: str
    citizen_phone: str
    citizen_address: str
    step: str
    registered_on: date
    assigned_on: date | None
    deadline: date | None
    reply_on: date | None
    reply_text: str
    reply_result: str
    feedback_on: date | None
    feedback_method: str
    satisfaction: str
    archived_on: date | None
    notes: str
    merged_into: str  # number of the record this one was merged into
    merged: tuple[str, ...]  # numbers merged into this one
    deputies: tuple[str, ...]
    agencies: tuple[AgencyLink, ...]
    events: tuple[EventRow, ...]
    station: str

    @property
    def lead(self) -> AgencyLink | None:
        return next((a for a in self.agencies if a.role == AgencyRole.LEAD.value and a.returned_on is None), None)

    @property
    def co(self) -> tuple[AgencyLink, ...]:
        return tuple(a for a in self.agencies if a.role == AgencyRole.CO.value and a.returned_on is None)

    @property
    def returned(self) -> tuple[AgencyLink, ...]:
        return tuple(a for a in self.agencies if a.returned_on is not None)

    @property
    def first_assigned_on(self) -> date | None:
        """The date of the first 交办 (assigned_on moves on a reassignment or a reopening)."""
        first = next((e for e in self.events if e.kind == EventKind.ASSIGNED.value), None)
        return first.happened_on if first else self.assigned_on

    def events_of(self, *kinds: EventKind) -> list[EventRow]:
        codes = {k.value for k in kinds}
        return [e for e in self.events if e.kind in codes]


def _d(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


class SuggestionDetailService(Service):
    """Reads one suggestion whole (one connection, a few queries)."""

    def resolve(self, key: str, station_id: str | None = None) -> str:
        """A suggestion id from an id or a number such as 〔2026〕第12号 (also 2026-12).

        Each station numbers its own: in a township database a number may name several stations' records,
        and `station_id` says which.
        """
        k = key.strip()
        only = " AND (:sid IS NULL OR station_id = :sid)"
        with self.db.reading() as c:
            hits = c.execute("SELECT id FROM suggestion WHERE (id = :k OR number = :k)" + only,
                             {"k": k, "sid": station_id}).all()
            if not hits and "-" in k:
                y, _, n = k.partition("-")
                if y.isdigit() and n.isdigit():
                    hits = c.execute("SELECT id FROM suggestion WHERE year = :y AND seq = :n" + only,
                                     {"y": int(y), "n": int(n), "sid": station_id}).all()
        if not hits:
            raise NotFound(f"找不到编号或标识为「{k}」的意见建议")
        if len(hits) > 1:
            raise NotFound(f"有 {len(hits)} 个联络站都有编号为「{k}」的意见建议，请用 --station 指明是哪个联络站的")
        return str(hits[0][0])

    def detail(self, sid: str) -> SuggestionDetail:
        with self.db.reading() as c:
            g = c.execute("""SELECT s.*, (SELECT m.number FROM suggestion m WHERE m.id = s.merged_into_id)
                                  AS merged_into, coalesce((SELECT st.name FROM station st WHERE st.id = s.station_id),
                                  (SELECT st.name FROM station st ORDER BY st.created_at LIMIT 1)) AS station_name FROM suggestion s WHERE s.id = :id""", {"id": sid}).mappings().first()
            if g is None:
                raise NotFound("找不到这条意见建议，可能已被删除")
            merged = tuple(r[0] for r in c.execute(
                "SELECT number FROM suggestion WHERE merged_into_id = :id ORDER BY year, seq", {"id": sid}))
            deputies = tuple(r[0] for r in c.execute(
                """SELECT d.name FROM suggestiondeputy sd JOIN deputy d ON d.id = sd.deputy_id
                   WHERE sd.suggestion_id = :id ORDER BY sd.is_lead DESC, d.name""", {"id": sid}))
            agencies = tuple(AgencyLink(r.agency_id, r.name, r.role, r.contact_person, r.phone, _d(r.assigned_on),
                                        _d(r.returned_on), r.return_reason) for r in c.execute(
                """SELECT sa.agency_id, a.name, sa.role, a.contact_person, a.phone, sa.assigned_on, sa.returned_on,
                          sa.return_reason
                   FROM suggestionagency sa JOIN agency a ON a.id = sa.agency_id WHERE sa.suggestion_id = :id
                   ORDER BY sa.assigned_on, sa.role DESC, a.name""", {"id": sid}))
            events = tuple(EventRow(r.kind, r.step, date.fromisoformat(r.happened_on), r.operator, r.note,
                                    r.agency or "", _d(r.new_deadline), r.result, r.actor) for r in c.execute(
                """SELECT e.kind, e.step, e.happened_on, e.operator, e.note, e.new_deadline, e.result, e.actor,
                          (SELECT a.name FROM agency a WHERE a.id = e.agency_id) AS agency
                   FROM suggestionevent e WHERE e.suggestion_id = :id
                   ORDER BY e.happened_on, e.recorded_at, e.""" + rowid(self.db.dialect), {"id": sid}))
        return SuggestionDetail(
            id=g["id"], number=g["number"], kind=g["kind"], title=g["title"], content=g["content"],
            category=g["category"], citizen_name=g["citizen_name"], citizen_phone=g["citizen_phone"],
            citizen_address=g["citizen_address"], step=g["step"], registered_on=date.fromisoformat(g["registered_on"]),
            assigned_on=_d(g["assigned_on"]), deadline=_d(g["deadline"]), reply_on=_d(g["reply_on"]),
            reply_text=g["reply_text"], reply_result=g["reply_result"], feedback_on=_d(g["feedback_on"]),
            feedback_method=g["feedback_method"], satisfaction=g["satisfaction"], archived_on=_d(g["archived_on"]),
            notes=g["notes"], merged_into=g["merged_into"] or "", merged=merged, deputies=deputies,
            agencies=agencies, events=events, station=g["station_name"] or "")

    def for_agency(self, agency_id: str, open_only: bool = True) -> list[tuple[str, str]]:
        """(suggestion id, role) of the records an agency currently handles, in number order."""
        steps = f"AND s.step IN ({DEADLINE_STEPS_SQL})" if open_only else ""
        with self.db.reading() as c:
            return [(r[0], r[1]) for r in c.execute(
                f"""SELECT s.id, sa.role FROM suggestionagency sa JOIN suggestion s ON s.id = sa.suggestion_id
                    WHERE sa.agency_id = :a AND sa.returned_on IS NULL {steps}
                    ORDER BY s.year, s.seq""", {"a": agency_id})]
