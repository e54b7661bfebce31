"""One person recorded twice: `check` lists them, and merging in the roster tab keeps every reference
(sessions, visits, suggestions, activities, groups, levels) and the 操作日志 of both records."""

from __future__ import annotations

import json
import sqlite3

from helpers import run_cli
from liaison_desk.services.roster.merge import MergeService
from liaison_desk.services.roster.service import DeputyRecord, LevelEntry
from liaison_desk.ui.roster.tab import RosterTab


def id_for(birth) -> str:
    """A valid ID number (GB 11643 check digit) for someone born on `birth`."""
    first = f"130223{birth:%Y%m%d}007"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, weights, strict=True)) % 11]

LINKS = ("sessiondeputy", "visitdeputy", "suggestiondeputy", "activityattendance", "groupmember",
         "statuschange")


def _counts(path, deputy_id):
    with sqlite3.connect(path) as c:
        out = {t: c.execute(f"SELECT COUNT(*) FROM {t} WHERE deputy_id = ?", (deputy_id,)).fetchone()[0]
               for t in LINKS}
        out["assisting"] = c.execute("SELECT COUNT(*) FROM visit WHERE assisting_deputy_id = ?",
                                     (deputy_id,)).fetchone()[0]
        out["audit"] = c.execute("SELECT COUNT(*) FROM auditentry WHERE record_id = ?", (deputy_id,)).fetchone()[0]
        return out


def _busiest_deputy(path):
    with sqlite3.connect(path) as c:
        return c.execute("SELECT deputy_id FROM visitdeputy GROUP BY deputy_id ORDER BY COUNT(*) DESC").fetchone()[0]


def test_check_lists_duplicates_and_the_tab_merges_keeping_every_reference(qtbot, ctx):
    path = ctx.db.path
    old_id = _busiest_deputy(path)
    roster = ctx.roster
    old = roster.get(old_id)
    ID = id_for(old.birth_date)
    old.id_number = ID
    roster.save(old)
    with sqlite3.connect(path) as c:  # make sure every kind of reference exists for the old record
        act = c.execute("SELECT id FROM activity LIMIT 1").fetchone()
        if act and not c.execute("SELECT 1 FROM activityattendance WHERE deputy_id = ?", (old_id,)).fetchone():
            c.execute("INSERT INTO activityattendance (id, activity_id, deputy_id, status, created_at, updated_at,"
                      " version) VALUES ('aa-merge-test', ?, ?, 'present', '2026-11-01 00:00:00',"
                      " '2026-11-01 00:00:00', 1)", (act[0], old_id))
        c.execute("UPDATE visit SET assisting_deputy_id = ? WHERE id = (SELECT id FROM visit LIMIT 1)", (old_id,))
    # The township's roster brought the same person in again, by another phone and unit.
    new_id = roster.save(DeputyRecord(name=old.name, id_number=ID[:6] + " " + ID[6:].replace("0", "０", 1), phone="13903159002",
                                      work_unit="青石镇政府", levels=[LevelEntry("township")]))
    before_old, before_new = _counts(path, old_id), _counts(path, new_id)
    assert before_old["visitdeputy"] > 0 and before_old["sessiondeputy"] > 0 and before_old["suggestiondeputy"] > 0
    refs = roster.references(old_id) + roster.references(new_id)

    out = run_cli("check", "--db", str(path), "--json")
    report = json.loads(out.stdout)
    assert [sorted(d["id"] for d in g["deputies"]) for g in report["duplicate_deputies"]] == \
        [sorted([old_id, new_id])]
    assert report["duplicate_deputies"][0]["id_number"] == "130223********" + ID[-4:]
    text = run_cli("check", "--db", str(path)).stdout
    assert "重复的代表（身份证号相同）：1 组" in text

    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    dlg = tab.merge_duplicates()
    assert dlg.group_combo.count() == 2 and set(dlg.ids()) == {old_id, new_id}
    dlg.set_pair(new_id, old_id)
    dlg.keep.button(0).setChecked(True)  # keep the new record: everything of the old one must move
    qtbot.addWidget(dlg)
    dlg.merge(new_id, old_id)
    qtbot.waitUntil(lambda: dlg.result_info is not None, timeout=20_000)

    after = _counts(path, new_id)
    for table in (*LINKS, "assisting"):
        assert after[table] == before_old[table] + before_new[table], table
    assert _counts(path, old_id) == {**dict.fromkeys(LINKS, 0), "assisting": 0, "audit": before_old["audit"] + 1}
    assert roster.references(new_id) == refs
    merged = roster.get(new_id)
    assert (merged.phone, merged.work_unit) == ("13903159002", "青石镇政府")  # the kept record's own values
    assert merged.birth_date == old.birth_date and merged.gender == old.gender  # blanks filled from the other
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT COUNT(*) FROM deputy WHERE id = ?", (old_id,)).fetchone()[0] == 0
        actions = [r[0] for r in c.execute("SELECT action FROM auditentry WHERE record_id IN (?, ?) "
                                           "ORDER BY at", (old_id, new_id))]
    assert actions.count("merge") == 1 and actions[-1] in ("merge", "delete")
    assert MergeService(ctx.db).duplicates() == []
