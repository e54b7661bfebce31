"""Attachments of visits (photos of letters, scans): copied into the data folder, listed, opened, removed."""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from liaison_desk.errors import KnownError, NotFound
from liaison_desk.files import os_error_message
from liaison_desk.models import Attachment, Visit, new_id
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.base import Service
from liaison_desk.store.db import Database

log = logging.getLogger(__name__)
MAX_BYTES = 50 * 1024 * 1024
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: str
    original_name: str
    note: str
    path: Path  # absolute
    size: int


def remove_files(db: Database, relative: list[str]) -> None:
    """Delete stored files (after their rows are gone); a missing file is fine."""
    for rel in relative:
        try:
            (db.paths.attachments / rel).unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove an attachment file")


class VisitFiles(Service):
    """Files attached to visits, stored under `<db>.files/attachments/visit/` (subclasses: other records)."""

    OWNER: str = "visit"
    MODEL: Any = Visit
    NOUN = "来访"  # in the 操作日志: 添加来访附件
    MISSING = "找不到这条来访登记，可能已被删除"

    def add(self, visit_id: str, source: Path | str, note: str = "") -> str:
        """Copy `source` into the data folder and attach it to the record; returns the attachment id."""
        src = Path(source)
        if not src.is_file():
            raise KnownError("找不到要添加的附件文件", file=src)
        if src.stat().st_size > MAX_BYTES:
            raise KnownError("附件太大（超过 50 MB），请压缩或缩小后再添加", file=src)
        aid = new_id()
        safe = _UNSAFE.sub("_", src.name)[-80:] or "附件"
        rel = f"{self.OWNER}/{visit_id[:2]}/{aid[:8]}-{safe}"
        dest = self.db.paths.attachments / rel
        with self.db.session() as s:
            if s.get(self.MODEL, visit_id) is None:
                raise NotFound(self.MISSING)
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                tmp = dest.with_name(dest.name + ".part")
                shutil.copyfile(src, tmp)
                tmp.replace(dest)
            except OSError as e:
                raise KnownError(os_error_message(e), file=dest) from e
            try:
                s.add(Attachment(id=aid, owner_table=self.OWNER, owner_id=visit_id, path=rel,
                                 original_name=src.name[:200], note=note[:200]))
                self.audit(s, AuditAction.CREATE, "attachment", aid, f"添加{self.NOUN}附件")
                s.flush()
            except BaseException:
                dest.unlink(missing_ok=True)
                raise
        self.db.notify("attachment")
        return aid

    def list(self, visit_id: str) -> list[AttachmentRow]:
        with self.db.session() as s:
            rows = s.exec(select(Attachment).where(Attachment.owner_table == self.OWNER, Attachment.owner_id == visit_id)
                          .order_by(col(Attachment.created_at))).all()
            out = []
            for a in rows:
                p = self.db.paths.attachments / a.path
                out.append(AttachmentRow(a.id, a.original_name, a.note, p, p.stat().st_size if p.exists() else 0))
            return out

    def remove(self, attachment_id: str) -> None:
        with self.db.session() as s:
            a = s.get(Attachment, attachment_id)
            if a is None:
                return
            rel = a.path
            s.delete(a)
            self.audit(s, AuditAction.DELETE, "attachment", attachment_id, f"删除{self.NOUN}附件")
        remove_files(self.db, [rel])
        self.db.notify("attachment")
