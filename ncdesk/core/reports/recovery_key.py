"""The recovery key, printed once when a database is encrypted: the one way back in when
every admin has forgotten their password or a laptop is all that is left.

The key is printed large in groups of four, with what it opens and what to do with it. It is
also in the PDF's keywords, so `ncdesk recover --recovery-key FILE` can read the file itself
as well as a text file with the key typed into it.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ncdesk.core.errors import NcdeskError
from ncdesk.core.reports.pdf_style import BODY, INK, SMALL, SUBTITLE, TITLE, build_pdf, esc

MARK = "NCDESK-RECOVERY-KEY:"
KEY_STYLE = ParagraphStyle("ncKey", parent=BODY, fontName="Courier-Bold", fontSize=15, leading=22)


def write_recovery_key_pdf(
    path: Path, key_text: str, organisation: str, database: Path, made: datetime
) -> None:
    """One page to print and keep somewhere safe, away from the PC."""
    groups = key_text.split("-")
    lines = ["  ".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
    key_box = Table(
        [[Paragraph(esc(line), KEY_STYLE)] for line in lines],
        colWidths=[150 * mm],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 8 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        ),
    )
    story = [
        Paragraph("ncdesk recovery key", TITLE),
        Paragraph(esc(organisation), SUBTITLE),
        Paragraph(
            f"For the encrypted database <b>{esc(database.name)}</b>, made "
            f"{made:%d/%m/%Y at %H:%M}.",
            BODY,
        ),
        Spacer(1, 6 * mm),
        key_box,
        Spacer(1, 6 * mm),
        Paragraph("<b>What this is for</b>", BODY),
        Paragraph(
            "This key opens the database without anyone's password. Use it when every admin "
            "has forgotten their password, or when the key file beside the database "
            f"({esc(database.name)}.keys) has been lost: "
            "<font face='Courier'>ncdesk recover --db FILE --recovery-key THIS.pdf "
            "--login LOGIN</font> sets a new password for LOGIN.",
            BODY,
        ),
        Spacer(1, 3 * mm),
        Paragraph("<b>Keep it safe</b>", BODY),
        Paragraph(
            "Print this page and keep it locked away from the PC, for example in the "
            "organisation's safe or with the chair of trustees. Anyone holding both this key "
            "and a copy of the database can read every record in it. Do not email it or keep "
            "it on the same PC. If you think it has been seen, make a new encrypted copy "
            "(see docs/security.md).",
            BODY,
        ),
        Spacer(1, 8 * mm),
        Paragraph("Kept by: ______________________   Where: ______________________", SMALL),
    ]
    build_pdf(
        path,
        story,
        title="ncdesk recovery key",
        author=organisation,
        footer_text="ncdesk recovery key: keep safe, away from the PC",
        keywords=MARK + key_text,
    )


def read_recovery_key_file(path: Path) -> str:
    """The recovery key from a file: the PDF ncdesk printed, or a text file with it typed in."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NcdeskError(f"Cannot read the recovery key file {path}: {exc.strerror}") from exc
    if data.startswith(b"%PDF"):
        found = re.search(rb"NCDESK-RECOVERY-KEY:([A-Z2-7-]+)", data)
        if found is None:
            raise NcdeskError(f"{path} is a PDF, but not an ncdesk recovery key.")
        return found.group(1).decode("ascii")
    return data.decode("utf-8", errors="replace").strip()
