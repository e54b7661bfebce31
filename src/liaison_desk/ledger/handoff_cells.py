"""Reading the handoff workbook's cells into stored values (the importer of each column kind)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

from liaison_desk.ledger.cells import CellError, to_date, to_int
from liaison_desk.ledger.cells import text as cell_text
from liaison_desk.models import enums as E
from liaison_desk.services.handoff.schema import NO, YES, Col

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_TIME = re.compile(r"^(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?\s*秒?$")


def parse_time(value: Any) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, float) and 0 <= value < 1:
        secs = round(value * 86400)
        return time(secs // 3600, secs // 60 % 60, secs % 60)
    m = _TIME.match(cell_text(value))
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return time(int(m[1]), int(m[2]), int(m[3] or 0))
    raise CellError(f"「{value}」不是时间，请写成 09:30")


def _fast_text(value: Any) -> str:
    return value.strip() if type(value) is str else cell_text(value)


def parse_stamp(value: Any) -> datetime | None:
    if type(value) is str and len(value) == 25 and value[10] == "T":  # as exported: 2026-11-28T01:00:00+00:00
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        ts = datetime.fromisoformat(cell_text(value))
    except ValueError as e:
        raise CellError(f"「{value}」不是时间") from e
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    t = cell_text(value).upper()
    if t in (YES, "TRUE", "Y", "1", "√", "✓"):
        return True
    if t in (NO, "FALSE", "N", "0", ""):
        return False
    raise CellError(f"「{value}」应填“是”或“否”")


def parse_id(value: Any) -> str | None:
    if type(value) is str and len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-" \
            and value.islower():  # as exported (lowercase hex with dashes); anything else is checked below
        return value
    t = cell_text(value)
    if not t:
        return None
    if not _UUID.match(t):
        raise CellError(f"「{t}」不是有效的编号（应为 36 位，如 1b4e28ba-2fa1-11d2-883f-0016d3cca427）")
    return t.lower()


_HEX_AND_DASH = b"0123456789abcdef-\n"


def parse_id_column(values: list[Any]) -> list[str | None]:
    """parse_id over a whole column: as exported (lowercase 编号, or blank) it is checked in one pass over the
    joined column, the rest cell by cell (raises CellError as parse_id does)."""
    present = [v for v in values if v]
    try:
        joined = ("\n".join(present) + "\n").encode("ascii")
    except (TypeError, UnicodeEncodeError):  # a number or other text: each cell read on its own
        return list(map(parse_id, values))
    n = len(present)
    # every cell 36 characters (no line break inside), hex digits and four dashes at their places
    if len(joined) == 37 * n and joined.count(b"-") == 4 * n and not joined.translate(None, _HEX_AND_DASH) \
            and all(joined[at::37] == b"-" * n for at in (8, 13, 18, 23)) and joined[36::37] == b"\n" * n:
        return [v or None for v in values]
    return list(map(parse_id, values))


def _enum_parser(cls: type[E.Labeled]) -> Callable[[Any], str]:
    known = {k: m.value for m in cls for k in (m.label, m.short, m.value)}

    def parse(value: Any) -> str:
        if value in known:
            return known[value]
        t = cell_text(value)
        if not t:
            return ""
        m = cls.from_label(t)
        if m is None:
            raise CellError(f"「{t}」不是可选的值，请从下拉列表选择：{'、'.join(cls.labels())}")
        return m.value
    return parse


_RESULTS = {k: m.value for cls in (E.ReplyResult, E.Satisfaction) for m in cls for k in (m.label, m.short, m.value)}


def _parse_result(value: Any) -> str:
    if value in _RESULTS:
        return _RESULTS[value]
    t = cell_text(value)
    if not t:
        return ""
    for cls in (E.ReplyResult, E.Satisfaction):
        m = cls.from_label(t)
        if m is not None:
            return m.value
    raise CellError(f"「{t}」不是回复结果或满意度")


def _id_number_text(value: Any) -> str:
    """An ID number cell: text; a number means Excel already dropped its last digits."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        from liaison_desk.ledger.roster_fields import ID_AS_NUMBER

        raise CellError(ID_AS_NUMBER)
    return _fast_text(value)


def to_float(value: Any) -> float | None:
    """A number cell (points of a score rule); blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(f"「{value}」不是数字")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        raise CellError(f"「{value}」不是数字") from None


def importer(col: Col) -> Callable[[Any], Any]:
    """A function turning a cell as read by python-calamine into the stored value (raises CellError)."""
    kind = col.kind
    if col.is_enum:
        return _enum_parser(kind)
    if col.field == "id_number":
        return _id_number_text
    parsers: dict[str, Callable[[Any], Any]] = {
        "text": _fast_text, "date": to_date, "time": parse_time, "stamp": parse_stamp, "int": to_int, "float": to_float,
        "bool": parse_bool, "id": parse_id, "result": _parse_result, "agency": cell_text,
    }
    return parsers.get(kind, parse_id if str(kind).startswith("ref:") else cell_text)
