"""Masking personal data in anything the program writes out: phone and ID numbers in any text, names.

`mask_text` is the one function every masked output uses (workbooks, PDFs), for whole cells and free
text alike; `scrub_log` (used by log.py and the crash report) additionally drops SQL parameters, Chinese
text and the pinyin of the names of the database's people.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

# Separators people type inside numbers: spaces (also full-width), dashes of every width, dots.
_S = r"[ \t\u3000\-－–—.·]{0,2}"
_D = r"\d"  # Python's \d matches full-width digits too
_ID18 = rf"{_D}(?:{_S}{_D}){{16}}{_S}[\dXxＸｘ]"
_ID15 = rf"{_D}(?:{_S}{_D}){{14}}"
_MOBILE = rf"(?:(?:[+＋]|00|００)?{_S}86{_S}|[(（][+＋]?86[)）]{_S})?1{_S}[3-9３-９](?:{_S}{_D}){{9}}"
_LANDLINE = rf"(?:[(（]0{_D}{{2,3}}[)）]|0{_D}{{2,3}}){_S}{_D}(?:{_S}{_D}){{6,7}}(?:(?:-|转|－)\d{{1,5}})?"
_NUMBER = re.compile(rf"(?<![\dA-Za-z])(?:(?P<id>{_ID18}|{_ID15})|(?P<mobile>{_MOBILE})|(?P<land>{_LANDLINE}))"
                     r"(?![\dA-Za-z])")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit() or c in "Xx")


def _mask_match(m: re.Match[str]) -> str:
    raw = m.group(0)
    if m.group("id"):
        d = _digits(raw)
        return d[:6] + "*" * (len(d) - 10) + d[-4:]
    if m.group("mobile"):
        d = _digits(raw)
        prefix = "+86 " if len(d) > 11 else ""
        d = d[-11:]
        return prefix + d[:3] + "****" + d[-4:]
    d = _digits(re.sub(r"(-|转|－)\d{1,5}$", "", raw))
    area = 4 if d[:3] in _FOUR_DIGIT_AREA_STARTS or len(d) == 12 else 3
    area = min(area, len(d) - 7)
    local = d[area:]
    return d[:area] + "-" + "*" * (len(local) - 4) + local[-4:]


_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－ｘＸ", "0123456789+-xX")
# Area codes 010 and 02x are three digits; every other starts with 0 and has four.
_FOUR_DIGIT_AREA_STARTS = frozenset(f"0{a}{b}" for a in "3456789" for b in "0123456789")


def mask_text(text: str) -> str:
    """Phone numbers (mobiles, landlines with area codes) and ID numbers (15/18 characters) in any
    spacing masked wherever they stand in `text`: 138****5678, 0315-***4567, 110101********1234."""
    if not text or not any(c.isdigit() for c in text):
        return text
    if any("\uff10" <= c <= "\uff19" for c in text):
        text = text.translate(_FULL_WIDTH)
    return _NUMBER.sub(_mask_match, text)


def has_number(text: str) -> bool:
    """Whether `text` holds a phone or ID number that mask_text would mask."""
    return bool(text) and _NUMBER.search(text.translate(_FULL_WIDTH)) is not None


def mask_name_middle(name: str) -> str:
    """张*华 / 张* / 欧阳**华: the first and last characters stay (a two-character name keeps its first)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def people_masker(names: Iterable[str]) -> Callable[[str], str]:
    """A text function for masked papers: `mask_text`, then every one of `names` (two characters or more)
    wherever it is written — a cell of its own or inside free text — masked as 张*华."""
    known = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
    if not known:
        return mask_text
    pattern = re.compile("|".join(re.escape(n) for n in known))

    def mask(text: str) -> str:
        text = mask_text(text)
        return pattern.sub(lambda m: mask_name_middle(m.group(0)), text) if text else text

    return mask


def mask_record(record: T, text: Callable[[str], str] = mask_text) -> T:
    """A copy of a plain row (a dataclass, list, tuple or str) with `text` applied to every string in it."""
    return _walk(record, text)  # type: ignore[no-any-return]


def _walk(value: Any, text: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name), text) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_walk(v, text) for v in value)
    if isinstance(value, list):
        return [_walk(v, text) for v in value]
    return value


# --- logs and crash reports ---------------------------------------------------------------------------

_SQL_PARTS = re.compile(r"\[(parameters|SQL): .*?\](?=\s*(\(|\[|$))", re.S | re.M)
_PARAMS_TAIL = re.compile(r"\[parameters: (?!removed\])[^\n]*")  # cut short, without its closing bracket
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_LONG_DIGITS = re.compile(r"\d{7,}")  # plain runs; spaced phone and ID numbers are _NUMBER's (dates stay)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_WORD = re.compile(r"[A-Za-z]+")
_JOINERS = frozenset({"", " ", "_", "-", ".", "'", "·"})


class PeopleNames:
    """The pinyin spellings of the database's people's names, loaded on first need from a source."""

    def __init__(self) -> None:
        self._source: Callable[[], Iterable[str]] | None = None
        self._pinyin: frozenset[str] | None = None

    def set_source(self, source: Callable[[], Iterable[str]] | None) -> None:
        """`source()` gives the names (Chinese) of everyone in the open database; called lazily, once."""
        self._source = source
        self._pinyin = None

    def add(self, names: Iterable[str]) -> None:
        self._pinyin = self.spellings() | _spellings(names)

    def spellings(self) -> frozenset[str]:
        if self._pinyin is None:
            source, self._pinyin = self._source, frozenset()
            if source is not None:
                try:
                    self._pinyin = _spellings(source())
                except Exception:  # noqa: BLE001 - the log must keep working without the database
                    self._pinyin = frozenset()
        return self._pinyin


def _spellings(names: Iterable[str]) -> frozenset[str]:
    """Every name as lower-case pinyin without separators, given-name-first too: zhangsan, sanzhang."""
    from pypinyin import Style, lazy_pinyin

    cache: dict[str, str] = {}
    out: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if len(name) < 2 or not _CJK.fullmatch(name):
            continue
        syl = []
        for ch in name:
            if ch not in cache:
                cache[ch] = lazy_pinyin(ch, style=Style.NORMAL)[0].lower()
            syl.append(cache[ch])
        out.add("".join(syl))
        out.add("".join(syl[1:] + syl[:1]))
        if len(syl) > 2:
            out.add("".join(syl[2:] + syl[:2]))
    return frozenset(s for s in out if len(s) >= 4)


PEOPLE = PeopleNames()


def _scrub_words(line: str, known: frozenset[str]) -> str:
    """Mask runs of one to three Latin words (ZhangSan, zhang san, SAN_Zhang) that spell a known name."""
    if not known:
        return line
    words = list(_WORD.finditer(line))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            run = words[i:i + n]
            if len(run) < n or any(b.start() - a.end() > 1 or line[a.end():b.start()] not in _JOINERS
                                   for a, b in zip(run, run[1:], strict=False)):
                continue
            if "".join(w.group(0) for w in run).lower() in known:
                spans.append((run[0].start(), run[-1].end()))
                i += n
                break
        else:
            i += 1
    for a, b in reversed(spans):
        line = line[:a] + "＊" * (b - a) + line[b:]
    return line


def scrub_log(text: str, names: bool = True) -> str:
    """Log or traceback text without personal data: SQL statements and parameters removed; Chinese text,
    phone and ID numbers in any spacing, other long digit runs, e-mail addresses and the pinyin of the
    database's people's names masked — on every line, nested exception groups included. `names=False`
    skips the pinyin names (plain informational lines; loading the names costs a query)."""
    text = _SQL_PARTS.sub(lambda m: f"[{m.group(1)}: removed]", text)
    text = _PARAMS_TAIL.sub("[parameters: removed]", text)
    known = PEOPLE.spellings() if names else frozenset()
    out = []
    for line in text.splitlines():
        line = _EMAIL.sub("＊@＊", line)
        line = _NUMBER.sub(lambda m: "#" * len(m.group(0)), line)
        line = _LONG_DIGITS.sub(lambda m: "#" * len(m.group(0)), line)
        line = _CJK.sub(lambda m: "＊" * len(m.group(0)), line)
        out.append(_scrub_words(line, known))
    return "\n".join(out)
