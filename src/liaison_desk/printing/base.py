"""Shared PDF machinery: paper sizes, Chinese paragraph styles, page numbers, atomic output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liaison_desk.files import atomic_write
from liaison_desk.printing.fonts import register


@dataclass(frozen=True)
class Styles:
    title: Any
    subtitle: Any
    heading: Any
    body: Any
    small: Any
    cell: Any
    cell_center: Any


def styles(base_size: float = 11) -> Styles:
    """Paragraph styles in the embedded Chinese font (CJK word wrap on)."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = register()

    def ps(name: str, size: float, font: str = regular, align: int = TA_LEFT, lead: float = 1.45,
           **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * lead, alignment=align,
                              wordWrap="CJK", **kw)

    return Styles(
        title=ps("title", base_size * 2, bold, TA_CENTER, spaceAfter=base_size),
        subtitle=ps("subtitle", base_size * 1.1, regular, TA_CENTER, spaceAfter=base_size * 0.6),
        heading=ps("heading", base_size * 1.3, bold, spaceBefore=base_size * 0.6, spaceAfter=base_size * 0.3),
        body=ps("body", base_size, firstLineIndent=0),
        small=ps("small", base_size * 0.82),
        cell=ps("cell", base_size * 0.85, lead=1.3),
        cell_center=ps("cell_center", base_size * 0.85, align=TA_CENTER, lead=1.3),
    )


def paper(name: str = "A4", landscape: bool = False) -> tuple[float, float]:
    from reportlab.lib import pagesizes

    size = {"A4": pagesizes.A4, "A3": pagesizes.A3}.get(name.upper())
    if size is None:
        from liaison_desk.errors import KnownError

        raise KnownError(f"不支持的纸张「{name}」，可选 A4 或 A3")
    return pagesizes.landscape(size) if landscape else size


def _numbered_canvas(footer: str) -> type:
    """A canvas class that writes '第 n 页 共 N 页' (and an optional footer text) on every page."""
    from reportlab.pdfgen.canvas import Canvas

    regular, _ = register()

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                w, _h = self._pagesize
                self.setFont(regular, 9)
                self.drawCentredString(w / 2, 18, f"第 {self._pageNumber} 页 共 {total} 页")
                if footer:
                    self.drawRightString(w - 36, 18, footer)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(path: Path | str, story: Sequence[Any], pagesize: tuple[float, float], title: str,
              margins: float = 42, page_numbers: bool = True, footer: str = "",
              on_page: Callable[[Any, Any], None] | None = None) -> Path:
    """Lay out `story` into a PDF at `path`, written atomically; returns the path."""
    from reportlab.platypus import SimpleDocTemplate

    register()
    path = Path(path)
    with atomic_write(path) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=pagesize, leftMargin=margins, rightMargin=margins,
                                topMargin=margins, bottomMargin=margins + 6, title=title,
                                author="联络站工作台", creator="联络站工作台")
        kwargs: dict[str, Any] = {}
        if page_numbers:
            kwargs["canvasmaker"] = _numbered_canvas(footer)
        if on_page is not None:
            kwargs["onFirstPage"] = on_page
            kwargs["onLaterPages"] = on_page
        doc.build(list(story), **kwargs)
    return path
