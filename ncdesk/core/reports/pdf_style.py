"""Shared look for ncdesk's PDFs: page size, fonts, colours and the page footer."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ncdesk.core.files import output_file

PAGE = A4
MARGIN = 15 * mm
INK = colors.HexColor("#1f2933")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#e4e7eb")

_base = getSampleStyleSheet()
TITLE = ParagraphStyle(
    "ncTitle",
    parent=_base["Title"],
    fontSize=18,
    leading=22,
    alignment=0,
    textColor=INK,
    spaceAfter=4,
)
SUBTITLE = ParagraphStyle(
    "ncSubtitle", parent=_base["Normal"], fontSize=11, leading=14, textColor=INK, spaceAfter=2
)
BODY = ParagraphStyle("ncBody", parent=_base["Normal"], fontSize=10, leading=13, textColor=INK)
SMALL = ParagraphStyle("ncSmall", parent=BODY, fontSize=8, leading=10)


def footer(left: str):  # type: ignore[no-untyped-def]
    """A page callback drawing `left` and 'Page N' at the foot of every page."""

    def draw(canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(RULE)
        canvas.drawString(MARGIN, 8 * mm, left)
        canvas.drawRightString(PAGE[0] - MARGIN, 8 * mm, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    return draw


def esc(text: str) -> str:
    """User text made safe inside a ReportLab Paragraph (which reads a little XML)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_pdf(
    path: object,
    story: list[object],
    *,
    title: str,
    author: str,
    footer_text: str,
    keywords: str = "",
) -> None:
    """Lay out `story` on A4 with ncdesk's margins and a footer with page numbers."""
    with output_file(Path(str(path))) as partial:
        _build(partial, story, title, author, footer_text, keywords)


def _build(
    path: Path, story: list[object], title: str, author: str, footer_text: str, keywords: str
) -> None:
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        keywords=keywords,
    )
    stamp = footer(footer_text)
    doc.build(story, onFirstPage=stamp, onLaterPages=stamp)
