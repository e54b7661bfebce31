"""The station's own details and the handling agencies list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models import DEFAULT_STATION_NAME, Agency, Station
from liaison_desk.models.enums import AgencyKind, AuditAction
from liaison_desk.services.base import Service


@dataclass(frozen=True, slots=True)
class AgencyRow:
    id: str
    name: str
    kind: str
    contact_person: str
    phone: str
    active: bool
    address: str = ""
    notes: str = ""

    @property
    def kind_label(self) -> str:
        return AgencyKind.label_of(self.kind)


STATION_FIELDS = ("name", "township", "county", "venue", "address", "directions", "master", "deputy_master",
                  "liaison_officer", "phone", "reception_weekday", "notes")


class StationService(Service):
    """The station (one per database for now) and agencies."""

    def station(self) -> Station | None:
        """The station of this database (the first one), detached from its session."""
        with self.db.session() as s:
            return s.exec(select(Station).order_by(col(Station.created_at))).first()

    def station_name(self) -> str:
        st = self.station()
        return st.name if st and st.name else DEFAULT_STATION_NAME

    def save_station(self, **values: object) -> str:
        with self.db.session() as s:
            st = s.exec(select(Station).order_by(col(Station.created_at))).first()
            if st is None:
                st = Station(name=str(values.get("name") or DEFAULT_STATION_NAME))
                s.add(st)
            for k, v in values.items():
                if k in STATION_FIELDS:
                    setattr(st, k, v)
            s.flush()
            self.audit(s, AuditAction.UPDATE, "station", st.id, "修改联络站信息")
            sid = st.id
        self.db.notify("station")
        return sid

    def agencies(self, active_only: bool = False) -> list[AgencyRow]:
        with self.db.session() as s:
            q = select(Agency).order_by(Agency.kind, Agency.name)
            if active_only:
                q = q.where(Agency.active == True)  # noqa: E712
            return [_agency_row(a) for a in s.exec(q)]

    def agency(self, agency_id: str) -> AgencyRow:
        with self.db.session() as s:
            a = s.get(Agency, agency_id)
            if a is None:
                raise NotFound("找不到这个承办单位，可能已被删除")
            return _agency_row(a)

    def save_agency(self, name: str, kind: str, contact_person: str = "", phone: str = "",
                    agency_id: str | None = None, active: bool = True, address: str | None = None,
                    notes: str | None = None) -> str:
        """Add or update a handling agency (one of the six kinds of rule 八); names are unique."""
        if not name.strip():
            raise ValidationError("请填写承办单位名称", column="承办单位")
        k = AgencyKind.from_label(kind)
        if k is None:
            raise ValidationError("请选择承办单位类别", column="单位类别")
        kind = k.value
        with self.db.session() as s:
            same = s.exec(select(Agency).where(Agency.name == name.strip())).first()
            if same is not None and same.id != agency_id:
                raise ValidationError(f"已有名为「{name.strip()}」的承办单位", column="承办单位")
            a = s.get(Agency, agency_id) if agency_id else None
            if a is None:
                a = Agency(name=name.strip(), kind=kind)
                s.add(a)
            a.name, a.kind, a.contact_person, a.phone, a.active = name.strip(), kind, contact_person, phone, active
            if address is not None:
                a.address = address
            if notes is not None:
                a.notes = notes
            s.flush()
            self.audit(s, AuditAction.UPDATE if agency_id else AuditAction.CREATE, "agency", a.id, "保存承办单位")
            aid = a.id
        self.db.notify("agency")
        return aid


def _agency_row(a: Agency) -> AgencyRow:
    return AgencyRow(a.id, a.name, a.kind, a.contact_person, a.phone, a.active, a.address, a.notes)
