"""Visit search in SQL: FTS5 trigram (3+ characters) and the 1–2 character path equal a plain LIKE."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from liaison_desk.services.base import Page
from liaison_desk.services.visits.service import VisitFilter, VisitRecord, VisitService

TEXTS = [
    ("张停车", "青石镇东村", "村口停车难，车辆乱停乱放", "希望划定停车位", ""),
    ("李四", "青石镇西村", "路灯坏了三个月没人修", "", "已转告村委会"),
    ("王五", "东村", "小区停车场收费不合理 100% 涨价", "降价", ""),
    ("赵六", "南村", "ABC公司拖欠工资_问题", "", ""),
    ("钱七", "北村", "abc 公司噪音扰民", "", ""),
    ("孙八", "西村", "ＡＢＣ全角字母的来信", "", ""),
    ("周九", "东村", "路面积水\n排水沟堵塞", "", "路"),
    ("吴十", "南村", "学校门口交通拥堵", "增设红绿灯", "已当场答复"),
]
QUERIES = ["路", "停", "a", "A", "%", "_", "停车", "ab", "AB", "0%", "\\", "车难", "路灯坏", "abc", "ABC", "ａｂｃ",
           "停车难", "100%", "_问题", "拖欠工资_", "青石镇", "不存在的词", "积水\n排水", "学校门口交通", "划定停车位"]


@pytest.fixture
def svc(db):
    s = VisitService(db)
    for i, (name, addr, content, request, note) in enumerate(TEXTS):
        s.save(VisitRecord(visited_on=date(2026, 1, 1) + timedelta(days=i), visitor_name=name, visitor_address=addr,
                           village=addr[-2:], content=content, request=request, handling_note=note))
    # An update must reach the index too (trigger on UPDATE).
    first = s.list(VisitFilter(query="学校门口"))[0]
    rec = s.get(first.id)
    rec.content = "学校门口交通拥堵，上下学停车难"
    s.save(rec)
    return s


# What the clerk expects a search to look through, listed here independently of the service's SQL.
SEARCHED = ("visitor_name", "visitor_address", "content", "request", "handling_note")


def _ascii_fold(s: str) -> str:
    """SQLite's LIKE folds ASCII letters only (Ａ and ａ stay different)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def _plain_like(db, q: str) -> set[str]:
    """The oracle: visits whose searched fields (joined by line breaks) contain the query, in Python."""
    needle = _ascii_fold(q.strip())
    with db.engine.connect() as c:
        rows = c.execute(text(f"SELECT id, {', '.join(SEARCHED)} FROM visit")).all()
    return {r[0] for r in rows if needle in _ascii_fold("\n".join(v or "" for v in r[1:]))}


@pytest.mark.parametrize("q", QUERIES)
def test_search_equals_plain_like(svc, db, q):
    expected = _plain_like(db, q)
    rows = svc.list(VisitFilter(query=q))
    assert {r.id for r in rows} == expected
    assert svc.count(VisitFilter(query=q)) == len(expected)


def test_every_query_length_is_exercised_with_hits(svc, db):
    for q in ("路", "停车", "停车难"):  # 1, 2 and 3 characters, each with hits
        assert len(_plain_like(db, q)) >= 2
        assert svc.count(VisitFilter(query=q)) == len(_plain_like(db, q))
    assert svc.count(VisitFilter(query="停车难")) == 2  # one of them only after the update


def test_full_width_letters_are_not_folded_by_fts(svc, db):
    # FTS5 trigram folds ＡＢＣ to ａｂｃ; plain LIKE does not — the search follows LIKE.
    assert svc.count(VisitFilter(query="ａｂｃ")) == len(_plain_like(db, "ａｂｃ")) == 0
    assert svc.count(VisitFilter(query="ABC")) == 2  # ASCII case is folded by both


def test_filters_combine_with_search_and_page(svc):
    f = VisitFilter(query="村", start=date(2026, 1, 2), end=date(2026, 1, 5))
    rows = svc.list(f)
    assert all(date(2026, 1, 2) <= r.visited_on <= date(2026, 1, 5) for r in rows)
    assert svc.count(f) == len(rows)
    assert [r.visited_on for r in rows] == sorted((r.visited_on for r in rows), reverse=True)
    assert svc.list(VisitFilter(), Page(2, 3)) == svc.list(VisitFilter())[2:5]
    assert svc.count(VisitFilter(village="东村")) == 3  # addr[-2:]


def test_deleted_visit_leaves_the_index(svc):
    row = svc.list(VisitFilter(query="路灯坏"))[0]
    svc.delete(row.id)
    assert svc.count(VisitFilter(query="路灯坏")) == 0
    assert svc.count(VisitFilter(query="坏")) == 0
