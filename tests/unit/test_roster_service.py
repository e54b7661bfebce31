"""Saving deputies: every field, validation naming the field, status history, photos in the data folder."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.services.roster.photos import photo_path, store_photo
from liaison_desk.services.roster.service import DeputyRecord, LevelEntry, RosterService
from liaison_desk.services.validate import check_id_number, id_check_digit, mask_id

pytestmark = pytest.mark.both_backends  # services on an SQLite file and on PostgreSQL

GOOD_ID = "11010519491231002X"


def full_record(**kw):
    values = dict(name="单田芳", gender="m", ethnicity="汉族", birth_date=date(1949, 12, 31), political="中共党员",
                  education="大专", work_unit="单家庄村", post="党支部书记", phone="13803151234",
                  id_number=GOOD_ID, address="单家庄村", constituency="第3选区", is_cppcc=True, notes="备注",
                  levels=[LevelEntry("county", "第十八届", date(2021, 12, 28)), LevelEntry("township", "第二十一届")])
    values.update(kw)
    return DeputyRecord(**values)


def test_id_check_digit():
    assert id_check_digit(GOOD_ID[:17]) == "X"
    assert check_id_number(GOOD_ID.lower()) == GOOD_ID
    with pytest.raises(ValidationError):
        check_id_number("110105194912310021")
    assert mask_id(GOOD_ID) == "110105********002X"


def test_every_field_round_trips(db):
    roster = RosterService(db)
    gid = roster.add_group("第一代表小组")
    rec = full_record(group_id=gid, group_role="leader")
    did = roster.save(rec)
    got = roster.get(did)
    for f in ("name", "gender", "ethnicity", "birth_date", "political", "education", "work_unit", "post", "phone",
              "id_number", "address", "constituency", "is_cppcc", "notes"):
        assert getattr(got, f) == getattr(rec, f), f
    assert [(e.level, e.term, e.start_date) for e in got.levels] == [
        ("county", "第十八届", date(2021, 12, 28)), ("township", "第二十一届", None)]
    assert (got.group_id, got.group_role, got.group_name) == (gid, "leader", "第一代表小组")


@pytest.mark.parametrize(("change", "column"), [
    ({"name": " "}, "姓名"),
    ({"phone": "12345"}, "联系电话"),
    ({"id_number": "110105194912310021"}, "身份证号"),
    ({"birth_date": date(1950, 1, 1)}, "出生日期"),
    ({"levels": []}, "代表层级"),
    ({"levels": [LevelEntry("county", start_date=date(2022, 1, 1), end_date=date(2021, 1, 1))]}, "代表层级"),
])
def test_invalid_field_is_named_and_nothing_saved(db, change, column):
    roster = RosterService(db)
    with pytest.raises(ValidationError) as e:
        roster.save(full_record(**change))
    assert e.value.column == column
    assert roster.count() == 0


def test_status_history_keeps_date_and_reason(db):
    roster = RosterService(db)
    did = roster.save(full_record(status_date=date(2021, 12, 28), status_reason="当选"))
    rec = roster.get(did)
    rec.status, rec.status_date, rec.status_reason = "left", date(2025, 6, 30), "工作调动"
    roster.save(rec)
    hist = roster.status_history(did)
    assert [(h.status, h.changed_on, h.reason) for h in hist] == [
        ("left", date(2025, 6, 30), "工作调动"), ("active", date(2021, 12, 28), "当选")]


def test_photo_is_stored_scaled_in_the_data_folder_and_replaced(db, tmp_path):
    src = tmp_path / "我的照片.png"
    Image.new("RGBA", (1600, 2000), (200, 30, 30, 255)).save(src)
    name = store_photo(db, src)
    stored = photo_path(db, name)
    assert stored is not None and stored.parent == db.paths.photos
    with Image.open(stored) as im:
        assert im.format == "JPEG" and max(im.size) == 800
    roster = RosterService(db)
    did = roster.save(full_record(photo=name))
    rec = roster.get(did)
    rec.photo = ""
    roster.save(rec)
    assert photo_path(db, name) is None  # the old file went with the change


def test_photo_that_is_not_a_picture_is_refused(db, tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_text("not a picture")
    with pytest.raises(KnownError) as e:
        store_photo(db, bad)
    assert "照片无法读取" in str(e.value)
    assert not list(db.paths.photos.glob("*.jpg"))


def test_deputy_named_in_ledgers_cannot_be_deleted(demo_db):
    from sqlalchemy import text

    roster = RosterService(demo_db)
    with demo_db.engine.connect() as c:
        used = c.execute(text("SELECT deputy_id FROM sessiondeputy LIMIT 1")).scalar_one()
    with pytest.raises(KnownError) as e:
        roster.delete(used)
    assert "离任" in str(e.value)
    assert roster.get(used).name
    fresh = roster.save(full_record(id_number="", birth_date=None))
    roster.delete(fresh)
    assert roster.count() == demo_db.counts()["deputy"]
