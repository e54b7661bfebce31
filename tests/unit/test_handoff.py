"""Handoff export: the workbook's layout (read back by openpyxl and python-calamine) and the full round trip."""

from __future__ import annotations

import errno
from datetime import date

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select
from sqlmodel import SQLModel

from liaison_desk.errors import KnownError
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.ledger.handoff_import import import_handoff
from liaison_desk.services.handoff.schema import MAIN_SHEETS, SHEETS
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.store import bulk, open_database

# logs and preferences of this PC, and a township database's own bookkeeping: not exchanged
LOCAL_ONLY = {"auditentry", "exchangelog", "setting", "townshipfile", "townshipidmap", "townshipreview", "townshipmonth"}


def _all_rows(db, table):
    t = SQLModel.metadata.tables[table]
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(t).order_by(t.c.id)).mappings()]


def test_every_exchanged_table_has_a_sheet():
    assert {s.table for s in SHEETS} == set(SQLModel.metadata.tables) - LOCAL_ONLY


@pytest.mark.both_backends
def test_round_trip_into_an_empty_database_is_field_by_field_equal(demo_db, tmp_path):
    out = export_handoff(HandoffService(demo_db), tmp_path / "all.xlsx")
    empty = open_database(tmp_path / "empty.db")
    plan, result = import_handoff(HandoffService(empty), out.path)
    assert plan.errors == [] and plan.conflicts == []
    # every row is new but the score rules every database starts with (the same ids everywhere)
    assert plan.unchanged == out.counts["考核评分规则"] == 4
    assert result is not None and result.new == out.total - plan.unchanged == len(plan.new)
    for table in set(SQLModel.metadata.tables) - LOCAL_ONLY:
        assert _all_rows(empty, table) == _all_rows(demo_db, table), table
    logs = empty.counts()["exchangelog"]
    again, result2 = import_handoff(HandoffService(empty), out.path)
    assert (len(again.new), len(again.changed), len(again.conflicts), again.unchanged) == (0, 0, 0, out.total)
    assert result2 is not None and (result2.new, result2.changed) == (0, 0)
    assert empty.counts()["exchangelog"] == logs  # nothing at all was written the second time
    # and the exporting database itself sees its own workbook as unchanged
    same, _ = import_handoff(HandoffService(demo_db), out.path, dry_run=True)
    assert (len(same.new), len(same.changed), len(same.station_changes)) == (0, 0, 0)
    empty.close()


def test_bulk_import_keeps_search_and_integrity(demo_db, tmp_path, monkeypatch):
    from liaison_desk.services.base import text_match_sql
    from liaison_desk.services.handoff import service as handoff_service
    from liaison_desk.store.integrity import check

    monkeypatch.setattr(handoff_service, "BULK_MIN_ROWS", 1)  # the path big imports take
    monkeypatch.setattr(bulk, "BULK_MIN_ROWS", 1)  # every table's ordinary indexes set aside and built again
    out = export_handoff(HandoffService(demo_db), tmp_path / "all.xlsx")
    empty = open_database(tmp_path / "empty.db")
    schema = _indexes(empty)
    plan, result = import_handoff(HandoffService(empty), out.path)
    assert result is not None and result.new == out.total - plan.unchanged and plan.unchanged == 4  # seeded rules
    report = check(empty)
    assert report.ok, report.problems
    assert _indexes(empty) == schema and len(schema) > 50  # every index back, as the migrations made it
    with empty.engine.connect() as conn:  # each index holds exactly its table's rows
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM visit INDEXED BY ix_visit_village "
                                    "WHERE village IS NOT NULL").scalar() == \
            conn.exec_driver_sql("SELECT COUNT(*) FROM visit NOT INDEXED WHERE village IS NOT NULL").scalar() > 0
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000  # the load's large cache let go
    where, params = text_match_sql("visit", "", "停车难")
    with empty.engine.connect() as conn:
        found = conn.exec_driver_sql(f"SELECT COUNT(*) FROM visit WHERE {where}", params).scalar()
        like = conn.exec_driver_sql("SELECT COUNT(*) FROM visit WHERE content LIKE '%停车难%'").scalar()
        triggers = conn.exec_driver_sql("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").scalar()
    with demo_db.engine.connect() as conn:
        assert triggers == conn.exec_driver_sql("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").scalar()
    assert found == like > 0
    empty.close()


def _indexes(db):
    with db.engine.connect() as conn:
        return set(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'").all())


def test_a_bulk_import_that_fails_keeps_every_index(demo_db, tmp_path, monkeypatch):
    """The indexes set aside for a bulk load are dropped inside the import's transaction: a failure after
    some tables were loaded rolls the drops back with the rows."""
    from liaison_desk.services.handoff import service as handoff_service

    monkeypatch.setattr(handoff_service, "BULK_MIN_ROWS", 1)
    monkeypatch.setattr(bulk, "BULK_MIN_ROWS", 1)
    out = export_handoff(HandoffService(demo_db), tmp_path / "all.xlsx")
    empty = open_database(tmp_path / "empty.db")
    schema, before = _indexes(empty), empty.counts()
    real, calls = bulk.insert_rows, []

    def failing(conn, table, rows):  # type: ignore[no-untyped-def]
        calls.append(table.name)
        if table.name == "visit":
            raise OSError("disk full")
        return real(conn, table, rows)

    monkeypatch.setattr(handoff_service, "insert_rows", failing)
    with pytest.raises(OSError):
        import_handoff(HandoffService(empty), out.path)
    assert "deputy" in calls  # tables were loaded before the failure
    assert _indexes(empty) == schema and empty.counts() == before
    with empty.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
    empty.close()


@pytest.mark.both_backends
def test_workbook_layout_read_back_by_openpyxl(demo_db, tmp_path):
    res = export_handoff(HandoffService(demo_db), tmp_path / "m.xlsx", date(2026, 11, 1), date(2026, 11, 30))
    wb = load_workbook(res.path)
    assert wb.sheetnames[:7] == ["说明", "统计", *MAIN_SHEETS]
    assert wb["下拉选项"].sheet_state == "hidden"
    info = {r[0]: r[1] for r in wb["说明"].iter_rows(min_row=3, values_only=True)}
    assert info["格式版本"] == 1 and info["交换编号"] == res.export_id and info["联络站"] == "青石镇人大代表联络站"
    # a note longer than the 70-wide column holds in one line (35 Chinese characters) gets a row tall enough
    # for its lines, else readers draw it over the next rows
    notes = [r for r in wb["说明"].iter_rows(min_row=3) if isinstance(r[1].value, str) and len(r[1].value) > 40]
    assert len(notes) >= 2
    for r in notes:
        height = wb["说明"].row_dimensions[r[1].row].height
        assert height is not None and height >= 15 * (len(r[1].value) // 35 + 1), (r[1].row, height)
    ws = wb["意见建议"]
    assert ws["A1"].value == "意见建议办理情况登记" and "A1:" in str(ws.merged_cells)
    headers = [c.value for c in ws[2]]
    # what a reader sees first; the id, version and timestamps hidden at the far right (still read back)
    assert headers[0] == "类型" and "回复结果" in headers and "办理过程" in headers
    assert headers[-4:] == ["编号", "版本", "创建时间", "修改时间"]
    assert ws.freeze_panes == "B3" and ws.print_title_rows == "$2:$2"
    # the widest sheet: A3 landscape at full size, the first column repeated on every page across
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 8
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_cols == "$A:$A"
    letter = {h: c.column_letter for h, c in zip(headers, ws[2], strict=True)}
    assert all(ws.column_dimensions[letter[h]].hidden for h in ("编号", "版本", "创建时间", "修改时间"))
    # the hidden columns' cells wrap (on paper LibreOffice would spill them into the visible ones); the
    # visible text beside them keeps the default
    for row in ws.iter_rows(min_row=3):
        by = dict(zip(headers, row, strict=True))
        assert all(by[h].alignment.wrap_text for h in ("编号", "创建时间", "修改时间")), by["编号"].row
        assert not by["标题"].alignment.wrap_text
    validated = {str(dv.sqref).split(":")[0][:-1] for dv in ws.data_validations.dataValidation}
    assert {letter["回复结果"], letter["满意度"]} <= validated and letter["标题"] not in validated
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert all(f.startswith("'下拉选项'!") for f in formulas)
    dates = [r[headers.index("登记日期")] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert dates and all(d.date() >= date(2020, 1, 1) for d in dates)  # real date cells
    timeline = [r[headers.index("办理过程")] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert all("登记" in t for t in timeline) and any("交办（" in t for t in timeline)
    assert res.counts["来访登记"] == sum(1 for _ in wb["来访登记"].iter_rows(min_row=3))


@pytest.mark.both_backends
def test_formula_like_text_stays_text(demo_db, tmp_path):
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE visit SET content = '=HYPERLINK(\"http://x\",\"点我\")', request = '@SUM(A1)', "
                             "handling_note = '-1+2' WHERE id = (SELECT id FROM visit ORDER BY id LIMIT 1)")
    res = export_handoff(HandoffService(demo_db), tmp_path / "f.xlsx")
    ws = load_workbook(res.path)["来访登记"]
    headers = [c.value for c in ws[2]]
    col = headers.index("反映问题") + 1
    cells = [ws.cell(r, col) for r in range(3, ws.max_row + 1)]
    hit = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert len(hit) == 1 and hit[0].data_type == "s" and hit[0].quotePrefix  # Excel's ': editing keeps it text
    row = hit[0].row
    for header, text in (("诉求", "@SUM(A1)"), ("处理情况", "-1+2")):
        cell = ws.cell(row, headers.index(header) + 1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix, header
    rows = CalamineWorkbook.from_path(str(res.path)).get_sheet_by_name("来访登记").to_python()
    assert any(r[col - 1] == '=HYPERLINK("http://x","点我")' for r in rows)
    again, _ = import_handoff(HandoffService(demo_db), res.path, dry_run=True)
    assert again.station_changes == [] and again.errors == []


@pytest.mark.both_backends
def test_masked_export_hides_personal_data_and_reimports_unchanged(demo_db, tmp_path):
    res = export_handoff(HandoffService(demo_db), tmp_path / "mask.xlsx", mask=True)
    rows = CalamineWorkbook.from_path(str(res.path)).get_sheet_by_name("代表名册").to_python()
    headers = rows[1]
    phones = [r[headers.index("联系电话")] for r in rows[2:]]
    assert phones and all("****" in p for p in phones if p)
    ids = [r[headers.index("身份证号")] for r in rows[2:] if r[headers.index("身份证号")]]
    assert ids and all("********" in v for v in ids)
    visits = CalamineWorkbook.from_path(str(res.path)).get_sheet_by_name("来访登记").to_python()
    assert all("*" in r[visits[1].index("来访人")] for r in visits[2:])
    plan, _ = import_handoff(HandoffService(demo_db), res.path, dry_run=True)
    assert (len(plan.changed), len(plan.station_changes), len(plan.errors)) == (0, 0, 0)
    empty = open_database(tmp_path / "e.db")
    refused, result = import_handoff(HandoffService(empty), res.path)
    assert result is None and refused.errors and "脱敏" in refused.errors[0].message
    empty.close()


@pytest.mark.both_backends
def test_month_export_keeps_open_suggestions_and_children_of_exported_rows(demo_db, tmp_path):
    res = export_handoff(HandoffService(demo_db), tmp_path / "m.xlsx", date(2026, 10, 1), date(2026, 10, 31))
    data = CalamineWorkbook.from_path(str(res.path))
    sheet = data.get_sheet_by_name("来访登记").to_python()
    day, vid = sheet[1].index("来访日期"), sheet[1].index("编号")  # by header: ids sit hidden at the far right
    visits = sheet[2:]
    assert visits and all(date(2026, 10, 1) <= v[day] <= date(2026, 10, 31) for v in visits)
    visit_ids = {v[vid] for v in visits}
    sheet = data.get_sheet_by_name("来访接待代表").to_python()
    links, ref = sheet[2:], sheet[1].index("来访登记编号")
    assert links and {r[ref] for r in links} <= visit_ids
    with demo_db.engine.connect() as conn:
        open_before = conn.exec_driver_sql("SELECT COUNT(*) FROM suggestion WHERE registered_on <= '2026-10-31' AND "
                                           "(archived_on IS NULL OR archived_on >= '2026-10-01')").scalar()
    assert res.counts["意见建议"] >= open_before > 0


def _local_day(stamp) -> date | None:
    """A stored UTC timestamp (text on SQLite, datetime on PostgreSQL) as the local calendar day."""
    from datetime import UTC, datetime

    if stamp is None:
        return None
    when = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(str(stamp))
    return when.replace(tzinfo=UTC).astimezone().date()


def _day(v) -> date | None:
    return None if v is None else date.fromisoformat(str(v)[:10])


def _changed_matters(db, start: date, end: date) -> set[str]:
    """The oracle, in Python from whole tables: matters registered in [start, end], raised by its visits,
    or registered by its end with a date, a timeline event, an agency step or an edit inside it."""
    def inside(d):
        return d is not None and start <= d <= end

    with db.engine.connect() as conn:
        q = conn.exec_driver_sql
        touched = {sid for sid, day, at in q("SELECT suggestion_id, happened_on, recorded_at FROM suggestionevent")
                   if inside(_day(day)) or inside(_local_day(at))}
        touched |= {sid for sid, a, r in q("SELECT suggestion_id, assigned_on, returned_on FROM suggestionagency")
                    if inside(_day(a)) or inside(_day(r))}
        raised = {sid for sid, day in q("SELECT suggestion_id, visited_on FROM visit WHERE suggestion_id IS NOT NULL")
                  if inside(_day(day))}
        out = set()
        for sid, reg, *dates, upd in q("SELECT id, registered_on, assigned_on, reply_on, feedback_on, archived_on, "
                                       "updated_at FROM suggestion"):
            reg = _day(reg)
            if inside(reg) or sid in raised or (reg <= end and (
                    sid in touched or any(inside(_day(d)) for d in dates) or inside(_local_day(upd)))):
                out.add(sid)
    return out


def _ids(path, sheet: str) -> list[str]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    at = rows[1].index("编号")
    return [r[at] for r in rows[2:]]


@pytest.mark.both_backends
def test_month_after_the_first_carries_only_the_matters_that_changed(demo_db, tmp_path):
    from liaison_desk.services.suggestions.lifecycle import LifecycleService

    service = HandoffService(demo_db)
    oct_first, oct_last = date(2026, 10, 1), date(2026, 10, 31)
    with demo_db.engine.connect() as conn:
        open_in_october = {r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM suggestion WHERE registered_on <= '2026-10-31' AND "
            "(archived_on IS NULL OR archived_on >= '2026-10-01')")}
    # the station's first handoff carries every matter open then (the township starts from the whole list)
    first = export_handoff(service, tmp_path / "first.xlsx", oct_first, oct_last)
    assert set(_ids(first.path, "意见建议")) >= open_in_october
    export_handoff(service, tmp_path / "sep.xlsx", date(2026, 9, 1), date(2026, 9, 30))

    calls: list[tuple[int, int]] = []
    res = export_handoff(service, tmp_path / "oct.xlsx", oct_first, oct_last, progress=lambda d, t: calls.append((d, t)))
    carried = _ids(res.path, "意见建议")
    expected = _changed_matters(demo_db, oct_first, oct_last)
    assert len(carried) == len(set(carried)) and set(carried) == expected
    quiet = sorted(open_in_october - expected)
    assert quiet and len(carried) < len(_ids(first.path, "意见建议"))  # smaller than the first handoff
    # the matters' children follow them: timeline and agencies only of the matters carried
    for sheet, header in (("办理过程", "意见建议编号"), ("建议承办", "意见建议编号")):
        rows = CalamineWorkbook.from_path(str(res.path)).get_sheet_by_name(sheet).to_python()
        at = rows[1].index(header)
        assert {r[at] for r in rows[2:]} <= expected, sheet
    # the progress bar counts what is written, not the whole tables
    assert calls[-1] == (res.total, res.total) and all(t == res.total for _, t in calls)

    # a note on a quiet matter dated in October: the matter changed in October, and now comes along
    with demo_db.engine.connect() as conn:
        last = {sid: _day(d) for sid, d in conn.exec_driver_sql(
            "SELECT suggestion_id, MAX(happened_on) FROM suggestionevent GROUP BY suggestion_id")}
    q = next(sid for sid in quiet if (last.get(sid) or date.min) <= date(2026, 10, 20))
    LifecycleService(demo_db).note(q, date(2026, 10, 20), "电话询问办理进度")
    again = export_handoff(service, tmp_path / "oct2.xlsx", oct_first, oct_last)
    assert set(_ids(again.path, "意见建议")) == expected | {q}

    # the station reads its own smaller workbook back: nothing new, changed or lost
    counts = demo_db.counts()
    same, result = import_handoff(service, again.path)
    assert (len(same.new), len(same.changed), len(same.conflicts), len(same.errors)) == (0, 0, 0, 0)
    assert {k: v for k, v in demo_db.counts().items() if k not in ("exchangelog", "auditentry")} == \
        {k: v for k, v in counts.items() if k not in ("exchangelog", "auditentry")}

    # --all still carries everything
    everything = export_handoff(service, tmp_path / "all.xlsx")
    with demo_db.engine.connect() as conn:
        assert everything.counts["意见建议"] == conn.exec_driver_sql("SELECT COUNT(*) FROM suggestion").scalar()


def test_missing_folder_or_pulled_usb_leaves_no_file(demo_db, tmp_path, monkeypatch):
    with pytest.raises(KnownError) as e:
        export_handoff(HandoffService(demo_db), tmp_path / "no-such-usb" / "x.xlsx")
    assert "U盘" in str(e.value)
    from openpyxl import Workbook

    real_save = Workbook.save

    def save_then_pull(self, filename):  # the stick disappears while the zip is being written
        real_save(self, filename)
        with open(filename, "r+b") as fh:
            fh.truncate(100)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Workbook, "save", save_then_pull)
    target = tmp_path / "usb" / "台账.xlsx"
    target.parent.mkdir()
    with pytest.raises(KnownError) as e:
        export_handoff(HandoffService(demo_db), target)
    assert "U盘已被拔出" in str(e.value) and "台账.xlsx" in str(e.value)
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize(("county", "setting", "word", "other"),
                         [("临河县", None, "县", "区"), ("河西区", None, "区", "县"), ("青山", "区", "区", "县"),
                          ("青山", "旗", "旗", "区")])
def test_workbook_dropdowns_use_the_stations_region_word(db, tmp_path, county, setting, word, other):
    """A 县 station's workbook says 县人民法院 (dropdown and cells); a 区 station's says 区人民法院: the word
    set in 本站信息 (县级称谓), or read from the county's name when none was set."""
    from openpyxl import load_workbook

    from liaison_desk.ledger.handoff_export import export_handoff
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.services.station import StationService

    st = StationService(db)
    st.save_station(name="青石镇人大代表联络站", township="青石镇", county=county,
                    **({"county_word": setting} if setting else {}))
    st.save_agency(f"{county}人民法院", "court")
    out = export_handoff(HandoffService(db), tmp_path / "x.xlsx").path
    wb = load_workbook(out)
    lists = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value and str(c.value).endswith("人民法院") and not str(c.value).startswith(county)]
    assert f"{word}人民法院" in lists and f"{other}人民法院" not in lists
    ag = wb["承办单位"]
    head = {c.value: c.column for c in ag[2]}
    kinds = [ag.cell(r, head["单位类别"]).value for r in range(3, ag.max_row + 1)]
    assert kinds == [f"{word}人民法院"]
    refs = {dv.formula1 for dv in ag.data_validations.dataValidation}
    assert refs  # the 单位类别 column has its dropdown
    from liaison_desk.models.enums import AgencyKind

    assert AgencyKind.from_label(f"{word}人民法院") is AgencyKind.from_label(f"{other}人民法院") is AgencyKind.COURT
