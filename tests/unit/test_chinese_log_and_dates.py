"""One date style for the clerk (2026年11月26日, 11月26日 where short) and an 操作日志 without English."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlmodel import SQLModel

from liaison_desk.models.enums import FIELD_LABELS, TABLE_LABELS
from liaison_desk.text import fmt_date, fmt_date_short, fmt_datetime, fmt_iso_text, fmt_period

AUDITED = ("deputy", "deputylevel", "visit", "suggestion", "suggestionevent", "receptionsession", "agency", "station",
           "holiday", "activity")
ROW_COLUMNS = {"id", "created_at", "updated_at", "version"}


def test_date_style():
    assert fmt_date(date(2026, 11, 26)) == "2026年11月26日" and fmt_date(date(2026, 3, 5)) == "2026年3月5日"
    assert fmt_date_short(date(2026, 3, 5), 2026) == "3月5日"
    assert fmt_date_short(date(2025, 3, 5), 2026) == "2025年3月5日"  # another year keeps its year
    assert fmt_date_short(date.today()) == f"{date.today().month}月{date.today().day}日"
    assert fmt_datetime(datetime(2026, 3, 5, 9, 7, 4)) == "2026年3月5日 09:07"
    assert fmt_datetime(datetime(2026, 3, 5, 9, 7, 4), seconds=True) == "2026年3月5日 09:07:04"
    aware = datetime(2026, 3, 5, 1, 0, tzinfo=UTC)
    assert fmt_datetime(aware) == fmt_datetime(aware.astimezone().replace(tzinfo=None))
    assert fmt_period(date(2026, 11, 1), date(2026, 11, 30)) == "2026年11月1日至2026年11月30日"
    assert fmt_iso_text("2026-11-02") == "2026年11月2日" and fmt_iso_text("青石镇") == "青石镇"


def test_every_audited_column_and_table_has_a_chinese_label():
    missing = [f"{t}.{c.name}" for t in AUDITED if t in SQLModel.metadata.tables
               for c in SQLModel.metadata.tables[t].columns if c.name not in ROW_COLUMNS and c.name not in FIELD_LABELS]
    assert missing == []
    for t in (*AUDITED, "exchangelog", "suggestionagency"):
        assert re.search(r"[A-Za-z]", TABLE_LABELS[t]) is None


_FILE = re.compile(r"[\w.\-（）()]+\.(?:db|xlsx|xls|ods|pdf|csv)")


def _english(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", _FILE.sub("", text))


def test_the_log_of_a_working_day_has_no_english(demo_db, tmp_path):
    """Real edits through the services (station, holiday, agency, deputy, visit, backup, handoff export and
    import), then every entry as the 操作日志 shows it: no English word left (file names aside)."""
    from helpers import DATA
    from liaison_desk.ledger.handoff_export import export_handoff
    from liaison_desk.ledger.handoff_import import TAKE, apply_handoff, read_handoff
    from liaison_desk.services.audit import AuditService
    from liaison_desk.services.calendar import HolidayService
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.services.safety.service import SafetyService
    from liaison_desk.services.station import StationService

    audit = AuditService(demo_db)
    audit.set_operator("王丽娟")
    StationService(demo_db).save_station(address="镇政府院内", county="青山区", reception_weekday=4)
    HolidayService(demo_db).set_day(date(2027, 1, 1), "off", "元旦")
    SafetyService(demo_db).backup()
    out = tmp_path / "台账.xlsx"
    handoff = HandoffService(demo_db)
    export_handoff(handoff, out, date(2026, 11, 1), date(2026, 11, 30))
    plan = read_handoff(handoff, DATA / "handoff" / "returned-libreoffice.xlsx")
    apply_handoff(handoff, plan, {c.key: TAKE for c in plan.conflicts})
    rows = audit.all_entries()
    assert len(rows) >= 8 and any(r.table_name == "exchangelog" and r.changes for r in rows)
    shown = [(r.action_label, r.table_label, r.summary, r.changes_text) for r in rows]
    english = {w for row in shown for part in row for w in _english(part)}
    assert english == set(), sorted(english)[:20]
    station = next(r for r in rows if r.table_name == "station" and "修改本站信息" in r.summary)
    assert "县（区）：临河县 → 青山区" in station.changes_text and "固定接待日：星期三 → 星期四" in station.changes_text
    assert all(r.table_label != r.table_name for r in rows)
