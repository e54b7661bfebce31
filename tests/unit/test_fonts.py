"""Chinese PDF fonts: each role's chain (小标宋/黑体 titles, 仿宋/宋体 bodies), .ttc subfonts, unusable fonts
skipped, the no-font message, and every font of every printout embedded."""

from __future__ import annotations

import shutil
import subprocess
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


def _names(found):
    return [p.name for p, _ in found]


def test_windows_chains_follow_the_official_document_faces(tmp_path):
    env = _windows(tmp_path, {"msyh.ttc": b"x", "simhei.ttf": b"x", "simsun.ttc": b"x", "simfang.ttf": b"x",
                              "simkai.ttf": b"x", "FZXBSJW.TTF": b"x"})
    found = fonts.candidates(platform="win32", env=env)
    assert _names(found["title"])[:2] == ["FZXBSJW.TTF", "simhei.ttf"]  # 方正小标宋, else 黑体
    assert _names(found["hei"])[0] == "simhei.ttf"
    assert _names(found["kai"])[0] == "simkai.ttf"
    assert _names(found["body"])[:2] == ["simfang.ttf", "simsun.ttc"]  # 仿宋, else 宋体
    assert _names(found["table"])[:2] == ["simsun.ttc", "simfang.ttf"]
    # a PC without 方正小标宋 and 仿宋: titles in 黑体, bodies in 宋体
    bare = _windows(tmp_path / "bare", {"simhei.ttf": b"x", "simsun.ttc": b"x"})
    found = fonts.candidates(platform="win32", env=bare)
    assert _names(found["title"])[0] == "simhei.ttf" and _names(found["body"])[0] == "simsun.ttc"


def test_windows_per_user_fonts_and_no_relative_folder_without_localappdata(tmp_path):
    assert fonts.windows_font_dirs({"WINDIR": r"D:\Win"}) == [Path(r"D:\Win") / "Fonts"]
    user_fonts = tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    user_fonts.mkdir(parents=True)
    (user_fonts / "simhei.ttf").write_bytes(b"x")
    env = {"WINDIR": str(tmp_path / "NoWindows"), "LOCALAPPDATA": str(tmp_path / "Local")}
    found = fonts.candidates(platform="win32", env=env)
    assert found["body"] == [(user_fonts / "simhei.ttf", 0)] and found["title"] == found["body"]


def test_unix_finds_fonts_in_subfolders_and_prefers_a_ming_face_for_bodies(tmp_path):
    deep = tmp_path / "truetype" / "wqy"
    deep.mkdir(parents=True)
    (deep / "wqy-microhei.ttc").write_bytes(b"x")
    (deep / "wqy-zenhei.ttc").write_bytes(b"x")
    (tmp_path / "uming.ttc").write_bytes(b"x")
    found = fonts.candidates(platform="linux", env={}, unix_dirs=[str(tmp_path)], use_fontconfig=False)
    assert _names(found["body"])[0] == "uming.ttc"
    assert _names(found["title"])[0] == "wqy-zenhei.ttc"
    assert (deep / "wqy-microhei.ttc", 0) in found["body"]


def test_env_variable_chooses_font_and_subfont(tmp_path):
    f = tmp_path / "my.ttc"
    f.write_bytes(b"x")
    assert all(v == [(f, 1)] for v in fonts.candidates(env={fonts.FONT_ENV: f"{f}#1"}).values())
    assert all(v == [(f, 0)] for v in fonts.candidates(env={fonts.FONT_ENV: str(f)}).values())


@needs_wqy
def test_unusable_fonts_are_skipped_until_a_chinese_truetype_font_loads(tmp_path):
    env = _windows(tmp_path, {
        "simsun.ttc": b"OTTO" + b"\0" * 200,   # PostScript (CFF) outlines: reportlab cannot embed them
        "msyh.ttc": b"not a font at all",
        "Deng.ttf": VERA,                      # loads, but has no Chinese characters
        "simhei.ttf": WQY,                     # a real Chinese TrueType collection
    })
    faces = fonts.register_fonts(fonts.candidates(platform="win32", env=env), platform="win32")
    # every role ends on the one usable font, registered once
    assert len({faces.title, faces.hei, faces.kai, faces.body, faces.table}) == 1


@needs_wqy
def test_second_subfont_of_a_collection_registers():
    faces = fonts.register_fonts({"body": [(WQY, 1)]})
    from reportlab.pdfbase.pdfmetrics import getFont

    assert "Mono" in getFont(faces.body).face.name.decode() and faces.title == faces.body


def test_no_chinese_font_says_so_plainly(tmp_path):
    env = _windows(tmp_path, {"arial.ttf": VERA, "simsun.ttc": VERA})
    with pytest.raises(KnownError) as info:
        fonts.register_fonts(fonts.candidates(platform="win32", env=env), platform="win32")
    text = str(info.value)
    assert text.startswith("无法生成 PDF：这台电脑上找不到中文字体")
    assert "宋体" in text and "方框" in text and "C:\\Windows\\Fonts" in text
    for jargon in ("TrueType", "reportlab", "ttc", "CFF", fonts.FONT_ENV):
        assert jargon not in text, jargon
    with pytest.raises(KnownError) as info:
        fonts.register_fonts({}, platform="linux")
    assert "fonts-wqy-microhei" in str(info.value)


def test_only_truetype_font_files_are_listed():
    """reportlab cannot embed .otf (CFF) fonts, so none may be a candidate."""
    for chain in fonts.CHAINS.values():
        for name, _ in chain:
            assert name.lower().endswith((".ttf", ".ttc")), name


def unembedded(pdf: Path) -> list[str]:
    """Lines of `pdffonts` for fonts not embedded in `pdf` (poppler's own reading of the file)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines()[2:] if line.split()[-5] != "yes"]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_every_printout_embeds_every_font(demo_db, tmp_path):
    """No printout references a font it does not carry (it used to list an unembedded Helvetica)."""
    from datetime import date

    from liaison_desk.printing.assignment_letter import print_letter, print_transfer
    from liaison_desk.printing.board import BoardOptions, print_board
    from liaison_desk.printing.cards import print_cards
    from liaison_desk.printing.notice import print_notice
    from liaison_desk.printing.register import print_register
    from liaison_desk.printing.wall_schedule import print_schedule
    from liaison_desk.services.roster.board import BoardService
    from liaison_desk.services.schedule.printing import notice_data, wall_schedule
    from liaison_desk.services.station import StationService
    from liaison_desk.services.suggestions.detail import SuggestionDetailService
    from liaison_desk.services.visits.register import RegisterService

    with demo_db.engine.connect() as c:
        sid = c.exec_driver_sql("SELECT session_id FROM sessiondeputy LIMIT 1").scalar_one()
    book = RegisterService(demo_db)
    head = book.head(date(2026, 1, 1), date(2026, 12, 31))
    details = SuggestionDetailService(demo_db)
    agency = next(a for a in StationService(demo_db).agencies() if details.for_agency(a.id))
    items = [(details.detail(s), role) for s, role in details.for_agency(agency.id)]
    pdfs = [
        print_notice(notice_data(demo_db, sid), tmp_path / "notice.pdf", photos=True),
        print_schedule(wall_schedule(demo_db, date(2026, 1, 1), date(2026, 12, 31)), tmp_path / "plan.pdf"),
        print_register(head, book.rows(head), tmp_path / "register.pdf"),
        print_cards([d for d, _ in items], tmp_path / "cards.pdf"),
        print_letter(agency, items, "青石镇人大主席团", date(2026, 11, 26), tmp_path / "letter.pdf",
                     station="青石镇人大代表联络站"),
        print_transfer([d for d, _ in items], "青石镇人大主席团", "青石镇人大代表联络站", date(2026, 11, 26),
                       "青石人大联〔2026〕12号", tmp_path / "transfer.pdf"),
    ]
    print_board(BoardService(demo_db).board(), tmp_path / "board.pdf", BoardOptions("A3"))
    pdfs.append(tmp_path / "board.pdf")
    for pdf in pdfs:
        assert unembedded(pdf) == [], pdf.name
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Helvetica" not in listing and len(listing.splitlines()) > 2, pdf.name


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_activity_and_report_papers_embed_every_font(demo_db, tmp_path):
    """The papers other areas draw (activity book, yearly report with charts, results notice) carry their fonts
    too: reportlab's own defaults are the embedded faces once printing.fonts registers them."""
    import sys

    cli = [sys.executable, "-m", "liaison_desk"]
    jobs = {"book.pdf": ["print", "activity-book", "--from", "2026-01-01", "--to", "2026-12-31"],
            "year.pdf": ["report", "year", "--year", "2026"],
            "results.pdf": ["print", "results", "--quarter", "2026Q3"]}
    for name, args in jobs.items():
        out = tmp_path / name
        run = subprocess.run([*cli, *args, "--db", str(demo_db.path), "--out", str(out)], capture_output=True,
                             text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert unembedded(out) == [], name
