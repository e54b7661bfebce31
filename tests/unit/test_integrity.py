"""Integrity checks: a sound database passes; damage is found by quick_check and explained to the clerk."""

from __future__ import annotations

from liaison_desk.store.integrity import check, damaged_error, quick_check_file


def test_sound_database_passes(demo_db):
    report = check(demo_db)
    assert report.ok and report.problems == [] and report.counts["visit"] == 220
    assert quick_check_file(demo_db.path) == []


def test_damage_is_found_and_explained(demo_db, tmp_path):
    demo_db.close()
    data = bytearray(demo_db.path.read_bytes())
    data[4096 * 30:4096 * 70] = b"\x99" * (4096 * 40)
    bad = tmp_path / "bad.db"
    bad.write_bytes(bytes(data))
    findings = quick_check_file(bad)
    assert findings
    err = damaged_error(bad, findings)
    assert err.newest_backup is None and "U盘" in str(err) and "已损坏" in str(err)


def test_not_a_database_is_found(tmp_path):
    path = tmp_path / "x.db"
    path.write_text("hello" * 1000)
    assert quick_check_file(path)
