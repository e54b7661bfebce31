"""The handoff use cases: plan and apply a returned workbook, select an export's rows, record each exchange."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.base import Service
from liaison_desk.services.handoff import export as selection
from liaison_desk.services.handoff.plan import ImportPlan, ImportResult, plan_import
from liaison_desk.services.handoff.replies import apply_steps, other_fields
from liaison_desk.services.handoff.rows import ParsedWorkbook
from liaison_desk.services.handoff.schema import FORMAT_VERSION, period_label
from liaison_desk.services.names import pinyin_keys
from liaison_desk.store.bulk import BULK_MIN_ROWS, PausedSearch, insert_rows

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
KEEP, TAKE = "station", "workbook"  # conflict decisions
PENDING = "pending"  # ExchangeLog.direction of an export whose file is being written


class HandoffService(Service):
    """The monthly handoff workbook exchanged with the township, as plain rows in and out."""

    # import --------------------------------------------------------------------------------------
    def plan_import(self, parsed: ParsedWorkbook) -> ImportPlan:
        """What importing the parsed workbook would do (nothing is written)."""
        return plan_import(self.db, parsed)

    def apply(self, plan: ImportPlan, decisions: dict[str, str] | None = None,
              progress: Progress | None = None) -> ImportResult:
        """Write the plan in one transaction, after the import backup; conflicts keep the station's value
        unless decided. Replies go through LifecycleService, as if typed in the window."""
        from liaison_desk.models import ExchangeLog, metadata, utcnow

        if plan.errors:
            raise KnownError(f"台账中有 {len(plan.errors)} 处错误，没有导入任何数据", file=plan.path,
                             hint="请改正后重新导入", details=[e.as_dict() for e in plan.errors])
        decisions = decisions or {}
        taken = [c for c in plan.conflicts if decisions.get(c.key) == TAKE]
        changes = [*plan.changed, *taken]
        if not plan.new and not changes:
            return ImportResult(0, 0, 0, None)  # importing the same file again writes nothing at all
        backup = self.backup_before_import()
        tables = metadata().tables
        touched: set[str] = {"exchangelog", "auditentry"}
        now = utcnow()
        total = len(plan.new) + len(changes) or 1
        with self.db.session() as s:
            conn = s.connection()
            if conn.dialect.name == "sqlite":  # PostgreSQL: the rows go in parents first (_insert_new)
                conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            done = self._insert_new(conn, plan, touched, progress, total)
            for change in changes:
                fields = other_fields(change)
                if fields:
                    t = tables[change.table]
                    if change.table == "deputy" and "name" in fields:
                        fields["name_pinyin"], fields["name_initials"] = pinyin_keys(fields["name"])
                    conn.execute(t.update().where(t.c.id == change.id)
                                 .values(**fields, version=t.c.version + 1, updated_at=now))
                    self.audit(s, AuditAction.UPDATE, change.table, change.id, "乡镇交回的台账",
                               {f: [change.old.get(f), v] for f, v in fields.items()})
                try:  # the township's 交办 and 回复, through LifecycleService
                    if apply_steps(self.db, s, change):
                        touched |= {"suggestionevent", "suggestionagency"}
                except ValidationError as e:  # e.g. a conflict taken over that the window would refuse
                    raise KnownError(e.message, file=plan.path, sheet=change.sheet, row=change.row,
                                     column=e.column, hint="没有导入任何数据") from e
                touched.add(change.table)
                done += 1
                if progress and done % 500 == 0:
                    progress(done, total)
            counts = {"new": len(plan.new), "changed": len(plan.changed), "conflicts_taken": len(taken),
                      "conflicts_kept": len(plan.conflicts) - len(taken), "unchanged": plan.unchanged}
            s.add(ExchangeLog(direction="import", file_name=plan.path.name, sha256=plan.sha256, at=now,
                              format_version=FORMAT_VERSION, export_id=plan.export_id or None,
                              counts=json.dumps(counts, ensure_ascii=False)))
            self.audit(s, AuditAction.IMPORT, "exchangelog", plan.export_id or "",
                       f"导入乡镇返回的台账：新增 {len(plan.new)} 行，修改 {len(changes)} 行", counts)
        self.db.notify(*touched)
        log.info("handoff imported: %d new, %d changed", len(plan.new), len(changes))
        return ImportResult(len(plan.new), len(changes), len(taken), backup)

    @staticmethod
    def _insert_new(conn: Any, plan: ImportPlan, touched: set[str], progress: Progress | None, total: int) -> int:
        """Bulk-insert the plan's new rows, parents first; returns how many."""
        from liaison_desk.models import metadata

        by_table: dict[str, list[dict[str, Any]]] = {}
        for n in plan.new:
            by_table.setdefault(n.table, []).append(n.values)
        paused = PausedSearch(conn, {t: len(rows) for t, rows in by_table.items()}) \
            if len(plan.new) >= BULK_MIN_ROWS else None
        done = 0
        try:
            for t in metadata().sorted_tables:
                rows = by_table.get(t.name)
                if not rows:
                    continue
                for i in range(0, len(rows), 5000):
                    insert_rows(conn, t, rows[i:i + 5000])
                    done += len(rows[i:i + 5000])
                    if progress:
                        progress(done, total)
                touched.add(t.name)
            if paused is not None:
                paused.resume()
        finally:
            if paused is not None:
                paused.close()
        return done

    # export --------------------------------------------------------------------------------------
    @contextmanager
    def export_rows(self, start: date | None, end: date | None, mask: bool) -> Iterator[selection.ExportData]:
        """The period's rows per sheet as cell values, streamed from one read transaction: the period's
        records and the matters that changed in it (all open ones in the station's first handoff)."""
        stats = self.stats_rows(start, end)
        with self.db.engine.connect() as conn:
            yield selection.select_rows(conn, start, end, mask, stats, changed_only=True)

    def stats_rows(self, start: date | None, end: date | None) -> list[tuple[str, str, int | float | None]]:
        """The 统计 sheet: the statistics service's figures as they stood at the period's end (an open start
        is the first day on record; an open end, today)."""
        from liaison_desk.services.reports.form import form_rows
        from liaison_desk.services.reports.stats import StatsService

        report = StatsService(self.db).report(start or date(2000, 1, 1), end or date.today())
        return [(r.section, r.item, r.value) for r in form_rows(report)]

    def begin_export(self, path: Path, export_id: str, start: date | None, end: date | None) -> None:
        """Record the export as pending before its file is moved into place: a workbook delivered by a
        process killed before record_export is still recognised as this station's (plan: known_export)."""
        from liaison_desk.models import ExchangeLog, utcnow

        with self.db.session() as s:
            s.add(ExchangeLog(direction=PENDING, file_name=path.name, period_start=start, period_end=end,
                              at=utcnow(), format_version=FORMAT_VERSION, export_id=export_id))

    def cancel_export(self, export_id: str) -> None:
        """Forget a pending export whose file was never placed (the write failed)."""
        from liaison_desk.store.orm import text

        with self.db.session() as s:
            s.connection().execute(text("DELETE FROM exchangelog WHERE direction = :p AND export_id = :e"),
                                   {"p": PENDING, "e": export_id})

    def record_export(self, path: Path, sha256: str, export_id: str, start: date | None, end: date | None,
                      counts: dict[str, int]) -> None:
        """Confirm the export once its file is in place: the exchange log row and the audit entry."""
        from liaison_desk.models import ExchangeLog, utcnow
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            row = s.exec(select(ExchangeLog).where(ExchangeLog.export_id == export_id,
                                                   ExchangeLog.direction == PENDING)).first()
            row = row or ExchangeLog(direction=PENDING, file_name=path.name, period_start=start, period_end=end,
                                     at=utcnow(), format_version=FORMAT_VERSION, export_id=export_id)
            row.direction, row.sha256, row.at = "export", sha256, utcnow()
            row.counts = json.dumps(counts, ensure_ascii=False)
            s.add(row)
            self.audit(s, AuditAction.EXPORT, "exchangelog", export_id,
                       f"导出月度台账（{period_label(start, end)}，{sum(counts.values())} 行）")
        self.db.notify("exchangelog", "auditentry")
        log.info("handoff exported: %d rows", sum(counts.values()))
