"""Demo stations, handling agencies, deputies with a real county's level mix, and groups of 10–15."""

from __future__ import annotations

from datetime import date

from liaison_desk.demo import words as W
from liaison_desk.demo.core import Gen, StationPlan
from liaison_desk.services.names import pinyin_keys

TERM_START = {"province": date(2023, 1, 12), "city": date(2022, 1, 10), "county": date(2021, 12, 28),
              "township": date(2021, 12, 28)}
SENIORITY = ("national", "province", "city", "county", "township")
DEFAULT_NAME = "青石镇人大代表联络站"
VENUE = "青石镇人大代表联络站（镇政府一楼东侧）"


def stations(g: Gen, n: int, name: str | None = None) -> list[StationPlan]:
    """`n` stations of 青石镇 (a county-scale demo names them by area); the first may be given a name."""
    out = []
    for i in range(n):
        if i == 0:
            label = name or DEFAULT_NAME
        else:
            label = f"{'东西南北中'[i % 5]}{'一二三四五六七八九十'[i % 10]}片区第{i}人大代表联络站"
        officer = g.person(StationPlan("", label, ""), "青石社区", (1980, 1996), female=0.7)
        sid = g.add("station", name=label, township="青石镇", county="临河县",
                    venue=VENUE if i == 0 else f"{label}活动室", address="临河县青石镇人民路18号",
                    directions="镇政府院内一楼东侧，门口有“人大代表联络站”标牌；乘3路公交车至青石镇政府站下车",
                    master="", deputy_master="", liaison_officer=officer.name, phone="0315-5123456",
                    reception_weekday=3, notes="")
        out.append(StationPlan(sid, label, officer.name))
    return out


def agencies(g: Gen) -> dict[str, str]:
    """name → id of the handling agencies (rule 八) of the county and township."""
    return {name: g.add("agency", name=name, kind=kind, contact_person=g.person(
        StationPlan("", "", ""), "", (1965, 1990)).name, phone=f"0315-5{g.rng.randrange(10**6):06d}",
        address="", active=True, notes="") for name, kind in W.AGENCIES}


def level_mix(g: Gen, n: int) -> list[tuple[str, ...]]:
    """Levels per deputy for a station of `n`: mostly 乡镇, a few 县 (some also 乡镇), a 市 deputy at
    about half the stations, a 省 deputy at few."""
    r = g.rng
    mix: list[tuple[str, ...]] = []
    if r.random() < 0.15:
        mix.append(("province",))
    if r.random() < 0.5:
        mix.append(r.choice((("city",), ("city", "county"))))
    n_county = r.randint(3, 5)
    mix += [("county", "township") if i < 2 else ("county",) for i in range(n_county)]
    mix += [("township",)] * (n - len(mix))
    r.shuffle(mix)
    return mix


def deputies(g: Gen, plan: StationPlan, n: int, sort_base: int = 0, may_leave: bool = False) -> None:
    """`n` deputies of the station in one group (n ≤ 15) or two nearly equal groups of 10–15."""
    r = g.rng
    mix = level_mix(g, n)
    # the station master is the township congress chairman; make sure one township deputy holds the post
    chair = next(i for i, lv in enumerate(mix) if lv == ("township",))
    for i, levels in enumerate(mix):
        top = next(lv for lv in SENIORITY if lv in levels)
        unit, post = ("青石镇人民代表大会", "主席") if i == chair else r.choice(W.UNITS_BY_LEVEL[top])
        village = unit[3:].split("村")[0] + "村" if "村" in unit else r.choice(W.VILLAGES)
        p = g.person(plan, village, (1960, 1992), female=0.32)
        birth = date(p.birth_year, r.randrange(1, 13), r.randrange(1, 29))
        full, initials = pinyin_keys(p.name)
        left = may_leave and r.random() < 0.03
        did = g.add("deputy", station_id=plan.id, name=p.name, name_pinyin=full, name_initials=initials,
                    gender=p.gender, ethnicity=r.choice(W.ETHNICITIES), birth_date=birth,
                    political=r.choice(W.POLITICAL), education=r.choice(W.EDUCATION), work_unit=unit, post=post,
                    phone=p.phone, id_number=g.id_number(birth, p.gender) if r.random() < 0.5 else "",
                    address=f"青石镇{village}", constituency=f"第{r.randrange(1, 12)}选区",
                    status="left" if left else "active",
                    status_date=date(2025, 6, 30) if left else TERM_START[levels[-1]],
                    is_cppcc=False, photo="", notes="", sort_order=sort_base + i)
        for lv in levels:
            g.add("deputylevel", deputy_id=did, level=lv, term=W.TERMS[lv], start_date=TERM_START[lv], end_date=None)
        g.add("statuschange", deputy_id=did, status="active", changed_on=TERM_START[levels[-1]], reason="当选")
        if left:
            g.add("statuschange", deputy_id=did, status="left", changed_on=date(2025, 6, 30), reason="工作调动")
        else:
            plan.deputies.append((did, p.name, levels))
        if i == chair:
            master = p.name
    _groups(g, plan, [row["id"] for row in g.rows["deputy"][-n:]])
    deputy_master = next(name for _, name, lv in plan.deputies if "county" in lv)
    for row in g.rows["station"]:
        if row["id"] == plan.id:
            row["master"], row["deputy_master"] = master, deputy_master


def _groups(g: Gen, plan: StationPlan, ids: list[str]) -> None:
    n_groups = 1 if len(ids) <= 15 else 2
    size = -(-len(ids) // n_groups)
    for k in range(n_groups):
        chunk = ids[k * size:(k + 1) * size]
        gid = g.add("deputygroup", station_id=plan.id, name=f"第{'一二'[k]}代表小组", notes="")
        for j, did in enumerate(chunk):
            g.add("groupmember", group_id=gid, deputy_id=did,
                  role="leader" if j == 0 else "deputy_leader" if j == 1 else "member")
