"""Known errors: problems a clerk can understand and act on, reported in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

READ_ONLY = "数据库在只读位置（U盘可能打开了写保护，或是光盘、只读共享文件夹），只能查看，不能修改"
READ_ONLY_HINT = "要修改，请把数据库文件复制到电脑上再打开，或关闭U盘的写保护"


@dataclass
class KnownError(Exception):
    """An error with a message for the clerk (Simplified Chinese) and where it happened.

    Anything that is not a KnownError is a bug: logged with a traceback and shown in the crash dialog.
    """

    message: str
    file: str | Path | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    hint: str | None = None
    details: list[dict[str, object]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def where(self) -> str:
        """The location part of the message: 文件「x.xlsx」工作表「来访登记」第 12 行「日期」列."""
        parts: list[str] = []
        if self.file:
            parts.append(f"文件「{Path(self.file).name}」")
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"「{self.column}」列")
        return "".join(parts)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}：{self.message}" if where else self.message
        if self.hint:
            text += f"。{self.hint}"
        return text


class ValidationError(KnownError):
    """A field the clerk typed is not valid; `column` names the field label."""


class DatabaseInUse(KnownError):
    """Another copy of the program holds this database."""


class DatabaseTooNew(KnownError):
    """The database was written by a newer program version."""


class NotFound(KnownError):
    """A record that should exist does not."""


class DatabaseMissing(KnownError):
    """The database file named by --db (or the environment) does not exist."""


class NotADatabase(KnownError):
    """The file (or folder) given as the database is not a Liaison Desk database."""


class ReadOnlyDatabase(KnownError):
    """The database sits on a read-only medium (a write-protected USB stick, a CD): reading only."""
