"""The station's own details (本站信息) and the handling agencies list."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models.enums import (
    DEFAULT_STATION_NAME,
    AgencyKind,
    AuditAction,
    CountyWord,
    ProvinceWord,
    field_label,
)
from liaison_desk.services.base import Service, diff
from liaison_desk.services.validate import check_phone

if TYPE_CHECKING:
    from liaison_desk.models import Agency, Station
    from liaison_desk.store.orm import Session


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


SETUP_ASKED_KEY = "station.setup_asked"  # the first-start form was shown (saved or skipped)
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True, slots=True)
class StationField:
    """One field of 本站信息: its attribute, its longest length, its CLI option; the label lives in enums."""

    key: str
    max_length: int
    option: str

    @property
    def label(self) -> str:
        return field_label("station", self.key)


# Every field of 本站信息 in the order forms, `station show` and `station set --help` list them.
STATION_FIELDS: tuple[StationField, ...] = (
    StationField("name", 100, "--name"),
    StationField("province", 100, "--province"),
    StationField("province_word", 20, "--province-word"),
    StationField("county", 100, "--county"),
    StationField("county_word", 20, "--county-word"),
    StationField("township", 100, "--township"),
    StationField("venue", 200, "--venue"),
    StationField("address", 200, "--address"),
    StationField("directions", 500, "--directions"),
    StationField("master", 50, "--master"),
    StationField("deputy_master", 50, "--deputy-master"),
    StationField("liaison_officer", 50, "--liaison-officer"),
    StationField("phone", 30, "--phone"),
    StationField("reception_weekday", 2, "--reception-weekday"),
    StationField("notes", 1000, "--notes"),
)
FIELD_BY_KEY = {f.key: f for f in STATION_FIELDS}


@dataclass(frozen=True, slots=True)
class StationInfo:
    """本站信息 as plain data for screens, papers and workbooks; `saved` is False while nothing was entered.

    `county_word` and `province_word` are codes (CountyWord, ProvinceWord); the properties give the words.
    """

    name: str = DEFAULT_STATION_NAME
    # the first six in the order papers have always built them positionally
    venue: str = ""
    address: str = ""
    directions: str = ""
    phone: str = ""
    liaison_officer: str = ""
    province: str = ""
    province_word: str = ProvinceWord.PROVINCE.value
    county: str = ""
    county_word: str = CountyWord.COUNTY.value
    township: str = ""
    master: str = ""
    deputy_master: str = ""
    reception_weekday: int = 3
    notes: str = ""
    saved: bool = False

    @property
    def county_label(self) -> str:
        """县, 区, 市 or 旗: the county-level word (县人大常委会, 区人民政府)."""
        return CountyWord.label_of(self.county_word) or CountyWord.COUNTY.label

    @property
    def province_label(self) -> str:
        """省, 自治区 or 直辖市 (the kind, as a form shows it)."""
        return ProvinceWord.label_of(self.province_word) or ProvinceWord.PROVINCE.label

    @property
    def province_short(self) -> str:
        """省, 自治区 or 市: the word in labels such as 省人大代表 (a 直辖市's deputies are 市人大代表)."""
        m = ProvinceWord.from_label(self.province_word)
        return m.short if m else ProvinceWord.PROVINCE.short

    @property
    def weekday_label(self) -> str:
        return WEEKDAY_NAMES[self.reception_weekday - 1] if 1 <= self.reception_weekday <= 7 else ""

    def display(self, key: str) -> str:
        """A field as the clerk reads it (words instead of codes)."""
        if key == "county_word":
            return self.county_label
        if key == "province_word":
            return self.province_label
        if key == "reception_weekday":
            return self.weekday_label
        return str(getattr(self, key))

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_INFO_KEYS = tuple(f.name for f in fields(StationInfo) if f.name != "saved")


def clean_station_values(values: dict[str, object]) -> dict[str, object]:
    """Validated, normalised values for `save_station`; raises ValidationError naming the field."""
    out: dict[str, object] = {}
    for key, raw in values.items():
        f = FIELD_BY_KEY.get(key)
        if f is None:
            raise ValidationError(f"本站信息没有「{key}」这一项")
        if key == "reception_weekday":
            out[key] = _weekday(raw, f.label)
            continue
        text = "" if raw is None else str(raw)
        text = text.strip() if key in ("notes", "directions") else " ".join(text.split())
        if len(text) > f.max_length:
            raise ValidationError(f"太长了（最多 {f.max_length} 个字，现在 {len(text)} 个字）", column=f.label)
        if key == "name" and not text:
            raise ValidationError("请填写联络站名称，如「青石镇人大代表联络站」", column=f.label)
        if key == "phone" and text:
            text = check_phone(text, f.label)
        if key in ("county_word", "province_word"):
            kind = CountyWord if key == "county_word" else ProvinceWord
            m = kind.from_label(text) if text else None
            if m is None:
                raise ValidationError(f"应为{'、'.join(kind.labels())}之一", column=f.label)
            text = m.value
        out[key] = text
    if "county_word" not in out and isinstance(out.get("county"), str):  # 青山区 → 区
        guessed = _suffix_word(str(out["county"]), CountyWord)
        if guessed:
            out["county_word"] = guessed
    if "province_word" not in out and isinstance(out.get("province"), str):
        guessed = _suffix_word(str(out["province"]), ProvinceWord)
        if guessed:
            out["province_word"] = guessed
    return out


def _suffix_word(name: str, kind: type[CountyWord] | type[ProvinceWord]) -> str | None:
    for m in sorted(kind, key=lambda m: -len(m.label)):
        if name.endswith(m.label) and len(name) > len(m.label):
            return m.value
    if kind is ProvinceWord and name in ("北京", "天津", "上海", "重庆", "北京市", "天津市", "上海市", "重庆市"):
        return ProvinceWord.MUNICIPALITY.value
    return None


def _weekday(raw: object, label: str) -> int:
    text = str(raw).strip()
    if text in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index(text) + 1
    if text.startswith("周") and len(text) == 2 and "星期" + text[1] in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index("星期" + text[1]) + 1
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 7:
        raise ValidationError("应为 1—7（1 是星期一）或「星期三」这样的写法", column=label)
    return n


class StationService(Service):
    """本站信息 (one station per database) and the handling agencies."""

    def station(self) -> Station | None:
        """The station of this database (the first one), detached from its session."""
        from liaison_desk.models import Station
        from liaison_desk.store.orm import col, select

        with self.db.session() as s:
            return s.exec(select(Station).order_by(col(Station.created_at))).first()

    def station_id(self) -> str | None:
        """The id of this database's station (the first one); None before 本站信息 is saved."""
        found = self.db.read("SELECT id FROM station ORDER BY created_at LIMIT 1").scalar()
        return None if found is None else str(found)

    def info(self) -> StationInfo:
        """本站信息 as plain data; the fallback name and empty fields while nothing was entered. A plain read
        (screens ask at start-up, before the ORM is imported)."""
        return self._read_info(None) or StationInfo()

    def _read_info(self, station_id: str | None) -> StationInfo | None:
        """One station's 本站信息 (`station_id`; None: this database's own, the first one), None if absent."""
        where = "WHERE id = :id" if station_id else "ORDER BY created_at LIMIT 1"
        row = self.db.read(f"SELECT {', '.join(_INFO_KEYS)} FROM station {where}", {"id": station_id}).first()
        return None if row is None else StationInfo(**row._asdict(), saved=True)

    def county_word(self) -> str:
        """The station's county-level word (县、区、市 or 旗) as it flows into labels, dropdowns and printouts."""
        return self.info().county_label

    def station_name(self) -> str:
        return self.info().name

    def township_name(self) -> str | None:
        """The office's name when this is a township database (`township init`), else None."""
        return self.setting("township.name")

    def heading(self, station_id: str | None = None) -> tuple[str, bool]:
        """Who a paper is headed by and whether its rows come from several stations.

        A station's own database: its name, False. A township database: the one station asked for, or the
        office's name with True (the paper then names each row's station).
        """
        from liaison_desk.models import Station

        office = self.township_name()
        if office is None:
            return self.station_name(), False
        if station_id:
            with self.db.session() as s:
                st = s.get(Station, station_id)
                if st is None:
                    raise NotFound("汇总库中没有这个联络站")
                return st.name, False
        return office, True

    def info_of(self, station_id: str | None) -> StationInfo:
        """本站信息 of one station of a township database (a session's, a matter's); this database's own
        station when `station_id` is None or unknown."""
        return (self._read_info(station_id) if station_id else None) or self.info()

    def several(self) -> dict[str, str] | None:
        """A township database's station names by id (its papers name each row's station); None in a station's."""
        return None if self.township_name() is None else self.names()

    def names(self) -> dict[str, str]:
        """Every station's name by id (a township database's papers name each row's station)."""
        from liaison_desk.models import Station
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            return {st.id: st.name for st in s.exec(select(Station))}

    def save_station(self, **values: object) -> str:
        """Change some fields of 本站信息 (creating it on first use); validated, logged; returns its id."""
        from liaison_desk.models import Station
        from liaison_desk.store.orm import col, select

        clean = clean_station_values(values)
        with self.db.session() as s:
            st = s.exec(select(Station).order_by(col(Station.created_at))).first()
            created = st is None
            if st is None:
                if not clean.get("name"):
                    raise ValidationError("请填写联络站名称，如「青石镇人大代表联络站」", column="联络站名称")
                st = Station(name=str(clean["name"]))
                s.add(st)
            before = {} if created else {k: getattr(st, k) for k in clean}
            for k, v in clean.items():
                setattr(st, k, v)
            changes = diff(before, clean, clean)
            s.flush()
            labels = "、".join(FIELD_BY_KEY[k].label for k in changes) or "无变化"
            self.audit(s, AuditAction.CREATE if created else AuditAction.UPDATE, "station", st.id,
                       f"{'填写' if created else '修改'}本站信息：{labels}", changes)
            self._mark_setup_asked(s)
            sid = st.id
        self.db.notify("station")
        return sid

    def update_info(self, **values: object) -> StationInfo:
        """`save_station`, returning the stored 本站信息."""
        self.save_station(**values)
        return self.info()

    def setup_pending(self) -> bool:
        """True on the first start of a database with no 本站信息, until the form was saved or skipped."""
        from liaison_desk.models import Setting, Station
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            if s.get(Setting, SETUP_ASKED_KEY) is not None:
                return False
            return s.exec(select(Station.id)).first() is None

    def skip_setup(self) -> None:
        """The clerk skipped the first-start form: do not ask again (工具 → 本站信息 stays there)."""
        with self.db.session() as s:
            self._mark_setup_asked(s)

    @staticmethod
    def _mark_setup_asked(s: Session) -> None:
        from liaison_desk.models import Setting

        if s.get(Setting, SETUP_ASKED_KEY) is None:
            s.add(Setting(key=SETUP_ASKED_KEY, value="1"))

    def agencies(self, active_only: bool = False) -> list[AgencyRow]:
        rows = self.db.read("SELECT id, name, kind, contact_person, phone, active, address, notes FROM agency"
                            + (" WHERE active" if active_only else "") + " ORDER BY kind, name")
        return [AgencyRow(r.id, r.name, r.kind, r.contact_person, r.phone, bool(r.active), r.address, r.notes)
                for r in rows]

    def agency(self, agency_id: str) -> AgencyRow:
        from liaison_desk.models import Agency

        with self.db.session() as s:
            a = s.get(Agency, agency_id)
            if a is None:
                raise NotFound("找不到这个承办单位，可能已被删除")
            return _agency_row(a)

    def save_agency(self, name: str, kind: str, contact_person: str = "", phone: str = "",
                    agency_id: str | None = None, active: bool = True, address: str | None = None,
                    notes: str | None = None) -> str:
        """Add or update a handling agency (one of the six kinds of rule 八); names are unique."""
        from liaison_desk.models import Agency
        from liaison_desk.store.orm import select

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

