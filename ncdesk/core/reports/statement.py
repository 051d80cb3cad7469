"""A member's timebank statement for a period: opening balance, every entry with a running
balance, closing balance. Voided entries and their reversals both appear, so the member sees
exactly what the ledger holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ncdesk.core.db import Database
from ncdesk.core.parsing import format_minutes
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
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.ledger import exchange_ids, exchange_rows
from ncdesk.core.services.settings import get_settings
from ncdesk.core.services.timebank_accounts import balances, get_account


@dataclass(frozen=True)
class StatementLine:
    date: date
    other: str
    what: str
    credit: int
    debit: int
    balance: int


@dataclass(frozen=True)
class Statement:
    member: str
    ref: str
    start: date
    end: date
    opening: int
    lines: list[StatementLine]
    closing: int


@needs(COORDINATOR, "make timebank statements")
def build_statement(db: Database, account_id: int, start: date, end: date) -> Statement:
    """The figures behind the PDF (also used by tests and the screen)."""
    account = get_account(db, account_id)
    opening = balances(db, on=date.fromordinal(start.toordinal() - 1)).get(account_id, 0)
    rows = sorted(
        exchange_rows(db, exchange_ids(db, account_id=account_id, start=start, end=end)),
        key=lambda r: (r.date, r.id),
    )
    running = opening
    lines = []
    for r in rows:
        credited = r.giver_id == account_id
        delta = r.minutes if credited else -r.minutes
        running += delta
        other = r.receiver if credited else r.giver
        what = {
            "service": r.category or "Exchange",
            "donation": "Donation to the chest",
            "grant": "Grant from the chest",
            "reversal": "Reversal of a voided entry",
        }.get(r.kind, r.kind)
        if r.kind == "reversal":
            what += f" ({r.description.removeprefix('Void: ')})" if r.description else ""
        elif r.description:
            what += f": {r.description}"
        if r.voided:
            what += f" (voided: {r.void_reason})"
        lines.append(StatementLine(r.date, other, what, max(delta, 0), max(-delta, 0), running))
    return Statement(account.name, account.ref, start, end, opening, lines, running)


@needs(COORDINATOR, "make timebank statements")
def write_statement(db: Database, account_id: int, start: date, end: date, path: Path) -> Statement:
    statement = build_statement(db, account_id, start, end)
    org = get_settings(db).organisation_name
    story = [
        Paragraph("Timebank statement", TITLE),
        Paragraph(f"{esc(statement.member)} ({statement.ref})", SUBTITLE),
        Paragraph(f"{statement.start:%d/%m/%Y} to {statement.end:%d/%m/%Y} — {esc(org)}", BODY),
        Spacer(1, 3 * mm),
        Paragraph(
            "One hour given earns one hour's credit, whatever the help. Hours are shown as "
            "hours:minutes.",
            SMALL,
        ),
        Spacer(1, 4 * mm),
    ]
    data = [
        ["Date", "With", "What", "Earned", "Spent", "Balance"],
        [
            "",
            "",
            Paragraph("<b>Opening balance</b>", BODY),
            "",
            "",
            format_minutes(statement.opening),
        ],
    ]
    for line in statement.lines:
        data.append(
            [
                f"{line.date:%d/%m/%Y}",
                Paragraph(esc(line.other), BODY),
                Paragraph(esc(line.what), BODY),
                format_minutes(line.credit) if line.credit else "",
                format_minutes(line.debit) if line.debit else "",
                format_minutes(line.balance),
            ]
        )
    data.append(
        [
            "",
            "",
            Paragraph("<b>Closing balance</b>", BODY),
            "",
            "",
            format_minutes(statement.closing),
        ]
    )
    usable = PAGE[0] - 2 * MARGIN
    widths = [22 * mm, 40 * mm, None, 17 * mm, 17 * mm, 19 * mm]
    widths[2] = usable - sum(w for w in widths if w)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    build_pdf(
        path,
        story,
        title=f"Timebank statement {statement.ref}",
        author=org,
        footer_text=f"{org} — statement for {statement.member}, printed {date.today():%d/%m/%Y}",
    )
    return statement
