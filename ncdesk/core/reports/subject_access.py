"""A subject access response on paper and as data: everything held about one person, as a
readable PDF (details, then each kind of record as a table) and the same as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ncdesk.core.files import write_text
from ncdesk.core.parsing import local
from ncdesk.core.reports.pdf_style import (
    BODY,
    INK,
    RULE,
    SHADE,
    SMALL,
    SUBTITLE,
    TITLE,
    build_pdf,
    esc,
)
from ncdesk.core.services.data_protection import PersonFile

WIDTH = 180 * mm
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def file_names(person: PersonFile, folder: Path) -> tuple[Path, Path]:
    stem = f"{person.person_ref}-subject-access-{local(person.made_at):%Y-%m-%d}"
    return folder / f"{stem}.json", folder / f"{stem}.pdf"


def write_subject_access(person: PersonFile, folder: Path, organisation: str) -> tuple[Path, Path]:
    """Write the JSON and the PDF into `folder`; returns their paths."""
    json_path, pdf_path = file_names(person, folder)
    write_text(json_path, json.dumps(person.as_json(), indent=2, ensure_ascii=False) + "\n")
    build_pdf(
        pdf_path,
        _story(person, organisation),
        title=f"Subject access: {person.person_ref}",
        author=organisation,
        footer_text=f"{organisation}: personal data about {person.person_ref}. Keep it private.",
    )
    return json_path, pdf_path


def _cell(value: Any) -> Paragraph:
    if isinstance(value, list):  # e.g. the signposting of one visit
        value = "; ".join(", ".join(f"{k}: {v}" for k, v in item.items() if v) for item in value)
    text = str(value)
    if ISO_DATE.fullmatch(text):  # dates as people in the UK write them; the JSON keeps ISO
        text = f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return Paragraph(esc(text), SMALL)


def _table(rows: list[dict[str, Any]]) -> Table:
    headers = list(rows[0])
    widths = [WIDTH / len(headers)] * len(headers)
    data = [[Paragraph(f"<b>{esc(h.capitalize())}</b>", SMALL) for h in headers]]
    data += [[_cell(row.get(h, "")) for h in headers] for row in rows]
    return Table(
        data,
        colWidths=widths,
        repeatRows=1,
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ]
        ),
    )


def _story(person: PersonFile, organisation: str) -> list[object]:
    story: list[object] = [
        Paragraph(f"Everything {esc(organisation)} holds about {esc(person.name)}", TITLE),
        Paragraph(
            f"Reference {esc(person.person_ref)}. Made {local(person.made_at):%d/%m/%Y at %H:%M}"
            f" by {esc(person.made_by)}, in answer to a subject access request.",
            SUBTITLE,
        ),
        Spacer(1, 4 * mm),
        Paragraph("<b>Details</b>", BODY),
        _table(
            [{"what": label, "held": value or "not recorded"} for label, value in person.details]
        ),
    ]
    if person.merged_records:
        story.append(
            Paragraph(
                "Records merged into this one (duplicates): "
                + esc(", ".join(person.merged_records)),
                SMALL,
            )
        )
    for section, rows in person.sections.items():
        story += [Spacer(1, 5 * mm), Paragraph(f"<b>{esc(section)}</b>", BODY)]
        story.append(_table(rows) if rows else Paragraph("None held.", SMALL))
    story += [
        Spacer(1, 5 * mm),
        Paragraph("<b>Who looked at or changed these records</b>", BODY),
        _table(person.audit) if person.audit else Paragraph("None recorded.", SMALL),
        Spacer(1, 5 * mm),
        Paragraph(
            "Other people's names are left out: another member is shown as 'another member'.",
            SMALL,
        ),
    ]
    return story
