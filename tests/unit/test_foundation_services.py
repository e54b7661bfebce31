"""Foundation services on real SQLite files: save/read/delete, audit entries, row versions, paging, demo data."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from helpers import DEMO_TODAY
from liaison_desk.errors import ValidationError
from liaison_desk.services.base import Page
from liaison_desk.services.roster.service import DeputyFilter, DeputyRecord, LevelEntry, RosterService
from liaison_desk.services.visits.service import VisitFilter, VisitRecord, VisitService


def test_deputy_round_trip_with_two_levels_audit_and_version(db):
    roster = RosterService(db)
    db.operator = "王丽娟"
    did = roster.save(DeputyRecord(name="张三", phone="13812345678",
                                   levels=[LevelEntry("township", "第二十届"), LevelEntry("county", "第十八届")]))
    rec = roster.get(did)
    assert [e.level for e in rec.levels] == ["county", "township"]
    row = roster.list()[0]
    assert row.levels_label == "县、镇"
    rec.work_unit = "青石镇中心小学"
    rec.phone = "13900000000"
    roster.save(rec)
    with db.engine.connect() as c:
        version = c.execute(text("SELECT version FROM deputy WHERE id = :i"), {"i": did}).scalar()
        log = c.execute(text("SELECT action, operator, changes FROM auditentry ORDER BY at")).all()
    assert version == 2
    assert [a for a, _, _ in log] == ["create", "update"]
    assert all(op == "王丽娟" for _, op, _ in log)
    changes = json.loads(log[1][2])
    assert changes["work_unit"] == ["", "青石镇中心小学"]
    assert changes["phone"] == ["…", "…"]  # personal data never written to the log in clear
    roster.delete(did)
    assert roster.count() == 0


@pytest.mark.parametrize("query", ["zs", "zhangs", "张", "138123"])
def test_deputy_matcher(db, query):
    roster = RosterService(db)
    roster.save(DeputyRecord(name="张三", phone="13812345678", levels=[LevelEntry("township")]))
    roster.save(DeputyRecord(name="李四", phone="13900000001", levels=[LevelEntry("county")]))
    assert [r.name for r in roster.list(DeputyFilter(query=query))] == ["张三"]


def test_invalid_deputy_names_the_field_and_writes_nothing(db):
    roster = RosterService(db)
    with pytest.raises(ValidationError) as e:
        roster.save(DeputyRecord(name="张三", phone="1234", levels=[LevelEntry("township")]))
    assert e.value.column == "联系电话"
    with pytest.raises(ValidationError) as e:
        roster.save(DeputyRecord(name="张三", id_number="110101199003071234", levels=[LevelEntry("township")]))
    assert e.value.column == "身份证号"
    assert roster.count() == 0


def test_demo_station_is_deterministic_and_complete(tmp_path):
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    dumps = []
    for name in ("a.db", "b.db"):
        db = open_database(tmp_path / name)
        counts = build(db, "station", 7, DEMO_TODAY)
        with db.engine.connect() as c:
            dumps.append(c.execute(text("SELECT id, name, phone FROM deputy ORDER BY id")).all()
                         + c.execute(text("SELECT id, step, deadline FROM suggestion ORDER BY id")).all())
            steps = {s for (s,) in c.execute(text("SELECT DISTINCT step FROM suggestion")).all()}
            overdue = c.execute(text("SELECT COUNT(*) FROM suggestion WHERE step IN ('sort','assign','supervise') "
                                     "AND deadline < :d"), {"d": DEMO_TODAY.isoformat()}).scalar()
            two_levels = c.execute(text("SELECT COUNT(*) FROM (SELECT deputy_id FROM deputylevel GROUP BY deputy_id "
                                        "HAVING COUNT(*) > 1)")).scalar()
        db.close()
    assert dumps[0] == dumps[1]
    assert 12 <= counts["deputy"] <= 15 and counts["visit"] == 220 and counts["suggestion"] == 60
    assert {"sort", "assign", "supervise", "reply", "feedback", "archive"} <= steps
    assert overdue > 0 and two_levels > 0


def test_visits_page_in_order_and_search_counts(demo_db):
    visits = VisitService(demo_db)
    first = visits.list(VisitFilter(), Page(0, 100))
    second = visits.list(VisitFilter(), Page(100, 100))
    assert len(first) == 100 and len(second) == 100
    assert not {r.id for r in first} & {r.id for r in second}
    days = [r.visited_on for r in first + second]
    assert days == sorted(days, reverse=True)
    for q in ("路", "道路", "道路坑洼"):
        rows = visits.list(VisitFilter(query=q))
        assert visits.count(VisitFilter(query=q)) == len(rows) > 0


def test_visit_requires_content(db):
    with pytest.raises(ValidationError) as e:
        VisitService(db).save(VisitRecord(visited_on=date(2026, 11, 2)))
    assert e.value.column == "反映问题"
