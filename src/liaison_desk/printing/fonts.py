"""Chinese faces to embed, by role (title, 黑体, 楷体, body, table), each falling back along a chain to what is here."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)
FONT_ENV = "LIAISON_DESK_FONT"
Candidate = tuple[Path, int]  # (font file, subfont index inside a .ttc collection)
Names = tuple[tuple[str, int], ...]

# reportlab embeds TrueType outlines (a 'glyf' table) only; fonts with PostScript/CFF outlines (.otf, and the
# Noto Sans CJK / Source Han .ttc collections) raise "postscript outlines are not supported" and are skipped.
# GB/T 9704 faces (docs/paper.md): titles 方正小标宋 (installed by township IT staff under several file names),
# else 黑体; headings 一、 in 黑体, (一) in 楷体; bodies 仿宋, tables 宋体 or 仿宋. Windows ships all but 方正小标宋.
# On Linux the nearest free faces: AR PL UMing (明体 = 宋体 style), AR PL UKai (楷体), WenQuanYi Zen Hei (黑体).
XIAOBIAOSONG: Names = (("FZXBSJW.TTF", 0), ("FZXBSK.TTF", 0), ("方正小标宋简体.ttf", 0), ("方正小标宋_GBK.ttf", 0),
                       ("FZXiaoBiaoSong-B05S.ttf", 0), ("FZXiaoBiaoSong-B05.ttf", 0))
HEI: Names = (("simhei.ttf", 0), ("wqy-zenhei.ttc", 0), ("msyhbd.ttc", 0), ("msyh.ttc", 0), ("msyh.ttf", 0),
              ("wqy-microhei.ttc", 0), ("STHeiti Medium.ttc", 0))
KAI: Names = (("simkai.ttf", 0), ("STKAITI.TTF", 0), ("ukai.ttc", 0))
FANG: Names = (("simfang.ttf", 0), ("STFANGSO.TTF", 0))
SONG: Names = (("simsun.ttc", 0), ("uming.ttc", 0), ("Songti.ttc", 0))
ANY: Names = (("msyh.ttc", 0), ("msyh.ttf", 0), ("Deng.ttf", 0), ("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0),
              ("simhei.ttf", 0), ("DroidSansFallbackFull.ttf", 0), ("DroidSansFallback.ttf", 0),
              ("Arial Unicode.ttf", 0), ("STHeiti Light.ttc", 0))
CHAINS: dict[str, Names] = {
    "title": XIAOBIAOSONG + HEI + SONG + ANY,
    "hei": HEI + SONG + ANY,
    "kai": KAI + FANG + SONG + ANY,
    "body": FANG + SONG + ANY,
    "table": SONG + FANG + ANY,
}
ROLES = tuple(CHAINS)
UNIX_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "/Library/Fonts", "/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "~/Library/Fonts")

NO_FONT_MESSAGE = "无法生成 PDF：这台电脑上找不到中文字体（宋体、黑体或微软雅黑），没有它打印出来的汉字会是方框"
NO_FONT_HINT_WINDOWS = "请让信息技术人员在本机安装「宋体」或「黑体」字体（Windows 自带，位于 C:\\Windows\\Fonts）后再试"
NO_FONT_HINT_UNIX = "请安装文泉驿微米黑字体（Debian/Ubuntu：sudo apt install fonts-wqy-microhei）后再试"


@dataclass(frozen=True)
class Faces:
    """reportlab font names registered for each role (several roles may share one font)."""

    title: str
    hei: str
    kai: str
    body: str
    table: str


def windows_font_dirs(env: Mapping[str, str] | None = None) -> list[Path]:
    """C:\\Windows\\Fonts, then the per-user fonts folder (fonts installed without administrator rights)."""
    env = os.environ if env is None else env
    dirs = [Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows") / "Fonts"]
    if env.get("LOCALAPPDATA"):  # unset: never fall back to a folder relative to the working directory
        dirs.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _files(dirs: list[Path], recursive: bool) -> dict[str, Path]:
    """Every file in `dirs` (and below them when `recursive`) by lower-case name; the first one found wins."""
    out: dict[str, Path] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        if recursive:
            for root, _subdirs, files in os.walk(d):  # one walk per folder, not one per font name
                for f in files:
                    out.setdefault(f.lower(), Path(root) / f)
        else:
            for p in d.iterdir():
                out.setdefault(p.name.lower(), p)
    return out


def _pick(names: Iterable[tuple[str, int]], files: Mapping[str, Path]) -> list[Candidate]:
    return _unique((files[n.lower()], i) for n, i in names if n.lower() in files)


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
               unix_dirs: Iterable[str] = UNIX_DIRS, use_fontconfig: bool = True) -> dict[str, list[Candidate]]:
    """Font files on this computer for each role, best first; each is tried in turn until one loads."""
    platform = sys.platform if platform is None else platform
    env = os.environ if env is None else env
    chosen = _env_font(env[FONT_ENV]) if env.get(FONT_ENV) else None
    if chosen is not None:
        return {role: [chosen] for role in ROLES}
    if platform == "win32":
        files = _files(windows_font_dirs(env), False)
    else:
        files = _files([Path(d).expanduser() for d in unix_dirs], True)
    out = {role: _pick(chain, files) for role, chain in CHAINS.items()}
    if use_fontconfig and platform != "win32" and not out["body"]:
        extra = _fontconfig_chinese()
        out = {role: found + extra for role, found in out.items()}
    return out


def _load(options: list[Candidate], loaded: dict[Candidate, str]) -> str | None:
    """Register the first font in `options` reportlab can embed (reusing one loaded for another role).

    The registered name is made from the file, so registering again never changes what a name means.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path, index in options:
        if (path, index) in loaded:
            if loaded[(path, index)]:
                return loaded[(path, index)]
            continue
        font_name = f"LD-{path.name}-{index}"
        try:
            font = TTFont(font_name, str(path), subfontIndex=index)
            if font.face.charToGlyph.get(ord("联")) is None:  # a Latin-only font with a misleading name
                raise ValueError("no Chinese characters")
        except Exception as e:  # TTFError (CFF outlines, no embedding allowed), OSError, a broken file …
            log.warning("font %s#%d not usable: %s", path.name, index, e)
            loaded[(path, index)] = ""
            continue
        pdfmetrics.registerFont(font)
        loaded[(path, index)] = font_name
        return font_name
    return None


def register_fonts(found: Mapping[str, list[Candidate]], platform: str | None = None) -> Faces:
    """Register one font per role from `found`; a role with no usable font takes the body's.

    Raises KnownError in plain words when no candidate at all is a usable Chinese font.
    """
    platform = sys.platform if platform is None else platform
    loaded: dict[Candidate, str] = {}
    names = {role: _load(list(found.get(role, [])), loaded) for role in ROLES}
    fallback = names["body"] or next((n for n in names.values() if n), None)
    if fallback is None:
        hint = NO_FONT_HINT_WINDOWS if platform == "win32" else NO_FONT_HINT_UNIX
        log.error("no usable Chinese TrueType font (set %s to a .ttf/.ttc)", FONT_ENV)
        raise KnownError(NO_FONT_MESSAGE, hint=hint)
    faces = Faces(**{role: names[role] or fallback for role in ROLES})
    from reportlab.lib.fonts import addMapping

    for name in {faces.body, faces.table, faces.kai}:  # <b> inside a paragraph switches to 黑体
        addMapping(name, 0, 0, name)
        addMapping(name, 1, 0, faces.hei)
        addMapping(name, 0, 1, name)
        addMapping(name, 1, 1, faces.hei)
    files = {n: f"{c[0].name}#{c[1]}" for c, n in loaded.items() if n}
    log.info("PDF fonts: %s", {role: files[getattr(faces, role)] for role in ROLES})
    return faces


@cache
def faces() -> Faces:
    """Register the Chinese fonts with reportlab once; returns the font name of each role.

    reportlab's own defaults (a canvas's first font, a table cell's font, a chart label's font) become the
    embedded faces too, so no paper ever references a font it does not carry (Helvetica, Times).
    Raises KnownError in plain words when this computer has no usable Chinese font.
    """
    found = register_fonts(candidates())
    from reportlab import rl_config
    from reportlab.graphics import shapes
    from reportlab.platypus import tables

    rl_config.canvas_basefontname = found.body
    tables.CellStyle.fontname = found.table
    shapes.STATE_DEFAULTS["fontName"] = found.body
    return found


def register() -> tuple[str, str]:
    """(body font, title font), registered once; KnownError when this computer has no Chinese font."""
    f = faces()
    return f.body, f.title
