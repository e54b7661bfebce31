"""Finding a Chinese TrueType font to embed: Windows' SimSun/SimHei/YaHei, or the usual Linux/macOS places."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)
REGULAR = "CJK"
BOLD = "CJK-Bold"
FONT_ENV = "LIAISON_DESK_FONT"
Candidate = tuple[Path, int]  # (font file, subfont index inside a .ttc collection)

# reportlab embeds TrueType outlines (a 'glyf' table) only; fonts with PostScript/CFF outlines (.otf, and the
# Noto Sans CJK / Source Han .ttc collections) raise "postscript outlines are not supported" and are skipped.
# Windows' Chinese fonts are all TrueType: simsun.ttc (0 SimSun, 1 NSimSun), msyh.ttc (0 Microsoft YaHei,
# 1 Microsoft YaHei UI; Windows 7 shipped msyh.ttf), simhei.ttf, simkai.ttf, simfang.ttf, Deng.ttf (DengXian).
# SimHei is the customary face for headings in Chinese official documents, so it is the "bold".
WINDOWS_REGULAR: tuple[tuple[str, int], ...] = (
    ("simsun.ttc", 0), ("msyh.ttc", 0), ("msyh.ttf", 0), ("Deng.ttf", 0), ("simhei.ttf", 0),
    ("simkai.ttf", 0), ("simfang.ttf", 0))
WINDOWS_BOLD: tuple[tuple[str, int], ...] = (
    ("simhei.ttf", 0), ("msyhbd.ttc", 0), ("msyhbd.ttf", 0), ("Dengb.ttf", 0))
UNIX_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "/Library/Fonts", "/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "~/Library/Fonts")
UNIX_REGULAR: tuple[tuple[str, int], ...] = (
    ("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0), ("simsun.ttc", 0), ("msyh.ttc", 0), ("simhei.ttf", 0),
    ("uming.ttc", 0), ("ukai.ttc", 0), ("DroidSansFallbackFull.ttf", 0), ("DroidSansFallback.ttf", 0),
    ("Arial Unicode.ttf", 0), ("Songti.ttc", 0), ("STHeiti Light.ttc", 0))
UNIX_BOLD: tuple[tuple[str, int], ...] = (("simhei.ttf", 0), ("wqy-zenhei.ttc", 0), ("STHeiti Medium.ttc", 0))

NO_FONT_MESSAGE = "无法生成 PDF：这台电脑上找不到中文字体（宋体、黑体或微软雅黑），没有它打印出来的汉字会是方框"
NO_FONT_HINT_WINDOWS = "请让信息技术人员在本机安装「宋体」或「黑体」字体（Windows 自带，位于 C:\\Windows\\Fonts）后再试"
NO_FONT_HINT_UNIX = "请安装文泉驿微米黑字体（Debian/Ubuntu：sudo apt install fonts-wqy-microhei）后再试"


def windows_font_dirs(env: Mapping[str, str] | None = None) -> list[Path]:
    """C:\\Windows\\Fonts, then the per-user fonts folder (fonts installed without administrator rights)."""
    env = os.environ if env is None else env
    dirs = [Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows") / "Fonts"]
    if env.get("LOCALAPPDATA"):  # unset: never fall back to a folder relative to the working directory
        dirs.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _in_dirs(names: Iterable[tuple[str, int]], dirs: list[Path], recursive: bool) -> list[Candidate]:
    """Files with these names in `dirs` (first directly, then one or more levels down), in `names` order."""
    names = list(names)
    found: list[Candidate] = []
    for name, index in names:
        for d in dirs:
            p = d / name
            if p.is_file():
                found.append((p, index))
    if recursive:
        wanted = {name.lower(): (name, index) for name, index in names}
        below: dict[str, Path] = {}
        for d in dirs:
            if not d.is_dir():
                continue
            for root, _subdirs, files in os.walk(d):  # one walk per folder, not one per font name
                for f in files:
                    if f.lower() in wanted and f.lower() not in below:
                        below[f.lower()] = Path(root) / f
        for name, index in names:
            p = below.get(name.lower())
            if p is not None:
                found.append((p, index))
    return _unique(found)


def _fontconfig_chinese() -> list[Candidate]:
    """Any other Chinese TrueType font fontconfig knows about (Linux), as a last resort."""
    fc = shutil.which("fc-list")
    if not fc:
        return []
    try:
        out = subprocess.run([fc, ":lang=zh", "file", "index"], capture_output=True, text=True, timeout=10,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(out.splitlines()):
        path, _, rest = line.partition(":")
        index = rest.strip().removeprefix("index=").strip()
        if path.lower().endswith((".ttf", ".ttc")):
            found.append((Path(path), int(index) if index.isdigit() else 0))
    return found


def _unique(items: Iterable[Candidate]) -> list[Candidate]:
    seen, out = set(), []
    for path, index in items:
        key = (str(path).lower(), index)
        if key not in seen:
            seen.add(key)
            out.append((path, index))
    return out


def _env_font(value: str) -> Candidate | None:
    """LIAISON_DESK_FONT=path or path#index (a subfont of a .ttc)."""
    path, sep, index = value.rpartition("#")
    if sep and index.isdigit() and Path(path).is_file():
        return Path(path), int(index)
    return (Path(value), 0) if Path(value).is_file() else None


def candidates(platform: str | None = None, env: Mapping[str, str] | None = None,
               unix_dirs: Iterable[str] = UNIX_DIRS, use_fontconfig: bool = True,
               ) -> tuple[list[Candidate], list[Candidate]]:
    """(regular, bold) font files on this computer, best first; each is tried in turn until one loads."""
    platform = sys.platform if platform is None else platform
    env = os.environ if env is None else env
    chosen = _env_font(env[FONT_ENV]) if env.get(FONT_ENV) else None
    if chosen is not None:
        return [chosen], [chosen]
    if platform == "win32":
        dirs = windows_font_dirs(env)
        return _in_dirs(WINDOWS_REGULAR, dirs, False), _in_dirs(WINDOWS_BOLD, dirs, False)
    dirs = [Path(d).expanduser() for d in unix_dirs]
    regular = _in_dirs(UNIX_REGULAR, dirs, True)
    if use_fontconfig and not regular:
        regular = _fontconfig_chinese()
    return regular, _in_dirs(UNIX_BOLD, dirs, True)


def _load(font_name: str, options: list[Candidate]) -> Candidate | None:
    """Register the first font in `options` that reportlab can embed; None when none can."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path, index in options:
        try:
            font = TTFont(font_name, str(path), subfontIndex=index)
            if font.face.charToGlyph.get(ord("联")) is None:  # a Latin-only font with a misleading name
                raise ValueError("no Chinese characters")
        except Exception as e:  # TTFError (CFF outlines, no embedding allowed), OSError, a broken file …
            log.warning("font %s#%d not usable: %s", path.name, index, e)
            continue
        pdfmetrics.registerFont(font)
        return path, index
    return None


def register_fonts(regular: list[Candidate], bold: list[Candidate],
                   platform: str | None = None) -> tuple[Candidate, Candidate]:
    """Register REGULAR and BOLD with reportlab from the candidates; bold falls back to the regular font.

    Raises KnownError in plain words when none of the candidates is a usable Chinese font.
    """
    platform = sys.platform if platform is None else platform
    got = _load(REGULAR, regular)
    if got is None:
        hint = NO_FONT_HINT_WINDOWS if platform == "win32" else NO_FONT_HINT_UNIX
        log.error("no usable Chinese TrueType font among %d candidates (set %s to a .ttf/.ttc)", len(regular),
                  FONT_ENV)
        raise KnownError(NO_FONT_MESSAGE, hint=hint)
    got_bold = _load(BOLD, [c for c in bold if c != got]) or _load(BOLD, [got])
    assert got_bold is not None
    from reportlab.lib.fonts import addMapping

    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    log.info("PDF fonts: %s#%d, %s#%d", got[0].name, got[1], got_bold[0].name, got_bold[1])
    return got, got_bold


@cache
def register() -> tuple[str, str]:
    """Register the Chinese fonts with reportlab once; returns (regular, bold) font names.

    Raises KnownError in plain words when this computer has no usable Chinese font.
    """
    register_fonts(*candidates())
    return REGULAR, BOLD
