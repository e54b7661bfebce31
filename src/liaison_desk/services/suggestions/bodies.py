"""Who assigns (交办): the assigning bodies of the township and the county, kept as station settings.

The station and its deputies do not handle matters (第五条): the township congress presidium assigns
matters to township bodies, the county standing committee's deputy affairs office to county bodies; the
station passes matters on to them (转办/报送) and records what they decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import AgencyKind, AuditAction
from liaison_desk.services.base import Service

TOWNSHIP_KEY = "suggestions.assigning_body.township"
COUNTY_KEY = "suggestions.assigning_body.county"


@dataclass(frozen=True, slots=True)
class AssigningBodies:
    """The two assigning bodies of a station (names as printed on letters)."""

    township: str  # 〈乡镇〉人大主席团
    county: str  # 〈县〉人大常委会代表工作委员会

    def for_kind(self, agency_kind: str) -> str:
        """The body that assigns matters to an agency of `agency_kind` (AgencyKind code)."""
        return self.township if agency_kind == AgencyKind.TOWNSHIP.value else self.county


def default_bodies(township: str, county: str) -> AssigningBodies:
    t = township.strip() or "本乡镇"
    c = county.strip() or "本县"
    return AssigningBodies(f"{t}人大主席团", f"{c}人大常委会代表工作委员会")


class BodiesService(Service):
    """Read and change the assigning bodies; defaults follow the station's township and county."""

    def bodies(self) -> AssigningBodies:
        st = self.db.read("SELECT township, county FROM station ORDER BY created_at LIMIT 1").first()
        base = default_bodies(st.township if st else "", st.county if st else "")
        t, c = (self.setting(TOWNSHIP_KEY) or "").strip(), (self.setting(COUNTY_KEY) or "").strip()
        return AssigningBodies(t or base.township, c or base.county)

    def set_bodies(self, township: str, county: str) -> None:
        """Save both names; an empty name goes back to the default."""
        from liaison_desk.models import Setting

        for name, label in ((township, "乡镇交办机关"), (county, "县级交办机关")):
            if len(name.strip()) > 60:
                raise ValidationError(f"{label}名称不能超过 60 个字", column=label)
        with self.db.session() as s:
            for key, value in ((TOWNSHIP_KEY, township), (COUNTY_KEY, county)):
                row = s.get(Setting, key) or Setting(key=key)
                old, row.value = row.value, value.strip()
                s.add(row)
                self.audit(s, AuditAction.UPDATE, "setting", key, "修改交办机关", {"value": [old, row.value]})
        self.db.notify("setting")
