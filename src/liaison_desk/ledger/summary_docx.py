"""The yearly work summary (年度工作总结) as a Word draft the clerk finishes in WPS or Word: title in 黑体
(小标宋 where the PC has it), body in 仿宋 三号, A4 with the 公文 margins, the year's figures filled into the
customary sections (基本情况, 主要工作, 存在问题, 下步打算)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liaison_desk.files import atomic_write
from liaison_desk.services.reports.stats import Figures, Report

TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _change(now: int, last: int) -> str:
    if last == 0:
        return "去年同期没有" if now else "与去年同期持平"
    d = (now - last) / last * 100
    return "与去年同期持平" if abs(d) < 0.05 else f"比去年同期{'增加' if d > 0 else '减少'}{abs(d):.1f}%"


def paragraphs(report: Report, station: str) -> list[tuple[str, str]]:
    """(style, text) of the draft: "title", "h1" (一、), "body"."""
    f: Figures = report.figures
    y: Figures = report.last_year
    year = report.start.year
    cats = "、".join(f"{k}{n}件" for k, n in list(f.visits_by_category.items())[:5]) or "（无）"
    acts = "、".join(f"{k}{n}次" for k, n in f.activities_by_kind.items()) or "（无）"
    redirected = sum(f.redirected.values())
    open_now = sum(f.open_by_step.values())
    reg = f.suggestions_registered
    return [
        ("title", f"{station}{year}年工作总结"),
        ("body", f"{year}年，{station}在镇人大主席团的领导下，围绕“接待有安排，来访有记录，处理有反馈”的要求，"
                 "组织代表接待选民、开展代表活动、跟踪意见建议办理。现将全年工作总结如下。"),
        ("h1", "一、基本情况"),
        ("body", f"全年组织代表接待选民{f.receptions}次，参加代表{f.deputy_attendances}人次，"
                 f"接待和参与群众{f.citizens}人次。登记来访{f.visits}件，{_change(f.visits, y.visits)}；"
                 f"反映较多的问题是{cats}。对属于第九条范围的{redirected}件事项，代表当场告知了依法解决的途径。"),
        ("h1", "二、主要工作"),
        ("body", f"（一）意见建议办理。全年登记代表建议{reg.get('deputy', 0)}件、选民意见{reg.get('citizen', 0)}件，"
                 f"交办{f.assigned}件，收到回复{f.replied}件，其中已解决{f.solved}件；向群众反馈{f.fed_back}件，"
                 f"归档{f.archived}件。按期答复率{_pct(f.on_time_rate)}，满意率{_pct(f.satisfaction_rate)}。"),
        ("body", f"（二）代表活动。全年开展代表活动{f.activities}次（{acts}），参加代表{f.activity_deputies}人次，"
                 f"群众参与{f.activity_citizens}人次；代表出席率{_pct(f.attendance_rate)}。"),
        ("h1", "三、存在问题"),
        ("body", f"截至年底仍有{open_now}件意见建议在办，其中超过办理期限未回复{f.overdue_at_end}件。"
                 "（请结合本站实际补充。）"),
        ("h1", "四、下步打算"),
        ("body", "（请结合本站实际填写下一年度的工作打算。）"),
    ]


def write_summary(report: Report, station: str, path: Path | str) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def font(run: Any, name: str, size: float, bold: bool = False) -> None:
        run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
        run._element.rPr.rFonts.set(qn("w:eastAsia"), name)  # the Chinese face, not only the Latin one

    for style, text in paragraphs(report, station):
        p = doc.add_paragraph()
        p.paragraph_format.line_spacing = Pt(28)
        run = p.add_run(text)
        if style == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font(run, TITLE_FONT, 22)
            p.paragraph_format.space_after = Pt(16)
        elif style == "h1":
            font(run, HEADING_FONT, 16)
            p.paragraph_format.first_line_indent = Pt(32)
        else:
            font(run, BODY_FONT, 16)
            p.paragraph_format.first_line_indent = Pt(32)
    path = Path(path)
    with atomic_write(path) as tmp:
        doc.save(str(tmp))
    return path
