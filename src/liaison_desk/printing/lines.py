"""Chinese line breaking (禁则) measured in the embedded font: the one wrapping pass every paper uses.

No line starts with closing punctuation (，。、；：？！）》」』 …) or ends with an opening one (（《「『 …);
numbers, Latin words, dates and document numbers such as 〔2026〕12号 are never split unless one alone is
wider than the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

NO_START = frozenset("，。、；：？！）》」』〕】”’…—·％,.;:?!)]}%〉﹞")
NO_END = frozenset("（《「『〔【“‘([{〈﹝")
SPACES = frozenset(" \u3000\t")
LIST_MARK, LIST_ITEM = "、", 4  # an item of a list of names or places up to this long is kept whole
# Units that stay whole: document numbers, Chinese dates, times, phone numbers, Latin words and numbers.
_WHOLE = re.compile(r"〔\d+〕第?\d+号|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"
                    r"|[A-Za-z0-9][A-Za-z0-9.:/%@_\-+*#']*")

Measure = Callable[[str], float]
_CHAR_WIDTHS: dict[str, _Widths] = {}


class _Widths(dict[str, float]):
    """Advance widths of one font in 1/1000 em, looked up once per character."""

    def __init__(self, font: object) -> None:
        super().__init__()
        self.font = font

    def __missing__(self, ch: str) -> float:
        w = self[ch] = self.font.stringWidth(ch, 1000)  # type: ignore[attr-defined]
        return w


@cache
def measure(font: str, size: float) -> Measure:
    """Width in points of a string in `font` at `size`; character widths cached per font."""
    from reportlab.pdfbase.pdfmetrics import getFont

    widths = _CHAR_WIDTHS.get(font)
    if widths is None:
        widths = _CHAR_WIDTHS[font] = _Widths(getFont(font))
    get = widths.__getitem__
    scale = size / 1000.0

    def width(text: str) -> float:
        return sum(map(get, text)) * scale

    return width


def units(text: str) -> list[str]:
    """The unbreakable pieces of one paragraph, punctuation already glued to its neighbour."""
    raw: list[str] = []
    pos = 0
    for m in _WHOLE.finditer(text):
        raw.extend(text[pos:m.start()])
        raw.append(m.group())
        pos = m.end()
    raw.extend(text[pos:])
    out: list[str] = []
    for u in raw:
        if out and out[-1][-1] not in SPACES and (u[0] in NO_START or out[-1][-1] in NO_END):
            out[-1] += u
        else:
            out.append(u)
    return out


def _split_long(unit: str, room: float, width: float, w: Measure) -> list[str]:
    """A unit wider than the line, cut by characters: the first piece fits `room`, the rest `width`.

    A cut before closing punctuation (or after an opening one) moves one character down with it.
    """
    pieces, cur = [], ""
    for ch in unit:
        if cur and w(cur + ch) > room:
            j = len(cur)
            while j > 1 and ((cur[j:] + ch)[0] in NO_START or cur[j - 1] in NO_END):
                j -= 1
            pieces.append(cur[:j])
            cur = cur[j:]
            room = width
        cur += ch
    return [*pieces, cur]


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _list_tail(line: str) -> str:
    """The start of a short item after the line's last 、 (a name in 张三、李四) that should not be cut."""
    i = line.rfind(LIST_MARK)
    tail = line[i + 1:] if i > 0 else ""
    return tail if 0 < len(tail) <= LIST_ITEM and all(_is_han(c) for c in tail) else ""


def break_paragraph(text: str, width: float, w: Measure, indent: float = 0.0) -> list[str]:
    """Lines of one paragraph (no newlines) at most `width` wide; the first line starts `indent` in."""
    lines: list[str] = []
    line, used, room = "", 0.0, width - indent
    for u in units(text):
        uw = w(u)
        if used + uw <= room + 0.01:
            line, used = line + u, used + uw
            continue
        if u[0] in SPACES:  # a space at the end of a line is dropped
            if line:
                lines.append(line.rstrip())
                line, used, room = "", 0.0, width
            continue
        if line.strip():
            keep = _list_tail(line) if _is_han(u[0]) else ""
            if keep and w(keep) + uw > width:
                keep = ""
            lines.append(line[:len(line) - len(keep)].rstrip())
            line, used, room = keep, w(keep), width
        if used + uw <= room + 0.01:
            line, used = line + u, used + uw
            continue
        pieces = _split_long(u, room - used, width, w)
        if not pieces[0]:
            pieces = pieces[1:]
        else:
            pieces[0] = line + pieces[0]
        lines.extend(pieces[:-1])
        line, used, room = pieces[-1], w(pieces[-1]), width
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def break_lines(text: str, width: float, w: Measure, indent: float = 0.0) -> list[str]:
    """All lines of `text` (newlines are hard breaks; each paragraph's first line indented); [] when empty."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return []
    out: list[str] = []
    for para in text.split("\n"):
        if not para.strip():
            out.append("")
        elif w(para) <= width - indent + 0.01:  # most cells: one line, nothing to break
            out.append(para.rstrip())
        else:
            out.extend(break_paragraph(para, width, w, indent))
    return out
