"""Finding a Chinese TrueType font to embed: Windows' SimSun/SimHei/YaHei, or the usual Linux/macOS places."""

from __future__ import annotations

import logging
import os
import sys
from functools import cache
from pathlib import Path

from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)
REGULAR = "CJK"
BOLD = "CJK-Bold"
FONT_ENV = "LIAISON_DESK_FONT"

# (file name, subfont index in a .ttc). reportlab embeds TrueType outlines only: no CFF/.otf fonts.
_WINDOWS_REGULAR = (("simsun.ttc", 0), ("msyh.ttc", 0), ("msyh.ttf", 0), ("simhei.ttf", 0), ("simkai.ttf", 0))
_WINDOWS_BOLD = (("simhei.ttf", 0), ("msyhbd.ttc", 0), ("msyhbd.ttf", 0), ("msyh.ttc", 0))
_UNIX_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
              "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts")
_UNIX_NAMES = (("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0), ("simsun.ttc", 0), ("simhei.ttf", 0),
               ("msyh.ttc", 0), ("Arial Unicode.ttf", 0), ("DroidSansFallbackFull.ttf", 0),
               ("DroidSansFallback.ttf", 0), ("uming.ttc", 0), ("ukai.ttc", 0))


def _windows_fonts_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _find(names: tuple[tuple[str, int], ...], dirs: list[Path]) -> tuple[Path, int] | None:
    for name, index in names:
        for d in dirs:
            p = d / name
            if p.is_file():
                return p, index
    for d in dirs:  # fonts installed one level down (Debian's /usr/share/fonts/truetype/wqy/…)
        if not d.is_dir():
            continue
        for name, index in names:
            hits = sorted(d.rglob(name))
            if hits:
                return hits[0], index
    return None


def candidates() -> tuple[tuple[Path, int] | None, tuple[Path, int] | None]:
    """(regular, bold) font files found on this computer; bold may equal regular."""
    env = os.environ.get(FONT_ENV)
    if env and Path(env).is_file():
        return (Path(env), 0), (Path(env), 0)
    if sys.platform == "win32":
        dirs = [_windows_fonts_dir(), Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
        regular, bold = _find(_WINDOWS_REGULAR, dirs), _find(_WINDOWS_BOLD, dirs)
    else:
        dirs = [Path(d).expanduser() for d in _UNIX_DIRS]
        regular = _find(_UNIX_NAMES, dirs)
        bold = None
    return regular, bold or regular


@cache
def register() -> tuple[str, str]:
    """Register the Chinese fonts with reportlab once; returns (regular, bold) font names.

    Raises KnownError in plain words when this computer has no usable Chinese font.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = candidates()
    if regular is None:
        raise KnownError("这台电脑上没有找到可用的中文字体，无法生成 PDF（否则中文会显示成方框）",
                         hint="Windows 请确认 C:\\Windows\\Fonts 中有宋体（simsun.ttc）或黑体（simhei.ttf）；"
                              "Linux 请安装 fonts-wqy-microhei")
    for font_name, (path, index) in ((REGULAR, regular), (BOLD, bold or regular)):
        try:
            pdfmetrics.registerFont(TTFont(font_name, str(path), subfontIndex=index))
        except Exception as e:
            raise KnownError(f"中文字体文件无法使用：{path.name}", file=path,
                             hint=f"可以设置环境变量 {FONT_ENV} 指向一个 TrueType 中文字体（.ttf/.ttc）") from e
    from reportlab.lib.fonts import addMapping

    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    log.info("PDF fonts: %s, %s", regular[0].name, (bold or regular)[0].name)
    return REGULAR, BOLD
