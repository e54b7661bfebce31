"""The station's letters to handling agencies: their 发文字号 (〔2026〕12号), one sequence a year, and the print record."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import text

from liaison_desk.models.enums import AuditAction
from liaison_desk.services.base import Service

LETTER_TABLE = "letter"  # audit rows of printed letters carry the number in record_id


def station_abbrev(station: str) -> str:
    """The issuer's short code (机关代字): 青石镇人大代表联络站 → 青石人大联."""
    core = re.sub(r"(人大代表)?(联络站|工作站|代表之家|联络点)$", "", station.strip())
    core = re.sub(r"(镇|乡|街道|社区|村)$", "", core) or core
    return f"{core}人大联" if core else "人大联"


def doc_number(abbrev: str, year: int, seq: int) -> str:
    """发文字号 in the form of GB/T 9704: 青石人大联〔2026〕12号 (hexagonal brackets, no leading zeros)."""
    return f"{abbrev}〔{year}〕{seq}号"


class LetterService(Service):
    """Numbers letters in the order they are printed, a new sequence each calendar year."""

    def next_number(self, on: date, station: str) -> str:
        with self.db.engine.connect() as c:
            used = c.execute(text("SELECT COUNT(*) FROM auditentry WHERE action = :a AND table_name = :t "
                                  "AND record_id LIKE :y"),
                             {"a": AuditAction.PRINT.value, "t": LETTER_TABLE, "y": f"%〔{on.year}〕%"}).scalar_one()
        return doc_number(station_abbrev(station), on.year, used + 1)

    def record_print(self, number: str, agency: str, items: int) -> None:
        """The 操作日志 entry of a printed letter; it also reserves its number."""
        with self.db.session() as s:
            self.audit(s, AuditAction.PRINT, LETTER_TABLE, number, f"打印交办函 {number}（{agency}，{items} 件）")
