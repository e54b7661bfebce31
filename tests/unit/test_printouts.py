"""Papers drawn from plain rows: the mobile notice's place, the 安排表's footer kept with its rows, the letter's
发文字号 and line breaks, the register's long rows; checked on the PDF text (pypdf) of real files."""

from __future__ import annotations

from datetime import date, time

import pytest
from pypdf import PdfReader

from liaison_desk.printing.lines import NO_START
from liaison_desk.printing.notice import print_notice
from liaison_desk.printing.wall_schedule import print_schedule
from liaison_desk.services.schedule.printing import (
    NoticeData,
    NoticeDeputy,
    StationInfo,
    WallRow,
    WallSchedule,
)

pytestmark = pytest.mark.both_backends  # papers drawn from an SQLite file and from the server alike

STATION = StationInfo("青石镇人大代表联络站", "青石镇人大代表联络站", "临河县青石镇人民路18号",
                      "镇政府院内一楼东侧，乘3路公交至镇政府站下车", "0315-5123456", "王丽娟")


def _pages(path) -> list[str]:
    return [(p.extract_text() or "").replace(" ", "") for p in PdfReader(str(path)).pages]


def _notice(kind: str, venue: str) -> NoticeData:
    return NoticeData("s1", date(2026, 11, 26), time(9), time(11, 30), kind, venue, "乡村道路", date(2026, 11, 20),
                      (NoticeDeputy("李秀英", "乡镇人大代表", "东关村党支部书记", None),), (), STATION)


def test_mobile_notice_names_only_its_venue(tmp_path):
    text = "".join(_pages(print_notice(_notice("mobile", "小寨村村民委员会"), tmp_path / "m.pdf")))
    assert "小寨村村民委员会" in text
    for station_place in ("人民路18号", "镇政府院内", "3路公交", "交通指引"):
        assert station_place not in text, station_place
    assert "0315-5123456" in text  # whom to call stays


def test_notice_at_the_station_gives_its_address_and_directions(tmp_path):
    text = "".join(_pages(print_notice(_notice("regular", ""), tmp_path / "s.pdf")))
    for part in ("青石镇人大代表联络站", "临河县青石镇人民路18号", "镇政府院内一楼东侧", "交通指引"):
        assert part in text, part


def test_schedule_footer_is_never_alone_on_a_page(tmp_path):
    """For every table length, the page with 制表日期 also carries the last session's row."""
    seen_pages = set()
    for n in range(1, 41):
        rows = tuple(WallRow(date(2026, 1 + i // 4, 1 + i % 28), time(9), time(11, 30), "regular",
                             "青石镇人大代表联络站", f"主题{i + 1:02d}号", "李秀英、王建国", "", None, "planned")
                     for i in range(n))
        w = WallSchedule(STATION, date(2026, 1, 1), date(2026, 12, 31), rows, ())
        pages = _pages(print_schedule(w, tmp_path / f"s{n}.pdf", today=date(2026, 12, 1)))
        seen_pages.add(len(pages))
        footer = [i for i, p in enumerate(pages) if "制表日期" in p]
        assert len(footer) == 1, n
        assert f"主题{n:02d}号" in pages[footer[0]], f"{n} rows: footer alone on page {footer[0] + 1}"
        assert all("接待日期" in p for p in pages)  # the header row on every page
        assert "第1页共" in pages[0].replace(" ", "")
    assert len(seen_pages) > 1  # the loop crossed a page boundary


def test_register_row_longer_than_a_page_continues_on_the_next(tmp_path):
    from liaison_desk.printing.register import print_register
    from liaison_desk.services.visits.register import RegisterHead, RegisterRow

    long = "村道积水严重，" * 400
    rows = [RegisterRow(date(2026, 11, 26), None, "reception", "张三", 1, False, "东关村", "", long, "", "李秀英",
                        "other", "", "", "", "王丽娟", True, "赵六")]
    head = RegisterHead("青石镇人大代表联络站", date(2026, 11, 1), date(2026, 11, 30), 1, 1, False)
    pages = _pages(print_register(head, rows, tmp_path / "r.pdf"))
    assert len(pages) >= 2
    assert "".join(pages).count("村道积水严重") == 400
    assert all("反映问题" in p and "登记人" in p and "备注" in p for p in pages)
    first = pages[0].replace("\n", "")
    assert "王丽娟" in first and "重复来访" in first and "协助代表：赵六" in first


def test_letter_number_sequence_and_lines(db, tmp_path):
    from liaison_desk.printing.assignment_letter import print_letter
    from liaison_desk.services.station import AgencyRow
    from liaison_desk.services.suggestions.detail import SuggestionDetail
    from liaison_desk.services.suggestions.letters import LetterService, station_abbrev

    letters = LetterService(db)
    assert station_abbrev("青石镇人大代表联络站") == "青石人大联"
    first = letters.next_number(date(2026, 3, 1), "青石镇人大代表联络站")
    assert first == "青石人大联〔2026〕1号"
    letters.record_print(first, "镇农业办", 2)
    assert letters.next_number(date(2026, 3, 2), "青石镇人大代表联络站") == "青石人大联〔2026〕2号"
    assert letters.next_number(date(2027, 1, 4), "青石镇人大代表联络站") == "青石人大联〔2027〕1号"

    fields = SuggestionDetail.__dataclass_fields__
    assert "number" in fields and "title" in fields
    agency = AgencyRow(**{f: ("a1" if f == "id" else "青石镇人民政府农业农村办公室" if f == "name" else
                              "township" if f == "kind" else True if f == "active" else "")
                          for f in AgencyRow.__dataclass_fields__})
    detail = _detail(SuggestionDetail)
    out = print_letter(agency, [(detail, "lead")], "青石镇人大代表联络站", date(2026, 11, 26), tmp_path / "l.pdf",
                       number="青石人大联〔2026〕61号")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(out)).pages)
    assert "青石人大联〔2026〕61号" in text.replace(" ", "")
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("— ") and line.endswith(" —"):
            continue  # the page number (— 1 —)
        assert not line or line[0] not in NO_START, line


def _detail(cls):
    """A SuggestionDetail with every field empty but the few a letter prints."""
    import dataclasses

    values = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
            continue
        values[f.name] = None
    values.update(number="〔2026〕第61号", title="东关村至小寨村道路积水，雨季无法通行，群众出行困难，请尽快修复排水沟",
                  kind="citizen")
    for key in ("assigned_on", "deadline"):
        if key in values:
            values[key] = date(2026, 12, 10)
    return cls(**values)
