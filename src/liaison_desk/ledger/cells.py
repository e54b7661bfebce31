"""Reading cell values as Excel, WPS and LibreOffice store them: dates, numbers, phones, headers."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from liaison_desk.services.validate import strip_invisible

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERN = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")


EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell


class CellError(ValueError):
    """A cell that cannot be read as the expected kind; the message is for the clerk."""


def normalize_header(value: Any) -> str:
    """Header text compared loosely: full-width → half-width, no spaces, line breaks, * or ：."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s*:：()（）]", "", text).lower()


def text(value: Any) -> str:
    """Cell as text: integral floats lose their '.0' (phones stored as numbers), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return strip_invisible(str(value)).strip()


def to_date(value: Any, *, partial_ok: bool = False) -> date | None:
    """A date from an Excel serial number, a date cell or text like 2026年11月3日 / 2026.11.3 / 2026/11/03.

    With `partial_ok`, "1975.03" or "1975年3月" give the first of that month. Empty gives None.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"「{value}」不是日期")
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    s = s.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", s) else s
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as e:
                raise CellError(f"「{value}」不是有效日期") from e
    if partial_ok:
        m = _MONTH_PATTERN.match(s)
        if m and 1 <= int(m[2]) <= 12:
            return date(int(m[1]), int(m[2]), 1)
    if re.match(r"^\d+(\.0+)?$", s):
        return to_date(float(s))
    raise CellError(f"「{value}」不是日期，请写成 2026-11-03 或 2026年11月3日")


def to_int(value: Any, default: int = 0) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        if float(value).is_integer():
            return int(value)
        raise CellError(f"「{value}」不是整数")
    s = unicodedata.normalize("NFKC", str(value)).strip().rstrip("人次个条")
    try:
        f = float(s)
    except ValueError as e:
        raise CellError(f"「{value}」不是数字") from e
    if not f.is_integer():
        raise CellError(f"「{value}」不是整数")
    return int(f)


def split_multi(value: Any) -> list[str]:
    """"县、镇" / "县,镇" / "县 镇" → ["县", "镇"]."""
    return [p for p in re.split(r"[、，,；;/\s]+", text(value)) if p]
