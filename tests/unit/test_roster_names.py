"""Pinyin keys and the shared name matcher (names.py) against a real database."""

from __future__ import annotations

import pytest

from liaison_desk.services.names import pinyin_keys
from liaison_desk.services.roster.service import DeputyFilter, DeputyRecord, LevelEntry, RosterService


@pytest.mark.parametrize(("name", "full", "initials"), [
    ("张三", "zhangsan", "zs"),
    ("单田芳", "shantianfang|dantianfang", "stf|dtf"),
    ("曾国藩", "zengguofan|cengguofan", "zgf|cgf"),
    ("解缙", "xiejin|jiejin", "xj|jj"),
    ("翟志刚", "zhaizhigang|dizhigang", "zzg|dzg"),
    ("尉迟恭", "yuchigong", "ycg"),
    ("欧阳修", "ouyangxiu", "oyx"),
])
def test_surnames_read_as_surnames(name, full, initials):
    assert pinyin_keys(name) == (full, initials)


def _add(roster, name, phone="", unit=""):
    return roster.save(DeputyRecord(name=name, phone=phone, work_unit=unit, levels=[LevelEntry("township")]))


def _names(roster, query):
    return {r.name for r in roster.list(DeputyFilter(query=query))}


def test_search_by_initials_pinyin_part_phone_unit(db):
    roster = RosterService(db)
    _add(roster, "张三", "13803151234", "青石镇中心小学")
    _add(roster, "单田芳", "13903150000", "单家庄村")
    _add(roster, "曾秀兰")
    _add(roster, "李四")
    assert _names(roster, "zs") == {"张三"}
    assert _names(roster, "ZS") == {"张三"}
    assert _names(roster, "zhangs") == {"张三"}
    assert _names(roster, "stf") == {"单田芳"}
    assert _names(roster, "dtf") == {"单田芳"}  # the everyday reading still finds her
    assert _names(roster, "shan") == {"单田芳"}
    assert _names(roster, "zxl") == {"曾秀兰"}
    assert _names(roster, "田") == {"单田芳"}
    assert _names(roster, "1234") == {"张三"}
    assert _names(roster, "中心小学") == {"张三"}
    assert _names(roster, "s") == {"单田芳"}  # initials match from the start only, not "zs"
    assert _names(roster, "%") == set()


def test_choices_use_the_same_matcher(db):
    roster = RosterService(db)
    did = _add(roster, "解文军")
    assert roster.choices("xwj") == [(did, "解文军（镇）")]
