"""Chinese PDF fonts: Windows font folder lookup, .ttc subfonts, skipping unusable fonts, the no-font message."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison_desk.errors import KnownError
from liaison_desk.printing import fonts

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei (TrueType outlines)
VERA = Path(__import__("reportlab").__file__).parent / "fonts" / "Vera.ttf"  # Latin only
needs_wqy = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei is not installed")


def _windows(tmp_path: Path, files: dict[str, Path | bytes]) -> dict[str, str]:
    """A fake C:\\Windows\\Fonts with the given files; returns the environment pointing at it."""
    fonts_dir = tmp_path / "Windows" / "Fonts"
    fonts_dir.mkdir(parents=True)
    for name, content in files.items():
        target = fonts_dir / name
        if isinstance(content, Path):
            target.symlink_to(content)
        else:
            target.write_bytes(content)
    return {"WINDIR": str(tmp_path / "Windows")}


def test_windows_prefers_simsun_for_text_and_simhei_for_headings(tmp_path):
    env = _windows(tmp_path, {"msyh.ttc": b"x", "simhei.ttf": b"x", "simsun.ttc": b"x", "msyhbd.ttc": b"x"})
    regular, bold = fonts.candidates(platform="win32", env=env)
    assert [(p.name, i) for p, i in regular] == [("simsun.ttc", 0), ("msyh.ttc", 0), ("simhei.ttf", 0)]
    assert [(p.name, i) for p, i in bold] == [("simhei.ttf", 0), ("msyhbd.ttc", 0)]


def test_windows_per_user_fonts_and_no_relative_folder_without_localappdata(tmp_path):
    assert fonts.windows_font_dirs({"WINDIR": r"D:\Win"}) == [Path(r"D:\Win") / "Fonts"]
    user_fonts = tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    user_fonts.mkdir(parents=True)
    (user_fonts / "simhei.ttf").write_bytes(b"x")
    env = {"WINDIR": str(tmp_path / "NoWindows"), "LOCALAPPDATA": str(tmp_path / "Local")}
    regular, bold = fonts.candidates(platform="win32", env=env)
    assert regular == [(user_fonts / "simhei.ttf", 0)] and bold == regular


def test_unix_finds_fonts_in_subfolders(tmp_path):
    deep = tmp_path / "truetype" / "wqy"
    deep.mkdir(parents=True)
    (deep / "wqy-microhei.ttc").write_bytes(b"x")
    regular, bold = fonts.candidates(platform="linux", env={}, unix_dirs=[str(tmp_path)], use_fontconfig=False)
    assert regular == [(deep / "wqy-microhei.ttc", 0)] and bold == []


def test_env_variable_chooses_font_and_subfont(tmp_path):
    f = tmp_path / "my.ttc"
    f.write_bytes(b"x")
    assert fonts.candidates(env={fonts.FONT_ENV: f"{f}#1"}) == ([(f, 1)], [(f, 1)])
    assert fonts.candidates(env={fonts.FONT_ENV: str(f)}) == ([(f, 0)], [(f, 0)])


@needs_wqy
def test_unusable_fonts_are_skipped_until_a_chinese_truetype_font_loads(tmp_path):
    env = _windows(tmp_path, {
        "simsun.ttc": b"OTTO" + b"\0" * 200,   # PostScript (CFF) outlines: reportlab cannot embed them
        "msyh.ttc": b"not a font at all",
        "Deng.ttf": VERA,                      # loads, but has no Chinese characters
        "simhei.ttf": WQY,                     # a real Chinese TrueType collection
    })
    regular, bold = fonts.candidates(platform="win32", env=env)
    got, got_bold = fonts.register_fonts(regular, bold, platform="win32")
    assert got[0].name == "simhei.ttf"
    assert got_bold[0].name == "simhei.ttf"  # no separate bold face: the regular one is used


@needs_wqy
def test_second_subfont_of_a_collection_registers():
    got, _ = fonts.register_fonts([(WQY, 1)], [])
    assert got == (WQY, 1)


def test_no_chinese_font_says_so_plainly(tmp_path):
    env = _windows(tmp_path, {"arial.ttf": VERA})
    regular, bold = fonts.candidates(platform="win32", env=env)
    with pytest.raises(KnownError) as info:
        fonts.register_fonts(regular, bold, platform="win32")
    text = str(info.value)
    assert text.startswith("无法生成 PDF：这台电脑上找不到中文字体")
    assert "宋体" in text and "方框" in text and "C:\\Windows\\Fonts" in text
    for jargon in ("TrueType", "reportlab", "ttc", "CFF", fonts.FONT_ENV):
        assert jargon not in text, jargon
    with pytest.raises(KnownError) as info:
        fonts.register_fonts([], [], platform="linux")
    assert "fonts-wqy-microhei" in str(info.value)


@needs_wqy
def test_pdf_with_chinese_text_extracts(tmp_path):
    from pypdf import PdfReader
    from reportlab.platypus import Paragraph

    from liaison_desk.printing.base import build_pdf, paper, styles

    s = styles()
    out = build_pdf(tmp_path / "t.pdf", [Paragraph("人大代表联络站接待登记", s.title),
                                        Paragraph("来访人反映村道路灯损坏", s.body)], paper(), "测试")
    reader = PdfReader(str(out))
    text = reader.pages[0].extract_text()
    assert "人大代表联络站接待登记" in text and "来访人反映村道路灯损坏" in text
    font_names = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
                  if "/BaseFont" in f}
    assert any("WenQuanYi" in n for n in font_names), font_names  # the Chinese font is embedded (subset)


def test_only_truetype_font_files_are_listed():
    """reportlab cannot embed .otf (CFF) fonts, so none may be a candidate."""
    for name, _ in fonts.WINDOWS_REGULAR + fonts.WINDOWS_BOLD + fonts.UNIX_REGULAR + fonts.UNIX_BOLD:
        assert name.lower().endswith((".ttf", ".ttc")), name
