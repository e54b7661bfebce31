"""The program's open workspace: one database and every service over it, and the start-up that opens it.

`open_for_window` is the one call the window makes at start (path resolved once, lock, quick_check,
restore from a backup when the file is damaged, migrations); the screen then sees only the `Workspace`
and its services, never `store/`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_desk.config import resolve_db_path, server_url
from liaison_desk.store.db import WHEN_DUE, Database, open_database
from liaison_desk.store.integrity import DatabaseDamaged

if TYPE_CHECKING:  # every service is imported on first use (Workspace.__getattr__): lists need no ORM
    from liaison_desk.services.activities.checks import ActivityChecks
    from liaison_desk.services.activities.files import ActivityFiles
    from liaison_desk.services.activities.members import MemberService
    from liaison_desk.services.activities.scores import ScoreService
    from liaison_desk.services.activities.service import ActivityService
    from liaison_desk.services.audit import AuditService
    from liaison_desk.services.calendar import HolidayService, WorkCalendar
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.services.masking import MaskingService
    from liaison_desk.services.reports.papers import PapersService
    from liaison_desk.services.reports.series import YearSeriesService
    from liaison_desk.services.reports.stats import StatsService
    from liaison_desk.services.roster.listing import RosterListing
    from liaison_desk.services.roster.service import RosterService
    from liaison_desk.services.safety.service import SafetyService
    from liaison_desk.services.schedule.frequency import FrequencyService
    from liaison_desk.services.schedule.notices import NoticeService
    from liaison_desk.services.schedule.rota import RotaService
    from liaison_desk.services.schedule.rules import SessionFacts, Violation
    from liaison_desk.services.schedule.service import ScheduleService
    from liaison_desk.services.schedule.unavailable import AbsenceService
    from liaison_desk.services.station import StationService
    from liaison_desk.services.suggestions.deadlines import DeadlineService
    from liaison_desk.services.suggestions.detail import SuggestionDetailService
    from liaison_desk.services.suggestions.letters import LetterService
    from liaison_desk.services.suggestions.lifecycle import LifecycleService
    from liaison_desk.services.suggestions.service import SuggestionService
    from liaison_desk.services.township.service import TownshipService
    from liaison_desk.services.township.stats import TownshipStats
    from liaison_desk.services.township.status import ReportingService
    from liaison_desk.services.visits.listing import VisitListing
    from liaison_desk.services.visits.service import VisitService

log = logging.getLogger(__name__)
Listener = Callable[[frozenset[str]], None]


class Photos:
    """The deputies' photo files beside the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def path(self, name: str) -> Path | None:
        from liaison_desk.services.roster.photos import photo_path

        return photo_path(self._db, name)

    def store(self, source: Path | str) -> str:
        from liaison_desk.services.roster.photos import store_photo

        return store_photo(self._db, source)

    def remove(self, name: str) -> None:
        from liaison_desk.services.roster.photos import remove_photo

        remove_photo(self._db, name)


class ScheduleRules:
    """The station's reception rules over the stored sessions (services.schedule.rules)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def calendar(self) -> WorkCalendar:
        """The working-day calendar as stored now (holidays and make-up days)."""
        from liaison_desk.services.calendar import WorkCalendar

        return WorkCalendar(self._db)

    def check_range(self, start: date, end: date, cal: WorkCalendar | None = None) -> list[Violation]:
        from liaison_desk.services.schedule.rules import check_range

        return check_range(self._db, cal or self.calendar(), start, end)

    def check_draft(self, draft: SessionFacts, cal: WorkCalendar | None = None) -> list[Violation]:
        from liaison_desk.services.schedule.rules import check_draft

        return check_draft(self._db, cal or self.calendar(), draft)


class Workspace:
    """One open database and the services the screen may use; plain Python, no Qt."""

    # Each service is built on first use from this table (attribute: module, class): opening on the
    # 代表名册 or 来访登记 tab reads its first rows through `roster_list` / `visit_list` (plain SQL) and
    # imports no ORM; the first edit builds the service that needs it.
    SERVICES: dict[str, tuple[str, str]] = {
        "roster_list": ("roster.listing", "RosterListing"),
        "visit_list": ("visits.listing", "VisitListing"),
        "roster": ("roster.service", "RosterService"),
        "schedule": ("schedule.service", "ScheduleService"),
        "visits": ("visits.service", "VisitService"),
        "suggestions": ("suggestions.service", "SuggestionService"),
        "station": ("station", "StationService"),
        "deadlines": ("suggestions.deadlines", "DeadlineService"),
        "details": ("suggestions.detail", "SuggestionDetailService"),
        "letters": ("suggestions.letters", "LetterService"),
        "safety": ("safety.service", "SafetyService"),
        "audit": ("audit", "AuditService"),
        "absences": ("schedule.unavailable", "AbsenceService"),
        "holidays": ("calendar", "HolidayService"),
        "rota": ("schedule.rota", "RotaService"),
        "frequency": ("schedule.frequency", "FrequencyService"),
        "notices": ("schedule.notices", "NoticeService"),
        "handoff": ("handoff.service", "HandoffService"),
        "activities": ("activities.service", "ActivityService"),
        "activity_files": ("activities.files", "ActivityFiles"),
        "activity_checks": ("activities.checks", "ActivityChecks"),
        "members": ("activities.members", "MemberService"),
        "scores": ("activities.scores", "ScoreService"),
        "stats": ("reports.stats", "StatsService"),
        "year_series": ("reports.series", "YearSeriesService"),
        "papers": ("reports.papers", "PapersService"),
        "masking": ("masking", "MaskingService"),
        "township": ("township.service", "TownshipService"),
        "reporting": ("township.status", "ReportingService"),
        "township_stats": ("township.stats", "TownshipStats"),
    }
    roster_list: RosterListing
    visit_list: VisitListing
    roster: RosterService
    schedule: ScheduleService
    visits: VisitService
    suggestions: SuggestionService
    station: StationService
    deadlines: DeadlineService
    lifecycle: LifecycleService
    details: SuggestionDetailService
    bodies: Any  # who assigns (交办机关): the lifecycle's
    letters: LetterService
    safety: SafetyService
    audit: AuditService
    absences: AbsenceService
    holidays: HolidayService
    rota: RotaService
    frequency: FrequencyService
    notices: NoticeService
    handoff: HandoffService
    rules: ScheduleRules
    photos: Photos
    activities: ActivityService
    activity_files: ActivityFiles
    activity_checks: ActivityChecks
    members: MemberService
    scores: ScoreService
    stats: StatsService
    year_series: YearSeriesService
    papers: PapersService
    masking: MaskingService
    township: TownshipService
    reporting: ReportingService
    township_stats: TownshipStats

    def __init__(self, db: Database) -> None:
        # Kept for the formats (ledger/, printing/) that still take the database; the screen uses services.
        self.db = db
        self.rules = ScheduleRules(db)
        self.photos = Photos(db)

    def __getattr__(self, name: str) -> Any:
        """Build a service on first use and keep it (only names not set yet reach here)."""
        if name == "lifecycle":
            from liaison_desk.models import import_module

            lifecycle = import_module("liaison_desk.services.suggestions.lifecycle")
            made: Any = lifecycle.LifecycleService(self.db, self.deadlines)
        elif name == "bodies":
            made = self.lifecycle.bodies
        elif name in self.SERVICES:
            from liaison_desk.models import import_module

            module, cls = self.SERVICES[name]
            made = getattr(import_module(f"liaison_desk.services.{module}"), cls)(self.db)
        else:
            raise AttributeError(name)
        setattr(self, name, made)
        return made

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def is_server(self) -> bool:
        """The database is on a PostgreSQL server, where other clerks change rows too."""
        return bool(self.db.is_server)

    def poll_changes(self) -> frozenset[str]:
        """The tables other clerks changed since the last poll (row count or newest updated_at moved),
        announced like our own changes so the screens reload them; nothing on an SQLite file (one program)."""
        if not self.db.is_server:
            return frozenset()

        with self.db.reading() as c:
            seen = {t: tuple(c.execute(f'SELECT COUNT(*), MAX(updated_at) FROM "{t}"').one())
                    for t in WATCHED_TABLES}
        before, self._seen = getattr(self, "_seen", seen), seen
        changed = frozenset(t for t, v in seen.items() if before.get(t) != v)
        if changed:
            self.db.notify(*changed)
        return changed

    @property
    def where(self) -> str:
        """The database for the clerk: its file, or the server's address (without a password)."""
        return self.db.where

    @property
    def operator(self) -> str:
        """Who is working now (操作员); recorded in the audit log."""
        return self.db.operator

    @operator.setter
    def operator(self, name: str) -> None:
        self.db.operator = name

    @property
    def read_only(self) -> bool:
        """The database sits on a write-protected medium: reading only, every write is refused."""
        return bool(self.db.read_only)

    @property
    def startup_notes(self) -> list[str]:
        return self.db.startup_notes

    def counts(self, tables: Iterable[str] | None = None) -> dict[str, int]:
        """Row counts of `tables` (the status bar's few), or of every table."""
        return self.db.counts(tables)

    def is_empty(self) -> bool:
        """True when no station data has been entered (only what the migrations seed)."""
        return bool(self.db.is_empty())

    def integrity_check_due(self) -> bool:
        """The weekly quick_check is due (startup_check.check_plan); the window runs it after the first rows."""
        return bool(self.db.check_due) and not self.db.is_server

    def integrity_check(self) -> DatabaseDamaged | None:
        """The weekly quick_check of the open database (run off the GUI thread). When it finds damage,
        every later write is refused and the DatabaseDamaged (with the newest good backup) is returned."""
        from liaison_desk.startup_check import record_good_check
        from liaison_desk.store.integrity import quick_check_file, stop_writes_damaged

        findings = quick_check_file(self.db.path)
        self.db.check_due = False
        if not findings:
            record_good_check(self.db.path)
            return None
        log.error("database failed the background quick_check (%d findings)", len(findings))
        return stop_writes_damaged(self.db, findings)

    @property
    def writes_stopped(self) -> bool:
        """A check found the open database damaged: reading only until it is restored from a backup."""
        from liaison_desk.store.engine import writes_stopped

        return not self.db.is_server and writes_stopped(self.db.path) is not None

    def daily_backup_due(self) -> bool:
        from liaison_desk.store import backup as backups

        if self.db.is_server:
            from liaison_desk.store import migrate

            has_tables = not migrate.is_empty(self.db.engine)
        else:  # sqlite3 alone: this runs on the GUI thread just after the first rows
            has_tables = self.db.read("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")[0][0] > 0
        return bool(has_tables) and backups.daily_backup_due(self.db.path)

    def daily_backup(self) -> Path:
        """The first backup of the day (run off the GUI thread after the window is shown)."""
        from liaison_desk.store import backup as backups

        return backups.backup_database(self.db, backups.DAILY)

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(tables)` after a service changed rows of those tables (on the caller's thread)."""
        self.db.subscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self.db.unsubscribe(listener)

    def close(self) -> None:
        self.db.close()


# What the window re-reads when another clerk changed it (several clerks on one server database).
WATCHED_TABLES = ("deputy", "receptionsession", "visit", "suggestion", "suggestionevent", "activity", "agency",
                  "station", "holiday", "auditentry")

ChooseBackup = Callable[[DatabaseDamaged], Path | None]


def open_for_window(given: str | Path | None = None, *, choose_backup: ChooseBackup | None = None,
                    daily_backup: bool = False, precheck: Any = None, operator: str = "",
                    make_folders: bool = True) -> Workspace | None:
    """Open the program's database for the window: the start-up flow in one call.

    The path is resolved once (config.resolve_db_path); then lock (one program per database),
    quick_check when the last session did not end cleanly or a restore or migration forced it (`precheck`
    is one already running; otherwise `integrity_check_due()` says whether the window should run the weekly
    one after its first rows), the daily backup if asked, migrations. A damaged
    file is never opened: `choose_backup(error)` (the screen's question) names a backup to restore over
    it, or None to quit (then this returns None); without it the DatabaseDamaged propagates. Known errors
    propagate. A missing database is created (the first start), with its folders only when `make_folders`
    (the default place, never a path the clerk typed); a read-only medium opens read-only.
    """
    url = server_url(str(given) if given else None)
    if url is not None:  # a PostgreSQL server: no lock, no quick_check, no file backups (store/server.py)
        db = open_database(url)
        db.operator = operator
        return Workspace(db)
    path = resolve_db_path(given)
    restored_from: Path | None = None
    while True:
        try:
            db = open_database(path, lock=True, check=WHEN_DUE, daily_backup=daily_backup, precheck=precheck,
                               make_folders=make_folders)
        except DatabaseDamaged as e:
            if choose_backup is None:
                raise
            choice = choose_backup(e)
            if choice is None:
                return None
            _restore_closed(path, choice)
            restored_from = choice
            precheck = None  # the restored file is checked afresh
            continue
        break
    db.operator = operator
    if restored_from is not None:
        from liaison_desk.models.enums import AuditAction
        from liaison_desk.services.audit import AuditService

        AuditService(db).record(AuditAction.RESTORE, f"数据库损坏，已从备份恢复：{restored_from.name}")
        db.startup_notes.append("数据库已从备份恢复，损坏的文件保存在备份文件夹里")
    return Workspace(db)


def _restore_closed(path: Path, backup: Path) -> None:
    """Restore `backup` over the (closed, damaged) database at `path`, holding its lock."""
    from liaison_desk.config import DbPaths
    from liaison_desk.store.lock import DbLock
    from liaison_desk.store.restore import restore_file

    held = DbLock.acquire(DbPaths(path).lock)
    try:
        restore_file(path, backup)
    finally:
        held.release()
