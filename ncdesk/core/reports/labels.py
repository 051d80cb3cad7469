"""QR code labels for equipment: a sheet for common A4 label stock, or one label alone.

The QR code holds just the item reference, so any phone camera or USB scanner typing into the
Loans screen's search field opens the item. Drawn as vectors with ReportLab's own QR widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4  # constants only: the drawing parts load when used
from reportlab.lib.units import mm

from ncdesk.core.files import output_file

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class LabelStock:
    """A sheet of labels: columns × rows of width × height, with the sheet's margins and gaps."""

    name: str
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    gap_x: float
    gap_y: float


# Avery L7160 / J8160 and compatible: 21 labels of 63.5 × 38.1 mm on A4.
L7160 = LabelStock(
    "21 per sheet (63.5 × 38.1 mm, L7160)",
    3,
    7,
    63.5 * mm,
    38.1 * mm,
    7.2 * mm,
    15.15 * mm,
    2.5 * mm,
    0,
)
# Avery L7163: 14 labels of 99.1 × 38.1 mm.
L7163 = LabelStock(
    "14 per sheet (99.1 × 38.1 mm, L7163)",
    2,
    7,
    99.1 * mm,
    38.1 * mm,
    4.65 * mm,
    15.15 * mm,
    2.5 * mm,
    0,
)
STOCKS = (L7160, L7163)


def _draw_label(
    c: Canvas, x: float, y: float, w: float, h: float, ref: str, name: str, org: str
) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    pad = 2.5 * mm
    size = h - 2 * pad
    widget = QrCodeWidget(ref, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x + pad, y + pad)
    text_x = x + pad + size + 2 * mm
    width = x + w - pad - text_x
    c.setFont("Helvetica-Bold", 14)
    c.drawString(text_x, y + h - pad - 12, ref)
    c.setFont("Helvetica", 8)
    lines = _wrap(name, width, c, "Helvetica", 8)[:3]
    for i, line in enumerate(lines):
        c.drawString(text_x, y + h - pad - 26 - i * 10, line)
    c.setFont("Helvetica", 6)
    c.drawString(text_x, y + pad, org[:40])


def _wrap(text: str, width: float, c: Canvas, font: str, size: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if c.stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def write_label_sheet(
    path: Path, items: list[tuple[str, str]], org: str, stock: LabelStock = L7160, *, skip: int = 0
) -> int:
    """Labels for (ref, name) pairs, filling sheets left to right, top to bottom. `skip` leaves
    that many labels blank at the start, to use up a part-used sheet. Returns pages written."""
    with output_file(path) as partial:
        return _label_sheet(partial, items, org, stock, skip)


def _label_sheet(
    path: Path, items: list[tuple[str, str]], org: str, stock: LabelStock, skip: int
) -> int:
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A4)
    c.setTitle("Equipment labels")
    per_page = stock.columns * stock.rows
    slots = [None] * skip + list(items)
    pages = 0
    for start in range(0, len(slots), per_page):
        for i, entry in enumerate(slots[start : start + per_page]):
            if entry is None:
                continue
            col, row = i % stock.columns, i // stock.columns
            x = stock.left + col * (stock.width + stock.gap_x)
            y = A4[1] - stock.top - (row + 1) * stock.height - row * stock.gap_y
            _draw_label(c, x, y, stock.width, stock.height, entry[0], entry[1], org)
        c.showPage()
        pages += 1
    c.save()
    return pages


def write_single_label(path: Path, ref: str, name: str, org: str) -> None:
    """One label on a page its own size (for a label printer)."""
    from reportlab.pdfgen.canvas import Canvas

    w, h = 63.5 * mm, 38.1 * mm
    with output_file(path) as partial:
        c = Canvas(str(partial), pagesize=(w, h))
        c.setTitle(f"Label {ref}")
        _draw_label(c, 0, 0, w, h, ref, name, org)
        c.showPage()
        c.save()
