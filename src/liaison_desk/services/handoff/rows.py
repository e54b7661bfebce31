"""A returned workbook as plain rows: what ledger/ reads and the handoff service plans from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.services.handoff.schema import Col, SheetSpec


@dataclass(frozen=True)
class Issue:
    """One problem in the workbook: where it is and what to do (Chinese)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」" + (f"第 {self.row} 行" if self.row else "") + \
            (f"「{self.column}」列" if self.column else "")
        return f"{where}：{self.message}" if self.sheet else self.message  # the file as a whole: no sheet


@dataclass
class WbRow:
    """One data row of a sheet: its Excel row number, id (None when the township added it) and values."""

    row: int
    id: str | None
    values: dict[str, Any]


@dataclass
class WbSheet:
    spec: SheetSpec
    rows: list[WbRow]
    present: list[Col]  # the columns found in the sheet (derived summaries excluded)
    labels: dict[str, str]  # field → header as written (for messages)


@dataclass
class WbInfo:
    format_version: int
    export_id: str
    masked: bool
    start: date | None
    end: date | None
    station: str


@dataclass
class ParsedWorkbook:
    path: Path
    info: WbInfo
    sheets: dict[str, WbSheet] = field(default_factory=dict)  # by table
    issues: list[Issue] = field(default_factory=list)
    sha256: str = ""  # of the file's bytes, recorded in the exchange log
