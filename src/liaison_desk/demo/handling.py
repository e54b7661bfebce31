"""Demo handling chain: each opinion or suggestion carried 梳理→交办→(督办)→回复→反馈→归档 on working
days, assigned by the right body, answered mostly on time; a few overdue, a few late or dissatisfied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liaison_desk.demo import words as W
from liaison_desk.demo.core import Gen, StationPlan, add_months
from liaison_desk.demo.schedule import window_start
from liaison_desk.demo.visits import Seed

CITIZEN_DAYS = 15  # the station's own default for a citizen opinion (working days)
OVERDUE = (2, 4)  # how many matters are left overdue, at most 20 working days past their deadline
ON_TIME = (0.90, 0.97)
SATISFIED = (0.85, 0.95)


@dataclass(slots=True)
class Matter:
    """One record being planned: its row, agency, proposers and the events so far."""

    row: dict[str, Any]
    agency: str  # lead agency name
    station: StationPlan
    deputies: list[str] = field(default_factory=list)  # proposing / receiving deputies (ids)
    proposer: str = ""  # name of the lead proposing deputy
    events: list[dict[str, Any]] = field(default_factory=list)


def assigning_body(agency_kind: str, township: str = "青石镇", county: str = "临河县") -> str:
    """Township bodies are assigned by the presidium; county bodies by the county office (DOMAIN)."""
    return f"{township}人大主席团" if agency_kind == "township" else f"{county}人大常委会代表工作委员会"


def suggestions(g: Gen, seeds: list[Seed], plans: list[StationPlan], n_deputy: int, months: int,
                agencies: dict[str, str]) -> None:
    """Write suggestion, suggestionevent, suggestionagency and suggestiondeputy rows."""
    r = g.rng
    kinds = dict(W.AGENCIES)
    first = window_start(g.today, months)
    matters: list[Matter] = []
    for s in seeds:
        reg = g.add_wd(s.visited_on, r.randint(1, 2))
        if reg > g.today:
            reg = g.add_wd(s.visited_on, 1)
        cat, text, req, agency = s.matter
        visit_deputies: list[str] = next((x["deputies"] for x in s.station.sessions if x["day"] == s.visited_on
                               and x["status"] == "done"), [])
        m = Matter(_row(s.suggestion_id, s.station, "citizen", reg, cat, text, req, s.person.name,
                        s.person.phone, s.person.village), agency, s.station, list(visit_deputies[:3]))
        matters.append(m)
    for i in range(n_deputy):
        plan = plans[i % len(plans)]
        reg = g.random_workday(add_months(first, 1), g.add_wd(g.today, -1))
        if i >= n_deputy - 2:  # two proposals handed in this week, still being sorted out (梳理)
            reg = g.add_wd(g.today, -(n_deputy - i))
        cat, text, req, agency = r.choice(W.MATTERS)
        village = r.choice(W.VILLAGES)
        lead_id, lead_name, _lv = r.choice(plan.deputies)
        others = [d for d, _, _ in r.sample(plan.deputies, min(r.randint(0, 2), len(plan.deputies))) if d != lead_id]
        m = Matter(_row(g.uid(), plan, "deputy", reg, cat, f"关于{text.format(v=village)}的问题", req, "", "",
                        village), agency, plan, [lead_id, *others], lead_name)
        matters.append(m)
    matters.sort(key=lambda m: (m.row["registered_on"], m.row["id"]))
    plans_of = [_plan(g, m, kinds) for m in matters]
    # each station gets its own few overdue, late and dissatisfied matters (a county: per station)
    overdue: set[str] = set()
    late: set[str] = set()
    unhappy: set[str] = set()
    extended: set[str] = set()
    by_station: dict[str, list[int]] = {}
    for i, m in enumerate(matters):
        by_station.setdefault(m.station.id, []).append(i)
    for idx in by_station.values():
        o, la, u, e = _designate(g, [matters[i] for i in idx], [plans_of[i] for i in idx])
        overdue |= o
        late |= la
        unhappy |= u
        extended |= e
    seq: dict[int, int] = {}
    for m, p in zip(matters, plans_of, strict=True):
        year = m.row["registered_on"].year
        seq[year] = seq.get(year, 0) + 1
        m.row.update(year=year, seq=seq[year], number=f"〔{year}〕第{seq[year]}号")
        _timeline(g, m, p, kinds, m.row["id"] in overdue, m.row["id"] in late, m.row["id"] in unhappy,
                  m.row["id"] in extended)
        _write(g, m, agencies, kinds)


def _row(sid: str, plan: StationPlan, kind: str, reg: date, cat: str, text: str, req: str, name: str,
         phone: str, village: str) -> dict[str, Any]:
    return dict(id=sid, station_id=plan.id, kind=kind, year=reg.year, seq=0, number="", title=text[:30],
                content=f"{text}。{req}。", category=cat, citizen_name=name, citizen_phone=phone,
                citizen_address=f"青石镇{village}" if name else village, step="sort", registered_on=reg,
                assigned_on=None, deadline=None, reply_on=None, reply_text="", reply_result="", feedback_on=None,
                feedback_method="", satisfaction="", archived_on=None, merged_into_id=None, notes="")


def _deadline(g: Gen, kind: str, on: date, months: int = 3) -> date:
    if kind == "deputy":
        return g.workday(add_months(on, months))
    return g.add_wd(on, CITIZEN_DAYS)


def _plan(g: Gen, m: Matter, kinds: dict[str, str]) -> dict[str, date]:
    """The dates each step would happen on if nothing went wrong (some may lie after today)."""
    r = g.rng
    reg = m.row["registered_on"]
    sort = g.add_wd(reg, r.randint(0, 1))
    assign = g.add_wd(sort, r.randint(1, 4) if reg < g.add_wd(g.today, -2) else 5)
    deadline = _deadline(g, m.row["kind"], assign)
    span = max(g.cal.working_days_between(assign, deadline) - 1, 3)
    reply = g.add_wd(assign, r.randint(min(5, span), span))
    feedback = g.add_wd(reply, r.randint(1, 5))
    archive = g.add_wd(feedback, r.randint(2, 8))
    return {"sort": sort, "assign": assign, "deadline": deadline, "reply": reply, "feedback": feedback,
            "archive": archive}


def _designate(g: Gen, matters: list[Matter], plans: list[dict[str, date]]) -> tuple[set[str], ...]:
    """Which records end overdue, answer late, leave the citizen dissatisfied, or get an extension."""
    r = g.rng
    today = g.today
    lo, hi = g.add_wd(today, -20), g.add_wd(today, -2)
    ids = [m.row["id"] for m in matters]
    can_overdue = [i for i, p in zip(ids, plans, strict=True) if lo <= p["deadline"] <= hi]
    overdue = set(r.sample(can_overdue, min(r.randint(*OVERDUE), len(can_overdue))))
    replied = {i for i, p in zip(ids, plans, strict=True) if p["reply"] < today and i not in overdue}
    can_late = [i for i, p in zip(ids, plans, strict=True)
                if i in replied and g.add_wd(p["deadline"], 12) < today]
    late = set(r.sample(can_late, min(max(1, round(len(replied) * 0.05)), len(can_late))))
    fed = {i for i, p in zip(ids, plans, strict=True) if p["feedback"] < today and i not in overdue}
    can_unhappy = [i for i, p in zip(ids, plans, strict=True)
                   if i in fed and i not in late and g.add_wd(p["feedback"], 40) < today]
    unhappy = set(r.sample(can_unhappy, min(max(1, round(len(fed) * 0.09)), len(can_unhappy))))
    can_extend = [m.row["id"] for m, p in zip(matters, plans, strict=True) if m.row["kind"] == "deputy"
                  and add_months(p["assign"], 6) < today and m.row["id"] not in late | unhappy | overdue]
    extended = set(r.sample(can_extend, min(1, len(can_extend))))
    return overdue, late, unhappy, extended


def _timeline(g: Gen, m: Matter, p: dict[str, date], kinds: dict[str, str], overdue: bool, late: bool,
              unhappy: bool, extended: bool) -> None:
    r, today, row = g.rng, g.today, m.row
    station = m.station.name
    body = assigning_body(kinds.get(m.agency, "government"))
    ev = m.events

    def add(kind: str, step: str, on: date, actor: str, **kw: Any) -> bool:
        if on > today:
            return False
        ev.append(dict(kind=kind, step=step, happened_on=on, actor=actor, **kw))
        row["step"] = step
        return True

    add("created", "sort", row["registered_on"], station)
    if not add("sorted", "sort", p["sort"], station, note=f"属于{row['category']}方面的问题，报{body}交{m.agency}办理"):
        return
    if not add("assigned", "assign", p["assign"], body, agency=m.agency, new_deadline=p["deadline"]):
        return
    row.update(assigned_on=p["assign"], deadline=p["deadline"])
    reply = p["reply"]
    if overdue:
        reply = date.max
    elif late:
        reply = g.add_wd(p["deadline"], r.randint(2, 8))
    elif extended:
        new = g.workday(add_months(p["assign"], 5))
        ext_on = g.add_wd(p["deadline"], -r.randint(3, 8))
        add("extended", "supervise", ext_on, body, agency=m.agency, new_deadline=new,
            note="承办单位申请延期：该事项需列入年度项目，报上级审批")
        row["deadline"] = new
        reply = g.add_wd(p["deadline"], r.randint(10, 30))
    # 督办 only where it happened: for late or stalled matters, and now and then for others
    if overdue or late or r.random() < 0.3:
        urge_on = g.add_wd(p["assign"], r.randint(5, 10))
        if urge_on < min(reply, today):
            who = f"代表{m.proposer}" if m.proposer and r.random() < 0.5 else body
            add("urged", "supervise", urge_on, who, agency=m.agency, note=r.choice(W.URGE_NOTES))
    if not _answer(g, m, reply, unhappy, body):
        return
    if unhappy:  # back to 交办 with a new deadline; the second round is answered on time
        fb = row["feedback_on"]
        dl = _deadline(g, row["kind"], fb)
        add("reopened", "assign", fb, body, agency=m.agency, new_deadline=dl, note="反馈不满意，退回交办环节重新办理")
        row.update(assigned_on=fb, deadline=dl, reply_on=None, reply_text="", reply_result="", feedback_on=None,
                   feedback_method="", satisfaction="")
        second = g.add_wd(fb, r.randint(5, max(g.cal.working_days_between(fb, dl) - 1, 5)))
        if not _answer(g, m, second, False, body):
            return
    archive = g.add_wd(row["feedback_on"], r.randint(2, 8))
    if add("archived", "archive", archive, station):
        row["archived_on"] = archive


def _answer(g: Gen, m: Matter, reply: date, unhappy: bool, body: str) -> bool:
    """Reply and feedback; True when both happened by today."""
    r, row = g.rng, m.row
    if reply > g.today:
        return False
    result = r.choices(("solved", "solving", "planned", "cannot", "reference"), (6, 2, 2, 1, 1))[0]
    text = f"经研究，{W.REPLY_TEXTS[result]}。"
    m.events.append(dict(kind="replied", step="reply", happened_on=reply, actor=m.agency, agency=m.agency,
                         result=result, note=text))
    row.update(step="reply", reply_on=reply, reply_result=result, reply_text=text)
    fb = g.add_wd(reply, r.randint(1, 5))
    if fb > g.today:
        return False
    sat = "unsatisfied" if unhappy else r.choices(("satisfied", "basic"), (4, 1))[0]
    method = r.choice(W.FEEDBACK_METHODS)
    who = f"代表{m.proposer}" if m.proposer else m.station.name
    m.events.append(dict(kind="feedback", step="feedback", happened_on=fb, actor=who, result=sat,
                         note=f"{method}反馈" + ("：对答复不满意" if unhappy else "")))
    row.update(step="feedback", feedback_on=fb, feedback_method=method, satisfaction=sat)
    return True


def _write(g: Gen, m: Matter, agencies: dict[str, str], kinds: dict[str, str]) -> None:
    row = m.row
    row.update(created_at=g.now, updated_at=g.now, version=len(m.events))
    g.rows.setdefault("suggestion", []).append(row)
    for e in sorted(m.events, key=lambda e: e["happened_on"]):
        agency = e.pop("agency", None)
        g.add("suggestionevent", suggestion_id=row["id"], recorded_at=g.now, operator=m.station.liaison_officer,
              note=e.pop("note", ""), agency_id=agencies[agency] if agency else None,
              new_deadline=e.pop("new_deadline", None), result=e.pop("result", ""), **e)
    if row["assigned_on"]:
        first = next(e["happened_on"] for e in m.events if e["kind"] == "assigned")
        g.add("suggestionagency", suggestion_id=row["id"], agency_id=agencies[m.agency], role="lead",
              assigned_on=first, returned_on=None, return_reason="")
        if g.rng.random() < 0.15:
            co = g.rng.choice([n for n, k in W.AGENCIES if k == "township" and n != m.agency])
            g.add("suggestionagency", suggestion_id=row["id"], agency_id=agencies[co], role="co",
                  assigned_on=first, returned_on=None, return_reason="")
    for j, did in enumerate(m.deputies):
        g.add("suggestiondeputy", suggestion_id=row["id"], deputy_id=did, is_lead=j == 0)
