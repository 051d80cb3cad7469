"""The paper fallback: a sign-in sheet for one session with the regulars' and booked people's
names printed (a booking's note in the help column, small, so the adviser sees what they
came for) and blank rows for everyone else, to tick at the desk and type in afterwards."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ncdesk.core.db import Database
from ncdesk.core.reports.pdf_style import (
    BODY,
    INK,
    MARGIN,
    PAGE,
    RULE,
    SHADE,
    SMALL,
    SUBTITLE,
    TITLE,
    build_pdf,
    esc,
)
from ncdesk.core.security.roles import VOLUNTEER, needs
from ncdesk.core.services.activities import SessionInfo
from ncdesk.core.services.bookings import bookings_on
from ncdesk.core.services.desk import regulars
from ncdesk.core.services.settings import get_settings

BLANK_ROWS = 15


def _booked(booked: dict[int, str], person_id: int) -> Paragraph | str:
    """'Booked: benefits appointment, 10:30' for a booked person, small; else nothing."""
    if person_id not in booked:
        return ""
    note = booked[person_id]
    return Paragraph(f"<i>Booked{': ' + esc(note) if note else ''}</i>", SMALL)


@needs(VOLUNTEER, "print sign-in sheets")
def write_sign_in_sheet(
    db: Database, session: SessionInfo, path: Path, *, blank_rows: int = BLANK_ROWS
) -> int:
    """Write the sheet to `path`; returns how many names were printed on it."""
    org = get_settings(db).organisation_name
    names = regulars(db, session.activity_id, session.date)
    booked = {b.person_id: b.note for b in bookings_on(db, session.activity_id, session.date)}
    times = ""
    if session.start_time and session.end_time:
        times = f", {session.start_time:%H:%M}–{session.end_time:%H:%M}"
    story = [
        Paragraph(f"Sign-in sheet: {esc(session.activity)}", TITLE),
        Paragraph(
            f"{session.date:%A %d %B %Y}{times}"
            + (f" — {esc(session.venue)}" if session.venue else ""),
            SUBTITLE,
        ),
        Paragraph(
            f"{esc(org)}. Tick the box when someone arrives; add new people on the blank rows "
            "with just the name they give. Keep this sheet at the desk: it holds personal data.",
            SMALL,
        ),
        Spacer(1, 4 * mm),
    ]
    header = ["", "Name", "Ref", "Here", "Help given / signposted to"]
    rows = [header]
    rows += [
        [str(i), Paragraph(esc(name), BODY), ref, "", _booked(booked, person_id)]
        for i, (person_id, ref, name) in enumerate(names, 1)
    ]
    start = len(names) + 1
    rows += [[str(i), "", "", "", ""] for i in range(start, start + blank_rows)]
    widths = [10 * mm, 62 * mm, 20 * mm, 14 * mm, None]
    usable = PAGE[0] - 2 * MARGIN
    widths[-1] = usable - sum(w for w in widths if w)
    table = Table(
        rows, colWidths=widths, repeatRows=1, rowHeights=[7 * mm] + [8.5 * mm] * (len(rows) - 1)
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("TEXTCOLOR", (0, 1), (0, -1), RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (3, 1), (3, -1), 1.2, INK),
            ]
        )
    )
    tallies = KeepTogether(
        [
            Spacer(1, 6 * mm),
            Paragraph(
                "People who did not want to give a name (tally): "
                "______________________ &nbsp;&nbsp; Total: ______",
                BODY,
            ),
            Spacer(1, 3 * mm),
            Paragraph(
                "Volunteers and hours: ________________________________________________", BODY
            ),
        ]
    )
    story += [table, tallies]
    build_pdf(
        path,
        story,
        title=f"Sign-in sheet {session.label}",
        author=org,
        footer_text=f"{org} — {session.activity}, {session.date:%d/%m/%Y}",
    )
    return len(names)
