"""Backups and restore as the clerk uses them: each one recorded in the 操作日志."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from liaison_desk.models.enums import AuditAction
from liaison_desk.services.audit import AuditService
from liaison_desk.services.base import Service
from liaison_desk.store import backup as backups
from liaison_desk.store.backup import BackupFile, BackupInfo, Progress
from liaison_desk.store.integrity import Report, check
from liaison_desk.store.restore import RestoreResult, restore_database
from liaison_desk.text import fmt_datetime

EXPORT_PREFIX = "联络站工作台备份"


def export_name(now: datetime | None = None) -> str:
    """The file name of a backup written to a USB stick or another folder."""
    return f"{EXPORT_PREFIX}-{(now or datetime.now()).strftime(backups.STAMP)}.db"


class SafetyService(Service):
    """Backups into the data folder or any folder, restore, and checks of the open database."""

    def backup(self, folder: Path | None = None, kind: str = backups.MANUAL,
               progress: Progress | None = None) -> Path:
        """Back up now: into the backups folder (pruned by the retention rule), or into `folder`."""
        if folder is None:
            made = backups.backup_database(self.db, kind, progress=progress)
            summary = f"{kind}备份：{made.name}"
        else:
            made = backups.backup_database(self.db, kind, Path(folder), progress=progress,
                                       file_name=export_name())
            summary = f"备份到文件夹（U盘）：{made.name}"
        AuditService(self.db).record(AuditAction.BACKUP, summary)
        return made

    def backups(self) -> list[BackupFile]:
        return backups.list_backups(self.db.path)

    def inspect(self, path: Path, full: bool = True) -> BackupInfo:
        """What a backup file holds and whether it can be restored (`full`: integrity_check, not quick)."""
        return backups.inspect(Path(path), full=full)

    def restore(self, path: Path, progress: Progress | None = None) -> RestoreResult:
        """Replace the data by the backup at `path` (the current data is backed up first)."""
        result = restore_database(self.db, Path(path), progress)
        saved = result.saved_current.name if result.saved_current else "无"
        AuditService(self.db).record(
            AuditAction.RESTORE, f"从备份恢复：{Path(path).name}（备份时间 {fmt_datetime(result.restored.taken_at)}）；"
            f"恢复前的数据已保存为 {saved}")
        from liaison_desk.models import metadata

        self.db.notify(*metadata().tables)
        return result

    def check(self, quick: bool = False) -> Report:
        return check(self.db, quick)
