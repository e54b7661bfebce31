"""本站信息: stored, validated, logged in Chinese, asked once, and kept by the 0011 migration."""

from __future__ import annotations

import sqlite3

import pytest

from liaison_desk.errors import ValidationError
from liaison_desk.models import DEFAULT_STATION_NAME
from liaison_desk.services.station import StationService
from liaison_desk.store import migrate, open_database


def test_empty_database_has_the_fallback_and_asks_once(db):
    st = StationService(db)
    info = st.info()
    assert info.name == "人大代表联络站" == DEFAULT_STATION_NAME and not info.saved
    assert info.county_label == "县" and info.province_label == "省" and info.address == ""
    assert st.setup_pending()
    st.skip_setup()
    assert not st.setup_pending()
    assert st.info().saved is False  # skipping stores no station


def test_saving_every_field_reads_back(db):
    st = StationService(db)
    assert st.setup_pending()
    st.save_station(name=" 青石镇人大代表联络站 ", province="河北省", county="青山区", township="青石镇",
                    venue="联络站活动室", address="青石镇人民政府院内一楼东侧", directions="乘3路公交到镇政府站",
                    master="李建国", deputy_master="赵敏", liaison_officer="王丽娟", phone="0315 555 1234",
                    reception_weekday="星期四", notes="")
    info = st.info()
    assert info.saved and info.name == "青石镇人大代表联络站"
    assert (info.county_word, info.county_label) == ("district", "区")  # guessed from 青山区
    assert (info.province_word, info.province_label, info.province_short) == ("province", "省", "省")
    assert info.phone == "0315-5551234"  # spaces dropped, the area code kept apart (services.validate)
    assert info.reception_weekday == 4 and info.weekday_label == "星期四"
    assert (info.master, info.deputy_master, info.liaison_officer) == ("李建国", "赵敏", "王丽娟")
    assert not st.setup_pending()  # saving answers the first-start question too
    with sqlite3.connect(db.path) as c:  # stored as codes, one row
        assert c.execute("SELECT COUNT(*), county_word, province_word, address FROM station").fetchone() == (
            1, "district", "province", "青石镇人民政府院内一楼东侧")


def test_region_words_by_label_and_municipality(db):
    st = StationService(db)
    info = st.update_info(name="某街道人大代表联络站", province="北京市", county="朝阳区")
    assert info.province_label == "直辖市" and info.province_short == "市" and info.county_label == "区"
    info = st.update_info(province="内蒙古自治区", county="阿荣旗")
    assert info.province_label == "自治区" and info.county_label == "旗"
    info = st.update_info(county_word="县", province_word="省")  # chosen explicitly, by label
    assert (info.county_word, info.province_word) == ("county", "province")


@pytest.mark.parametrize(("values", "column", "words"), [
    ({"name": ""}, "联络站名称", "请填写联络站名称"),
    ({"name": "站", "phone": "12345"}, "联系电话", "不是有效的电话号码"),
    ({"name": "站", "county_word": "州"}, "县级称谓", "县、区、市、旗"),
    ({"name": "站", "province_word": "国"}, "省级称谓", "省、自治区、直辖市"),
    ({"name": "站", "reception_weekday": "8"}, "固定接待日", "1—7"),
    ({"name": "站" * 101}, "联络站名称", "最多 100 个字"),
    ({"name": "站", "address": "路" * 201}, "详细地址", "最多 200 个字"),
])
def test_invalid_values_name_the_field_and_store_nothing(db, values, column, words):
    st = StationService(db)
    with pytest.raises(ValidationError) as e:
        st.save_station(**values)
    assert e.value.column == column and words in str(e.value)
    assert not st.info().saved and st.setup_pending()


def test_unknown_field_is_refused(db):
    with pytest.raises(ValidationError):
        StationService(db).save_station(name="站", colour="红")


def test_audit_entry_is_chinese_and_names_the_fields(db):
    st = StationService(db)
    st.save_station(name="青石镇人大代表联络站")
    st.save_station(address="镇政府院内", phone="13800001111")
    with sqlite3.connect(db.path) as c:
        summaries = [r[0] for r in c.execute("SELECT summary FROM auditentry WHERE table_name = 'station' "
                                             "ORDER BY at")]
    assert summaries == ["填写本站信息：联络站名称", "修改本站信息：详细地址、联系电话"]


def test_migration_0011_keeps_an_existing_station(tmp_path):
    from alembic import command

    path = tmp_path / "old.db"
    old = open_database(path, upgrade=False)
    with old.engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0008")
    with old.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO station (id, created_at, updated_at, version, name, township, county, venue, address, "
            "directions, master, deputy_master, liaison_officer, phone, reception_weekday, notes) VALUES "
            "('s1', '2026-01-01', '2026-01-01', 1, '老站', '青石镇', '青山县', '活动室', '镇政府院内', '乘3路', "
            "'李站长', '', '王联络员', '0315-5551234', 2, '旧备注')")
    old.close()
    db = open_database(path)
    try:
        info = StationService(db).info()
        assert (info.name, info.township, info.county, info.address, info.directions) == (
            "老站", "青石镇", "青山县", "镇政府院内", "乘3路")
        assert (info.master, info.liaison_officer, info.phone, info.reception_weekday, info.notes) == (
            "李站长", "王联络员", "0315-5551234", 2, "旧备注")
        assert (info.county_word, info.province_word, info.province) == ("county", "province", "")
        assert not StationService(db).setup_pending()  # an existing station is never asked again
    finally:
        db.close()
