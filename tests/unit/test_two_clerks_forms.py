"""Two clerks edit the same deputy, visit, reception session or activity: the second save is refused and
shows both versions — also when the first clerk changed only the linked rows (levels, deputies, roll call)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from liaison_desk.errors import StaleEdit
from liaison_desk.services.activities.service import ActivityService, RollEntry
from liaison_desk.services.roster.service import LevelEntry, RosterService
from liaison_desk.services.schedule.service import Presence, ScheduleService
from liaison_desk.services.visits.service import VisitService
from liaison_desk.store import open_database

pytestmark = pytest.mark.both_backends


@pytest.fixture
def second(demo_db):
    """The same database opened a second time, as another clerk's program opens it."""
    other = open_database(demo_db.url or demo_db.path)
    yield other
    other.close()


def _one(db, sql: str, **params: Any) -> Any:
    with db.engine.connect() as c:
        return c.execute(text(sql), params).one()


def _names(db, ids) -> dict[str, str]:
    with db.engine.connect() as c:
        return {r[0]: r[1] for r in c.execute(text("SELECT id, name FROM deputy")).all() if r[0] in set(ids)}


def _other_deputy(db, taken) -> str:
    """An active deputy not among `taken`."""
    with db.engine.connect() as c:
        ids = [r[0] for r in c.execute(text("SELECT id FROM deputy WHERE status = 'active' ORDER BY name, id"))]
    return next(i for i in ids if i not in set(taken))


def _updates(db, table: str, record_id: str) -> int:
    """操作日志 entries recording an update of the record."""
    return int(_one(db, "SELECT COUNT(*) FROM auditentry WHERE table_name = :t AND record_id = :r "
                        "AND action = 'update'", t=table, r=record_id)[0])


@dataclass
class Case:
    table: str
    service: type
    pick: str  # SQL giving the id of the record both clerks open
    scalar: str  # the field the second clerk types into, and its label in the conflict
    label: str
    links_label: str  # the linked rows the first clerk changes, as the conflict names them
    notes: str = "notes"  # a free-text field for later edits


CASES = {
    "deputy": Case("deputy", RosterService, "SELECT id FROM deputy WHERE status = 'active' AND NOT EXISTS ("
                   "SELECT 1 FROM deputylevel l WHERE l.deputy_id = deputy.id AND l.level = 'township') "
                   "ORDER BY name, id",
                   "work_unit", "工作单位", "代表层级"),
    "visit": Case("visit", VisitService, "SELECT v.id FROM visit v WHERE EXISTS (SELECT 1 FROM visitdeputy d "
                  "WHERE d.visit_id = v.id) AND v.handling <> 'to_suggestion' ORDER BY v.visited_on DESC, v.id",
                  "content", "反映问题", "接待代表", "handling_note"),
    "receptionsession": Case("receptionsession", ScheduleService,
                             "SELECT s.id FROM receptionsession s WHERE (SELECT COUNT(*) FROM sessiondeputy d "
                             "WHERE d.session_id = s.id) >= 2 ORDER BY s.day DESC, s.id", "theme", "主题", "接待代表"),
    "activity": Case("activity", ActivityService,
                     "SELECT a.id FROM activity a WHERE EXISTS (SELECT 1 FROM activityattendance r "
                     "WHERE r.activity_id = a.id) ORDER BY a.day DESC, a.id", "title", "标题", "参加代表"),
}


def _change_links(db, table: str, rec: Any) -> str:
    """The first clerk's edit: only the linked rows change. Returns how the conflict must word them."""
    if table == "deputy":
        rec.levels = [*rec.levels, LevelEntry("township", "第二十届")]
        return "乡镇（第二十届）"
    if table == "visit":
        extra = _other_deputy(db, rec.deputy_ids)
        rec.deputy_ids = [*rec.deputy_ids, extra]
        return _names(db, [extra])[extra]
    if table == "receptionsession":
        dep = rec.deputy_ids[0]
        rec.attendance = {**rec.attendance, dep: Presence("leave", "外出开会")}
        return f"{_names(db, [dep])[dep]}（请假：外出开会）"
    dep = rec.roll[0].deputy_id
    rec.roll = [RollEntry(dep, "absent"), *rec.roll[1:]]
    return f"{_names(db, [dep])[dep]}（缺席）"


def _stored(db, table: str, rid: str, field: str) -> tuple[str, int]:
    row = _one(db, f"SELECT {field}, version FROM {table} WHERE id = :i", i=rid)
    return str(row[0]), int(row[1])


@pytest.mark.parametrize("table", list(CASES))
def test_second_save_sees_the_first_clerks_change_of_linked_rows(demo_db, second, table):
    case = CASES[table]
    rid = _one(demo_db, case.pick + " LIMIT 1")[0]
    first_clerk, second_clerk = case.service(demo_db), case.service(second)
    mine, theirs = first_clerk.get(rid), second_clerk.get(rid)  # both open the same record
    before, version = _stored(demo_db, table, rid, case.scalar)
    assert mine.version == theirs.version == version
    stored_words = _change_links(demo_db, table, mine)
    first_clerk.save(mine)  # only levels / deputies / attendance / roll: still a new version
    assert _stored(demo_db, table, rid, case.scalar) == (before, version + 1)
    typed = getattr(theirs, case.scalar) + "（第二位办事员修改）"
    setattr(theirs, case.scalar, typed)
    with pytest.raises(StaleEdit) as refused:
        second_clerk.save(theirs)
    # nothing of the second clerk's typing was stored, nothing of the first clerk's was lost
    assert _stored(demo_db, table, rid, case.scalar) == (before, version + 1)
    shown = {label: (mine_, stored) for label, mine_, stored in refused.value.fields}
    assert shown[case.label] == (typed, before)
    links_typed, links_stored = shown[case.links_label]
    assert stored_words in links_stored and links_typed != links_stored
    assert not any(len(v) == 36 and v.count("-") == 4 for pair in shown.values() for v in pair)  # no row ids
    assert refused.value.version == version + 1
    # the second clerk keeps their version, knowingly: saved over the version they were shown
    theirs.version = refused.value.version
    second_clerk.save(theirs)
    assert _stored(demo_db, table, rid, case.scalar) == (typed, version + 2)
    assert _updates(demo_db, table, rid) == 2  # both saves are in the 操作日志
    # the first clerk's form, read before that, is refused again; a save from a fresh read is not
    setattr(mine, case.notes, "又一次修改")
    with pytest.raises(StaleEdit):
        first_clerk.save(mine)
    fresh = first_clerk.get(rid)
    setattr(fresh, case.notes, "看过对方的修改后再改")
    first_clerk.save(fresh)
    setattr(fresh, case.notes, "同一张表单接着改")  # the form's record carries the version it just wrote
    first_clerk.save(fresh)
    assert _stored(demo_db, table, rid, case.notes) == ("同一张表单接着改", version + 4)


@pytest.mark.parametrize("table", list(CASES))
def test_saves_not_from_a_form_are_not_checked(demo_db, table):
    """An import or a command builds its record without a version read (0): it is not refused."""
    case = CASES[table]
    rid = _one(demo_db, case.pick + " LIMIT 1")[0]
    svc = case.service(demo_db)
    rec = svc.get(rid)
    svc.save(svc.get(rid))  # someone saved meanwhile
    rec.version = 0
    setattr(rec, case.notes, "导入的修改")
    svc.save(rec)
    assert _stored(demo_db, table, rid, case.notes)[0] == "导入的修改"
    entries = _one(demo_db, "SELECT changes FROM auditentry WHERE table_name = :t AND record_id = :r "
                            "AND action = 'update' ORDER BY at DESC LIMIT 1", t=table, r=rid)[0]
    assert json.loads(entries)[case.notes][1] in ("导入的修改", "…")  # a visit's note is private: masked
