"""Demo visitor register: reception-day visits, and letters, calls and walk-ins taken by the 联络员;
one rule-九 redirection of each kind, one repeat visitor, follow-ups of matters passed on (其他)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from liaison_desk.demo import words as W
from liaison_desk.demo.core import Gen, Person, StationPlan
from liaison_desk.demo.schedule import session_facts, window_start
from liaison_desk.models.enums import EXCLUSION_GUIDANCE, Exclusion

OTHER_CHANNELS = (("walk_in", 4), ("letter", 2), ("call", 3), ("mailbox", 1), ("online", 1))


@dataclass(slots=True)
class Seed:
    """A visit that became a citizen opinion: the suggestion keeps its citizen, matter and (later) date."""

    suggestion_id: str
    visited_on: date
    person: Person
    matter: tuple[str, str, str, str]  # (category, content, request, agency)
    station: StationPlan


def visits(g: Gen, plan: StationPlan, months: int, n: int, n_citizen: int) -> list[Seed]:
    """About `n` visits of one station; `n_citizen` of them passed on as 选民意见 (returned as seeds)."""
    r = g.rng
    first = window_start(g.today, months)
    held = session_facts(plan)
    per_session = max(2, round(n * 0.45 / max(len(held), 1)))
    slots: list[dict[str, Any]] = []  # one dict per visit before it is written
    for s in held:
        for _ in range(max(1, per_session + r.randint(-2, 2))):
            slots.append({"day": s["day"], "session": s, "channel": "reception"})
    while len(slots) < n:
        channel = r.choices([c for c, _ in OTHER_CHANNELS], [w for _, w in OTHER_CHANNELS])[0]
        slots.append({"day": g.random_workday(first, g.today - timedelta(days=1)), "session": None,
                      "channel": channel})
    slots.sort(key=lambda x: x["day"])
    at_sessions = [i for i, x in enumerate(slots) if x["session"]]
    # rule 九: one visit of each kind, received by deputies at a reception
    lawful = dict(zip(r.sample(at_sessions, min(len(Exclusion), len(at_sessions))), Exclusion, strict=False))
    latest_for_citizen = g.add_wd(g.today, -1)
    free = [i for i in range(len(slots)) if i not in lawful and slots[i]["day"] < latest_for_citizen]
    repeat_first = next((i for i in free[len(free) // 4:] if slots[i]["session"]), None)
    # the repeat visitor comes back 25–60 days later to a later slot; the matter becomes an opinion then
    repeat_second = None
    if repeat_first is not None:
        later = [i for i in free if 25 <= (slots[i]["day"] - slots[repeat_first]["day"]).days <= 60]
        repeat_second = later[0] if later else None
    pool = [i for i in free if i not in (repeat_first, repeat_second)]
    citizen = set(r.sample(pool, min(max(n_citizen - (repeat_second is not None), 0), len(pool))))
    if repeat_second is not None:
        citizen.add(repeat_second)
    seeds: list[Seed] = []
    first_visit: tuple[str, Person, tuple[str, str, str, str]] | None = None
    for i, slot in enumerate(slots):
        village = r.choice(W.VILLAGES)
        person = g.person(plan, village) if i != repeat_second or first_visit is None else first_visit[1]
        exclusion = lawful.get(i)
        repeat_of = first_visit[0] if i == repeat_second and first_visit else None
        suggestion_id = None
        followup: dict[str, Any] = {"followup_to": "", "followup_on": None, "followup_result": ""}
        if exclusion is not None:
            content = next(c for k, c in W.EXCLUDED if k == exclusion.value)
            matter = ("其他", content, "要求代表帮助解决", "")
            handling, note = "lawful", EXCLUSION_GUIDANCE[exclusion]
        elif i in citizen:
            if repeat_of and first_visit:
                matter = first_visit[2]
            else:
                cat, text, req, agency = r.choice(W.MATTERS)
                matter = (cat, text.format(v=person.village), req, agency)
            handling, note = "suggestion", "已整理为选民意见，报镇人大主席团交有关单位办理"
            suggestion_id = g.uid()
            seeds.append(Seed(suggestion_id, slot["day"], person, matter, plan))
        elif i != repeat_first and r.random() < 0.42:
            cat, text, req, to, result = r.choice(W.FOLLOWUP)
            matter = (cat, text.format(v=person.village), req, "")
            to = to.format(v=person.village)
            back = g.add_wd(slot["day"], r.randint(3, 10))
            handling, note = "other", f"已转{to}跟进处理，请其反馈处理结果"
            followup = {"followup_to": to, "followup_on": back if back < g.today else None,
                        "followup_result": result if back < g.today else ""}
        else:
            cat, text, req, agency = r.choice(W.MATTERS)
            matter = (cat, text.format(v=person.village), req, agency)
            handling, note = "answered", "代表当场作了解释说明，来访人表示理解"
        session = slot["session"]
        phone = person.phone if slot["channel"] != "letter" or r.random() < 0.7 else ""
        if suggestion_id:
            seeds[-1].person = Person(person.name, person.gender, phone, person.village, person.birth_year)
        group = handling == "suggestion" and r.random() < 0.06
        vid = g.add("visit", station_id=plan.id, visited_on=slot["day"],
                    visited_time=time(r.randrange(9, 11) if session else r.randrange(8, 17), r.choice((0, 15, 30, 45))),
                    channel=slot["channel"], session_id=session["id"] if session else None,
                    visitor_name=person.name, visitor_gender=person.gender,
                    visitor_phone=phone,
                    visitor_address=f"青石镇{person.village}", village=person.village,
                    headcount=r.randrange(3, 9) if group else 1, is_group=group, category=matter[0],
                    content=matter[1], request=matter[2], assisting_deputy_id=None, handling=handling,
                    exclusion=exclusion.value if exclusion else "", handling_note=note, repeat_of_id=repeat_of,
                    suggestion_id=suggestion_id, recorded_by=plan.liaison_officer, **followup)
        if i == repeat_first:
            first_visit = (vid, person, matter)
        # at a reception the deputies on duty receive; letters, calls and walk-ins are taken by the 联络员
        for did in session["deputies"] if session else ():
            g.add("visitdeputy", visit_id=vid, deputy_id=did)
    return seeds
